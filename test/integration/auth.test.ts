// Sign-in, sign-out and the rep socket's hello, against a real server and SQLite file.
import { rm } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AuthTokens } from '../../src/shared/protocol/admin.ts';
import { startTestServer, type TestServer } from '../helpers/server.ts';

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;
const ALEX = { email: 'alex@example.test', password: 'correct horse battery staple' };

async function login(server: TestServer, body: unknown, headers: Record<string, string> = {}) {
  const response = await fetch(`${server.url}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  return { status: response.status, headers: response.headers, body: (await response.json().catch(() => undefined)) as unknown };
}

describe('sign-in over HTTP', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
    await server.createUser(ALEX.email, ALEX.password, 'Alex Rep');
  });
  afterAll(() => server.stop());

  it('answers the right password with a 15-minute access token, a 30-day refresh token and the user with roles', async () => {
    const before = Date.now();
    const { status, body, headers } = await login(server, { email: 'Alex@Example.test', password: ALEX.password });
    expect(status).toBe(200);
    expect(headers.get('cache-control')).toBe('no-store');
    expect(body).toEqual({
      accessToken: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/),
      expiresAt: expect.any(Number),
      refreshToken: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/),
      refreshExpiresAt: expect.any(Number),
      user: { id: expect.any(String), email: ALEX.email, name: 'Alex Rep', roles: ['rep'], sessionMode: 'both' },
    });
    expect(AuthTokens.safeParse(body).success).toBe(true);
    const { expiresAt, refreshExpiresAt } = body as { expiresAt: number; refreshExpiresAt: number };
    const after = Date.now();
    expect(expiresAt).toBeGreaterThanOrEqual(before + 15 * MINUTE);
    expect(expiresAt).toBeLessThanOrEqual(after + 15 * MINUTE);
    expect(refreshExpiresAt).toBeGreaterThanOrEqual(before + 30 * DAY);
    expect(refreshExpiresAt).toBeLessThanOrEqual(after + 30 * DAY);
  });

  it('refuses a wrong password and an unknown address with the same 401 bad_credentials', async () => {
    const wrong = await login(server, { email: ALEX.email, password: 'wrong' });
    const unknown = await login(server, { email: 'nobody@example.test', password: ALEX.password });
    for (const refusal of [wrong, unknown]) {
      expect(refusal.status).toBe(401);
      expect(refusal.body).toEqual({ error: { reason: 'bad_credentials', message: 'wrong e-mail address or password' } });
    }
  });

  it('refuses bodies that are not a valid sign-in', async () => {
    expect(await login(server, '{not json')).toMatchObject({ status: 400, body: { error: { reason: 'malformed' } } });
    expect(await login(server, { email: 'not an address', password: 'x' })).toMatchObject({ status: 400, body: { error: { reason: 'malformed' } } });
    expect(await login(server, { email: ALEX.email })).toMatchObject({ status: 400, body: { error: { reason: 'malformed' } } });
    const big = await login(server, { email: ALEX.email, password: 'x'.repeat(9 * 1024) });
    expect(big).toMatchObject({ status: 413, body: { error: { reason: 'too_large' } } });
    const form = await login(server, `email=${ALEX.email}&password=x`, { 'content-type': 'application/x-www-form-urlencoded' });
    expect(form).toMatchObject({ status: 415, body: { error: { reason: 'malformed' } } });
  });

  it('answers the extension’s CORS preflight, and no other origin’s', async () => {
    const preflight = (origin: string) =>
      fetch(`${server.url}/api/auth/login`, {
        method: 'OPTIONS',
        headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type' },
      });
    const extension = await preflight(server.extensionOrigin);
    expect(extension.status).toBe(204);
    expect(extension.headers.get('access-control-allow-origin')).toBe(server.extensionOrigin);
    expect(extension.headers.get('access-control-allow-headers')).toBe('content-type, authorization');
    expect(extension.headers.get('access-control-allow-methods')).toBe('POST, OPTIONS');

    const firefox = await preflight('moz-extension://0f4e2a8c-1b3d-4e5f-8a9b-0c1d2e3f4a5b');
    expect(firefox.headers.get('access-control-allow-origin')).toBe('moz-extension://0f4e2a8c-1b3d-4e5f-8a9b-0c1d2e3f4a5b');

    const evil = await preflight('https://evil.example');
    expect(evil.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('signs out: the revoked token no longer opens a rep socket', async () => {
    const accessToken = await server.signIn(ALEX.email, ALEX.password);
    const logout = await fetch(`${server.url}/api/auth/logout`, { method: 'POST', headers: { authorization: `Bearer ${accessToken}` } });
    expect(logout.status).toBe(204);

    const socket = await server.connect('extension');
    const refusal = await socket.refused({ type: 'rep.hello', accessToken }, 'unauthenticated');
    expect(refusal.inReplyTo).toBe('rep.hello');
    expect((await socket.closed).code).toBe(4401);
  });

  it('refuses sign-out without a bearer token', async () => {
    const response = await fetch(`${server.url}/api/auth/logout`, { method: 'POST' });
    expect(response.status).toBe(401);
    expect(await response.json()).toMatchObject({ error: { reason: 'unauthenticated' } });
  });
});

describe('rep socket hello', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
    await server.createUser(ALEX.email, ALEX.password, 'Alex Rep');
  });
  afterAll(() => server.stop());

  it('welcomes a valid token with the user and the ICE servers', async () => {
    const accessToken = await server.signIn(ALEX.email, ALEX.password);
    const socket = await server.connect('extension');
    const welcome = await socket.call({ type: 'rep.hello', accessToken }, 'rep.welcome');
    expect(welcome.user).toMatchObject({ email: ALEX.email, name: 'Alex Rep' });
    expect(welcome.iceServers).toEqual([]);
  });

  it('refuses an unknown token, then closes with 4401', async () => {
    const socket = await server.connect('extension');
    const refusal = await socket.refused({ type: 'rep.hello', accessToken: 'x'.repeat(43) }, 'unauthenticated');
    expect(refusal.rid).toMatch(/^t\d+$/);
    const closed = await socket.closed;
    expect(closed).toEqual({ code: 4401, reason: 'unauthenticated' });
  });

  it('refuses rep-only messages before hello, and keeps the socket open', async () => {
    const socket = await server.connect('extension');
    await socket.refused({ type: 'session.start' }, 'unauthenticated');
    await socket.refused({ type: 'session.end', sessionId: 's_abcdefghijklmnop' }, 'unauthenticated');
    expect(socket.isOpen).toBe(true);
    expect(server.server.registry.size).toBe(0);
  });

  it('refuses a second hello on the same socket', async () => {
    const { client } = await server.newRep();
    const accessToken = await server.signIn(ALEX.email, ALEX.password);
    await client.refused({ type: 'rep.hello', accessToken }, 'forbidden');
  });

  it('accepts hello from the server’s own pages too (a future support-site page)', async () => {
    const accessToken = await server.signIn(ALEX.email, ALEX.password);
    const socket = await server.connect('site');
    await socket.call({ type: 'rep.hello', accessToken }, 'rep.welcome');
  });

  it('refuses an account without the rep or agent role, then closes with 4403', async () => {
    await server.createUser('admin-only@example.test', 'admin password', 'Ada Admin', ['admin']);
    const accessToken = await server.signIn('admin-only@example.test', 'admin password');
    const socket = await server.connect('extension');
    await socket.refused({ type: 'rep.hello', accessToken }, 'forbidden');
    expect((await socket.closed).code).toBe(4403);
  });
});

describe('persistence', () => {
  it('keeps accounts across a restart on the same DATA_DIR', async () => {
    const first = await startTestServer({ keepDataDir: true });
    try {
      await first.createUser('keep@example.test', 'persistent password', 'Kim Keep');
    } finally {
      await first.stop();
    }
    const second = await startTestServer({ dataDir: first.dataDir });
    try {
      const token = await second.signIn('keep@example.test', 'persistent password');
      const socket = await second.connect('extension');
      const welcome = await socket.call({ type: 'rep.hello', accessToken: token }, 'rep.welcome');
      expect(welcome.user).toMatchObject({ email: 'keep@example.test', name: 'Kim Keep' });
      await expect(second.signIn('keep@example.test', 'wrong')).rejects.toMatchObject({ status: 401 });
    } finally {
      await second.stop();
      await rm(first.dataDir, { recursive: true, force: true });
    }
  });
});
