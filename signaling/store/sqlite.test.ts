// What is particular to the SQLite engine (the shared behaviour is the
// contract suite, test/integration/store-contract.test.ts): the file's
// pragmas, hashed tokens, migrations from an older file, the append-only audit table.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS } from '../../src/shared/protocol/settings.ts';
import { MIGRATIONS } from './migrations.ts';
import { DB_FILE, openSqliteStore } from './sqlite.ts';

const HOUR = 60 * 60 * 1000;
const TTL = { accessMs: HOUR, refreshMs: 24 * HOUR };
const newUser = { email: 'alex@example.com', name: 'Alex', passwordHash: 'scrypt$…', roles: ['rep' as const] };

describe('SQLite store on disk', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'peerassist-store-'));
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  it('stores only the SHA-256 of tokens, in WAL mode, at the latest schema version', async () => {
    const store = openSqliteStore(join(dir, 'nested', 'data'));
    const user = await store.users.create(newUser);
    const tokens = await store.tokens.issue(user.id, TTL, 0);
    await store.close();

    const db = new Database(join(dir, 'nested', 'data', DB_FILE));
    const stored = [
      ...db.prepare('SELECT token_hash FROM tokens').pluck().all(),
      ...db.prepare('SELECT token_hash FROM refresh_tokens').pluck().all(),
    ];
    expect(stored).toHaveLength(2);
    for (const hash of stored) expect(hash).toMatch(/^[0-9a-f]{64}$/);
    expect(JSON.stringify(stored)).not.toContain(tokens.accessToken);
    expect(JSON.stringify(stored)).not.toContain(tokens.refreshToken);
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('user_version', { simple: true })).toBe(MIGRATIONS.length);
    db.close();
  });

  it('migrates a version-1 file, keeping its accounts and tokens', async () => {
    const db = new Database(join(dir, DB_FILE));
    db.exec(MIGRATIONS[0] ?? '');
    db.pragma('user_version = 1');
    db.prepare("INSERT INTO users VALUES ('u_old0000000000000', 'old@example.com', 'Old', 'scrypt$x', '[\"rep\",\"admin\"]', 0, 5)").run();
    db.close();

    const store = openSqliteStore(dir);
    expect(await store.users.findByEmail('old@example.com')).toEqual({
      id: 'u_old0000000000000',
      email: 'old@example.com',
      name: 'Old',
      passwordHash: 'scrypt$x',
      roles: ['rep', 'admin'],
      disabled: false,
      sessionMode: null,
      createdAt: 5,
    });
    expect(await store.settings.get()).toEqual(DEFAULT_SETTINGS);
    await store.close();
  });

  it('refuses a database from a newer version of the server', () => {
    const db = new Database(join(dir, DB_FILE));
    db.pragma(`user_version = ${MIGRATIONS.length + 1}`);
    db.close();
    expect(() => openSqliteStore(dir)).toThrow(/newer than this server/);
  });

  it('keeps the audit table append-only, even for a hand-written statement', async () => {
    const store = openSqliteStore(dir);
    await store.audit.append({ at: 1, type: 'auth.login', actorId: null, actor: 'a', sessionNumber: null, ip: null, detail: {} });
    await store.close();
    const db = new Database(join(dir, DB_FILE));
    expect(() => db.prepare('DELETE FROM audit_events').run()).toThrow(/append-only/);
    expect(() => db.prepare("UPDATE audit_events SET actor = 'b'").run()).toThrow(/append-only/);
    db.close();
  });

  it('falls back to the default for a stored setting that no longer fits, keeping the others', async () => {
    const store = openSqliteStore(dir);
    await store.settings.update({ maxCustomers: 4, emailMode: 'server' });
    await store.close();
    const db = new Database(join(dir, DB_FILE));
    db.prepare("UPDATE settings SET value = '-3' WHERE key = 'maxCustomers'").run();
    db.prepare("INSERT INTO settings VALUES ('retired', '1')").run();
    db.close();
    const reopened = openSqliteStore(dir);
    expect(await reopened.settings.get()).toEqual({ ...DEFAULT_SETTINGS, emailMode: 'server' });
    await reopened.close();
  });
});
