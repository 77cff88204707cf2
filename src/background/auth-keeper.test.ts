import { describe, expect, it, vi } from 'vitest';
import { PeerAssistError } from '../shared/protocol/errors.ts';
import { AuthKeeper } from './auth-keeper.ts';
import type { Auth } from './auth-client.ts';
import { RepStore } from './rep-store.ts';
import { AUTH, CAN_CAPTURE, memoryAreas, SERVER_URL } from './test-fakes.ts';

const NOW = 1_800_000_000_000;
const fresh: Auth = { ...AUTH, accessToken: 'tok_rotated0123456789ab', expiresAt: NOW + 15 * 60_000, refreshToken: 'ref_rotated0123456789ab' };

async function setup(auth: Auth = AUTH) {
  const store = new RepStore(memoryAreas(), CAN_CAPTURE);
  await store.ready;
  await store.signedIn(SERVER_URL, auth);
  const refresh = vi.fn<(serverUrl: string, refreshToken: string) => Promise<Auth>>(async () => fresh);
  return { store, refresh, keeper: new AuthKeeper(store, refresh, () => NOW) };
}

describe('AuthKeeper', () => {
  it('hands out the stored token while it is comfortably valid', async () => {
    const t = await setup({ ...AUTH, expiresAt: NOW + 5 * 60_000 });
    await expect(t.keeper.credentials()).resolves.toEqual({ serverUrl: SERVER_URL, accessToken: AUTH.accessToken });
    expect(t.refresh).not.toHaveBeenCalled();
  });

  it('refreshes a token that expires within a minute, and stores the rotated pair', async () => {
    const t = await setup({ ...AUTH, expiresAt: NOW + 30_000 });
    await expect(t.keeper.credentials()).resolves.toEqual({ serverUrl: SERVER_URL, accessToken: fresh.accessToken });
    expect(t.refresh).toHaveBeenCalledExactlyOnceWith(SERVER_URL, AUTH.refreshToken);
    expect(t.store.auth).toEqual(fresh);
  });

  it('refreshes once for concurrent callers (the refresh token rotates: a second use would be refused)', async () => {
    const t = await setup({ ...AUTH, expiresAt: NOW - 1 });
    const [a, b] = await Promise.all([t.keeper.credentials(), t.keeper.credentials()]);
    expect(a).toEqual(b);
    expect(t.refresh).toHaveBeenCalledTimes(1);
  });

  it('a refused refresh signs the rep out and says why', async () => {
    const t = await setup({ ...AUTH, expiresAt: NOW - 1 });
    t.refresh.mockRejectedValue(new PeerAssistError('disabled', 'account disabled'));
    await expect(t.keeper.credentials()).resolves.toBeUndefined();
    expect(t.store.auth).toBeNull();
    expect(t.store.snapshot().lastError).toEqual({ reason: 'disabled', message: 'account disabled' });
  });

  it('a network failure keeps the sign-in and throws, so the connection retries later', async () => {
    const t = await setup({ ...AUTH, expiresAt: NOW - 1 });
    t.refresh.mockRejectedValue(new PeerAssistError('network', 'offline'));
    await expect(t.keeper.credentials()).rejects.toMatchObject({ reason: 'network' });
    expect(t.store.auth).toEqual({ ...AUTH, expiresAt: NOW - 1 });
  });

  it('an expired refresh token signs out without asking the server', async () => {
    const t = await setup({ ...AUTH, expiresAt: NOW - 1, refreshExpiresAt: NOW - 1 });
    await expect(t.keeper.credentials()).resolves.toBeUndefined();
    expect(t.refresh).not.toHaveBeenCalled();
    expect(t.store.snapshot().lastError?.reason).toBe('unauthenticated');
  });

  it('signed out: no credentials', async () => {
    const t = await setup();
    await t.store.signedOut();
    await expect(t.keeper.credentials()).resolves.toBeUndefined();
  });
});
