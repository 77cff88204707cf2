import { mkdtemp, readFile, rm, stat, unlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { authenticate } from './auth/login.ts';
import { ensureFirstUser, FIRST_LOGIN_FILE } from './bootstrap.ts';
import { openSqliteStore } from './store/sqlite.ts';
import type { Store } from './store/store.ts';

describe('ensureFirstUser', () => {
  let dir: string;
  let store: Store;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'peerassist-boot-'));
    store = openSqliteStore(dir);
  });
  afterEach(async () => {
    await store.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('creates a rep/admin with a random password and writes it to a private file', async () => {
    const first = await ensureFirstUser(store, dir);
    expect(first).toMatchObject({ email: 'rep@peerassist.local', created: true, file: join(dir, FIRST_LOGIN_FILE) });
    expect(first?.password).toMatch(/^[a-z2-9]{5}(-[a-z2-9]{5}){3}$/);

    const result = await authenticate(store, 'rep@peerassist.local', first?.password ?? '');
    expect(result).toMatchObject({ ok: true, user: { name: 'PeerAssist Rep', roles: ['rep', 'admin'] } });

    const file = join(dir, FIRST_LOGIN_FILE);
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    const text = await readFile(file, 'utf8');
    expect(text).toContain('email: rep@peerassist.local');
    expect(text).toContain(`password: ${first?.password}`);
  });

  it('keeps reminding while the file exists, and stops once it is deleted', async () => {
    const first = await ensureFirstUser(store, dir);
    const again = await ensureFirstUser(store, dir);
    expect(again).toEqual({ ...first, created: false });
    expect(await store.users.count()).toBe(1);

    await unlink(join(dir, FIRST_LOGIN_FILE));
    expect(await ensureFirstUser(store, dir)).toBeUndefined();
  });

  it('creates nothing when accounts already exist', async () => {
    await store.users.create({ email: 'own@example.com', name: 'Own', passwordHash: 'x', roles: ['admin'] });
    expect(await ensureFirstUser(store, dir)).toBeUndefined();
    expect(await store.users.count()).toBe(1);
  });
});
