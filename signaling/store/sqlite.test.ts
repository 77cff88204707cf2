import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MIGRATIONS } from './migrations.ts';
import { DB_FILE, openSqliteStore } from './sqlite.ts';
import type { Store } from './store.ts';

const HOUR = 60 * 60 * 1000;
const newUser = { email: ' Alex@Example.COM ', name: 'Alex', passwordHash: 'scrypt$…', roles: ['rep' as const] };

describe('SQLite store', () => {
  let store: Store;
  beforeEach(() => {
    store = openSqliteStore(':memory:');
  });
  afterEach(() => store.close());

  it('creates users with normalised e-mail and finds them by e-mail or id', async () => {
    const user = await store.users.create(newUser);
    expect(user).toMatchObject({ email: 'alex@example.com', name: 'Alex', roles: ['rep'], disabled: false });
    expect(user.id).toMatch(/^u_[A-Za-z0-9_-]{16}$/);
    expect(await store.users.findByEmail('ALEX@example.com')).toEqual(user);
    expect(await store.users.findById(user.id)).toEqual(user);
    expect(await store.users.findByEmail('nobody@example.com')).toBeUndefined();
    expect(await store.users.count()).toBe(1);
  });

  it('refuses a second account with the same e-mail', async () => {
    await store.users.create(newUser);
    await expect(store.users.create({ ...newUser, email: 'alex@example.com' })).rejects.toThrow(/UNIQUE/);
  });

  it('issues tokens that verify until they expire or are revoked', async () => {
    const user = await store.users.create(newUser);
    const { token, expiresAt } = await store.tokens.issue(user.id, HOUR, 1000);
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(expiresAt).toBe(1000 + HOUR);
    expect((await store.tokens.verify(token, 1000 + HOUR - 1))?.id).toBe(user.id);
    expect(await store.tokens.verify(token, 1000 + HOUR)).toBeUndefined();

    const second = await store.tokens.issue(user.id, HOUR, 2000);
    await store.tokens.revoke(second.token);
    expect(await store.tokens.verify(second.token, 2001)).toBeUndefined();
    await expect(store.tokens.revoke(second.token)).resolves.toBeUndefined();
    expect(await store.tokens.verify('x'.repeat(43), 2001)).toBeUndefined();
  });
});

describe('SQLite store on disk', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'peerassist-store-'));
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  it('stores only the SHA-256 of a token, and refuses tokens of disabled users', async () => {
    const store = openSqliteStore(join(dir, 'nested', 'data'));
    const user = await store.users.create(newUser);
    const { token } = await store.tokens.issue(user.id, HOUR, 0);
    store.close();

    const db = new Database(join(dir, 'nested', 'data', DB_FILE));
    const stored = db.prepare('SELECT token_hash FROM tokens').pluck().all();
    expect(stored).toHaveLength(1);
    expect(stored[0]).toMatch(/^[0-9a-f]{64}$/);
    expect(JSON.stringify(stored)).not.toContain(token);
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('user_version', { simple: true })).toBe(MIGRATIONS.length);
    db.prepare('UPDATE users SET disabled = 1').run();
    db.close();

    const reopened = openSqliteStore(join(dir, 'nested', 'data'));
    expect(await reopened.tokens.verify(token, 1)).toBeUndefined();
    expect((await reopened.users.findById(user.id))?.disabled).toBe(true);
    reopened.close();
  });

  it('refuses a database from a newer version of the server', () => {
    const db = new Database(join(dir, DB_FILE));
    db.pragma(`user_version = ${MIGRATIONS.length + 1}`);
    db.close();
    expect(() => openSqliteStore(dir)).toThrow(/newer than this server/);
  });
});
