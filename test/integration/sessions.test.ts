// Starting, joining (with and without the link's token), admitting, denying,
// sharing, leaving and ending sessions: each role rule checked by the server.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { joinCustomer, startSession } from '../helpers/scenario.ts';
import { startTestServer, type TestServer } from '../helpers/server.ts';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server.stop());

describe('session.start', () => {
  it('gives a 9-digit number, a 128-bit token and a join link on PUBLIC_URL', async () => {
    const { session } = await startSession(server);
    expect(session.number).toMatch(/^[1-9]\d{8}$/);
    expect(session.joinToken).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect(session.joinUrl).toBe(`${server.url}/join/${session.number}?t=${session.joinToken}`);
    const live = server.server.registry.byId(session.id);
    expect(live?.number).toBe(session.number);
    expect([...(live?.participants.values() ?? [])]).toEqual([
      expect.objectContaining({ role: 'controller', state: 'connected', name: 'Alex Rep' }),
    ]);
  });

  it('lets one rep socket control several sessions (session tabs, S15)', async () => {
    const { client: rep } = await server.newRep();
    const a = await rep.call({ type: 'session.start', kind: 'multi' }, 'session.started');
    const b = await rep.call({ type: 'session.start', kind: 'multi' }, 'session.started');
    expect(a.session.number).not.toBe(b.session.number);
    const customerA = await joinCustomer(server, a.session, { withToken: true });
    const customerB = await joinCustomer(server, b.session, { withToken: true });
    expect((await rep.next('participant.update')).sessionId).toBe(a.session.id);
    expect((await rep.next('participant.update')).sessionId).toBe(b.session.id);
    expect(customerA.joined.sessionId).toBe(a.session.id);
    expect(customerB.joined.sessionId).toBe(b.session.id);
  });
});

