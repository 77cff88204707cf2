// The embedded default store: one SQLite file under DATA_DIR (DESIGN.md,
// "Embedded default"). better-sqlite3 is synchronous; the queries are tiny
// and indexed, so they cost far less than the scrypt hash that precedes a sign-in.
import { createHash, randomBytes } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { z } from 'zod';
import { Role } from '../../src/shared/protocol/common.ts';
import { newId } from '../sessions/ids.ts';
import { MIGRATIONS } from './migrations.ts';
import { normalizeEmail, type IssuedToken, type NewUser, type Store, type User } from './store.ts';

export const DB_FILE = 'peerassist.db';

/** A row as SQLite returns it; parsed, not cast, so a hand-edited database fails loudly. */
const UserRow = z.object({
  id: z.string(),
  email: z.string(),
  name: z.string(),
  password_hash: z.string(),
  roles: z.string().transform((json, ctx) => {
    const parsed = z.array(Role).safeParse(JSON.parse(json));
    if (!parsed.success) {
      ctx.addIssue({ code: 'custom', message: `bad roles ${json}` });
      return z.NEVER;
    }
    return parsed.data;
  }),
  disabled: z.number(),
  created_at: z.number(),
});

function toUser(row: unknown): User | undefined {
  if (row === undefined) return undefined;
  const r = UserRow.parse(row);
  return {
    id: r.id,
    email: r.email,
    name: r.name,
    passwordHash: r.password_hash,
    roles: r.roles,
    disabled: r.disabled !== 0,
    createdAt: r.created_at,
  };
}

function hashToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

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
  // WAL lets readers (sign-ins) proceed while a write commits.
  db.pragma('journal_mode = WAL');
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');
  migrate(db);

  const insertUser = db.prepare(
    'INSERT INTO users (id, email, name, password_hash, roles, disabled, created_at) VALUES (?, ?, ?, ?, ?, 0, ?)',
  );
  const userByEmail = db.prepare('SELECT * FROM users WHERE email = ?');
  const userById = db.prepare('SELECT * FROM users WHERE id = ?');
  const countUsers = db.prepare('SELECT COUNT(*) AS n FROM users').pluck();
  const insertToken = db.prepare('INSERT INTO tokens (token_hash, user_id, created_at, expires_at) VALUES (?, ?, ?, ?)');
  const deleteExpired = db.prepare('DELETE FROM tokens WHERE expires_at <= ?');
  const tokenUser = db.prepare(
    `SELECT users.* FROM tokens JOIN users ON users.id = tokens.user_id
     WHERE tokens.token_hash = ? AND tokens.expires_at > ? AND users.disabled = 0`,
  );
  const deleteToken = db.prepare('DELETE FROM tokens WHERE token_hash = ?');

  return {
    users: {
      async create(user: NewUser): Promise<User> {
        const created: User = {
          id: newId('u'),
          email: normalizeEmail(user.email),
          name: user.name,
          passwordHash: user.passwordHash,
          roles: [...new Set(user.roles)],
          disabled: false,
          createdAt: Date.now(),
        };
        insertUser.run(created.id, created.email, created.name, created.passwordHash, JSON.stringify(created.roles), created.createdAt);
        return created;
      },
      async findByEmail(email) {
        return toUser(userByEmail.get(normalizeEmail(email)));
      },
      async findById(id) {
        return toUser(userById.get(id));
      },
      async count() {
        return Number(countUsers.get());
      },
    },
    tokens: {
      async issue(userId, ttlMs, now): Promise<IssuedToken> {
        const token = randomBytes(32).toString('base64url');
        const expiresAt = now + ttlMs;
        // Sweeping on issue keeps the table at "live tokens" without a timer.
        deleteExpired.run(now);
        insertToken.run(hashToken(token), userId, now, expiresAt);
        return { token, expiresAt };
      },
      async verify(token, now) {
        return toUser(tokenUser.get(hashToken(token), now));
      },
      async revoke(token) {
        deleteToken.run(hashToken(token));
      },
    },
    close() {
      if (db.open) db.close();
    },
  };
}
