import { describe, expect, it } from 'vitest';
import { checkSettingsChanges, iceServersProblem } from './validate.ts';

describe('checkSettingsChanges (PATCH /api/admin/settings)', () => {
  it('accepts any subset of valid settings', () => {
    expect(checkSettingsChanges({})).toEqual({ ok: true, value: {} });
    expect(checkSettingsChanges({ maxCustomers: 1, admitNumberOnlyJoins: false })).toEqual({
      ok: true,
      value: { maxCustomers: 1, admitNumberOnlyJoins: false },
    });
  });

  it('refuses unknown keys by name, with the list of settings', () => {
    expect(checkSettingsChanges({ maxCustomer: 3 })).toEqual({
      ok: false,
      message: 'unknown field "maxCustomer"; the settings are sessionMode, maxCustomers, emailMode, admitNumberOnlyJoins, iceServers',
    });
  });

  it('refuses out-of-range and wrongly typed values, naming the key', () => {
    expect(checkSettingsChanges({ maxCustomers: -1 })).toMatchObject({ ok: false, message: expect.stringMatching(/^maxCustomers: /) });
    expect(checkSettingsChanges({ maxCustomers: 1.5 })).toMatchObject({ ok: false, message: expect.stringMatching(/^maxCustomers: /) });
    expect(checkSettingsChanges({ sessionMode: 'tabs' })).toMatchObject({ ok: false, message: expect.stringMatching(/^sessionMode: /) });
    expect(checkSettingsChanges({ admitNumberOnlyJoins: 'no' })).toMatchObject({ ok: false, message: expect.stringMatching(/^admitNumberOnlyJoins: /) });
    expect(checkSettingsChanges([1])).toMatchObject({ ok: false });
    expect(checkSettingsChanges(null)).toMatchObject({ ok: false });
  });
});

describe('iceServersProblem', () => {
  it('accepts STUN and TURN servers a browser can use', () => {
    expect(
      iceServersProblem([
        { urls: 'stun:stun.example.com:3478' },
        { urls: ['turn:turn.example.com:3478?transport=udp', 'turns:turn.example.com:5349'], username: 'u', credential: 'c' },
      ]),
    ).toBeUndefined();
  });

  it('names the first server a browser would refuse', () => {
    expect(iceServersProblem([{ urls: [] }])).toBe('iceServers.0.urls: give at least one URL');
    expect(iceServersProblem([{ urls: 'stun:ok' }, { urls: 'turn:t', username: 'u' }])).toBe(
      'iceServers.1: a TURN server needs a username and a credential',
    );
    expect(iceServersProblem([{ urls: 'stun: spaced' }])).toMatch(/is not a stun:/);
  });
});
