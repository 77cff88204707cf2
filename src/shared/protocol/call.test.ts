import { describe, expect, it } from 'vitest';
import { CallPeerMessage, CallsToMedia, deviceErrorReason, recordingFileName } from './call.ts';

const domError = (name: string) => Object.assign(new Error(name), { name });

describe('deviceErrorReason', () => {
  it.each([
    ['NotAllowedError', 'mic', 'mic_denied'],
    ['NotAllowedError', 'camera', 'camera_denied'],
    ['SecurityError', 'mic', 'mic_denied'],
    ['NotFoundError', 'mic', 'mic_missing'],
    ['OverconstrainedError', 'camera', 'camera_missing'],
    ['NotReadableError', 'camera', 'device_busy'],
    ['AbortError', 'mic', 'device_busy'],
    ['TypeError', 'mic', 'device_failed'],
  ] as const)('%s for the %s is %s', (name, kind, reason) => {
    expect(deviceErrorReason(kind, domError(name))).toBe(reason);
  });

  it('a refusal where no prompt can show (the offscreen document) asks for the permission page', () => {
    expect(deviceErrorReason('mic', domError('NotAllowedError'), { visiblePage: false })).toBe('permission_needed');
    // A missing device stays missing wherever it is asked for.
    expect(deviceErrorReason('mic', domError('NotFoundError'), { visiblePage: false })).toBe('mic_missing');
  });

  it('anything that is not an error is a failure, not a crash', () => {
    expect(deviceErrorReason('mic', undefined)).toBe('device_failed');
    expect(deviceErrorReason('camera', 'nope')).toBe('device_failed');
  });
});

describe('recordingFileName', () => {
  it('names the session and the local start time', () => {
    expect(recordingFileName('123456789', new Date(2026, 0, 2, 3, 4, 5))).toBe('peerassist-123456789-2026-01-02-030405.webm');
    expect(recordingFileName(undefined, new Date(2026, 11, 31, 23, 59, 9))).toBe('peerassist-session-2026-12-31-235909.webm');
  });
});

describe('CallPeerMessage', () => {
  it('accepts the messages of the call channel', () => {
    expect(CallPeerMessage.parse({ type: 'tracks', seq: 1, camera: '{0f8c1a2b-aaaa}' })).toMatchObject({ camera: '{0f8c1a2b-aaaa}' });
    expect(CallPeerMessage.parse({ type: 'tracks', seq: 2, camera: null }).type).toBe('tracks');
    expect(CallPeerMessage.parse({ type: 'recording', on: true })).toEqual({ type: 'recording', on: true });
    expect(CallPeerMessage.parse({ type: 'ended', reason: 'control_transferred' }).type).toBe('ended');
  });

  it.each([
    [{ type: 'tracks', seq: -1, camera: null }],
    [{ type: 'tracks', seq: 1, camera: 'has space' }],
    [{ type: 'tracks', seq: 1, camera: 'x'.repeat(129) }],
    [{ type: 'recording', on: 'yes' }],
    [{ type: 'ended', reason: 'because' }],
    [{ type: 'presence', presence: { voice: true } }],
    [{ type: 'unknown' }],
  ])('refuses %j', (message) => {
    expect(CallPeerMessage.safeParse(message).success).toBe(false);
  });
});

describe('CallsToMedia', () => {
  it('refuses a recording named with anything but digits', () => {
    expect(CallsToMedia.safeParse({ type: 'calls.record', sessionId: 'sess-123', on: true, number: '../x' }).success).toBe(false);
    expect(CallsToMedia.safeParse({ type: 'calls.record', sessionId: 'sess-123', on: true, number: '123456789' }).success).toBe(true);
  });
});
