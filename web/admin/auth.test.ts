import { describe, expect, it } from 'vitest';
import type { Role } from '../../src/shared/protocol/common.ts';
import { AuthSession, REFRESH_RETRY_MS, type AuthState } from './auth.ts';
import { ApiError } from './http.ts';
import { apiError, json, manualTimers, memoryStorage, on, scriptedFetch, tokens, type RecordedCall } from './test-fakes.ts';
import { STORAGE_KEY } from './tokens.ts';

const MIN = 60_000;
const flush = () => new Promise((resolve) => setTimeout(resolve, 0));

function setup(options: { roles?: Role[] } = {}) {
  const clock = manualTimers(1_000_000);
  const storage = memoryStorage();
  const issued: ReturnType<typeof tokens>[] = [];
  const issue = (roles = options.roles ?? ['admin']) => {
    const t = tokens(clock.now(), roles);
    issued.push(t);
    return t;
  };
  const fetch = scriptedFetch(
    on('POST', '/api/auth/login', (call) =>
      (call.body as { password: string }).password === 'right password' ? json(200, issue()) : apiError(401, 'bad_credentials'),
    ),
    on('POST', '/api/auth/refresh', (call) =>
      issued.at(-1)?.refreshToken === (call.body as { refreshToken: string }).refreshToken ? json(200, issue()) : apiError(401, 'unauthenticated'),
    ),
    on('POST', '/api/auth/logout', () => new Response(null, { status: 204 })),
  );
  const make = () => new AuthSession({ fetch, storage, now: clock.now, timers: clock.timers });
  const session = make();
  const states: AuthState[] = [];
  session.subscribe((s) => states.push(s));
  return { clock, storage, fetch, issued, session, states, make };
}

const calls = (fetch: { calls: RecordedCall[] }, url: string) => fetch.calls.filter((c) => c.url === url);

describe('AuthSession sign-in and sign-out', () => {
  it('signs an admin in and keeps the tokens in storage', async () => {
    const { session, storage, issued } = setup();
    await expect(session.signIn('admin@example.test', 'right password')).resolves.toBe('ok');
    expect(session.state).toMatchObject({ status: 'signed_in', auth: { accessToken: issued[0]!.accessToken } });
    expect(JSON.parse(storage.getItem(STORAGE_KEY)!)).toMatchObject({ refreshToken: issued[0]!.refreshToken });
  });

  it('refuses a non-admin: the token is revoked at once and nothing is stored', async () => {
    const { session, storage, fetch, issued } = setup({ roles: ['rep'] });
    await expect(session.signIn('rep@example.test', 'right password')).resolves.toBe('not_admin');
    expect(session.state).toEqual({ status: 'signed_out', reason: 'not_admin' });
    expect(storage.getItem(STORAGE_KEY)).toBeNull();
    await flush();
    expect(calls(fetch, '/api/auth/logout')[0]?.headers.authorization).toBe(`Bearer ${issued[0]!.accessToken}`);
  });

  it('passes a wrong password on as an ApiError', async () => {
    const { session } = setup();
    await expect(session.signIn('admin@example.test', 'wrong')).rejects.toMatchObject({ reason: 'bad_credentials' });
    expect(session.state.status).toBe('signed_out');
  });

  it('signs out here at once and revokes on the server', async () => {
    const { session, storage, fetch, issued, clock } = setup();
    await session.signIn('admin@example.test', 'right password');
    await session.signOut();
    expect(session.state).toEqual({ status: 'signed_out', reason: 'signed_out' });
    expect(storage.getItem(STORAGE_KEY)).toBeNull();
    expect(calls(fetch, '/api/auth/logout')[0]?.headers.authorization).toBe(`Bearer ${issued[0]!.accessToken}`);
    expect(clock.pendingCount()).toBe(0);
  });

  it('restores a stored sign-in in a new page (a reload)', async () => {
    const { session, make, issued } = setup();
    await session.signIn('admin@example.test', 'right password');
    const again = make();
    expect(again.state).toMatchObject({ status: 'signed_in', auth: { accessToken: issued[0]!.accessToken } });
  });
});

