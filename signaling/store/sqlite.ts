// The embedded default store: one SQLite file under DATA_DIR (DESIGN.md,
// "Embedded default"). better-sqlite3 is synchronous; the queries are tiny
// and indexed, so they cost far less than the scrypt hash that precedes a sign-in.
// Each repository lives in ./sqlite/<name>.ts; this file opens the database,
// runs the migrations and puts the repositories together.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { MIGRATIONS } from './migrations.ts';
import { sqliteAudit } from './sqlite/audit.ts';
import { sqliteQueues } from './sqlite/queues.ts';
import { sqliteSettings } from './sqlite/settings.ts';
import { sqliteTokens } from './sqlite/tokens.ts';
import { sqliteUsers } from './sqlite/users.ts';
import { sqliteLiveSessions } from './sqlite/live-sessions.ts';
import { sqliteWaiting } from './sqlite/waiting.ts';
import type { Store } from './store.ts';

export const DB_FILE = 'peerassist.db';

function migrate(db: Database.Database): void {
  const version = Number(db.pragma('user_version', { simple: true }));
  if (version > MIGRATIONS.length) {
    throw new Error(`The database is schema version ${version}, newer than this server (${MIGRATIONS.length}); upgrade PeerAssist.`);
  }
  for (let step = version; step < MIGRATIONS.length; step++) {
    // Each step and its version bump commit together, so a crash never leaves half a step.
    db.transaction(() => {
      db.exec(MIGRATIONS[step] ?? '');
      db.pragma(`user_version = ${step + 1}`);
    })();
  }
}

/** Opens (creating if needed) `<dataDir>/peerassist.db`; pass ':memory:' for a throwaway store. */
export function openSqliteStore(dataDir: string): Store {
  let file = ':memory:';
  if (dataDir !== ':memory:') {
    // Owner-only: the database holds password hashes (applies when the directory is created here).
    mkdirSync(dataDir, { recursive: true, mode: 0o700 });
    file = join(dataDir, DB_FILE);
  }
  const db = new Database(file);
  try {
    // WAL lets readers (sign-ins) proceed while a write commits, and lets the
    // admin CLI write while the server runs.
    db.pragma('journal_mode = WAL');
    // SQLite's advice for WAL: commits stay atomic and consistent; only the last
    // commit before a power cut may be lost, and each write skips an fsync.
    db.pragma('synchronous = NORMAL');
    db.pragma('foreign_keys = ON');
    db.pragma('busy_timeout = 5000');
    migrate(db);
  } catch (error) {
    db.close();
    throw error;
  }

  return {
    users: sqliteUsers(db),
    tokens: sqliteTokens(db),
    settings: sqliteSettings(db),
    queues: sqliteQueues(db),
    waiting: sqliteWaiting(db),
    liveSessions: sqliteLiveSessions(db),
    audit: sqliteAudit(db),
    async close() {
      if (db.open) db.close();
    },
  };
}
