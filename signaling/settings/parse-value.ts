// `npm run admin -- settings set KEY VALUE`: the value arrives as one word of
// text, so each key says how to read it. Messages name the key, what it takes
// and what was given, on one line.
import { SETTING_KEYS, SessionMode, EmailMode, type SettingKey, type SiteSettings } from '../../src/shared/protocol/settings.ts';
import { checkSettingsChanges, type Checked } from './validate.ts';

export function isSettingKey(key: string): key is SettingKey {
  return (SETTING_KEYS as string[]).includes(key);
}

const shown = (raw: string) => JSON.stringify(raw.length > 60 ? `${raw.slice(0, 60)}…` : raw);

function readText(key: SettingKey, raw: string): Checked<unknown> {
  const text = raw.trim();
  switch (key) {
    case 'maxCustomers':
      return /^\d{1,3}$/.test(text) ? { ok: true, value: Number(text) } : { ok: false, message: `maxCustomers must be a whole number from 1 to 100, not ${shown(raw)}` };
    case 'sessionMode':
      return { ok: true, value: text };
    case 'emailMode':
      return { ok: true, value: text };
    case 'admitNumberOnlyJoins':
      if (text === 'true' || text === 'false') return { ok: true, value: text === 'true' };
      return { ok: false, message: `admitNumberOnlyJoins must be true or false, not ${shown(raw)}` };
    case 'iceServers':
      try {
        return { ok: true, value: JSON.parse(text) };
      } catch {
        return { ok: false, message: `iceServers must be JSON, e.g. '[{"urls":"stun:stun.example.com:3478"}]', not ${shown(raw)}` };
      }
  }
}

/** What each key takes, for messages that list the valid choices. */
const CHOICES: Record<SettingKey, string> = {
  sessionMode: `one of ${SessionMode.options.join(', ')}`,
  maxCustomers: 'a whole number from 1 to 100',
  emailMode: `one of ${EmailMode.options.join(', ')}`,
  admitNumberOnlyJoins: 'true or false',
  iceServers: 'a JSON array of {"urls", "username"?, "credential"?} (at most 16)',
};

/** Reads KEY and VALUE as typed on the command line into a settings change. */
export function parseSettingArgument(key: string, raw: string): Checked<Partial<SiteSettings>> {
  if (!isSettingKey(key)) return { ok: false, message: `unknown setting ${shown(key)}; the settings are ${SETTING_KEYS.join(', ')}` };
  const read = readText(key, raw);
  if (!read.ok) return read;
  const checked = checkSettingsChanges({ [key]: read.value });
  if (checked.ok) return checked;
  // The schema's own words for a list (iceServers) say more than a summary; for scalars, name the choices.
  return { ok: false, message: key === 'iceServers' ? checked.message : `${key} must be ${CHOICES[key]}, not ${shown(raw)}` };
}
