import { describe, expect, it } from 'vitest';
import { Router } from './router.ts';

describe('Router', () => {
  const list = () => {};
  const patch = () => {};
  const password = () => {};
  const router = new Router()
    .add('GET', '/api/admin/users', list)
    .add('PATCH', '/api/admin/users/:id', patch)
    .add('POST', '/api/admin/users/:id/password', password);

  it('matches exact paths and :params', () => {
    expect(router.match('GET', '/api/admin/users')).toEqual({ handler: list, params: {} });
    expect(router.match('PATCH', '/api/admin/users/u_abc-123')).toEqual({ handler: patch, params: { id: 'u_abc-123' } });
    expect(router.match('POST', '/api/admin/users/u_1/password')).toEqual({ handler: password, params: { id: 'u_1' } });
  });

  it('answers the allowed methods for a known path under another method', () => {
    expect(router.match('DELETE', '/api/admin/users')).toEqual({ allowed: ['GET'] });
    expect(router.match('GET', '/api/admin/users/u_1')).toEqual({ allowed: ['PATCH'] });
  });

  it('does not match other paths, or parameters that cannot be ids', () => {
    expect(router.match('GET', '/api/admin/users/')).toBeUndefined();
    expect(router.match('GET', '/api/admin/userz')).toBeUndefined();
    expect(router.match('PATCH', '/api/admin/users/a%20b')).toBeUndefined();
    expect(router.match('PATCH', '/api/admin/users/..')).toBeUndefined();
    expect(router.match('PATCH', `/api/admin/users/${'x'.repeat(65)}`)).toBeUndefined();
  });
});
