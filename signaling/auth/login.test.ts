import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openSqliteStore } from '../store/sqlite.ts';
import type { Store } from '../store/store.ts';
import { authenticate } from './login.ts';
import { hashPassword } from './password.ts';

describe('authenticate', () => {
  let store: Store;
  beforeEach(async () => {
    store = openSqliteStore(':memory:');
    await store.users.create({ email: 'alex@example.com', name: 'Alex', passwordHash: await hashPassword('right password'), roles: ['rep'] });
  });
  afterEach(() => store.close());

  it('returns the user for the right password, whatever the e-mail case', async () => {
    expect((await authenticate(store, 'Alex@Example.com', 'right password'))?.email).toBe('alex@example.com');
  });

  it('refuses a wrong password and an unknown address alike', async () => {
    expect(await authenticate(store, 'alex@example.com', 'wrong password')).toBeUndefined();
    expect(await authenticate(store, 'nobody@example.com', 'right password')).toBeUndefined();
  });
});
