// Site settings in SQLite: one row per key, the value as JSON. Each key is
// checked against its SiteSettings field when read; a key never set, or one
// whose stored value no longer fits the schema (a hand edit, a narrowed limit
// in a newer release), falls back to its default rather than stopping the server.
import type Database from 'better-sqlite3';
import { z } from 'zod';
import { DEFAULT_SETTINGS, SETTING_KEYS, SiteSettings, type SettingKey } from '../../../src/shared/protocol/settings.ts';
import type { SettingsRepo } from '../store.ts';

const Row = z.object({ key: z.string(), value: z.string() });

function isSettingKey(key: string): key is SettingKey {
  return (SETTING_KEYS as string[]).includes(key);
}

function readValue(key: SettingKey, text: string): unknown {
  try {
    const parsed = SiteSettings.shape[key].safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : DEFAULT_SETTINGS[key];
  } catch {
    return DEFAULT_SETTINGS[key];
  }
}

export function sqliteSettings(db: Database.Database): SettingsRepo {
  const all = db.prepare('SELECT key, value FROM settings');
  const upsert = db.prepare('INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value');

  function read(): SiteSettings {
    const merged: Record<string, unknown> = { ...DEFAULT_SETTINGS };
    for (const raw of all.all()) {
      const row = Row.parse(raw);
      if (isSettingKey(row.key)) merged[row.key] = readValue(row.key, row.value);
    }
    return SiteSettings.parse(merged);
  }

  const update = db.transaction((changes: Partial<SiteSettings>): SiteSettings => {
    // Validate the whole result before writing anything: a bad value changes nothing.
    const next = SiteSettings.parse({ ...read(), ...changes });
    for (const key of SETTING_KEYS) {
      if (changes[key] !== undefined) upsert.run(key, JSON.stringify(next[key]));
    }
    return next;
  });

  return {
    async get() {
      return read();
    },
    async update(changes) {
      return update(changes);
    },
  };
}