describe('customer.join', () => {
  it('with the right token: connected at once, and the rep sees the participant', async () => {
    const { rep, session } = await startSession(server, 'Alex Rep');
    const { joined } = await joinCustomer(server, session, { withToken: true, name: 'Casey' });
    expect(joined).toMatchObject({ sessionId: session.id, repName: 'Alex Rep', state: 'connected', sharing: false, iceServers: [], selected: false, stage: null });
    const update = await rep.next('participant.update');
    expect(update).toEqual({
      type: 'participant.update',
      sessionId: session.id,
      participant: { id: joined.participantId, name: 'Casey', role: 'customer', state: 'connected', joinedAt: expect.any(Number) },
    });
  });

  it('with a wrong token: invalid_token, the session unchanged, the rep told nothing', async () => {
    const { rep, session } = await startSession(server);
    const customer = await server.connect('site');
    const wrong = session.joinToken.startsWith('A') ? `B${session.joinToken.slice(1)}` : `A${session.joinToken.slice(1)}`;
    const refusal = await customer.refused({ type: 'customer.join', number: session.number, token: wrong, name: 'Mallory' }, 'invalid_token');
    expect(refusal.inReplyTo).toBe('customer.join');
    expect(server.server.registry.listParticipants(session.id)).toHaveLength(1);
    expect(await rep.settle()).toEqual([]);
    // The refused socket is not bound to anything: it can still join properly.
    await customer.call({ type: 'customer.join', number: session.number, token: session.joinToken, name: 'Casey' }, 'customer.joined');
  });

  it('without a token: waits in the lobby until the rep admits', async () => {
    const { rep, session } = await startSession(server);
    const { client: customer, joined } = await joinCustomer(server, session, { withToken: false });
    expect(joined.state).toBe('lobby');
    expect((await rep.next('participant.update')).participant).toMatchObject({ id: joined.participantId, state: 'lobby' });

    await rep.call({ type: 'participant.admit', sessionId: session.id, participantId: joined.participantId }, 'ok');
    expect(await customer.next('customer.admitted')).toEqual({ type: 'customer.admitted', sessionId: session.id });
    expect(await customer.next('share.state')).toEqual({ type: 'share.state', sessionId: session.id, sharing: false, stage: null });
    expect(await customer.next('support.selected')).toEqual({ type: 'support.selected', sessionId: session.id, participantId: null, sharesStopped: false });
    expect((await rep.next('participant.update')).participant).toMatchObject({ id: joined.participantId, state: 'connected' });

    // Admitted once: a second admit finds no one waiting.
    await rep.refused({ type: 'participant.admit', sessionId: session.id, participantId: joined.participantId }, 'unknown_participant');
  });

  it('without a token, denied: the customer is told and removed', async () => {
    const { rep, session } = await startSession(server);
    const { client: customer, joined } = await joinCustomer(server, session, { withToken: false });
    await rep.next('participant.update');

    await rep.call({ type: 'participant.deny', sessionId: session.id, participantId: joined.participantId }, 'ok');
    const denied = await customer.next('error');
    expect(denied).toMatchObject({ reason: 'denied', inReplyTo: 'customer.join' });
    expect((await rep.next('participant.update')).participant).toMatchObject({ id: joined.participantId, state: 'left' });
    expect(server.server.registry.byId(session.id)?.participants.has(joined.participantId)).toBe(false);
    // A denied customer is no longer in the session.
    await customer.refused({ type: 'customer.leave' }, 'not_in_session');
  });

  it('refuses an unknown number, a second join, and a rep socket', async () => {
    const { rep, session } = await startSession(server);
    const stranger = await server.connect('site');
    const unknown = session.number === '999999999' ? '999999998' : '999999999';
    await stranger.refused({ type: 'customer.join', number: unknown, name: 'Casey' }, 'no_session');

    const { client: customer } = await joinCustomer(server, session, { withToken: true });
    await customer.refused({ type: 'customer.join', number: session.number, token: session.joinToken, name: 'Again' }, 'already_in_session');

    const accessToken = await server.signIn(...(await newRepCredentials()));
    const repOnSite = await server.connect('site');
    await repOnSite.call({ type: 'rep.hello', accessToken }, 'rep.welcome');
    await repOnSite.refused({ type: 'customer.join', number: session.number, name: 'Rep' }, 'forbidden');
    await rep.next('participant.update');
    expect(server.server.registry.listParticipants(session.id)).toHaveLength(2);
  });

  it('refuses a join from an extension-origin socket', async () => {
    const { rep, session } = await startSession(server);
    const fromExtension = await server.connect('extension');
    await fromExtension.refused({ type: 'customer.join', number: session.number, token: session.joinToken, name: 'Casey' }, 'forbidden');
    expect(server.server.registry.listParticipants(session.id)).toHaveLength(1);
    expect(await rep.settle()).toEqual([]);
  });

  it('accepts a join from a client that sends no Origin (not a browser)', async () => {
    const { session } = await startSession(server);
    const cli = await server.connect('none');
    const joined = await cli.call({ type: 'customer.join', number: session.number, token: session.joinToken, name: 'Casey' }, 'customer.joined');
    expect(joined.state).toBe('connected');
  });
});

async function newRepCredentials(): Promise<[string, string]> {
  const { email, password, client } = await server.newRep();
  await client.close();
  return [email, password];
}

