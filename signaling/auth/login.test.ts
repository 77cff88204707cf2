import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openSqliteStore } from '../store/sqlite.ts';
import type { Store } from '../store/store.ts';
import { authenticate } from './login.ts';
import { hashPassword } from './password.ts';

describe('authenticate', () => {
  let store: Store;
  let id: string;
  beforeEach(async () => {
    store = openSqliteStore(':memory:');
    ({ id } = await store.users.create({ email: 'alex@example.com', name: 'Alex', passwordHash: await hashPassword('right password'), roles: ['rep'] }));
  });
  afterEach(() => store.close());

  it('returns the user for the right password, whatever the e-mail case', async () => {
    const result = await authenticate(store, 'Alex@Example.com', 'right password');
    expect(result.ok && result.user.email).toBe('alex@example.com');
  });

  it('refuses a wrong password and an unknown address alike', async () => {
    expect(await authenticate(store, 'alex@example.com', 'wrong password')).toEqual({ ok: false, reason: 'bad_credentials', userId: id });
    expect(await authenticate(store, 'nobody@example.com', 'right password')).toEqual({ ok: false, reason: 'bad_credentials', userId: null });
  });

  it('says "disabled" only to the right password', async () => {
    await store.users.update(id, { disabled: true });
    expect(await authenticate(store, 'alex@example.com', 'right password')).toEqual({ ok: false, reason: 'disabled', userId: id });
    expect(await authenticate(store, 'alex@example.com', 'wrong password')).toEqual({ ok: false, reason: 'bad_credentials', userId: id });
  });
});
