// The admin API (contract: src/shared/protocol/admin.ts): every endpoint's
// happy path, who may call it, and bad input that gets a typed error and
// changes nothing. Replies are checked against the contract's own schemas.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AdminUser, ApiError, AuditEvent, Queue } from '../../src/shared/protocol/admin.ts';
import { DEFAULT_SETTINGS, SiteSettings } from '../../src/shared/protocol/settings.ts';
import { z } from 'zod';
import { api, login, signedInUser } from '../helpers/api.ts';
import { startTestServer, type TestServer } from '../helpers/server.ts';

let server: TestServer;
let admin: Awaited<ReturnType<typeof signedInUser>>;
let rep: Awaited<ReturnType<typeof signedInUser>>;
beforeAll(async () => {
  server = await startTestServer();
  admin = await signedInUser(server, ['admin', 'rep']);
  rep = await signedInUser(server, ['rep'], 'Rita Rep');
});
afterAll(() => server.stop());

const as = (token: string) => ({
  get: (path: string) => api(server, 'GET', path, { token }),
  post: (path: string, body: unknown) => api(server, 'POST', path, { token, body }),
  patch: (path: string, body: unknown) => api(server, 'PATCH', path, { token, body }),
  put: (path: string, body: unknown) => api(server, 'PUT', path, { token, body }),
  delete: (path: string) => api(server, 'DELETE', path, { token }),
});
const asAdmin = () => as(admin.tokens.accessToken);

/** A refusal in the API's one error shape, with this status and reason. */
function expectRefusal(reply: { status: number; body: unknown }, status: number, reason: string, message?: RegExp): void {
  expect(reply.status).toBe(status);
  const parsed = ApiError.parse(reply.body);
  expect(parsed.error.reason).toBe(reason);
  if (message) expect(parsed.error.message).toMatch(message);
}

async function lastChange(): Promise<AuditEvent | undefined> {
  await server.server.audit.flush();
  return (await server.store.audit.list({ limit: 1, type: 'admin.change' }))[0];
}

describe('who may call it', () => {
  const endpoints: [string, string, unknown?][] = [
    ['GET', '/api/admin/users'],
    ['POST', '/api/admin/users', { email: 'sneaky@example.test', name: 'Sneaky', roles: ['admin'] }],
    ['PATCH', '/api/admin/users/u_placeholder00000', { roles: ['admin'] }],
    ['POST', '/api/admin/users/u_placeholder00000/password', {}],
    ['GET', '/api/admin/queues'],
    ['POST', '/api/admin/queues', { name: 'Sneaky queue' }],
    ['PUT', '/api/admin/queues/q_placeholder00000/agents', { agentIds: [] }],
    ['DELETE', '/api/admin/queues/q_placeholder00000'],
    ['GET', '/api/admin/webacd'],
    ['GET', '/api/admin/settings'],
    ['PATCH', '/api/admin/settings', { maxCustomers: 99 }],
    ['GET', '/api/admin/audit'],
    ['GET', '/api/admin/audit.csv'],
  ];

  it.each(endpoints)('%s %s: 401 without a valid token, 403 for a rep, nothing changed', async (method, path, body) => {
    const real = path.replace('u_placeholder00000', rep.user.id);
    const users = await server.store.users.count();
    for (const token of [undefined, 'not-a-real-token-at-all', 'x'.repeat(43)]) {
      expectRefusal(await api(server, method, real, { ...(token && { token }), ...(body !== undefined && { body }) }), 401, 'unauthenticated');
    }
    expectRefusal(await api(server, method, real, { token: rep.tokens.accessToken, ...(body !== undefined && { body }) }), 403, 'forbidden', /administrator/);
    expect(await server.store.users.count()).toBe(users);
    expect(await server.store.users.findById(rep.user.id)).toMatchObject({ roles: ['rep'] });
    expect((await server.store.queues.list()).map((q) => q.name)).not.toContain('Sneaky queue');
    expect((await server.store.settings.get()).maxCustomers).not.toBe(99);
  });

  it('refuses a signed-out admin’s token', async () => {
    const other = await signedInUser(server, ['admin']);
    await api(server, 'POST', '/api/auth/logout', { token: other.tokens.accessToken });
    expectRefusal(await as(other.tokens.accessToken).get('/api/admin/users'), 401, 'unauthenticated');
  });

  it('answers 405 with Allow for a known path under another method', async () => {
    const reply = await asAdmin().delete('/api/admin/users');
    expectRefusal(reply, 405, 'malformed');
    expect(reply.headers.get('allow')).toBe('GET, POST, OPTIONS');
  });
});

