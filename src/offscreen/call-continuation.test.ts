// The voice call across a transfer of control (S20), as the rep's engine tracks it.
import { describe, expect, it } from 'vitest';
import { afterCommand, afterMicStarted, afterReset, shownFor } from './call-continuation.ts';

const S = 's_session0000001';
const OTHER = 's_session0000002';

describe('a voice call across a transfer of control', () => {
  it('the old controller: only a transfer with the mic on leaves the call going on', () => {
    expect(afterReset('control_transferred', true)).toEqual({ kind: 'passed' });
    expect(afterReset('control_transferred', false)).toBeNull();
    expect(afterReset('session_ended', true)).toBeNull();
    expect(afterReset('peer_gone', true)).toBeNull();
  });

  it('"passed" shows on any watched session and goes with the next action', () => {
    const passed = afterReset('control_transferred', true);
    expect(shownFor(passed, S)).toBe('passed');
    expect(shownFor(passed, null)).toBe('passed');
    expect(afterCommand(passed, { type: 'calls.camera', on: true })).toBeNull();
  });

  it('the new controller: "joining" shows for its session until the mic runs there, or voice is turned off', () => {
    const joining = { kind: 'joining', sessionId: S } as const;
    expect(shownFor(joining, S)).toBe('joining');
    expect(shownFor(joining, OTHER)).toBeNull();
    // The permission page's retry (calls.voice on) keeps it until the mic actually runs.
    expect(afterCommand(joining, { type: 'calls.voice', on: true })).toBe(joining);
    expect(afterCommand(joining, { type: 'calls.record', on: true })).toBe(joining);
    expect(afterMicStarted(joining, OTHER)).toBe(joining);
    expect(afterMicStarted(joining, S)).toBeNull();
    expect(afterCommand(joining, { type: 'calls.voice', on: false })).toBeNull();
  });

  it('nothing going on stays nothing', () => {
    expect(shownFor(null, S)).toBeNull();
    expect(afterCommand(null, { type: 'calls.voice', on: true })).toBeNull();
    expect(afterMicStarted(null, S)).toBeNull();
  });
});
