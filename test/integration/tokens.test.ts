// Access and refresh tokens over HTTP (contract: src/shared/protocol/admin.ts):
// rotation, reuse refusal, expiry, sign-out, and the extension's CORS.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AuthTokens } from '../../src/shared/protocol/admin.ts';
import { api, login } from '../helpers/api.ts';
import { ManualClock } from '../helpers/manual-clock.ts';
import { startTestServer, type TestServer } from '../helpers/server.ts';

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;
const PASSWORD = 'correct horse battery staple';
let counter = 0;

const refresh = (server: TestServer, refreshToken: string, headers: Record<string, string> = {}) =>
  api(server, 'POST', '/api/auth/refresh', { body: { refreshToken }, headers });

/** The access token opens a rep socket (rep.welcome) or is refused (closed with 4401). */
async function opensSocket(server: TestServer, accessToken: string): Promise<boolean> {
  const socket = await server.connect('extension');
  const reply = await socket.request({ type: 'rep.hello', accessToken });
  if (reply.type === 'rep.welcome') return true;
  expect(reply).toMatchObject({ type: 'error', reason: 'unauthenticated' });
  expect((await socket.closed).code).toBe(4401);
  return false;
}

describe('tokens', () => {
  let server: TestServer;
  let clock: ManualClock;
  let email: string;
  beforeAll(async () => {
    clock = new ManualClock(Date.now());
    server = await startTestServer({ clock });
  });
  afterAll(() => server.stop());

  async function signIn(): Promise<AuthTokens> {
    email = `rep${++counter}@example.test`;
    await server.createUser(email, PASSWORD, 'Alex Rep', ['rep', 'agent']);
    return login(server, email, PASSWORD);
  }

  it('refresh: a new pair for the same user; the old refresh token is spent', async () => {
    const first = await signIn();
    clock.advance(10 * MINUTE);
    const reply = await refresh(server, first.refreshToken);
    expect(reply.status).toBe(200);
    const second = AuthTokens.parse(reply.body);
    expect(second.user).toEqual(first.user);
    expect(second.user.roles).toEqual(['rep', 'agent']);
    expect(second.accessToken).not.toBe(first.accessToken);
    expect(second.refreshToken).not.toBe(first.refreshToken);
    expect(second.expiresAt).toBe(clock.now() + 15 * MINUTE);
    expect(second.refreshExpiresAt).toBe(clock.now() + 30 * DAY);
    expect(await opensSocket(server, second.accessToken)).toBe(true);
    expect((await refresh(server, second.refreshToken)).status).toBe(200);
  });

  it('a reused refresh token: 401, and the whole sign-in is revoked (the thief’s copy and the user’s)', async () => {
    const first = await signIn();
    const second = AuthTokens.parse((await refresh(server, first.refreshToken)).body);
    const reuse = await refresh(server, first.refreshToken);
    expect(reuse.status).toBe(401);
    expect(reuse.body).toEqual({ error: { reason: 'unauthenticated', message: 'the sign-in has expired or was revoked; sign in again' } });
    expect((await refresh(server, second.refreshToken)).status).toBe(401);
    expect(await opensSocket(server, second.accessToken)).toBe(false);
    expect(server.logs).toContain('warn: [http] a spent refresh token was presented again; that sign-in is revoked');
  });

  it('an access token expires after 15 minutes; the refresh token still works', async () => {
    const tokens = await signIn();
    clock.advance(15 * MINUTE);
    expect(await opensSocket(server, tokens.accessToken)).toBe(false);
    const next = await refresh(server, tokens.refreshToken);
    expect(next.status).toBe(200);
    expect(await opensSocket(server, AuthTokens.parse(next.body).accessToken)).toBe(true);
  });

  it('a refresh token expires after 30 days without use', async () => {
    const tokens = await signIn();
    clock.advance(30 * DAY);
    expect(await refresh(server, tokens.refreshToken)).toMatchObject({ status: 401, body: { error: { reason: 'unauthenticated' } } });
  });

  it('refuses unknown and malformed refresh requests', async () => {
    expect((await refresh(server, 'x'.repeat(43))).status).toBe(401);
    expect(await refresh(server, 'short')).toMatchObject({ status: 400, body: { error: { reason: 'malformed' } } });
    expect(await api(server, 'POST', '/api/auth/refresh', { raw: '{' })).toMatchObject({ status: 400, body: { error: { reason: 'malformed' } } });
    expect(await api(server, 'GET', '/api/auth/refresh')).toMatchObject({ status: 405, body: { error: { reason: 'malformed' } } });
  });

  it('sign-out revokes the access token and its refresh token, and is audited', async () => {
    const tokens = await signIn();
    const other = await login(server, email, PASSWORD);
    const out = await api(server, 'POST', '/api/auth/logout', { token: tokens.accessToken });
    expect(out.status).toBe(204);
    expect(await opensSocket(server, tokens.accessToken)).toBe(false);
    expect((await refresh(server, tokens.refreshToken)).status).toBe(401);
    // The same user's other sign-in (another browser) is untouched.
    expect(await opensSocket(server, other.accessToken)).toBe(true);
    await server.server.audit.flush();
    const [logout] = await server.store.audit.list({ limit: 1, type: 'auth.logout' });
    expect(logout).toMatchObject({ actor: email, actorId: tokens.user.id, ip: '127.0.0.1' });
  });

  it('sign-out with an expired access token still revokes its refresh token', async () => {
    const tokens = await signIn();
    clock.advance(20 * MINUTE);
    expect((await api(server, 'POST', '/api/auth/logout', { token: tokens.accessToken })).status).toBe(204);
    expect((await refresh(server, tokens.refreshToken)).status).toBe(401);
  });

  it('answers the extension’s CORS preflight for refresh and logout, and no web page’s', async () => {
    for (const path of ['/api/auth/refresh', '/api/auth/logout']) {
      const preflight = (origin: string) =>
        fetch(`${server.url}${path}`, {
          method: 'OPTIONS',
          headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type, authorization' },
        });
      const extension = await preflight(server.extensionOrigin);
      expect(extension.status).toBe(204);
      expect(extension.headers.get('access-control-allow-origin')).toBe(server.extensionOrigin);
      expect((await preflight('https://evil.example')).headers.get('access-control-allow-origin')).toBeNull();
    }
    const tokens = await signIn();
    const reply = await refresh(server, tokens.refreshToken, { origin: server.extensionOrigin });
    expect(reply.headers.get('access-control-allow-origin')).toBe(server.extensionOrigin);
  });

  it('gives the admin API no CORS headers, even for the extension', async () => {
    const preflight = await fetch(`${server.url}/api/admin/users`, {
      method: 'OPTIONS',
      headers: { origin: server.extensionOrigin, 'access-control-request-method': 'GET' },
    });
    expect(preflight.headers.get('access-control-allow-origin')).toBeNull();
  });
});
