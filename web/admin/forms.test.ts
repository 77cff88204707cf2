import { describe, expect, it } from 'vitest';
import { SiteSettings } from '../../src/shared/protocol/settings.ts';
import {
  MAX_ICE_SERVERS,
  newIceServerDraft,
  parseMaxCustomers,
  parseNewPassword,
  parseNewUser,
  parseQueueName,
  parseSettings,
  settingsDraft,
  settingsFieldError,
  toggleRole,
  type SettingsDraft,
} from './forms.ts';

describe('parseNewUser', () => {
  it('accepts a user, normalising the email and leaving out an empty password', () => {
    expect(parseNewUser({ email: ' Rep@Example.TEST ', name: ' Robin ', roles: ['agent', 'rep'], password: '' })).toEqual({
      ok: true,
      value: { email: 'rep@example.test', name: 'Robin', roles: ['rep', 'agent'] },
    });
    expect(parseNewUser({ email: 'a@b.co', name: 'A', roles: ['admin'], password: 'ten chars!' })).toMatchObject({
      ok: true,
      value: { password: 'ten chars!' },
    });
  });

  it('names every field that is wrong', () => {
    expect(parseNewUser({ email: 'nope', name: ' ', roles: [], password: 'short' })).toEqual({
      ok: false,
      errors: { email: 'admin_invalid_email', name: 'admin_invalid_user_name', roles: 'admin_invalid_roles', password: 'admin_invalid_password' },
    });
  });
});

describe('small fields', () => {
  it('parseNewPassword: empty lets the server choose', () => {
    expect(parseNewPassword('')).toEqual({ ok: true, value: undefined });
    expect(parseNewPassword('long enough password')).toEqual({ ok: true, value: 'long enough password' });
    expect(parseNewPassword('short')).toEqual({ ok: false, errors: { password: 'admin_invalid_password' } });
  });

  it('parseQueueName trims and limits', () => {
    expect(parseQueueName('  Billing ')).toEqual({ ok: true, value: 'Billing' });
    expect(parseQueueName('  ').ok).toBe(false);
    expect(parseQueueName('x'.repeat(65)).ok).toBe(false);
  });

  it('toggleRole keeps the roles in one order without duplicates', () => {
    expect(toggleRole(['admin'], 'rep', true)).toEqual(['rep', 'admin']);
    expect(toggleRole(['rep', 'admin'], 'rep', true)).toEqual(['rep', 'admin']);
    expect(toggleRole(['rep', 'admin'], 'rep', false)).toEqual(['admin']);
  });

  it('parseMaxCustomers takes whole numbers from 1 to 100 only', () => {
    expect(parseMaxCustomers(' 3 ')).toBe(3);
    expect(parseMaxCustomers('３')).toBe(3);
    expect(parseMaxCustomers('100')).toBe(100);
    for (const bad of ['', '0', '-1', '101', '2.5', '1e2', 'abc', '1000']) expect(parseMaxCustomers(bad), bad).toBeNull();
  });
});

const SETTINGS: SiteSettings = {
  sessionMode: 'both',
  maxCustomers: 5,
  emailMode: 'client',
  admitNumberOnlyJoins: true,
  iceServers: [
    { urls: 'stun:stun.example.com:3478' },
    { urls: ['turn:turn.example.com:3478', 'turns:turn.example.com:5349'], username: 'u', credential: 'c' },
  ],
};

describe('settings', () => {
  it('a draft of the settings parses back to the same settings', () => {
    expect(parseSettings(settingsDraft(SETTINGS))).toEqual({ ok: true, value: SETTINGS });
  });

  it('drops blank ICE rows and splits URLs on commas and spaces', () => {
    const draft = settingsDraft({ ...SETTINGS, iceServers: [] });
    draft.iceServers = [newIceServerDraft(), { ...newIceServerDraft(), urls: 'stun:a.example:3478,  stun:b.example:3478' }];
    expect(parseSettings(draft)).toMatchObject({ ok: true, value: { iceServers: [{ urls: ['stun:a.example:3478', 'stun:b.example:3478'] }] } });
  });

  it('ties each problem to its field, by the row as shown', () => {
    const draft: SettingsDraft = {
      ...settingsDraft(SETTINGS),
      maxCustomers: '0',
      iceServers: [
        { ...newIceServerDraft(), urls: 'stun:ok.example, http://not-ice.example' },
        { ...newIceServerDraft(), urls: 'turn:turn.example.com' },
      ],
    };
    expect(parseSettings(draft)).toEqual({
      ok: false,
      errors: {
        maxCustomers: 'admin_invalid_max_customers',
        'iceServers.0.urls': 'admin_invalid_ice_urls',
        'iceServers.1.username': 'admin_invalid_ice_credentials',
        'iceServers.1.credential': 'admin_invalid_ice_credentials',
      },
    });
  });

  it('MAX_ICE_SERVERS is the contract’s limit', () => {
    const server = { urls: 'stun:a.example' };
    expect(SiteSettings.shape.iceServers.safeParse(Array(MAX_ICE_SERVERS).fill(server)).success).toBe(true);
    expect(SiteSettings.shape.iceServers.safeParse(Array(MAX_ICE_SERVERS + 1).fill(server)).success).toBe(false);
  });

  it('maps a field the server blames back to the row the admin sees', () => {
    const draft: SettingsDraft = {
      ...settingsDraft(SETTINGS),
      iceServers: [newIceServerDraft(), { ...newIceServerDraft(), urls: 'stun:a.example' }, { ...newIceServerDraft(), urls: 'stun:b.example' }],
    };
    expect(settingsFieldError('maxCustomers', draft)).toEqual(['maxCustomers', 'admin_invalid_max_customers']);
    // Saved row 1 is the draft's row 2 (row 0 was blank and dropped).
    expect(settingsFieldError('iceServers.1.urls', draft)).toEqual(['iceServers.2.urls', 'admin_invalid_ice_urls']);
    expect(settingsFieldError('iceServers.0.urls.1', draft)).toEqual(['iceServers.1.urls', 'admin_invalid_ice_urls']);
    expect(settingsFieldError('iceServers.1', draft)).toEqual(['iceServers.2.username', 'admin_invalid_ice_credentials']);
    expect(settingsFieldError('iceServers', draft)).toEqual(['iceServers', 'admin_invalid_ice_count']);
    expect(settingsFieldError('somethingElse', draft)).toBeNull();
  });
});
