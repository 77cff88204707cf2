// Assisting another rep's session (S16–S17): a signed-in rep joins by number
// as an assistant, follows the participant list and can exchange signaling,
// but every control message from them is refused and changes nothing.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { SignalPayload } from '../../src/shared/protocol/common.ts';
import { DEFAULT_SETTINGS } from '../../src/shared/protocol/settings.ts';
import { api, signedInUser } from '../helpers/api.ts';
import { joinAssistant, joinCustomer, startSession } from '../helpers/scenario.ts';
import { startTestServer, type TestServer } from '../helpers/server.ts';
import type { TestClient } from '../helpers/ws-client.ts';

const offer: SignalPayload = { kind: 'description', description: { type: 'offer', sdp: 'v=0\r\n' } };
const answer: SignalPayload = { kind: 'description', description: { type: 'answer', sdp: 'v=0\r\n' } };

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server.stop());
afterEach(() => server.store.settings.update(DEFAULT_SETTINGS).then(() => undefined));

function controllerOf(sessionId: string): string {
  const id = server.server.registry.byId(sessionId)?.controllerParticipantId;
  if (!id) throw new Error('no such session');
  return id;
}

async function auditOf(type: 'assistant.join' | 'assistant.leave', sessionNumber: string) {
  await server.server.audit.flush();
  return (await server.store.audit.list({ limit: 100, type })).filter((e) => e.sessionNumber === sessionNumber);
}

/** Waits for the participant.update that says `participantId` left. */
async function untilLeft(socket: TestClient, participantId: string): Promise<void> {
  for (;;) {
    const { participant } = await socket.next('participant.update');
    if (participant.id === participantId && participant.state === 'left') return;
  }
}

describe('assistant.join', () => {
  it('adds the rep as a connected assistant; the controller sees them; audited', async () => {
    const { rep, session } = await startSession(server, 'Alex Rep');
    await rep.call({ type: 'share.update', sessionId: session.id, sharing: true }, 'ok');
    const customer = await joinCustomer(server, session, { withToken: true, name: 'Casey' });
    await rep.next('participant.update');

    const { joined, email } = await joinAssistant(server, session, 'Bo Helper');
    expect(joined).toEqual({
      type: 'assistant.joined',
      rid: expect.any(String),
      sessionId: session.id,
      number: session.number,
      participantId: expect.any(String),
      controllerName: 'Alex Rep',
      participants: [
        expect.objectContaining({ role: 'controller', name: 'Alex Rep', state: 'connected' }),
        expect.objectContaining({ id: customer.joined.participantId, role: 'customer', state: 'connected' }),
        expect.objectContaining({ id: joined.participantId, role: 'assistant', name: 'Bo Helper', state: 'connected' }),
      ],
      sharing: true,
      iceServers: [],
      selectedId: null,
      stage: { participantId: server.server.registry.byId(session.id)?.controllerParticipantId, role: 'controller', name: 'Alex Rep' },
    });
    expect(await rep.next('participant.update')).toEqual({
      type: 'participant.update',
      sessionId: session.id,
      participant: { id: joined.participantId, name: 'Bo Helper', role: 'assistant', state: 'connected', joinedAt: expect.any(Number) },
    });
    // Customers are not told about reps joining.
    expect(await customer.client.settle()).toEqual([]);
    expect(await auditOf('assistant.join', session.number)).toEqual([expect.objectContaining({ actor: email, ip: '127.0.0.1' })]);
  });

  it('refuses an unknown number, the controller itself, a customer socket and a socket that has not signed in', async () => {
    const { rep, session } = await startSession(server);
    const unknown = session.number === '999999999' ? '999999998' : '999999999';
    const { client: other } = await server.newRep('Bo Helper');
    await other.refused({ type: 'assistant.join', number: unknown }, 'no_session');
    await rep.refused({ type: 'assistant.join', number: session.number }, 'already_in_session');

    const { client: customer } = await joinCustomer(server, session, { withToken: true });
    await rep.next('participant.update');
    await customer.refused({ type: 'assistant.join', number: session.number }, 'forbidden');
    // The rep's invitation link opened in a plain page: no rep.hello, no assistant.
    const anonymous = await server.connect('site');
    await anonymous.refused({ type: 'assistant.join', number: session.number }, 'unauthenticated');

    expect(server.server.registry.listParticipants(session.id).map((p) => p.role)).toEqual(['controller', 'customer']);
    expect(await rep.settle()).toEqual([]);
  });

  it('is idempotent: joining again keeps the participant, and a new socket takes it over', async () => {
    const { rep, session } = await startSession(server);
    const first = await joinAssistant(server, session);
    await rep.next('participant.update');

    const again = await first.client.call({ type: 'assistant.join', number: session.number }, 'assistant.joined');
    expect(again.participantId).toBe(first.joined.participantId);

    // The extension restarted: a new socket re-asserts the same assistant.
    const restarted = await server.connectRep(first.email, first.password);
    const reasserted = await restarted.call({ type: 'assistant.join', number: session.number }, 'assistant.joined');
    expect(reasserted.participantId).toBe(first.joined.participantId);
    expect(server.server.registry.listParticipants(session.id).filter((p) => p.role === 'assistant')).toHaveLength(1);
    expect(await rep.settle()).toEqual([]);

    // Signals for the assistant now reach the new socket.
    rep.send({ type: 'signal', to: first.joined.participantId, payload: offer });
    expect(await restarted.next('signal')).toEqual({ type: 'signal', from: controllerOf(session.id), payload: offer });
    expect(await first.client.settle()).toEqual([]);
    expect(await auditOf('assistant.join', session.number)).toHaveLength(1);
  });

  it('the old socket closing after a take-over does not take the assistant out', async () => {
    const { rep, session } = await startSession(server);
    const elsewhere = await startSession(server, 'Dee Rep');
    const helper = await joinAssistant(server, session);
    await rep.next('participant.update');
    // The old socket also assists a second session that the new one does not re-assert.
    const second = await helper.client.call({ type: 'assistant.join', number: elsewhere.session.number }, 'assistant.joined');
    await elsewhere.rep.next('participant.update');

    const restarted = await server.connectRep(helper.email, helper.password);
    await restarted.call({ type: 'assistant.join', number: session.number }, 'assistant.joined');
    await helper.client.close();
    // Both sessions are handled in the one close: once the second session hears it, the first one is settled.
    await untilLeft(elsewhere.rep, second.participantId);
    expect(await rep.settle()).toEqual([]);
    expect(server.server.registry.byId(session.id)?.participants.get(helper.joined.participantId)?.state).toBe('connected');
  });
});

