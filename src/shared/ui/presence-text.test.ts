import { describe, expect, it } from 'vitest';
import { NO_PRESENCE } from '../protocol/call.ts';
import { presenceKeys } from './presence-text.ts';

describe('presenceKeys', () => {
  it('says "not in the call" for someone doing nothing', () => {
    expect(presenceKeys(NO_PRESENCE)).toEqual(['call_not_in_call']);
  });
  it('a muted person is never shown speaking', () => {
    expect(presenceKeys({ voice: true, muted: true, camera: false, speaking: true })).toEqual(['call_in_call', 'call_muted']);
  });
  it('lists speaking and the camera', () => {
    expect(presenceKeys({ voice: true, muted: false, camera: true, speaking: true })).toEqual(['call_in_call', 'call_speaking', 'call_camera_is_on']);
    expect(presenceKeys({ voice: false, muted: false, camera: true, speaking: false })).toEqual(['call_camera_is_on']);
  });
});
