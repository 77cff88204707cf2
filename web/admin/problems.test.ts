import { describe, expect, it } from 'vitest';
import { PeerAssistError } from '../../src/shared/protocol/errors.ts';
import { ApiError } from './http.ts';
import { blamedField, problemKey } from './problems.ts';

describe('problemKey', () => {
  it('uses the shared sentence for the reason where it fits', () => {
    expect(problemKey(new ApiError('bad_credentials', 401, 'x'), 'sign_in')).toBe('error_bad_credentials');
    expect(problemKey(new ApiError('rate_limited', 429, 'x'))).toBe('error_rate_limited');
    expect(problemKey(new ApiError('network', 0, 'x'))).toBe('error_network');
    expect(problemKey(new PeerAssistError('disabled'))).toBe('error_disabled');
    expect(problemKey(new Error('boom'))).toBe('error_internal');
  });

  it('says what a conflict means for what the admin was doing', () => {
    expect(problemKey(new ApiError('malformed', 409, 'email taken'), 'create_user')).toBe('admin_error_email_taken');
    expect(problemKey(new ApiError('malformed', 409, 'name taken'), 'create_queue')).toBe('admin_error_queue_taken');
    expect(problemKey(new ApiError('malformed', 409, 'x'))).toBe('admin_error_conflict');
    expect(problemKey(new ApiError('forbidden', 409, 'this is the last enabled administrator'))).toBe('admin_error_last_admin');
    expect(problemKey(new ApiError('malformed', 404, 'no such user'))).toBe('admin_error_not_found');
    expect(problemKey(new ApiError('forbidden', 403, 'admins only'))).toBe('admin_error_forbidden');
  });
});

describe('blamedField', () => {
  it('reads the field from a 400 "<path>: <problem>" message', () => {
    expect(blamedField(new ApiError('malformed', 400, 'maxCustomers: Too big: expected number to be <=100'))).toBe('maxCustomers');
    expect(blamedField(new ApiError('malformed', 400, 'iceServers.0.urls: Invalid input'))).toBe('iceServers.0.urls');
    expect(blamedField(new ApiError('malformed', 400, 'send JSON'))).toBeNull();
    expect(blamedField(new ApiError('malformed', 409, 'email: taken'))).toBeNull();
  });
});
