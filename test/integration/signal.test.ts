// WebRTC signaling relay: only between connected members of one session, and
// always stamped with the sender's real participant id.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SignalPayload } from '../../src/shared/protocol/common.ts';
import { joinCustomer, startSession } from '../helpers/scenario.ts';
import { startTestServer, type TestServer } from '../helpers/server.ts';

const offer: SignalPayload = { kind: 'description', description: { type: 'offer', sdp: 'v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\n' } };
const answer: SignalPayload = { kind: 'description', description: { type: 'answer', sdp: 'v=0\r\n' } };
const candidate: SignalPayload = { kind: 'candidate', candidate: { candidate: 'candidate:1 1 udp 2122260223 192.0.2.1 54400 typ host', sdpMid: '0', sdpMLineIndex: 0 } };

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server.stop());

function controllerOf(sessionId: string): string {
  const id = server.server.registry.byId(sessionId)?.controllerParticipantId;
  if (!id) throw new Error('no such session');
  return id;
}

describe('signal', () => {
  it('relays between the rep and a connected customer, stamped with each sender', async () => {
    const { rep, session } = await startSession(server);
    const { client: customer, joined } = await joinCustomer(server, session, { withToken: true });
    const repId = controllerOf(session.id);

    rep.send({ type: 'signal', to: joined.participantId, payload: offer });
    expect(await customer.next('signal')).toEqual({ type: 'signal', from: repId, payload: offer });

    customer.send({ type: 'signal', to: repId, payload: answer });
    expect(await rep.next('signal')).toEqual({ type: 'signal', from: joined.participantId, payload: answer });

    // A null candidate ("end of candidates") goes through too.
    customer.send({ type: 'signal', to: repId, payload: { kind: 'candidate', candidate: null } });
    expect((await rep.next('signal')).payload).toEqual({ kind: 'candidate', candidate: null });
  });

  it('ignores a `from` the client puts in: the server stamps the real sender', async () => {
    const { rep, session } = await startSession(server);
    const alice = await joinCustomer(server, session, { withToken: true, name: 'Alice' });
    const bob = await joinCustomer(server, session, { withToken: true, name: 'Bob' });
    const repId = controllerOf(session.id);

    // Bob claims to be Alice (and then the rep) while signalling.
    bob.client.sendRaw(JSON.stringify({ type: 'signal', to: repId, from: alice.joined.participantId, payload: candidate }));
    expect(await rep.next('signal')).toEqual({ type: 'signal', from: bob.joined.participantId, payload: candidate });
    bob.client.sendRaw(JSON.stringify({ type: 'signal', to: alice.joined.participantId, from: repId, payload: offer }));
    expect(await alice.client.next('signal')).toEqual({ type: 'signal', from: bob.joined.participantId, payload: offer });
  });

  it('refuses a customer still in the lobby: no media before admission', async () => {
    const { rep, session } = await startSession(server);
    const { client: customer } = await joinCustomer(server, session, { withToken: false });
    await rep.next('participant.update');
    const refusal = await customer.refused({ type: 'signal', to: controllerOf(session.id), payload: offer }, 'forbidden');
    expect(refusal.inReplyTo).toBe('signal');
    expect(await rep.settle()).toEqual([]);
  });

  it('does not let the rep signal a customer who is still in the lobby', async () => {
    const { rep, session } = await startSession(server);
    const { client: customer, joined } = await joinCustomer(server, session, { withToken: false });
    await rep.refused({ type: 'signal', to: joined.participantId, payload: offer }, 'unknown_participant');
    expect(await customer.settle()).toEqual([]);
  });

  it('does not cross sessions: a customer of A cannot reach the rep of B, nor the rep of A a customer of B', async () => {
    const a = await startSession(server);
    const b = await startSession(server);
    const customerA = await joinCustomer(server, a.session, { withToken: true });
    const customerB = await joinCustomer(server, b.session, { withToken: true });
    await a.rep.next('participant.update');
    await b.rep.next('participant.update');

    await customerA.client.refused({ type: 'signal', to: controllerOf(b.session.id), payload: offer }, 'unknown_participant');
    await customerA.client.refused({ type: 'signal', to: customerB.joined.participantId, payload: offer }, 'unknown_participant');
    await a.rep.refused({ type: 'signal', to: customerB.joined.participantId, payload: offer }, 'unknown_participant');
    expect(await b.rep.settle()).toEqual([]);
    expect(await customerB.client.settle()).toEqual([]);
  });

  it('refuses signals to oneself, to unknown ids, and from sockets in no session', async () => {
    const { rep, session } = await startSession(server);
    const { client: customer, joined } = await joinCustomer(server, session, { withToken: true });
    await customer.refused({ type: 'signal', to: joined.participantId, payload: offer }, 'unknown_participant');
    await customer.refused({ type: 'signal', to: 'p_nobodyatall00', payload: offer }, 'unknown_participant');
    await rep.refused({ type: 'signal', to: controllerOf(session.id), payload: offer }, 'unknown_participant');

    const stranger = await server.connect('site');
    await stranger.refused({ type: 'signal', to: joined.participantId, payload: offer }, 'not_in_session');
    const { client: idleRep } = await server.newRep();
    await idleRep.refused({ type: 'signal', to: joined.participantId, payload: offer }, 'not_in_session');
    expect(await customer.settle()).toEqual([]);
  });

  it('routes from a rep with several sessions by the target participant', async () => {
    const { client: rep } = await server.newRep();
    const first = (await rep.call({ type: 'session.start', kind: 'multi' }, 'session.started')).session;
    const second = (await rep.call({ type: 'session.start', kind: 'multi' }, 'session.started')).session;
    const one = await joinCustomer(server, first, { withToken: true });
    const two = await joinCustomer(server, second, { withToken: true });
    rep.send({ type: 'signal', to: two.joined.participantId, payload: offer });
    expect(await two.client.next('signal')).toEqual({ type: 'signal', from: controllerOf(second.id), payload: offer });
    rep.send({ type: 'signal', to: one.joined.participantId, payload: offer });
    expect((await one.client.next('signal')).from).toBe(controllerOf(first.id));
  });
});