describe('leaving', () => {
  it('assistant.leave: the controller sees them leave; the session goes on; audited', async () => {
    const { rep, session } = await startSession(server);
    const helper = await joinAssistant(server, session);
    await rep.next('participant.update');

    await helper.client.call({ type: 'assistant.leave', sessionId: session.id }, 'ok');
    expect((await rep.next('participant.update')).participant).toMatchObject({ id: helper.joined.participantId, role: 'assistant', state: 'left' });
    expect(server.server.registry.listParticipants(session.id).map((p) => p.role)).toEqual(['controller']);
    await helper.client.refused({ type: 'assistant.leave', sessionId: session.id }, 'not_in_session');
    expect(await auditOf('assistant.leave', session.number)).toEqual([
      expect.objectContaining({ actor: helper.email, detail: { how: 'left' } }),
    ]);
    // They may come back, as a new participant.
    const back = await helper.client.call({ type: 'assistant.join', number: session.number }, 'assistant.joined');
    expect(back.participantId).not.toBe(helper.joined.participantId);
  });

  it('the controller and customers cannot use assistant.leave', async () => {
    const { rep, session } = await startSession(server);
    await rep.refused({ type: 'assistant.leave', sessionId: session.id }, 'not_in_session');
    const { client: customer } = await joinCustomer(server, session, { withToken: true });
    await customer.refused({ type: 'assistant.leave', sessionId: session.id }, 'forbidden');
  });

  it('the assistant’s socket closing takes them out at once', async () => {
    const { rep, session } = await startSession(server);
    const helper = await joinAssistant(server, session);
    await rep.next('participant.update');
    await helper.client.close();
    await untilLeft(rep, helper.joined.participantId);
    expect(server.server.registry.listParticipants(session.id)).toHaveLength(1);
    expect(await auditOf('assistant.leave', session.number)).toEqual([expect.objectContaining({ detail: { how: 'disconnected' } })]);
  });

  it('session.end: assistants are told the session ended too', async () => {
    const { rep, session } = await startSession(server);
    const helper = await joinAssistant(server, session);
    await rep.call({ type: 'session.end', sessionId: session.id }, 'session.ended');
    expect(await helper.client.next('session.ended')).toEqual({ type: 'session.ended', sessionId: session.id, reason: 'ended_by_rep' });
    await helper.client.refused({ type: 'assistant.leave', sessionId: session.id }, 'no_session');
    await helper.client.refused({ type: 'assistant.join', number: session.number }, 'no_session');
  });

  it('an administrator disabling the assistant takes them out; the session goes on', async () => {
    const admin = await signedInUser(server, ['admin']);
    const { rep, session } = await startSession(server);
    const helper = await signedInUser(server, ['rep'], 'Bo Helper');
    const socket = await server.connect('extension');
    await socket.call({ type: 'rep.hello', accessToken: helper.tokens.accessToken }, 'rep.welcome');
    const { participantId } = await socket.call({ type: 'assistant.join', number: session.number }, 'assistant.joined');
    await rep.next('participant.update');

    await api(server, 'PATCH', `/api/admin/users/${helper.user.id}`, { token: admin.tokens.accessToken, body: { disabled: true } });
    expect(await socket.next('error')).toMatchObject({ reason: 'disabled' });
    await untilLeft(rep, participantId);
    expect(server.server.registry.byId(session.id)).toBeDefined();
  });
});