describe('AuthSession refresh', () => {
  it('refreshes a minute before the access token expires, and again after that', async () => {
    const { session, fetch, clock, issued } = setup();
    await session.signIn('admin@example.test', 'right password');
    clock.advance(14 * MIN - 1);
    expect(calls(fetch, '/api/auth/refresh')).toHaveLength(0);
    clock.advance(1);
    await flush();
    expect(calls(fetch, '/api/auth/refresh')[0]?.body).toEqual({ refreshToken: issued[0]!.refreshToken });
    expect(session.state).toMatchObject({ auth: { accessToken: issued[1]!.accessToken } });
    clock.advance(14 * MIN);
    await flush();
    expect(calls(fetch, '/api/auth/refresh')).toHaveLength(2);
  });

  it('refreshes at once a restored sign-in whose access token has expired', async () => {
    const { session, make, clock, fetch } = setup();
    await session.signIn('admin@example.test', 'right password');
    session.dispose();
    clock.advance(20 * MIN);
    const later = make();
    later.start();
    clock.advance(0);
    await flush();
    expect(calls(fetch, '/api/auth/refresh')).toHaveLength(1);
    expect(later.state.status).toBe('signed_in');
  });

  it('shares one refresh between concurrent callers (the refresh token rotates)', async () => {
    const { session, fetch } = setup();
    await session.signIn('admin@example.test', 'right password');
    const [a, b] = await Promise.all([session.refresh(), session.refresh()]);
    expect(a).toBe(b);
    expect(calls(fetch, '/api/auth/refresh')).toHaveLength(1);
  });

  it('signs out as expired when the server refuses the refresh token', async () => {
    const { session, fetch, storage } = setup();
    await session.signIn('admin@example.test', 'right password');
    fetch.handlers.unshift(on('POST', '/api/auth/refresh', () => apiError(401, 'unauthenticated')));
    await expect(session.refresh()).rejects.toBeInstanceOf(ApiError);
    expect(session.state).toEqual({ status: 'signed_out', reason: 'expired' });
    expect(storage.getItem(STORAGE_KEY)).toBeNull();
  });

  it('signs out as disabled when the account was disabled meanwhile', async () => {
    const { session, fetch } = setup();
    await session.signIn('admin@example.test', 'right password');
    fetch.handlers.unshift(on('POST', '/api/auth/refresh', () => apiError(403, 'disabled')));
    await session.refresh().catch(() => {});
    expect(session.state).toEqual({ status: 'signed_out', reason: 'disabled' });
  });

  it('signs out when the refreshed user is no longer an admin', async () => {
    const { session, fetch, clock } = setup();
    await session.signIn('admin@example.test', 'right password');
    fetch.handlers.unshift(on('POST', '/api/auth/refresh', () => json(200, tokens(clock.now(), ['rep']))));
    await session.refresh().catch(() => {});
    expect(session.state).toEqual({ status: 'signed_out', reason: 'not_admin' });
  });

  it('keeps the sign-in through a network failure and tries again later', async () => {
    const { session, fetch, clock } = setup();
    await session.signIn('admin@example.test', 'right password');
    let down = true;
    fetch.handlers.unshift((call) => (down && call.url === '/api/auth/refresh' ? Promise.reject(new TypeError('offline')) : undefined));
    clock.advance(14 * MIN);
    await flush();
    expect(session.state.status).toBe('signed_in');
    down = false;
    clock.advance(REFRESH_RETRY_MS);
    await flush();
    expect(calls(fetch, '/api/auth/refresh')).toHaveLength(2);
    expect(session.state.status).toBe('signed_in');
  });
});

describe('AuthSession.withToken', () => {
  it('on a 401, refreshes once and retries the call with the new token', async () => {
    const { session, issued } = setup();
    await session.signIn('admin@example.test', 'right password');
    const seen: string[] = [];
    const result = await session.withToken(async (token) => {
      seen.push(token);
      if (seen.length === 1) throw new ApiError('unauthenticated', 401, 'expired');
      return 'done';
    });
    expect(result).toBe('done');
    expect(seen).toEqual([issued[0]!.accessToken, issued[1]!.accessToken]);
  });

  it('refreshes first when the access token has already expired by our clock', async () => {
    const { session, clock, issued, fetch } = setup();
    await session.signIn('admin@example.test', 'right password');
    session.dispose(); // no timer: as if the tab slept through it
    clock.advance(16 * MIN);
    const token = await session.withToken(async (t) => t);
    expect(token).toBe(issued[1]!.accessToken);
    expect(calls(fetch, '/api/auth/refresh')).toHaveLength(1);
  });

  it('does not retry other failures, nor a second 401', async () => {
    const { session } = setup();
    await session.signIn('admin@example.test', 'right password');
    let n = 0;
    await expect(
      session.withToken(async () => {
        n++;
        throw new ApiError('forbidden', 403, 'no');
      }),
    ).rejects.toMatchObject({ reason: 'forbidden' });
    expect(n).toBe(1);
    await expect(
      session.withToken(async () => {
        n++;
        throw new ApiError('unauthenticated', 401, 'no');
      }),
    ).rejects.toMatchObject({ status: 401 });
    expect(n).toBe(3);
  });

  it('fails as unauthenticated when signed out', async () => {
    const { session } = setup();
    await expect(session.withToken(async () => 1)).rejects.toMatchObject({ reason: 'unauthenticated' });
  });
});
