import { describe, expect, it } from 'vitest';
import { auditSearch, createAdminApi } from './api.ts';
import type { Authorizer } from './auth.ts';
import { json, on, scriptedFetch } from './test-fakes.ts';

const TOKEN = 'access-token-fixed-0001';
const authorizer: Authorizer = { withToken: (call) => call(TOKEN) };
const user = (over: Record<string, unknown> = {}) => ({
  id: 'user_000001',
  email: 'rep@example.test',
  name: 'Robin Rep',
  roles: ['rep'],
  disabled: false,
  sessionMode: null,
  createdAt: 1,
  ...over,
});
const SETTINGS = { sessionMode: 'both', maxCustomers: 5, emailMode: 'client', admitNumberOnlyJoins: true, iceServers: [] };

describe('createAdminApi', () => {
  it('calls each endpoint of the contract with the token and unwraps the reply', async () => {
    const fetch = scriptedFetch(
      on('GET', '/api/admin/users', () => json(200, { users: [user()] })),
      on('POST', '/api/admin/users', () => json(200, { user: user(), password: 'generated-password-1' })),
      on('PATCH', '/api/admin/users/user_000001', (c) => json(200, { user: user(c.body as Record<string, unknown>) })),
      on('POST', '/api/admin/users/user_000001/password', () => json(200, { password: 'another-password-2' })),
      on('GET', '/api/admin/queues', () => json(200, { queues: [] })),
      on('POST', '/api/admin/queues', () => json(200, { queue: { id: 'queue_00001', name: 'Billing', agentIds: [] } })),
      on('PUT', '/api/admin/queues/queue_00001/agents', (c) => json(200, { queue: { id: 'queue_00001', name: 'Billing', ...(c.body as object) } })),
      on('DELETE', '/api/admin/queues/queue_00001', () => new Response(null, { status: 204 })),
      on('GET', '/api/admin/settings', () => json(200, { settings: SETTINGS })),
      on('PATCH', '/api/admin/settings', (c) => json(200, { settings: { ...SETTINGS, ...(c.body as object) } })),
      on('GET', /^\/api\/admin\/audit\?/, () => json(200, { events: [] })),
      on('GET', '/api/admin/audit.csv', () => new Response('id\n', { status: 200 })),
    );
    const api = createAdminApi(fetch, authorizer);
    expect(await api.listUsers()).toHaveLength(1);
    expect(await api.createUser({ email: 'rep@example.test', name: 'Robin Rep', roles: ['rep'] })).toMatchObject({ password: 'generated-password-1' });
    expect(await api.updateUser('user_000001', { disabled: true })).toMatchObject({ disabled: true });
    expect(await api.resetPassword('user_000001')).toBe('another-password-2');
    expect(await api.listQueues()).toEqual([]);
    expect(await api.createQueue('Billing')).toMatchObject({ name: 'Billing' });
    expect(await api.setQueueAgents('queue_00001', ['user_000001'])).toMatchObject({ agentIds: ['user_000001'] });
    await api.deleteQueue('queue_00001');
    expect(await api.getSettings()).toEqual(SETTINGS);
    expect(await api.updateSettings({ maxCustomers: 1 })).toMatchObject({ maxCustomers: 1 });
    expect(await api.listAudit({ limit: 50, before: 7, type: 'session.refuse' })).toEqual([]);
    expect(await (await api.exportAuditCsv()).text()).toBe('id\n');

    expect(fetch.calls.every((c) => c.headers.authorization === `Bearer ${TOKEN}`)).toBe(true);
    expect(fetch.calls.find((c) => c.method === 'PATCH' && c.url.includes('settings'))?.body).toEqual({ maxCustomers: 1 });
    expect(fetch.calls.find((c) => c.url.includes('/password'))?.body).toEqual({});
    expect(fetch.calls.find((c) => c.url.startsWith('/api/admin/audit?'))?.url).toBe('/api/admin/audit?limit=50&before=7&type=session.refuse');
  });

  it('refuses a reply that breaks the contract', async () => {
    const fetch = scriptedFetch(on('GET', '/api/admin/users', () => json(200, { users: [{ id: 'x' }] })));
    await expect(createAdminApi(fetch, authorizer).listUsers()).rejects.toMatchObject({ reason: 'internal' });
  });

  it('puts ids into paths safely', async () => {
    const fetch = scriptedFetch(on('DELETE', '/api/admin/queues/a%2Fb', () => new Response(null, { status: 204 })));
    await createAdminApi(fetch, authorizer).deleteQueue('a/b');
    expect(fetch.calls[0]?.url).toBe('/api/admin/queues/a%2Fb');
  });
});

describe('auditSearch', () => {
  it('leaves out what is not asked for', () => {
    expect(auditSearch({ limit: 50 })).toBe('?limit=50');
    expect(auditSearch({ limit: 10, type: 'session.start' })).toBe('?limit=10&type=session.start');
  });
});