describe('an assistant has no control (S17)', () => {
  it('every control message is refused with forbidden, and nothing changes', async () => {
    const { rep, session } = await startSession(server);
    const waiting = await joinCustomer(server, session, { withToken: false, name: 'Wendy' });
    const connected = await joinCustomer(server, session, { withToken: true, name: 'Casey' });
    const helper = await joinAssistant(server, session);
    await rep.next('participant.update');
    await rep.next('participant.update');
    await rep.next('participant.update');
    await helper.client.settle();
    const before = server.server.registry.listParticipants(session.id);

    const sessionId = session.id;
    const participantId = waiting.joined.participantId;
    await helper.client.refused({ type: 'session.end', sessionId }, 'forbidden');
    await helper.client.refused({ type: 'share.update', sessionId, sharing: true }, 'forbidden');
    await helper.client.refused({ type: 'participant.admit', sessionId, participantId }, 'forbidden');
    await helper.client.refused({ type: 'participant.deny', sessionId, participantId }, 'forbidden');
    await helper.client.refused({ type: 'invite.send', sessionId, kind: 'customer', email: 'casey@example.com', locale: 'en' }, 'forbidden');
    await helper.client.refused({ type: 'session.resume', sessionId }, 'forbidden');
    await helper.client.refused({ type: 'customer.leave' }, 'forbidden');

    const live = server.server.registry.byId(session.id);
    expect(live?.sharing).toBe(false);
    expect(server.server.registry.listParticipants(session.id)).toEqual(before);
    for (const socket of [rep, waiting.client, connected.client, helper.client]) expect(await socket.settle()).toEqual([]);
  });

  it('does not count toward the customer limit', async () => {
    await server.store.settings.update({ maxCustomers: 1 });
    const { rep, session } = await startSession(server);
    await joinAssistant(server, session);
    await joinAssistant(server, session, 'Cy Helper');
    const { joined } = await joinCustomer(server, session, { withToken: true });
    expect(joined.state).toBe('connected');
    await rep.next('participant.update');
  });
});

describe('what an assistant sees and says', () => {
  it('follows the participant list and the sharing state', async () => {
    const { rep, session } = await startSession(server);
    const helper = await joinAssistant(server, session);
    const customer = await joinCustomer(server, session, { withToken: false, name: 'Wendy' });
    expect((await helper.client.next('participant.update')).participant).toMatchObject({ id: customer.joined.participantId, state: 'lobby' });
    await rep.call({ type: 'participant.admit', sessionId: session.id, participantId: customer.joined.participantId }, 'ok');
    expect((await helper.client.next('participant.update')).participant).toMatchObject({ id: customer.joined.participantId, state: 'connected' });
    await rep.call({ type: 'share.update', sessionId: session.id, sharing: true }, 'ok');
    const controllerId = server.server.registry.byId(session.id)?.controllerParticipantId;
    expect(await helper.client.next('share.state')).toEqual({
      type: 'share.state',
      sessionId: session.id,
      sharing: true,
      stage: { participantId: controllerId, role: 'controller', name: 'Alex Rep' },
    });

    // A second assistant: the first hears of them; neither hears of themself.
    const other = await joinAssistant(server, session, 'Cy Helper');
    expect((await helper.client.next('participant.update')).participant).toMatchObject({ id: other.joined.participantId, role: 'assistant' });
    expect(await other.client.settle()).toEqual([]);
  });

  it('signals with the controller and with customers, stamped with its own participant id', async () => {
    const { rep, session } = await startSession(server);
    const customer = await joinCustomer(server, session, { withToken: true });
    const helper = await joinAssistant(server, session);
    const repId = controllerOf(session.id);
    const helperId = helper.joined.participantId;

    rep.send({ type: 'signal', to: helperId, payload: offer });
    expect(await helper.client.next('signal')).toEqual({ type: 'signal', from: repId, payload: offer });
    helper.client.send({ type: 'signal', to: repId, payload: answer });
    expect(await rep.next('signal')).toEqual({ type: 'signal', from: helperId, payload: answer });

    customer.client.send({ type: 'signal', to: helperId, payload: offer });
    expect(await helper.client.next('signal')).toEqual({ type: 'signal', from: customer.joined.participantId, payload: offer });
    helper.client.send({ type: 'signal', to: customer.joined.participantId, payload: answer });
    expect(await customer.client.next('signal')).toEqual({ type: 'signal', from: helperId, payload: answer });
  });

  it('cannot signal outside its session, nor to a customer still in the lobby', async () => {
    const { session } = await startSession(server);
    const elsewhere = await startSession(server, 'Dee Rep');
    const outsider = await joinCustomer(server, elsewhere.session, { withToken: true });
    const waiting = await joinCustomer(server, session, { withToken: false });
    const helper = await joinAssistant(server, session);
    await helper.client.refused({ type: 'signal', to: outsider.joined.participantId, payload: offer }, 'unknown_participant');
    await helper.client.refused({ type: 'signal', to: waiting.joined.participantId, payload: offer }, 'unknown_participant');
    await helper.client.refused({ type: 'signal', to: controllerOf(elsewhere.session.id), payload: offer }, 'unknown_participant');
    expect(await outsider.client.settle()).toEqual([]);
    expect(await waiting.client.settle()).toEqual([]);
  });
});
