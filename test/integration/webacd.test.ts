// WebACD (issue #8, S21–S25) at the server: agents' availability, transfers of
// a whole session to chosen agents or a queue, first accept wins, queue order,
// offer time-outs, the 345-character private message, and queues surviving a
// restart. A real server on loopback, real sockets, real SQLite.
import { rm } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Role } from '../../src/shared/protocol/common.ts';
import type { Handoff, ServerMessage } from '../../src/shared/protocol/wire.ts';
import { joinCustomer } from '../helpers/scenario.ts';
import { startTestServer, type TestServer } from '../helpers/server.ts';
import type { TestClient } from '../helpers/ws-client.ts';

const handoff: Handoff = { invitations: [{ id: 'i_1', kind: 'customer', email: 'casey@example.com', status: 'sent', at: 1 }] };
const SECRET = 'Customer is a VIP: printer on fire';

let counter = 0;

interface Agent {
  client: TestClient;
  id: string;
  email: string;
  password: string;
}

/** A signed-in user with the given roles (an agent by default). */
async function signedIn(on: TestServer, name: string, roles: Role[] = ['agent']): Promise<Agent> {
  const email = `acd${++counter}@example.test`;
  const password = `password of ${email}`;
  const user = await on.createUser(email, password, name, roles);
  return { client: await on.connectRep(email, password), id: user.id, email, password };
}

/** An agent controls a session with one customer connected; everything so far consumed. */
async function agentSession(on: TestServer, name = 'Sam Sender', roles: Role[] = ['agent']) {
  const sender = await signedIn(on, name, roles);
  const { session } = await sender.client.call({ type: 'session.start' }, 'session.started');
  const customer = await joinCustomer(on, session, { withToken: true, name: `Casey of ${name}` });
  await sender.client.drain();
  await customer.client.drain();
  return { sender, session, customer };
}

async function queueWith(on: TestServer, name: string, agents: Agent[]) {
  const queue = await on.store.queues.create(`${name} ${++counter}`);
  await on.store.queues.setAgents(queue.id, agents.map((a) => a.id));
  return queue;
}

/** Every message the client has received so far, as JSON text (for "never contains"). */
async function everything(client: TestClient): Promise<string> {
  return JSON.stringify(await client.settle());
}

function types(messages: readonly ServerMessage[]): string[] {
  return messages.map((m) => m.type);
}

