// The audit log a real session writes (start, join, admit, deny, share,
// leave, end), read back through the admin API and exported as CSV.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { AuditEvent } from '../../src/shared/protocol/admin.ts';
import { api, signedInUser } from '../helpers/api.ts';
import { parseCsv } from '../helpers/csv.ts';
import { joinCustomer } from '../helpers/scenario.ts';
import { startTestServer, type TestServer } from '../helpers/server.ts';
import type { TestClient } from '../helpers/ws-client.ts';

let server: TestServer;
let admin: Awaited<ReturnType<typeof signedInUser>>;
beforeAll(async () => {
  server = await startTestServer();
  admin = await signedInUser(server, ['admin']);
});
afterAll(() => server.stop());

async function untilLeft(socket: TestClient, participantId: string): Promise<void> {
  for (;;) {
    const { participant } = await socket.next('participant.update');
    if (participant.id === participantId && participant.state === 'left') return;
  }
}

async function eventsOf(sessionNumber: string): Promise<AuditEvent[]> {
  await server.server.audit.flush();
  const reply = await api(server, 'GET', '/api/admin/audit?limit=500', { token: admin.tokens.accessToken });
  const { events } = z.object({ events: z.array(AuditEvent) }).parse(reply.body);
  return events.filter((e) => e.sessionNumber === sessionNumber).reverse();
}

describe('audit log of a session', () => {
  it('records each step with its actor, session number and address', async () => {
    const rep = await signedInUser(server, ['rep'], 'Alex Rep');
    const socket = await server.connect('extension');
    await socket.call({ type: 'rep.hello', accessToken: rep.tokens.accessToken }, 'rep.welcome');
    const { session } = await socket.call({ type: 'session.start' }, 'session.started');

    const linked = await joinCustomer(server, session, { withToken: true, name: 'Casey' });
    const admitted = await joinCustomer(server, session, { withToken: false, name: 'Robin' });
    const denied = await joinCustomer(server, session, { withToken: false, name: 'Mallory' });
    await socket.call({ type: 'participant.admit', sessionId: session.id, participantId: admitted.joined.participantId }, 'ok');
    await socket.call({ type: 'participant.deny', sessionId: session.id, participantId: denied.joined.participantId }, 'ok');
    await socket.call({ type: 'share.update', sessionId: session.id, sharing: true }, 'ok');
    // Re-asserting the same state (as after a reconnect) is not a new event.
    await socket.call({ type: 'share.update', sessionId: session.id, sharing: true }, 'ok');
    await socket.call({ type: 'share.update', sessionId: session.id, sharing: false }, 'ok');
    await linked.client.call({ type: 'customer.leave' }, 'ok');
    await admitted.client.close();
    // The server handles the closed socket on its own schedule: wait until the rep is told Robin left.
    await untilLeft(socket, admitted.joined.participantId);
    await socket.call({ type: 'session.end', sessionId: session.id }, 'session.ended');

    const events = await eventsOf(session.number);
    const repActor = { actor: rep.email, actorId: rep.user.id };
    expect(events.map(({ type, actor, actorId, detail }) => ({ type, actor, actorId, detail }))).toEqual([
      { type: 'session.start', ...repActor, detail: { kind: 'single' } },
      { type: 'session.join', actor: 'Casey', actorId: null, detail: { state: 'connected', via: 'link' } },
      { type: 'session.join', actor: 'Robin', actorId: null, detail: { state: 'lobby', via: 'number' } },
      { type: 'session.join', actor: 'Mallory', actorId: null, detail: { state: 'lobby', via: 'number' } },
      { type: 'session.admit', ...repActor, detail: { customer: 'Robin' } },
      { type: 'session.deny', ...repActor, detail: { customer: 'Mallory' } },
      { type: 'share.start', ...repActor, detail: {} },
      { type: 'share.stop', ...repActor, detail: {} },
      { type: 'session.leave', actor: 'Casey', actorId: null, detail: { how: 'left' } },
      { type: 'session.leave', actor: 'Robin', actorId: null, detail: { how: 'disconnected' } },
      { type: 'session.end', ...repActor, detail: { reason: 'ended_by_rep' } },
    ]);
    for (const event of events) expect(event).toMatchObject({ sessionNumber: session.number, ip: '127.0.0.1' });
    expect(events.map((e) => e.at)).toEqual([...events.map((e) => e.at)].sort((a, b) => a - b));
  });

  it('records the rep’s sign-in and sign-out', async () => {
    const rep = await signedInUser(server, ['rep']);
    await api(server, 'POST', '/api/auth/logout', { token: rep.tokens.accessToken });
    await server.server.audit.flush();
    const [login] = await server.store.audit.list({ limit: 1, type: 'auth.login' });
    const [logout] = await server.store.audit.list({ limit: 1, type: 'auth.logout' });
    expect(login).toMatchObject({ actor: rep.email, actorId: rep.user.id, ip: '127.0.0.1', sessionNumber: null });
    expect(logout).toMatchObject({ actor: rep.email, actorId: rep.user.id });
  });
});

