import { describe, expect, it } from 'vitest';
import { parseSettingArgument } from './parse-value.ts';

describe('parseSettingArgument (settings set KEY VALUE)', () => {
  it.each([
    ['maxCustomers', '3', { maxCustomers: 3 }],
    ['maxCustomers', ' 100 ', { maxCustomers: 100 }],
    ['sessionMode', 'multi', { sessionMode: 'multi' }],
    ['emailMode', 'server', { emailMode: 'server' }],
    ['admitNumberOnlyJoins', 'false', { admitNumberOnlyJoins: false }],
    ['admitNumberOnlyJoins', 'true', { admitNumberOnlyJoins: true }],
    ['iceServers', '[{"urls":"stun:stun.example.com:3478"}]', { iceServers: [{ urls: 'stun:stun.example.com:3478' }] }],
    ['iceServers', '[]', { iceServers: [] }],
  ])('%s %s', (key, raw, expected) => {
    expect(parseSettingArgument(key, raw)).toEqual({ ok: true, value: expected });
  });

  it.each([
    ['maxCustomers', '-1', 'maxCustomers must be a whole number from 1 to 100, not "-1"'],
    ['maxCustomers', '0', 'maxCustomers must be a whole number from 1 to 100, not "0"'],
    ['maxCustomers', '101', 'maxCustomers must be a whole number from 1 to 100, not "101"'],
    ['maxCustomers', '2.5', 'maxCustomers must be a whole number from 1 to 100, not "2.5"'],
    ['maxCustomers', 'three', 'maxCustomers must be a whole number from 1 to 100, not "three"'],
    ['sessionMode', 'tabs', 'sessionMode must be one of single, multi, both, not "tabs"'],
    ['emailMode', 'smtp', 'emailMode must be one of server, client, not "smtp"'],
    ['admitNumberOnlyJoins', 'yes', 'admitNumberOnlyJoins must be true or false, not "yes"'],
    ['colour', 'blue', 'unknown setting "colour"; the settings are sessionMode, maxCustomers, emailMode, admitNumberOnlyJoins, iceServers'],
  ])('refuses %s %s', (key, raw, message) => {
    expect(parseSettingArgument(key, raw)).toEqual({ ok: false, message });
  });

  it('refuses ICE servers that are not JSON, not a list, or not usable by a browser', () => {
    expect(parseSettingArgument('iceServers', 'stun:x')).toMatchObject({ ok: false, message: expect.stringMatching(/^iceServers must be JSON/) });
    expect(parseSettingArgument('iceServers', '{"urls":"stun:x"}')).toMatchObject({ ok: false, message: expect.stringMatching(/^iceServers: /) });
    expect(parseSettingArgument('iceServers', '[{"urls":"http://x"}]')).toEqual({
      ok: false,
      message: 'iceServers.0.urls: "http://x" is not a stun:, stuns:, turn: or turns: URL',
    });
    expect(parseSettingArgument('iceServers', '[{"urls":["turn:turn.example.com"]}]')).toEqual({
      ok: false,
      message: 'iceServers.0: a TURN server needs a username and a credential',
    });
  });
});
