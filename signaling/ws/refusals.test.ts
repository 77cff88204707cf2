import { describe, expect, it } from 'vitest';
import { ServerMessage } from '../../src/shared/protocol/wire.ts';
import { errorMessage } from './refusals.ts';

describe('errorMessage', () => {
  it('echoes a valid rid and the type', () => {
    expect(errorMessage('malformed', 'bad', { rid: 'r1', type: 'ping' })).toEqual({ type: 'error', rid: 'r1', reason: 'malformed', message: 'bad', inReplyTo: 'ping' });
  });

  it('leaves out a rid the protocol does not allow, so the error stays on-protocol (found by the fuzz test, issue #10)', () => {
    for (const rid of ['', 'r'.repeat(41)]) {
      const error = errorMessage('malformed', 'rid: too small', { rid, type: 'control.transfer' });
      expect(error).not.toHaveProperty('rid');
      expect(ServerMessage.safeParse(error).success).toBe(true);
    }
  });
});
