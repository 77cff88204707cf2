// Failed sign-ins are audited and slowed per client address and per account;
// a disabled account is refused at sign-in. (TRUST_PROXY=1 lets the test pose
// as several addresses through X-Forwarded-For.)
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api } from '../helpers/api.ts';
import { ManualClock } from '../helpers/manual-clock.ts';
import { startTestServer, type TestServer } from '../helpers/server.ts';

const PASSWORD = 'correct horse battery staple';

describe('failed sign-ins', () => {
  let server: TestServer;
  let clock: ManualClock;
  beforeAll(async () => {
    clock = new ManualClock(Date.now());
    server = await startTestServer({ clock, env: { TRUST_PROXY: '1' } });
  });
  afterAll(() => server.stop());

  const attempt = (email: string, password: string, from: string) =>
    api(server, 'POST', '/api/auth/login', { body: { email, password }, headers: { 'x-forwarded-for': `10.9.9.9, ${from}` } });

  it('are audited with the address typed and the client address, never the password', async () => {
    const user = await server.createUser('audited@example.test', PASSWORD);
    expect((await attempt('Audited@Example.test', 'not it at all', '203.0.113.1')).status).toBe(401);
    expect((await attempt('nobody@example.test', 'guess', '203.0.113.1')).status).toBe(401);
    await server.server.audit.flush();
    const failed = await server.store.audit.list({ limit: 2, type: 'auth.failed' });
    expect(failed).toEqual([
      expect.objectContaining({ actor: 'nobody@example.test', actorId: null, ip: '203.0.113.1', detail: { email: 'nobody@example.test', reason: 'bad_credentials' } }),
      expect.objectContaining({ actor: 'audited@example.test', actorId: user.id, ip: '203.0.113.1', detail: { email: 'audited@example.test', reason: 'bad_credentials' } }),
    ]);
    expect(JSON.stringify(failed)).not.toContain('not it at all');
  });

  it('after five failures from one address, that address waits (429, Retry-After), growing with each failure', async () => {
    await server.createUser('victim@example.test', PASSWORD);
    await server.createUser('bystander@example.test', PASSWORD);
    for (let i = 0; i < 5; i++) expect((await attempt('victim@example.test', `guess ${i}`, '198.51.100.7')).status).toBe(401);

    const slowed = await attempt('bystander@example.test', PASSWORD, '198.51.100.7');
    expect(slowed.status).toBe(429);
    expect(slowed.headers.get('retry-after')).toBe('1');
    expect(slowed.body).toEqual({ error: { reason: 'rate_limited', message: 'too many failed sign-ins; try again in 1 s' } });

    clock.advance(1000);
    expect((await attempt('bystander@example.test', 'wrong again', '198.51.100.7')).status).toBe(401);
    const longer = await attempt('bystander@example.test', PASSWORD, '198.51.100.7');
    expect(longer.status).toBe(429);
    expect(longer.headers.get('retry-after')).toBe('2');

    clock.advance(2000);
    expect((await attempt('bystander@example.test', PASSWORD, '198.51.100.7')).status).toBe(200);
  });

  it('after five failures on one account, that account waits from any address; others do not', async () => {
    await server.createUser('target@example.test', PASSWORD);
    for (let i = 0; i < 5; i++) expect((await attempt('target@example.test', `guess ${i}`, `192.0.2.${i + 1}`)).status).toBe(401);
    expect((await attempt('target@example.test', PASSWORD, '192.0.2.100')).status).toBe(429);
    expect((await attempt('audited@example.test', PASSWORD, '192.0.2.100')).status).toBe(200);
    clock.advance(1000);
    expect((await attempt('target@example.test', PASSWORD, '192.0.2.100')).status).toBe(200);
  });

  it('counts guesses sent in parallel: only five get as far as the password check', async () => {
    const replies = await Promise.all(Array.from({ length: 8 }, (_, i) => attempt('parallel@example.test', `guess ${i}`, '192.0.2.77')));
    expect(replies.map((r) => r.status).sort()).toEqual([401, 401, 401, 401, 401, 429, 429, 429]);
  });

  it('a refused attempt is not audited again while the address waits', async () => {
    for (let i = 0; i < 5; i++) await attempt('x@example.test', 'nope', '192.0.2.200');
    await server.server.audit.flush();
    const before = (await server.store.audit.list({ limit: 500, type: 'auth.failed' })).length;
    expect((await attempt('x@example.test', 'nope', '192.0.2.200')).status).toBe(429);
    await server.server.audit.flush();
    expect((await server.store.audit.list({ limit: 500, type: 'auth.failed' })).length).toBe(before);
  });
});

describe('a disabled account', () => {
  it('is refused at sign-in with 403 disabled, once the password is right; audited', async () => {
    const server = await startTestServer();
    try {
      const user = await server.createUser('gone@example.test', PASSWORD);
      await server.store.users.update(user.id, { disabled: true });
      const wrong = await api(server, 'POST', '/api/auth/login', { body: { email: 'gone@example.test', password: 'wrong password' } });
      expect(wrong).toMatchObject({ status: 401, body: { error: { reason: 'bad_credentials' } } });
      const right = await api(server, 'POST', '/api/auth/login', { body: { email: 'gone@example.test', password: PASSWORD } });
      expect(right).toMatchObject({ status: 403, body: { error: { reason: 'disabled', message: 'this account has been disabled by an administrator' } } });
      await server.server.audit.flush();
      const [failed] = await server.store.audit.list({ limit: 1, type: 'auth.failed' });
      expect(failed).toMatchObject({ actorId: user.id, detail: { email: 'gone@example.test', reason: 'disabled' } });
    } finally {
      await server.stop();
    }
  });
});