describe('users', () => {
  it('lists every account without password hashes', async () => {
    const reply = await asAdmin().get('/api/admin/users');
    expect(reply.status).toBe(200);
    const { users } = z.object({ users: z.array(AdminUser) }).parse(reply.body);
    expect(users).toEqual(
      expect.arrayContaining([
        { id: rep.user.id, email: rep.email, name: 'Rita Rep', roles: ['rep'], disabled: false, sessionMode: null, createdAt: expect.any(Number) },
      ]),
    );
    expect(reply.text).not.toContain('scrypt');
  });

  it('creates a user with the given password (not echoed), who can sign in; audited', async () => {
    const reply = await asAdmin().post('/api/admin/users', { email: ' Casey@Example.test ', name: 'Casey', roles: ['rep', 'agent'], password: 'a long enough password' });
    expect(reply.status).toBe(201);
    const body = z.object({ user: AdminUser }).strict().parse(reply.body);
    expect(body.user).toMatchObject({ email: 'casey@example.test', name: 'Casey', roles: ['rep', 'agent'], disabled: false, sessionMode: null });
    expect((await login(server, 'casey@example.test', 'a long enough password')).user.roles).toEqual(['rep', 'agent']);
    expect(await lastChange()).toMatchObject({
      actor: admin.email,
      actorId: admin.user.id,
      ip: '127.0.0.1',
      detail: { what: 'user.create', target: 'casey@example.test', roles: 'rep,agent' },
    });
    expect(JSON.stringify(await lastChange())).not.toContain('a long enough password');
  });

  it('creates a user without a password: one is generated and returned once', async () => {
    const reply = await asAdmin().post('/api/admin/users', { email: 'gen@example.test', name: 'Gen', roles: ['rep'] });
    expect(reply.status).toBe(201);
    const { password } = z.object({ user: AdminUser, password: z.string() }).parse(reply.body);
    expect(password).toMatch(/^[a-z2-9]{5}(-[a-z2-9]{5}){3}$/);
    await login(server, 'gen@example.test', password);
    expect(JSON.stringify(await lastChange())).not.toContain(password);
  });

  it('refuses a duplicate e-mail with 409, and bad bodies with 400/415, creating nothing', async () => {
    const count = await server.store.users.count();
    const audited = await lastChange();
    expectRefusal(await asAdmin().post('/api/admin/users', { email: rep.email.toUpperCase(), name: 'Dup', roles: ['rep'] }), 409, 'malformed', /already exists/);
    const bad: [unknown, RegExp][] = [
      [{ email: 'x@example.test', name: 'X' }, /^roles: /],
      [{ email: 'x@example.test', name: 'X', roles: [] }, /^roles: /],
      [{ email: 'x@example.test', name: 'X', roles: ['boss'] }, /^roles\.0: /],
      [{ email: 'not-an-address', name: 'X', roles: ['rep'] }, /^email: /],
      [{ email: 'x@example.test', name: '  ', roles: ['rep'] }, /^name: /],
      [{ email: 'x@example.test', name: 'X', roles: ['rep'], password: 'short' }, /^password: a password has at least 10 characters/],
      [{ email: 'x@example.test', name: 'X', roles: ['rep'], admin: true }, /unknown field "admin"/],
      [[], /^body: /],
    ];
    for (const [body, message] of bad) expectRefusal(await asAdmin().post('/api/admin/users', body), 400, 'malformed', message);
    expectRefusal(await api(server, 'POST', '/api/admin/users', { token: admin.tokens.accessToken, raw: '{"email":' }), 400, 'malformed', /not valid JSON/);
    const form = await api(server, 'POST', '/api/admin/users', {
      token: admin.tokens.accessToken,
      raw: 'email=x@example.test',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    expectRefusal(form, 415, 'malformed');
    expect(await server.store.users.count()).toBe(count);
    expect(await lastChange()).toEqual(audited);
  });

  it('changes name, roles and session mode; audited with what changed', async () => {
    const { user } = await signedInUser(server, ['rep'], 'Before');
    const reply = await asAdmin().patch(`/api/admin/users/${user.id}`, { name: 'After', roles: ['rep', 'agent'], sessionMode: 'multi' });
    expect(reply.status).toBe(200);
    expect(z.object({ user: AdminUser }).parse(reply.body).user).toMatchObject({ name: 'After', roles: ['rep', 'agent'], sessionMode: 'multi' });
    expect(await server.store.users.findById(user.id)).toMatchObject({ name: 'After', roles: ['rep', 'agent'], sessionMode: 'multi' });
    expect((await lastChange())?.detail).toEqual({
      what: 'user.update',
      target: user.email,
      fields: 'name,roles,sessionMode',
      name: 'After',
      roles: 'rep,agent',
      sessionMode: 'multi',
    });
    const back = await asAdmin().patch(`/api/admin/users/${user.id}`, { sessionMode: null });
    expect(back.body).toMatchObject({ user: { sessionMode: null } });
  });

  it('refuses a change to an unknown user (404) or a malformed change (400), changing nothing', async () => {
    expectRefusal(await asAdmin().patch('/api/admin/users/u_nobody0000000000', { name: 'X' }), 404, 'malformed', /no such user/);
    const before = await server.store.users.findById(rep.user.id);
    for (const body of [{ disabled: 'yes' }, { roles: [] }, { sessionMode: 'tabs' }, { name: '' }, { email: 'new@example.test' }]) {
      expectRefusal(await asAdmin().patch(`/api/admin/users/${rep.user.id}`, body), 400, 'malformed');
    }
    expect(await server.store.users.findById(rep.user.id)).toEqual(before);
  });

  it('resets a password (given or generated); the old one and the user’s sign-ins stop working', async () => {
    const target = await signedInUser(server, ['rep']);
    const given = await asAdmin().post(`/api/admin/users/${target.user.id}/password`, { password: 'brand new password' });
    expect(given).toMatchObject({ status: 200, body: { password: 'brand new password' } });
    await expect(login(server, target.email, target.password)).rejects.toThrow(/401/);
    expect((await api(server, 'POST', '/api/auth/refresh', { body: { refreshToken: target.tokens.refreshToken } })).status).toBe(401);
    await login(server, target.email, 'brand new password');

    const generated = await asAdmin().post(`/api/admin/users/${target.user.id}/password`, {});
    const { password } = z.object({ password: z.string() }).strict().parse(generated.body);
    await login(server, target.email, password);
    expect((await lastChange())?.detail).toEqual({ what: 'user.password', target: target.email, generated: true });
    expect(JSON.stringify(await lastChange())).not.toContain(password);

    expectRefusal(await asAdmin().post(`/api/admin/users/${target.user.id}/password`, { password: 'short' }), 400, 'malformed');
    expectRefusal(await asAdmin().post('/api/admin/users/u_nobody0000000000/password', {}), 404, 'malformed');
    await login(server, target.email, password);
  });
});

describe('the last administrator', () => {
  it('cannot be disabled or lose the admin role (409), until there is another', async () => {
    const lone = await startTestServer();
    try {
      const only = await signedInUser(lone, ['admin']);
      const call = (body: unknown) => api(lone, 'PATCH', `/api/admin/users/${only.user.id}`, { token: only.tokens.accessToken, body });
      expectRefusal(await call({ disabled: true }), 409, 'forbidden', /last enabled administrator/);
      expectRefusal(await call({ roles: ['rep'] }), 409, 'forbidden', /last enabled administrator/);
      expect(await lone.store.users.findById(only.user.id)).toMatchObject({ disabled: false, roles: ['admin'] });

      await signedInUser(lone, ['admin']);
      expect((await call({ roles: ['rep', 'admin'] })).status).toBe(200);
      expect((await call({ roles: ['rep'] })).status).toBe(200);
    } finally {
      await lone.stop();
    }
  });
});

describe('queues', () => {
  it('creates, lists, sets agents and deletes; audited', async () => {
    const agent = await signedInUser(server, ['rep', 'agent'], 'Agent A');
    const created = await asAdmin().post('/api/admin/queues', { name: ' Billing ' });
    expect(created.status).toBe(201);
    const { queue } = z.object({ queue: Queue }).parse(created.body);
    expect(queue).toEqual({ id: expect.any(String), name: 'Billing', agentIds: [] });
    expect((await lastChange())?.detail).toEqual({ what: 'queue.create', target: 'Billing' });

    const set = await asAdmin().put(`/api/admin/queues/${queue.id}/agents`, { agentIds: [agent.user.id, agent.user.id] });
    expect(set).toMatchObject({ status: 200, body: { queue: { ...queue, agentIds: [agent.user.id] } } });
    const listed = z.object({ queues: z.array(Queue) }).parse((await asAdmin().get('/api/admin/queues')).body);
    expect(listed.queues).toContainEqual({ ...queue, agentIds: [agent.user.id] });
    expect((await lastChange())?.detail).toEqual({ what: 'queue.agents', target: 'Billing', agents: 1 });

    const deleted = await asAdmin().delete(`/api/admin/queues/${queue.id}`);
    expect(deleted.status).toBe(204);
    expect(deleted.text).toBe('');
    expect(await server.store.queues.findById(queue.id)).toBeUndefined();
    expectRefusal(await asAdmin().delete(`/api/admin/queues/${queue.id}`), 404, 'malformed', /no such queue/);
  });

  it('refuses a duplicate name (any case), a bad name, non-agents and unknown queues, changing nothing', async () => {
    const { queue } = z.object({ queue: Queue }).parse((await asAdmin().post('/api/admin/queues', { name: 'Support' })).body);
    expectRefusal(await asAdmin().post('/api/admin/queues', { name: 'SUPPORT' }), 409, 'malformed', /already exists/);
    expectRefusal(await asAdmin().post('/api/admin/queues', { name: '' }), 400, 'malformed', /^name: /);
    expectRefusal(await asAdmin().post('/api/admin/queues', { name: 'x'.repeat(65) }), 400, 'malformed', /^name: /);

    const agent = await signedInUser(server, ['agent']);
    expectRefusal(await asAdmin().put(`/api/admin/queues/${queue.id}/agents`, { agentIds: [agent.user.id, rep.user.id] }), 400, 'malformed', new RegExp(`${rep.email} does not have the agent role`));
    expectRefusal(await asAdmin().put(`/api/admin/queues/${queue.id}/agents`, { agentIds: ['u_nobody0000000000'] }), 400, 'malformed', /no user u_nobody/);
    expectRefusal(await asAdmin().put(`/api/admin/queues/${queue.id}/agents`, { agentIds: 'all' }), 400, 'malformed', /^agentIds: /);
    expectRefusal(await asAdmin().put('/api/admin/queues/q_nothing00000000/agents', { agentIds: [] }), 404, 'malformed');
    expect(await server.store.queues.findById(queue.id)).toEqual(queue);
    expect((await server.store.queues.list()).filter((q) => q.name.toLowerCase() === 'support')).toHaveLength(1);
  });
});

describe('settings', () => {
  it('answers the defaults, then stores a partial change and answers the whole; audited', async () => {
    const fresh = await startTestServer();
    try {
      const own = await signedInUser(fresh, ['admin']);
      const call = (method: string, body?: unknown) => api(fresh, method, '/api/admin/settings', { token: own.tokens.accessToken, ...(body !== undefined && { body }) });
      expect(await call('GET')).toMatchObject({ status: 200, body: { settings: DEFAULT_SETTINGS } });
      const changed = await call('PATCH', { maxCustomers: 2, sessionMode: 'single', iceServers: [{ urls: 'turn:t.example.com', username: 'u', credential: 'secret-cred' }] });
      expect(changed.status).toBe(200);
      const { settings } = z.object({ settings: SiteSettings }).parse(changed.body);
      expect(settings).toEqual({ ...DEFAULT_SETTINGS, maxCustomers: 2, sessionMode: 'single', iceServers: [{ urls: 'turn:t.example.com', username: 'u', credential: 'secret-cred' }] });
      expect(await fresh.store.settings.get()).toEqual(settings);
      await fresh.server.audit.flush();
      const [change] = await fresh.store.audit.list({ limit: 1, type: 'admin.change' });
      expect(change?.detail).toEqual({ what: 'settings', changed: 'sessionMode,maxCustomers,iceServers', maxCustomers: 2, sessionMode: 'single', iceServers: 1 });
      expect(JSON.stringify(change)).not.toContain('secret-cred');
    } finally {
      await fresh.stop();
    }
  });

  it('refuses invalid values and unknown keys with 400, changing nothing', async () => {
    const before = await server.store.settings.get();
    const bad: [unknown, RegExp][] = [
      [{ maxCustomers: -1 }, /^maxCustomers: /],
      [{ maxCustomers: 0 }, /^maxCustomers: /],
      [{ maxCustomers: 2.5 }, /^maxCustomers: /],
      [{ maxCustomers: '3' }, /^maxCustomers: /],
      [{ maxCustomers: 3, sessionMode: 'tabs' }, /^sessionMode: /],
      [{ emailMode: 'pigeon' }, /^emailMode: /],
      [{ admitNumberOnlyJoins: 'no' }, /^admitNumberOnlyJoins: /],
      [{ maxCustomers: 3, colour: 'blue' }, /unknown field "colour"; the settings are sessionMode, maxCustomers/],
      [{ iceServers: [{ urls: 'http://not.ice' }] }, /is not a stun:, stuns:, turn: or turns: URL/],
      [{ iceServers: [{ urls: 'turn:t.example.com' }] }, /needs a username and a credential/],
      [{ iceServers: Array.from({ length: 17 }, () => ({ urls: 'stun:s' })) }, /^iceServers: /],
      [null, /./],
    ];
    for (const [body, message] of bad) expectRefusal(await asAdmin().patch('/api/admin/settings', body), 400, 'malformed', message);
    expect(await server.store.settings.get()).toEqual(before);
  });
});

describe('audit', () => {
  it('lists newest first, pages with before, filters by type', async () => {
    const all = z.object({ events: z.array(AuditEvent) }).parse((await asAdmin().get('/api/admin/audit?limit=3')).body).events;
    expect(all).toHaveLength(3);
    expect(all.map((e) => e.id)).toEqual([...all.map((e) => e.id)].sort((a, b) => b - a));
    const next = z.object({ events: z.array(AuditEvent) }).parse((await asAdmin().get(`/api/admin/audit?limit=2&before=${all[2]?.id}`)).body).events;
    expect(next.every((e) => e.id < (all[2]?.id ?? 0))).toBe(true);
    const logins = z.object({ events: z.array(AuditEvent) }).parse((await asAdmin().get('/api/admin/audit?type=auth.login&limit=')).body).events;
    expect(logins.length).toBeGreaterThan(0);
    expect(logins.every((e) => e.type === 'auth.login')).toBe(true);
  });

  it('refuses a bad limit, before or type with 400', async () => {
    for (const query of ['limit=0', 'limit=501', 'limit=ten', 'before=-4', 'type=session.explode']) {
      expectRefusal(await asAdmin().get(`/api/admin/audit?${query}`), 400, 'malformed');
    }
  });
});