describe('WebACD', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(() => server.stop());

  describe('agent.status and agents.list', () => {
    it('only agents have a status; reps and customers are refused', async () => {
      const rep = await signedIn(server, 'Ray Rep', ['rep']);
      await rep.client.refused({ type: 'agent.status', status: 'available' }, 'forbidden');
      const { session } = await rep.client.call({ type: 'session.start' }, 'session.started');
      const customer = await joinCustomer(server, session, { withToken: true });
      await customer.client.refused({ type: 'agent.status', status: 'away' }, 'forbidden');
      const stranger = await server.connect('extension');
      await stranger.refused({ type: 'agent.status', status: 'away' }, 'unauthenticated');
      const agent = await signedIn(server, 'Ada Agent');
      expect(await agent.client.call({ type: 'agent.status', status: 'away' }, 'agent.status')).toMatchObject({ status: 'away' });
    });

    it('lists queues and agents: offline without a socket, their status, busy at the customer limit', async () => {
      const on = await startTestServer();
      try {
        await on.store.settings.update({ maxCustomers: 1 });
        const away = await signedIn(on, 'Away Agent');
        await away.client.call({ type: 'agent.status', status: 'away' }, 'agent.status');
        const full = await agentSession(on, 'Full Agent');
        const idle = await signedIn(on, 'Idle Agent');
        const offline = await on.createUser('off@example.test', 'password of off', 'Off Agent', ['agent']);
        await on.createUser('rep@example.test', 'password of rep', 'Plain Rep', ['rep']);
        const queue = await queueWith(on, 'Billing', [idle]);
        const rep = await signedIn(on, 'Asker', ['rep']);
        const listed = await rep.client.call({ type: 'agents.list' }, 'agents.listed');
        expect(listed.queues).toEqual([{ id: queue.id, name: queue.name }]);
        const status = Object.fromEntries(listed.agents.map((a) => [a.userId, a.status]));
        expect(status).toEqual({ [away.id]: 'away', [full.sender.id]: 'busy', [idle.id]: 'available', [offline.id]: 'offline' });
      } finally {
        await on.stop();
      }
    });
  });

  describe('who may transfer', () => {
    it('refuses a controller who is not an agent, and an agent who does not control the session (forbidden); nothing changes', async () => {
      const target = await signedIn(server, 'Target Agent');
      const queue = await queueWith(server, 'Support', [target]);
      const { sender: rep, session, customer } = await agentSession(server, 'Ray Rep', ['rep']);
      await rep.client.refused({ type: 'session.handoff', sessionId: session.id, target: { kind: 'queue', queueId: queue.id } }, 'forbidden');
      await rep.client.refused({ type: 'session.handoff', sessionId: session.id, target: { kind: 'agents', userIds: [target.id] } }, 'forbidden');
      const other = await signedIn(server, 'Other Agent');
      await other.client.refused({ type: 'session.handoff', sessionId: session.id, target: { kind: 'queue', queueId: queue.id } }, 'forbidden');
      await customer.client.refused({ type: 'session.handoff', sessionId: session.id, target: { kind: 'queue', queueId: queue.id } }, 'forbidden');
      expect(types(await target.client.settle())).toEqual([]);
      expect(types(await customer.client.settle())).toEqual([]);
      expect(server.server.waiting().filter((w) => w.sessionId === session.id)).toEqual([]);
      expect(server.server.registry.byId(session.id)?.controllerUserId).not.toBe(target.id);
    });

    it('refuses an unknown queue, a non-agent or unknown user, and chosen agents none of whom is available', async () => {
      const { sender, session } = await agentSession(server);
      const rep = await signedIn(server, 'Plain Rep', ['rep']);
      const away = await signedIn(server, 'Away Agent');
      await away.client.call({ type: 'agent.status', status: 'away' }, 'agent.status');
      const handoffTo = (target: { kind: 'queue'; queueId: string } | { kind: 'agents'; userIds: string[] }) =>
        ({ type: 'session.handoff', sessionId: session.id, target }) as const;
      await sender.client.refused(handoffTo({ kind: 'queue', queueId: 'q_nosuchqueue0000' }), 'no_such_queue');
      await sender.client.refused(handoffTo({ kind: 'agents', userIds: [rep.id] }), 'unknown_participant');
      await sender.client.refused(handoffTo({ kind: 'agents', userIds: ['u_nobody000000000'] }), 'unknown_participant');
      await sender.client.refused(handoffTo({ kind: 'agents', userIds: [sender.id] }), 'unknown_participant');
      await sender.client.refused(handoffTo({ kind: 'agents', userIds: [away.id] }), 'no_agent_available');
      expect(types(await away.client.settle())).toEqual([]);
    });
  });

  describe('the private message (S24)', () => {
    it('accepts 345 characters and refuses 346 with message_too_long, changing nothing; customers never see it', async () => {
      const agent = await signedIn(server, 'Kim Agent');
      const queue = await queueWith(server, 'Billing', [agent]);
      const { sender, session, customer } = await agentSession(server);
      const tooLong = SECRET + 'x'.repeat(346 - SECRET.length);
      const exact = SECRET + 'y'.repeat(345 - SECRET.length);

      const refusal = await sender.client.refused(
        { type: 'session.handoff', sessionId: session.id, target: { kind: 'queue', queueId: queue.id }, message: tooLong },
        'message_too_long',
      );
      expect(refusal.inReplyTo).toBe('session.handoff');
      expect(types(await agent.client.settle())).toEqual([]);
      expect(types(await customer.client.settle())).toEqual([]);
      expect(server.server.waiting().filter((w) => w.sessionId === session.id)).toEqual([]);
      expect((await server.store.waiting.list()).filter((w) => w.sessionId === session.id)).toEqual([]);

      await sender.client.call(
        { type: 'session.handoff', sessionId: session.id, target: { kind: 'queue', queueId: queue.id }, message: exact, handoff },
        'ok',
      );
      const offer = await agent.client.next('agent.offer');
      expect(offer).toMatchObject({ sessionId: session.id, number: session.number, fromName: 'Sam Sender', customers: ['Casey of Sam Sender'], queueId: queue.id });
      expect(offer.message).toBe(exact);
      expect(offer.message).toHaveLength(345);
      expect(await sender.client.next('handoff.state')).toEqual({ type: 'handoff.state', sessionId: session.id, state: 'offered', queueId: queue.id });
      expect(await customer.client.next('handoff.state')).toEqual({ type: 'handoff.state', sessionId: session.id, state: 'offered' });

      await agent.client.call({ type: 'offer.accept', offerId: offer.offerId }, 'ok');
      expect(await customer.client.next('control.transferred')).toMatchObject({ controller: { name: 'Kim Agent' }, previous: { name: 'Sam Sender' } });
      expect(await customer.client.next('handoff.state')).toMatchObject({ state: 'accepted' });
      const seen = await everything(customer.client);
      expect(seen).not.toContain('VIP');
      expect(seen).not.toContain('yyy');
      expect(customer.client.unconsumed.some((m) => m.type === 'agent.offer')).toBe(false);
    });
  });

  describe('first accept wins (S25)', () => {
    it('of two simultaneous accepts exactly one wins; the other gets offer_gone; the sender leaves, the winner controls', async () => {
      const a = await signedIn(server, 'Ann Agent');
      const b = await signedIn(server, 'Ben Agent');
      const queue = await queueWith(server, 'Support', [a, b]);
      const { sender, session, customer } = await agentSession(server);
      await sender.client.call({ type: 'session.handoff', sessionId: session.id, target: { kind: 'queue', queueId: queue.id }, handoff }, 'ok');
      const [offerA, offerB] = await Promise.all([a.client.next('agent.offer'), b.client.next('agent.offer')]);
      expect(offerA.sessionId).toBe(session.id);
      expect(offerB.sessionId).toBe(session.id);

      const replies = await Promise.all([
        a.client.request({ type: 'offer.accept', offerId: offerA.offerId }),
        b.client.request({ type: 'offer.accept', offerId: offerB.offerId }),
      ]);
      const winners = replies.filter((r) => r.type === 'ok');
      const losers = replies.filter((r) => r.type === 'error');
      expect(winners).toHaveLength(1);
      expect(losers).toHaveLength(1);
      expect(losers[0]).toMatchObject({ reason: 'offer_gone', inReplyTo: 'offer.accept' });
      const [winner, loser, loserOffer] = replies[0]?.type === 'ok' ? [a, b, offerB] : [b, a, offerA];
      expect(await loser.client.next('offer.withdrawn')).toEqual({ type: 'offer.withdrawn', offerId: loserOffer.offerId, reason: 'accepted_elsewhere' });

      const received = await winner.client.next('control.received');
      expect(received.handoff).toEqual(handoff);
      expect(received.participants.map((p) => p.role)).toEqual(['controller', 'customer']);
      const live = server.server.registry.byId(session.id);
      expect(live?.controllerUserId).toBe(winner.id);
      expect([...(live?.participants.values() ?? [])].map((p) => p.name)).not.toContain('Sam Sender');

      // The sender is told control moved and that the transfer was accepted; they hold the session no more.
      expect(await sender.client.next('handoff.state')).toMatchObject({ state: 'offered', queueId: queue.id });
      expect(await sender.client.next('control.transferred')).toMatchObject({ reason: 'transfer' });
      expect(await sender.client.next('handoff.state')).toMatchObject({ state: 'accepted', queueId: queue.id });
      expect(types(await sender.client.settle())).not.toContain('control.released');
      await sender.client.refused({ type: 'session.end', sessionId: session.id }, 'forbidden');
      expect(await customer.client.next('control.transferred')).toMatchObject({ controller: { name: winner === a ? 'Ann Agent' : 'Ben Agent' } });
      expect(server.server.waiting().filter((w) => w.sessionId === session.id)).toEqual([]);

      // Audited: the request and the accept.
      await server.server.audit.flush();
      const events = await server.store.audit.list({ limit: 50, type: 'transfer' });
      const mine = events.filter((e) => e.sessionNumber === session.number);
      expect(mine.map((e) => e.detail.stage)).toEqual(['accepted', 'requested']);
      expect(mine[0]).toMatchObject({ actorId: winner.id, detail: { kind: 'queue', queueId: queue.id } });
    });

    it('to chosen agents: each available one is offered; a decline passes it on; accept works the same', async () => {
      const a = await signedIn(server, 'Ann Agent');
      const b = await signedIn(server, 'Ben Agent');
      const { sender, session } = await agentSession(server);
      await sender.client.call({ type: 'session.handoff', sessionId: session.id, target: { kind: 'agents', userIds: [a.id, b.id] }, message: 'hi' }, 'ok');
      const [offerA, offerB] = await Promise.all([a.client.next('agent.offer'), b.client.next('agent.offer')]);
      expect(offerA.queueId).toBeUndefined();
      expect(await sender.client.next('handoff.state')).toEqual({ type: 'handoff.state', sessionId: session.id, state: 'offered' });
      await a.client.call({ type: 'offer.decline', offerId: offerA.offerId }, 'ok');
      await a.client.refused({ type: 'offer.accept', offerId: offerA.offerId }, 'offer_gone');
      await a.client.refused({ type: 'offer.accept', offerId: offerB.offerId }, 'offer_gone');
      await b.client.call({ type: 'offer.accept', offerId: offerB.offerId }, 'ok');
      expect(await b.client.next('control.received')).toMatchObject({ sessionId: session.id, handoff: { invitations: [] } });
      expect(server.server.registry.byId(session.id)?.controllerUserId).toBe(b.id);
    });

    it('handoff.cancel withdraws the offers and the session stays with the sender', async () => {
      const a = await signedIn(server, 'Ann Agent');
      const { sender, session, customer } = await agentSession(server);
      await sender.client.call({ type: 'session.handoff', sessionId: session.id, target: { kind: 'agents', userIds: [a.id] } }, 'ok');
      const offer = await a.client.next('agent.offer');
      await sender.client.refused({ type: 'session.handoff', sessionId: session.id, target: { kind: 'agents', userIds: [a.id] } }, 'handoff_pending');
      await sender.client.call({ type: 'handoff.cancel', sessionId: session.id }, 'ok');
      expect(await a.client.next('offer.withdrawn')).toEqual({ type: 'offer.withdrawn', offerId: offer.offerId, reason: 'cancelled' });
      expect(await customer.client.next('handoff.state')).toMatchObject({ state: 'offered' });
      expect(await customer.client.next('handoff.state')).toEqual({ type: 'handoff.state', sessionId: session.id, state: 'cancelled' });
      await a.client.refused({ type: 'offer.accept', offerId: offer.offerId }, 'offer_gone');
      expect(server.server.registry.byId(session.id)?.controllerUserId).toBe(sender.id);
      await sender.client.refused({ type: 'handoff.cancel', sessionId: session.id }, 'offer_gone');
    });
  });

  describe('queues', () => {
    it('holds sessions in order of arrival, tells positions, and offers the oldest first as agents become available', async () => {
      const kim = await signedIn(server, 'Kim Agent');
      await kim.client.call({ type: 'agent.status', status: 'away' }, 'agent.status');
      const queue = await queueWith(server, 'Orders', [kim]);
      const scenes = [];
      for (const name of ['First', 'Second', 'Third']) scenes.push(await agentSession(server, name));
      for (const [i, scene] of scenes.entries()) {
        await scene.sender.client.call({ type: 'session.handoff', sessionId: scene.session.id, target: { kind: 'queue', queueId: queue.id } }, 'ok');
        expect(await scene.sender.client.next('handoff.state')).toEqual({
          type: 'handoff.state',
          sessionId: scene.session.id,
          state: 'queued',
          queueId: queue.id,
          position: i + 1,
        });
        expect(await scene.customer.client.next('handoff.state')).toEqual({ type: 'handoff.state', sessionId: scene.session.id, state: 'queued', position: i + 1 });
      }
      const [first, second, third] = scenes as [(typeof scenes)[0], (typeof scenes)[0], (typeof scenes)[0]];
      expect(server.server.waiting().filter((w) => w.queueId === queue.id).map((w) => [w.sessionId, w.position])).toEqual([
        [first.session.id, 1],
        [second.session.id, 2],
        [third.session.id, 3],
      ]);

      await kim.client.call({ type: 'agent.status', status: 'available' }, 'agent.status');
      const offer1 = await kim.client.next('agent.offer');
      expect(offer1.sessionId).toBe(first.session.id);
      expect(await first.sender.client.next('handoff.state')).toMatchObject({ state: 'offered' });
      expect(await second.customer.client.next('handoff.state')).toMatchObject({ state: 'queued', position: 1 });
      expect(await third.sender.client.next('handoff.state')).toMatchObject({ state: 'queued', position: 2 });
      // One offer at a time: nothing else for Kim yet.
      expect(types(await kim.client.settle())).not.toContain('agent.offer');

      await kim.client.call({ type: 'offer.accept', offerId: offer1.offerId }, 'ok');
      const offer2 = await kim.client.next('agent.offer');
      expect(offer2.sessionId).toBe(second.session.id);
      expect(await third.customer.client.next('handoff.state')).toMatchObject({ state: 'queued', position: 2 });
      expect(await third.customer.client.next('handoff.state')).toMatchObject({ state: 'queued', position: 1 });
      await kim.client.call({ type: 'offer.accept', offerId: offer2.offerId }, 'ok');
      expect((await kim.client.next('agent.offer')).sessionId).toBe(third.session.id);
    });

    it('a session that ends while queued leaves the queue (and the store); the others move up', async () => {
      const kim = await signedIn(server, 'Kim Agent');
      await kim.client.call({ type: 'agent.status', status: 'busy' }, 'agent.status');
      const queue = await queueWith(server, 'Returns', [kim]);
      const one = await agentSession(server, 'One');
      const two = await agentSession(server, 'Two');
      for (const s of [one, two]) {
        await s.sender.client.call({ type: 'session.handoff', sessionId: s.session.id, target: { kind: 'queue', queueId: queue.id } }, 'ok');
      }
      await one.sender.client.call({ type: 'session.end', sessionId: one.session.id }, 'session.ended');
      await two.sender.client.next('handoff.state');
      expect(await two.sender.client.next('handoff.state')).toMatchObject({ state: 'queued', position: 1 });
      expect((await server.store.waiting.list()).filter((w) => w.queueId === queue.id).map((w) => w.sessionId)).toEqual([two.session.id]);
    });
  });

  describe('offer time-outs', () => {
    it('an offer not accepted in time is withdrawn (expired) and goes to the next available agent, or back to waiting', async () => {
      const on = await startTestServer({ env: { OFFER_TIMEOUT_MS: '400' } });
      try {
        const ann = await signedIn(on, 'Ann Agent');
        const ben = await signedIn(on, 'Ben Agent');
        await ben.client.call({ type: 'agent.status', status: 'away' }, 'agent.status');
        const queue = await queueWith(on, 'Support', [ann, ben]);
        const { sender, session, customer } = await agentSession(on);
        await sender.client.call({ type: 'session.handoff', sessionId: session.id, target: { kind: 'queue', queueId: queue.id } }, 'ok');
        const offer = await ann.client.next('agent.offer');
        expect(offer.expiresAt).toBeGreaterThan(Date.now() - 1000);
        expect(await sender.client.next('handoff.state')).toMatchObject({ state: 'offered' });

        expect(await ann.client.next('offer.withdrawn', 3000)).toEqual({ type: 'offer.withdrawn', offerId: offer.offerId, reason: 'expired' });
        // Nobody else is available: queued again, first in line.
        expect(await sender.client.next('handoff.state', 3000)).toMatchObject({ state: 'queued', position: 1 });
        expect(await customer.client.next('handoff.state')).toMatchObject({ state: 'offered' });
        expect(await customer.client.next('handoff.state')).toMatchObject({ state: 'queued', position: 1 });
        await ann.client.refused({ type: 'offer.accept', offerId: offer.offerId }, 'offer_gone');

        // Ben becomes available: it goes to him (Ann let it expire, so she is passed over).
        await ben.client.call({ type: 'agent.status', status: 'available' }, 'agent.status');
        const next = await ben.client.next('agent.offer');
        expect(next.sessionId).toBe(session.id);
        expect(types(await ann.client.settle())).not.toContain('agent.offer');
        await ben.client.call({ type: 'offer.accept', offerId: next.offerId }, 'ok');
        expect(on.server.registry.byId(session.id)?.controllerUserId).toBe(ben.id);
      } finally {
        await on.stop();
      }
    });

    it('to chosen agents: when the last offer expires the transfer is cancelled and the session stays with the sender', async () => {
      const on = await startTestServer({ env: { OFFER_TIMEOUT_MS: '300' } });
      try {
        const ann = await signedIn(on, 'Ann Agent');
        const { sender, session, customer } = await agentSession(on);
        await sender.client.call({ type: 'session.handoff', sessionId: session.id, target: { kind: 'agents', userIds: [ann.id] } }, 'ok');
        const offer = await ann.client.next('agent.offer');
        expect(await ann.client.next('offer.withdrawn', 3000)).toMatchObject({ offerId: offer.offerId, reason: 'expired' });
        expect(await sender.client.next('handoff.state')).toMatchObject({ state: 'offered' });
        expect(await sender.client.next('handoff.state', 3000)).toEqual({ type: 'handoff.state', sessionId: session.id, state: 'cancelled' });
        expect(await customer.client.next('handoff.state')).toMatchObject({ state: 'offered' });
        expect(await customer.client.next('handoff.state')).toMatchObject({ state: 'cancelled' });
        expect(on.server.registry.byId(session.id)?.controllerUserId).toBe(sender.id);
      } finally {
        await on.stop();
      }
    });
  });

  describe('restart', () => {
    it('keeps the sessions waiting in a queue, in order', async () => {
      const first = await startTestServer({ keepDataDir: true });
      let queueId = '';
      let order: string[] = [];
      try {
        const kim = await signedIn(first, 'Kim Agent');
        await kim.client.call({ type: 'agent.status', status: 'away' }, 'agent.status');
        const queue = await queueWith(first, 'Support', [kim]);
        queueId = queue.id;
        for (const name of ['First', 'Second', 'Third']) {
          const { sender, session } = await agentSession(first, name);
          await sender.client.call({ type: 'session.handoff', sessionId: session.id, target: { kind: 'queue', queueId }, message: `note of ${name}` }, 'ok');
          order.push(session.id);
        }
        expect(first.server.waiting().map((w) => w.sessionId)).toEqual(order);
      } finally {
        await first.stop();
      }
      const second = await startTestServer({ dataDir: first.dataDir });
      try {
        // The sessions themselves come back with the restart (issue #10), so their entries are queued again, in order.
        expect(second.server.waiting().map((w) => [w.sessionId, w.queueId, w.state])).toEqual(order.map((id) => [id, queueId, 'queued']));
        const stored = await second.store.waiting.list();
        expect(stored.map((w) => w.sessionId)).toEqual(order);
        expect(stored.map((w) => w.message)).toEqual(['note of First', 'note of Second', 'note of Third']);
        // The first agent to become available is offered the oldest, with its note.
        const kim2 = await signedIn(second, 'Kim Again');
        await second.store.queues.setAgents(queueId, [kim2.id]);
        await kim2.client.call({ type: 'agent.status', status: 'available' }, 'agent.status');
        const offer = await kim2.client.next('agent.offer');
        expect(offer).toMatchObject({ sessionId: order[0], message: 'note of First' });
      } finally {
        await second.stop();
        await rm(first.dataDir, { recursive: true, force: true });
        order = [];
      }
    });

    it('drops reloaded entries whose session does not come back within the grace period', async () => {
      const first = await startTestServer({ keepDataDir: true });
      try {
        const kim = await signedIn(first, 'Kim Agent');
        await kim.client.call({ type: 'agent.status', status: 'away' }, 'agent.status');
        const queue = await queueWith(first, 'Support', [kim]);
        const { sender, session } = await agentSession(first);
        await sender.client.call({ type: 'session.handoff', sessionId: session.id, target: { kind: 'queue', queueId: queue.id } }, 'ok');
      } finally {
        await first.stop();
      }
      const second = await startTestServer({ dataDir: first.dataDir, env: { REP_GRACE_MS: '200' } });
      try {
        expect(second.server.waiting()).toHaveLength(1);
        await expect.poll(() => second.server.waiting().length, { timeout: 3000 }).toBe(0);
        await expect.poll(async () => (await second.store.waiting.list()).length, { timeout: 3000 }).toBe(0);
      } finally {
        await second.stop();
        await rm(first.dataDir, { recursive: true, force: true });
      }
    });
  });
});