describe('controller-only actions', () => {
  it('share.update reaches connected customers, not those in the lobby', async () => {
    const { rep, session } = await startSession(server);
    const inside = await joinCustomer(server, session, { withToken: true });
    const waiting = await joinCustomer(server, session, { withToken: false });
    await rep.call({ type: 'share.update', sessionId: session.id, sharing: true }, 'ok');
    const stage = { participantId: server.server.registry.byId(session.id)?.controllerParticipantId, role: 'controller', name: 'Alex Rep' };
    expect(await inside.client.next('share.state')).toEqual({ type: 'share.state', sessionId: session.id, sharing: true, stage });
    expect(await waiting.client.settle()).toEqual([]);
    // The rep's socket asked: it gets the ok, not a copy of the state.
    expect(await rep.settle()).not.toContainEqual(expect.objectContaining({ type: 'share.state' }));
    expect(server.server.registry.byId(session.id)?.sharing).toBe(true);

    // Admitted later, the waiting customer learns the current state.
    await rep.call({ type: 'participant.admit', sessionId: session.id, participantId: waiting.joined.participantId }, 'ok');
    await waiting.client.next('customer.admitted');
    expect(await waiting.client.next('share.state')).toMatchObject({ sharing: true, stage });
  });

  it('refuses another rep (forbidden), customers, and unknown sessions (no_session)', async () => {
    const { session } = await startSession(server);
    const { client: otherRep } = await server.newRep('Other Rep');
    const { client: customer, joined } = await joinCustomer(server, session, { withToken: false });
    const actions = [
      { type: 'share.update', sessionId: session.id, sharing: true },
      { type: 'participant.admit', sessionId: session.id, participantId: joined.participantId },
      { type: 'participant.deny', sessionId: session.id, participantId: joined.participantId },
      { type: 'session.resume', sessionId: session.id },
      { type: 'session.end', sessionId: session.id },
    ] as const;
    for (const action of actions) {
      await otherRep.refused(action, 'forbidden');
      await customer.refused(action, 'forbidden');
      await otherRep.refused({ ...action, sessionId: 's_doesnotexist00' }, 'no_session');
    }
    const live = server.server.registry.byId(session.id);
    expect(live?.sharing).toBe(false);
    expect(live?.participants.get(joined.participantId)?.state).toBe('lobby');
  });

  it('admit/deny refuse participants of another session', async () => {
    const a = await startSession(server);
    const b = await startSession(server);
    const { joined } = await joinCustomer(server, b.session, { withToken: false });
    await a.rep.refused({ type: 'participant.admit', sessionId: a.session.id, participantId: joined.participantId }, 'unknown_participant');
    await a.rep.refused({ type: 'participant.deny', sessionId: a.session.id, participantId: joined.participantId }, 'unknown_participant');
    expect(server.server.registry.byId(b.session.id)?.participants.get(joined.participantId)?.state).toBe('lobby');
  });
});

describe('leaving', () => {
  it('customer.leave: the rep sees state left', async () => {
    const { rep, session } = await startSession(server);
    const { client: customer, joined } = await joinCustomer(server, session, { withToken: true });
    await rep.next('participant.update');
    await customer.call({ type: 'customer.leave' }, 'ok');
    expect((await rep.next('participant.update')).participant).toMatchObject({ id: joined.participantId, state: 'left' });
    expect(server.server.registry.listParticipants(session.id)).toHaveLength(1);
  });

  it('closing the customer socket counts as leaving', async () => {
    const { rep, session } = await startSession(server);
    const { client: customer, joined } = await joinCustomer(server, session, { withToken: false });
    await rep.next('participant.update');
    await customer.close();
    expect((await rep.next('participant.update')).participant).toMatchObject({ id: joined.participantId, state: 'left' });
  });
});

describe('session.end', () => {
  it('tells every customer, frees the number, and keeps customer sockets open', async () => {
    const { rep, session } = await startSession(server);
    const inside = await joinCustomer(server, session, { withToken: true });
    const waiting = await joinCustomer(server, session, { withToken: false });

    const ended = await rep.call({ type: 'session.end', sessionId: session.id }, 'session.ended');
    expect(ended).toMatchObject({ sessionId: session.id, reason: 'ended_by_rep' });
    for (const customer of [inside.client, waiting.client]) {
      expect(await customer.next('session.ended')).toEqual({ type: 'session.ended', sessionId: session.id, reason: 'ended_by_rep' });
      expect(customer.isOpen).toBe(true);
    }
    expect(server.server.registry.byId(session.id)).toBeUndefined();

    const late = await server.connect('site');
    await late.refused({ type: 'customer.join', number: session.number, token: session.joinToken, name: 'Late' }, 'no_session');
    await rep.refused({ type: 'session.end', sessionId: session.id }, 'no_session');
    await inside.client.refused({ type: 'customer.leave' }, 'not_in_session');
  });
});