describe('CSV export', () => {
  it('has a header and one row per event, oldest first, escaped and safe from formulas', async () => {
    const rep = await signedInUser(server, ['rep']);
    const socket = await server.connect('extension');
    await socket.call({ type: 'rep.hello', accessToken: rep.tokens.accessToken }, 'rep.welcome');
    const { session } = await socket.call({ type: 'session.start' }, 'session.started');
    await joinCustomer(server, session, { withToken: true, name: '=Casey, "the" +Boss' });
    await joinCustomer(server, session, { withToken: true, name: '@SUM(1)' });
    await joinCustomer(server, session, { withToken: true, name: '-2+3' });
    // No client can put a line break in a name; the export must still cope with one.
    await server.store.audit.append({ at: Date.now(), type: 'transfer', actorId: null, actor: 'two\r\nlines', sessionNumber: null, ip: null, detail: { note: 'a,b' } });
    await server.server.audit.flush();

    const reply = await fetch(`${server.url}/api/admin/audit.csv`, { headers: { authorization: `Bearer ${admin.tokens.accessToken}` } });
    expect(reply.status).toBe(200);
    expect(reply.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(reply.headers.get('content-disposition')).toMatch(/^attachment; filename="peerassist-audit-\d{4}-\d{2}-\d{2}\.csv"$/);
    const text = new TextDecoder('utf-8', { ignoreBOM: true }).decode(await reply.arrayBuffer());
    expect(text.startsWith('\uFEFF')).toBe(true);
    const [header, ...rows] = parseCsv(text.slice(1));
    expect(header).toEqual(['id', 'time', 'type', 'actor', 'actor_id', 'session_number', 'ip', 'detail']);

    const all: AuditEvent[] = [];
    for await (const event of server.store.audit.all()) all.push(event);
    expect(rows).toHaveLength(all.length);
    expect(rows.map((row) => Number(row[0]))).toEqual(all.map((e) => e.id));
    for (const [i, row] of rows.entries()) {
      const event = all[i] as AuditEvent;
      expect(row[1]).toBe(new Date(event.at).toISOString());
      expect(row[2]).toBe(event.type);
      expect(row[3]).toBe(/^[=+\-@]/.test(event.actor) ? `'${event.actor}` : event.actor);
      expect(row[7]).toBe(Object.keys(event.detail).length ? JSON.stringify(event.detail) : '');
    }
    const actors = rows.map((row) => row[3]);
    expect(actors).toContain(`'=Casey, "the" +Boss`);
    expect(actors).toContain(`'@SUM(1)`);
    expect(actors).toContain(`'-2+3`);
    expect(actors).toContain('two\r\nlines');
    expect(text).toContain(`"'=Casey, ""the"" +Boss"`);
  });

  it('needs an admin', async () => {
    expect((await api(server, 'GET', '/api/admin/audit.csv')).status).toBe(401);
  });
});
