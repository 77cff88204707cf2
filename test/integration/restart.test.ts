// Restart the server on the same DATA_DIR (issue #3): users, queues, settings
// and audit rows made through the admin API are all still there, read back
// through the admin API of the new process.
import { rm } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { AdminUser, AuditEvent, Queue } from '../../src/shared/protocol/admin.ts';
import { DEFAULT_SETTINGS, SiteSettings } from '../../src/shared/protocol/settings.ts';
import { api, login, signedInUser } from '../helpers/api.ts';
import { joinCustomer } from '../helpers/scenario.ts';
import { startTestServer } from '../helpers/server.ts';

describe('restart on the same DATA_DIR', () => {
  it('keeps users, queues, settings and the audit log', async () => {
    const first = await startTestServer({ keepDataDir: true });
    let before: { users: AdminUser[]; queues: Queue[]; settings: SiteSettings; events: AuditEvent[] };
    try {
      const admin = await signedInUser(first, ['admin']);
      const call = (method: string, path: string, body?: unknown) =>
        api(first, method, path, { token: admin.tokens.accessToken, ...(body !== undefined && { body }) });
      const created = await call('POST', '/api/admin/users', { email: 'kim@example.test', name: 'Kim Agent', roles: ['rep', 'agent'], password: 'kim’s password' });
      const kim = z.object({ user: AdminUser }).parse(created.body).user;
      const queue = z.object({ queue: Queue }).parse((await call('POST', '/api/admin/queues', { name: 'Support' })).body).queue;
      await call('PUT', `/api/admin/queues/${queue.id}/agents`, { agentIds: [kim.id] });
      await call('PATCH', '/api/admin/settings', { maxCustomers: 2, admitNumberOnlyJoins: false, emailMode: 'server' });

      const tokens = await login(first, 'kim@example.test', 'kim’s password');
      const rep = await first.connect('extension');
      await rep.call({ type: 'rep.hello', accessToken: tokens.accessToken }, 'rep.welcome');
      const { session } = await rep.call({ type: 'session.start' }, 'session.started');
      await joinCustomer(first, session, { withToken: true, name: 'Casey' });
      await rep.call({ type: 'session.end', sessionId: session.id }, 'session.ended');

      before = {
        users: z.object({ users: z.array(AdminUser) }).parse((await call('GET', '/api/admin/users')).body).users,
        queues: z.object({ queues: z.array(Queue) }).parse((await call('GET', '/api/admin/queues')).body).queues,
        settings: z.object({ settings: SiteSettings }).parse((await call('GET', '/api/admin/settings')).body).settings,
        events: [],
      };
      await first.server.audit.flush();
      before.events = z.object({ events: z.array(AuditEvent) }).parse((await call('GET', '/api/admin/audit?limit=500')).body).events;
      expect(before.settings).toEqual({ ...DEFAULT_SETTINGS, maxCustomers: 2, admitNumberOnlyJoins: false, emailMode: 'server' });
      expect(before.events.map((e) => e.type)).toEqual(
        expect.arrayContaining(['auth.login', 'admin.change', 'session.start', 'session.join', 'session.end']),
      );
    } finally {
      await first.stop();
    }

    const second = await startTestServer({ dataDir: first.dataDir });
    try {
      // A fresh sign-in on the new process: the admin account itself survived.
      const adminEmail = before.users.find((u) => u.roles.includes('admin'))?.email ?? '';
      const admin = await login(second, adminEmail, `password of ${adminEmail}`);
      const call = (path: string) => api(second, 'GET', path, { token: admin.accessToken });
      expect(z.object({ users: z.array(AdminUser) }).parse((await call('/api/admin/users')).body).users).toEqual(before.users);
      expect(z.object({ queues: z.array(Queue) }).parse((await call('/api/admin/queues')).body).queues).toEqual(before.queues);
      expect(z.object({ settings: SiteSettings }).parse((await call('/api/admin/settings')).body).settings).toEqual(before.settings);
      const events = z.object({ events: z.array(AuditEvent) }).parse((await call('/api/admin/audit?limit=500')).body).events;
      // The same rows, with this sign-in's auth.login on top.
      expect(events.slice(1)).toEqual(before.events);
      expect(events[0]).toMatchObject({ type: 'auth.login', actor: adminEmail });
      // The restored settings are enforced: a number-only join is connected at once.
      const kim = await login(second, 'kim@example.test', 'kim’s password');
      const rep = await second.connect('extension');
      await rep.call({ type: 'rep.hello', accessToken: kim.accessToken }, 'rep.welcome');
      const { session } = await rep.call({ type: 'session.start' }, 'session.started');
      expect((await joinCustomer(second, session, { withToken: false })).joined.state).toBe('connected');
    } finally {
      await second.stop();
      await rm(first.dataDir, { recursive: true, force: true });
    }
  });
});
