// GET /api/admin/webacd (issue #8: "the admin page shows each queue's waiting
// sessions and agents' states live"): admins only; each queue's sessions in
// order with the position the customer is told, and its agents' states; never
// the private message nor the join token. Real server, sockets and SQLite.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiError, WebacdSnapshot } from '../../src/shared/protocol/admin.ts';
import type { Role } from '../../src/shared/protocol/common.ts';
import { api, signedInUser } from '../helpers/api.ts';
import { joinCustomer } from '../helpers/scenario.ts';
import { startTestServer, type TestServer } from '../helpers/server.ts';

const PATH = '/api/admin/webacd';
const SECRET = 'Customer is a VIP: printer on fire';

let server: TestServer;
let adminToken: string;
let counter = 0;
beforeAll(async () => {
  server = await startTestServer();
  adminToken = (await signedInUser(server, ['admin'])).tokens.accessToken;
});
afterAll(() => server.stop());

async function signedIn(name: string, roles: Role[] = ['agent']) {
  const email = `webacd${++counter}@example.test`;
  const password = `password of ${email}`;
  const user = await server.createUser(email, password, name, roles);
  return { client: await server.connectRep(email, password), id: user.id };
}

/** An agent controls a session with one customer, then sends it to the queue (with the private message). */
async function queuedSession(sender: string, queueId: string) {
  const agent = await signedIn(sender);
  const { session } = await agent.client.call({ type: 'session.start' }, 'session.started');
  await joinCustomer(server, session, { withToken: true, name: `Casey of ${sender}` });
  await agent.client.call({ type: 'session.handoff', sessionId: session.id, target: { kind: 'queue', queueId }, message: SECRET }, 'ok');
  return { agent, session };
}

async function snapshot() {
  const reply = await api(server, 'GET', PATH, { token: adminToken });
  expect(reply.status).toBe(200);
  expect(reply.headers.get('cache-control')).toBe('no-store');
  return { snapshot: WebacdSnapshot.parse(reply.body), text: reply.text };
}

describe('GET /api/admin/webacd', () => {
  it('401 without a valid token, 403 for a rep and for an agent', async () => {
    for (const token of [undefined, 'not-a-real-token-at-all']) {
      const reply = await api(server, 'GET', PATH, { ...(token && { token }) });
      expect(reply.status).toBe(401);
      expect(ApiError.parse(reply.body).error.reason).toBe('unauthenticated');
    }
    for (const roles of [['rep'], ['agent']] as Role[][]) {
      const { tokens } = await signedInUser(server, roles, 'Not An Admin');
      const reply = await api(server, 'GET', PATH, { token: tokens.accessToken });
      expect(reply.status).toBe(403);
      expect(ApiError.parse(reply.body).error).toMatchObject({ reason: 'forbidden', message: expect.stringMatching(/administrator/) });
    }
  });

  it('lists each queue’s waiting sessions in order with their positions, and its agents’ states; never the private message', async () => {
    const away = await signedIn('Away Agent');
    await away.client.call({ type: 'agent.status', status: 'away' }, 'agent.status');
    const offline = await server.createUser('webacd-offline@example.test', 'password of offline', 'Off Agent', ['agent']);
    const queue = await server.store.queues.create('Billing');
    await server.store.queues.setAgents(queue.id, [away.id, offline.id]);

    const empty = (await snapshot()).snapshot.queues.find((q) => q.id === queue.id);
    expect(empty).toEqual({
      id: queue.id,
      name: 'Billing',
      waiting: [],
      agents: [
        { userId: away.id, name: 'Away Agent', status: 'away' },
        { userId: offline.id, name: 'Off Agent', status: 'offline' },
      ],
    });

    const before = Date.now();
    const first = await queuedSession('Sam Sender', queue.id);
    const second = await queuedSession('Sue Sender', queue.id);
    await first.agent.client.next('handoff.state');
    await second.agent.client.next('handoff.state');

    const { snapshot: snap, text } = await snapshot();
    const billing = snap.queues.find((q) => q.id === queue.id);
    expect(billing?.waiting).toEqual([
      { state: 'queued', position: 1, sessionNumber: first.session.number, customers: ['Casey of Sam Sender'], from: 'Sam Sender', since: expect.any(Number) },
      { state: 'queued', position: 2, sessionNumber: second.session.number, customers: ['Casey of Sue Sender'], from: 'Sue Sender', since: expect.any(Number) },
    ]);
    for (const waiting of billing?.waiting ?? []) {
      expect(waiting.since).toBeGreaterThanOrEqual(before);
      expect(waiting.since).toBeLessThanOrEqual(snap.at);
    }
    // The senders are agents in no queue.
    expect(snap.otherAgents.map((a) => a.userId)).toEqual(expect.arrayContaining([first.agent.id, second.agent.id]));
    expect(snap.otherAgents.map((a) => a.userId)).not.toContain(away.id);
    expect(text).not.toContain(SECRET);
    expect(text).not.toContain(first.session.joinToken);
    expect(text).not.toContain(second.session.joinToken);

    // The away agent comes back: the oldest session is offered to them, the other moves up.
    await away.client.call({ type: 'agent.status', status: 'available' }, 'agent.status');
    const offer = await away.client.next('agent.offer');
    expect(offer.sessionId).toBe(first.session.id);
    const after = (await snapshot()).snapshot.queues.find((q) => q.id === queue.id);
    expect(after?.waiting.map((w) => [w.sessionNumber, w.state, w.position])).toEqual([
      [first.session.number, 'offered', null],
      [second.session.number, 'queued', 1],
    ]);
    expect(after?.agents.find((a) => a.userId === away.id)?.status).toBe('available');
  });
});
