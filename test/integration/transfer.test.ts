// Assistants and transfer of control (issue #7, S17–S20), at the server: an
// assistant's every control message is refused and changes nothing; the
// controller hands control to an assistant (and gets it back); a controller
// whose extension stays away past the grace period leaves the session to its
// longest-present assistant, or ends it when there is none. A real server and
// real sockets: reps, assistants and customers each on their own.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Handoff, ServerMessage } from '../../src/shared/protocol/wire.ts';
import { joinAssistant, joinCustomer, type JoinedAssistant, type JoinedCustomer, type StartedSession } from '../helpers/scenario.ts';
import { startTestServer, type TestServer } from '../helpers/server.ts';
import type { TestClient } from '../helpers/ws-client.ts';

const offer = { kind: 'description', description: { type: 'offer', sdp: 'v=0\r\n' } } as const;
const handoff: Handoff = {
  invitations: [
    { id: 'i_1', kind: 'customer', email: 'casey@example.com', status: 'sent', at: 1 },
    { id: 'i_2', kind: 'rep', email: '', status: 'mail_program', at: 2 },
    { id: 'i_3', kind: 'customer', email: 'dana@example.com', status: 'failed', reason: 'email_failed', at: 3 },
  ],
};
const EMPTY_STAGE = { sharing: false, stage: null };

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server.stop());

interface Scene {
  server: TestServer;
  rep: TestClient;
  repLogin: { email: string; password: string };
  session: StartedSession['session'];
  sessionId: string;
  /** The controller's (Alex's) participant id. */
  alexId: string;
  /** Bo, assisting. */
  helper: JoinedAssistant;
  helperId: string;
  /** Connected with the link. */
  casey: JoinedCustomer;
  /** Waiting in the lobby. */
  wendy: JoinedCustomer;
  everyone: TestClient[];
}

/** Alex controls a session that Bo assists, with Casey connected and Wendy in the lobby; every join notice consumed. */
async function scene(on: TestServer = server): Promise<Scene> {
  const { client: rep, email, password } = await on.newRep('Alex Rep');
  const { session } = await rep.call({ type: 'session.start' }, 'session.started');
  const helper = await joinAssistant(on, session, 'Bo Helper');
  const casey = await joinCustomer(on, session, { withToken: true, name: 'Casey' });
  const wendy = await joinCustomer(on, session, { withToken: false, name: 'Wendy' });
  const everyone = [rep, helper.client, casey.client, wendy.client];
  for (const socket of everyone) await socket.drain();
  const alexId = on.server.registry.byId(session.id)?.controllerParticipantId ?? '';
  return {
    server: on,
    rep,
    repLogin: { email, password },
    session,
    sessionId: session.id,
    alexId,
    helper,
    helperId: helper.joined.participantId,
    casey,
    wendy,
    everyone,
  };
}

/** What the registry holds about the session: whatever a refused message must leave as it was. */
function snapshot(s: Pick<Scene, 'server' | 'sessionId'>) {
  const live = s.server.server.registry.byId(s.sessionId);
  if (!live) return undefined;
  const { controllerUserId, controllerName, controllerEmail, controllerParticipantId, stage, sharing, selectedId, screenRequest } = live;
  return {
    controllerUserId,
    controllerName,
    controllerEmail,
    controllerParticipantId,
    stage,
    sharing,
    selectedId,
    screenRequest,
    participants: s.server.server.registry.listParticipants(s.sessionId),
    assistantUsers: [...live.assistantUsers],
  };
}

async function expectNothingHeard(sockets: readonly TestClient[]): Promise<void> {
  for (const socket of sockets) expect(await socket.settle()).toEqual([]);
}

const types = (messages: readonly ServerMessage[]) => messages.map((m) => m.type);

async function transfersOf(on: TestServer, sessionNumber: string) {
  await on.server.audit.flush();
  return (await on.store.audit.list({ limit: 100, type: 'transfer' })).filter((e) => e.sessionNumber === sessionNumber);
}

/** Alex shares and selects Casey, so a transfer has a stage to clear and a selection to keep. */
async function shareAndSelect(s: Scene): Promise<void> {
  await s.rep.call({ type: 'support.select', sessionId: s.sessionId, participantId: s.casey.joined.participantId }, 'ok');
  await s.rep.call({ type: 'share.update', sessionId: s.sessionId, sharing: true }, 'ok');
  for (const socket of s.everyone) await socket.drain();
}

describe('an assistant has no control (S17)', () => {
  it('every control message from an assistant gets forbidden; the registry is unchanged and nobody hears a thing', async () => {
    const s = await scene();
    await shareAndSelect(s);
    const { sessionId } = s;
    const casey = s.casey.joined.participantId;
    const wendy = s.wendy.joined.participantId;
    const other = await joinAssistant(server, s.session, 'Cy Helper');
    for (const socket of s.everyone) await socket.drain();
    const withCy = snapshot(s);

    const refusals = [
      { type: 'session.end', sessionId },
      { type: 'share.update', sessionId, sharing: false },
      { type: 'share.update', sessionId, sharing: true },
      { type: 'support.select', sessionId, participantId: null },
      { type: 'support.select', sessionId, participantId: casey },
      { type: 'screen.request', sessionId, participantId: casey },
      { type: 'participant.admit', sessionId, participantId: wendy },
      { type: 'participant.deny', sessionId, participantId: wendy },
      { type: 'invite.send', sessionId, kind: 'customer', email: 'casey@example.com', locale: 'en' },
      { type: 'invite.send', sessionId, kind: 'rep', email: 'dee@example.com', locale: 'ko' },
      { type: 'control.transfer', sessionId, participantId: s.helperId, handoff },
      { type: 'control.transfer', sessionId, participantId: other.joined.participantId, handoff },
      { type: 'session.resume', sessionId },
    ] as const;
    for (const message of refusals) {
      const refusal = await s.helper.client.refused(message, 'forbidden');
      expect(refusal.inReplyTo).toBe(message.type);
    }
    expect(snapshot(s)).toEqual(withCy);
    expect(s.server.server.registry.byId(sessionId)?.stage).toMatchObject({ participantId: s.alexId, role: 'controller' });
    await expectNothingHeard([...s.everyone, other.client]);
  });

  it('control.transfer from a customer, a rep outside the session, an unsigned socket, or for an unknown session is refused', async () => {
    const s = await scene();
    const before = snapshot(s);
    const message = { type: 'control.transfer', sessionId: s.sessionId, participantId: s.helperId, handoff } as const;
    await s.casey.client.refused(message, 'forbidden');
    const { client: stranger } = await server.newRep('Dee Rep');
    await stranger.refused(message, 'forbidden');
    const anonymous = await server.connect('site');
    await anonymous.refused(message, 'unauthenticated');
    await s.rep.refused({ ...message, sessionId: 's_neverexisted0' }, 'no_session');
    expect(snapshot(s)).toEqual(before);
    await expectNothingHeard(s.everyone);
  });
});

describe('control.transfer (S19–S20)', () => {
  it('hands control to the assistant: everyone is told, every share ends, the old controller assists', async () => {
    const s = await scene();
    await shareAndSelect(s);
    const caseyId = s.casey.joined.participantId;
    const wendyId = s.wendy.joined.participantId;

    const reply = await s.rep.request({ type: 'control.transfer', sessionId: s.sessionId, participantId: s.helperId, handoff });
    expect(reply).toEqual({ type: 'ok', rid: expect.any(String) });

    const transferred = {
      type: 'control.transferred',
      sessionId: s.sessionId,
      controller: { participantId: s.helperId, name: 'Bo Helper' },
      previous: { participantId: s.alexId, name: 'Alex Rep' },
      reason: 'transfer',
    };
    const cleared = { type: 'share.state', sessionId: s.sessionId, ...EMPTY_STAGE };
    const boUpdate = { type: 'participant.update', sessionId: s.sessionId, participant: expect.objectContaining({ id: s.helperId, role: 'controller', state: 'connected' }) };
    const alexUpdate = { type: 'participant.update', sessionId: s.sessionId, participant: expect.objectContaining({ id: s.alexId, role: 'assistant', state: 'connected' }) };
    const participants = [
      { id: s.helperId, name: 'Bo Helper', role: 'controller', state: 'connected', joinedAt: expect.any(Number) },
      { id: s.alexId, name: 'Alex Rep', role: 'assistant', state: 'connected', joinedAt: expect.any(Number) },
      { id: caseyId, name: 'Casey', role: 'customer', state: 'connected', joinedAt: expect.any(Number) },
      { id: wendyId, name: 'Wendy', role: 'customer', state: 'lobby', joinedAt: expect.any(Number) },
    ];

    // The old controller: told like everyone, then what an assistant needs.
    expect(await s.rep.drain()).toEqual([
      transferred,
      cleared,
      boUpdate,
      alexUpdate,
      {
        type: 'control.released',
        sessionId: s.sessionId,
        number: s.session.number,
        participantId: s.alexId,
        controllerName: 'Bo Helper',
        participants,
        sharing: false,
        iceServers: [],
        selectedId: caseyId,
        stage: null,
      },
    ]);
    // The new controller: the session as a controller holds it (join link included) and the handoff as sent.
    expect(await s.helper.client.drain()).toEqual([
      transferred,
      cleared,
      boUpdate,
      alexUpdate,
      {
        type: 'control.received',
        sessionId: s.sessionId,
        session: s.session,
        participants,
        selectedId: caseyId,
        stage: null,
        handoff,
      },
    ]);
    // Customers keep their sockets; the connected one sees the stage cleared, the waiting one only who now leads.
    expect(await s.casey.client.drain()).toEqual([transferred, cleared]);
    expect(await s.wendy.client.drain()).toEqual([transferred]);

    const helperUser = await server.store.users.findByEmail(s.helper.email);
    expect(snapshot(s)).toMatchObject({
      controllerUserId: helperUser?.id,
      controllerName: 'Bo Helper',
      controllerEmail: s.helper.email,
      controllerParticipantId: s.helperId,
      stage: null,
      sharing: false,
      selectedId: caseyId,
      screenRequest: null,
      participants,
    });
    const alexUser = await server.store.users.findByEmail(s.repLogin.email);
    expect(await transfersOf(server, s.session.number)).toEqual([
      expect.objectContaining({
        actor: s.repLogin.email,
        actorId: alexUser?.id,
        ip: '127.0.0.1',
        detail: { kind: 'control', to: s.helper.email, reason: 'transfer' },
      }),
    ]);
  });

  it('a transfer with nothing on the stage sends no share.state', async () => {
    const s = await scene();
    await s.rep.call({ type: 'control.transfer', sessionId: s.sessionId, participantId: s.helperId, handoff: { invitations: [] } }, 'ok');
    expect(types(await s.rep.drain())).toEqual(['control.transferred', 'participant.update', 'participant.update', 'control.released']);
    expect(types(await s.helper.client.drain())).toEqual(['control.transferred', 'participant.update', 'participant.update', 'control.received']);
    expect(types(await s.casey.client.drain())).toEqual(['control.transferred']);
  });

  it('a customer who was sharing their screen is told to stop', async () => {
    const s = await scene();
    const caseyId = s.casey.joined.participantId;
    await s.rep.call({ type: 'support.select', sessionId: s.sessionId, participantId: caseyId }, 'ok');
    await s.rep.call({ type: 'screen.request', sessionId: s.sessionId, participantId: caseyId }, 'ok');
    await s.casey.client.next('screen.requested');
    await s.casey.client.call({ type: 'customer.share', sharing: true }, 'ok');
    for (const socket of s.everyone) await socket.drain();

    await s.rep.call({ type: 'control.transfer', sessionId: s.sessionId, participantId: s.helperId, handoff }, 'ok');
    expect(await s.casey.client.drain()).toEqual([
      expect.objectContaining({ type: 'control.transferred' }),
      { type: 'share.state', sessionId: s.sessionId, ...EMPTY_STAGE },
    ]);
    // Her share went with the old controller: saying she stopped is no error, starting again needs a new request.
    await s.casey.client.call({ type: 'customer.share', sharing: false }, 'ok');
    await s.casey.client.refused({ type: 'customer.share', sharing: true }, 'not_requested');
  });

  it('afterwards the new controller controls and the old one cannot; both still talk, and the new controller ends it', async () => {
    const s = await scene();
    await s.rep.call({ type: 'control.transfer', sessionId: s.sessionId, participantId: s.helperId, handoff }, 'ok');
    for (const socket of s.everyone) await socket.drain();
    const bo = s.helper.client;
    const caseyId = s.casey.joined.participantId;
    const wendyId = s.wendy.joined.participantId;
    const { sessionId } = s;

    // The former controller: an assistant now, refused like one.
    for (const message of [
      { type: 'session.end', sessionId },
      { type: 'share.update', sessionId, sharing: true },
      { type: 'support.select', sessionId, participantId: caseyId },
      { type: 'screen.request', sessionId, participantId: caseyId },
      { type: 'participant.admit', sessionId, participantId: wendyId },
      { type: 'participant.deny', sessionId, participantId: wendyId },
      { type: 'invite.send', sessionId, kind: 'customer', email: 'casey@example.com', locale: 'en' },
      { type: 'control.transfer', sessionId, participantId: s.helperId, handoff },
      { type: 'session.resume', sessionId },
    ] as const) {
      await s.rep.refused(message, 'forbidden');
    }
    await expectNothingHeard(s.everyone);

    // The new controller: every control feature.
    await bo.call({ type: 'participant.admit', sessionId, participantId: wendyId }, 'ok');
    await s.wendy.client.next('customer.admitted');
    // Let in, she is caught up on the stage and the selection; what follows is news.
    await s.wendy.client.drain();
    expect((await s.rep.next('participant.update')).participant).toMatchObject({ id: wendyId, state: 'connected' });
    await bo.call({ type: 'support.select', sessionId, participantId: caseyId }, 'ok');
    for (const socket of s.everyone) expect(await socket.next('support.selected')).toMatchObject({ participantId: caseyId, sharesStopped: false });
    await bo.call({ type: 'share.update', sessionId, sharing: true }, 'ok');
    const boStage = { participantId: s.helperId, role: 'controller', name: 'Bo Helper' };
    for (const socket of [s.rep, s.casey.client, s.wendy.client]) expect(await socket.next('share.state')).toMatchObject({ sharing: true, stage: boStage });
    await bo.call({ type: 'screen.request', sessionId, participantId: caseyId }, 'ok');
    expect(await s.casey.client.next('screen.requested')).toEqual({ type: 'screen.requested', sessionId, repName: 'Bo Helper' });
    // A new session.resume (the new controller's extension restarting) is theirs to send now.
    expect((await bo.call({ type: 'session.resume', sessionId }, 'session.resumed')).session).toEqual(s.session);

    // Signals: customers reach the new controller; the old one signals as the assistant they are.
    s.casey.client.send({ type: 'signal', to: s.helperId, payload: offer });
    expect(await bo.next('signal')).toEqual({ type: 'signal', from: caseyId, payload: offer });
    s.rep.send({ type: 'signal', to: s.helperId, payload: offer });
    expect(await bo.next('signal')).toEqual({ type: 'signal', from: s.alexId, payload: offer });
    bo.send({ type: 'signal', to: s.alexId, payload: offer });
    expect(await s.rep.next('signal')).toEqual({ type: 'signal', from: s.helperId, payload: offer });
    bo.send({ type: 'signal', to: caseyId, payload: offer });
    expect(await s.casey.client.next('signal')).toEqual({ type: 'signal', from: s.helperId, payload: offer });

    expect(await bo.call({ type: 'session.end', sessionId }, 'session.ended')).toMatchObject({ reason: 'ended_by_rep' });
    for (const socket of [s.rep, s.casey.client, s.wendy.client]) {
      expect(await socket.next('session.ended')).toEqual({ type: 'session.ended', sessionId, reason: 'ended_by_rep' });
    }
    expect(server.server.registry.byId(sessionId)).toBeUndefined();
  });

  it('control passed back: the same message from the new controller, with their own handoff', async () => {
    const s = await scene();
    await s.rep.call({ type: 'control.transfer', sessionId: s.sessionId, participantId: s.helperId, handoff }, 'ok');
    for (const socket of s.everyone) await socket.drain();
    const original = snapshot(s);

    const back: Handoff = { invitations: [...handoff.invitations, { id: 'i_4', kind: 'customer', email: 'erin@example.com', status: 'sent', at: 4 }] };
    await s.helper.client.call({ type: 'control.transfer', sessionId: s.sessionId, participantId: s.alexId, handoff: back }, 'ok');
    const transferred = {
      type: 'control.transferred',
      sessionId: s.sessionId,
      controller: { participantId: s.alexId, name: 'Alex Rep' },
      previous: { participantId: s.helperId, name: 'Bo Helper' },
      reason: 'transfer',
    };
    const received = (await s.rep.drain()).filter((m) => m.type !== 'participant.update');
    expect(received).toEqual([transferred, expect.objectContaining({ type: 'control.received', session: s.session, handoff: back })]);
    expect((await s.helper.client.drain()).filter((m) => m.type !== 'participant.update')).toEqual([
      transferred,
      expect.objectContaining({ type: 'control.released', participantId: s.helperId, controllerName: 'Alex Rep' }),
    ]);
    expect(await s.casey.client.drain()).toEqual([transferred]);

    const now = snapshot(s);
    expect(now).toMatchObject({ controllerParticipantId: s.alexId, controllerName: 'Alex Rep', controllerEmail: s.repLogin.email });
    expect(now?.controllerUserId).not.toBe(original?.controllerUserId);
    expect(now?.participants.map((p) => [p.id, p.role])).toEqual([
      [s.alexId, 'controller'],
      [s.helperId, 'assistant'],
      [s.casey.joined.participantId, 'customer'],
      [s.wendy.joined.participantId, 'customer'],
    ]);
    await s.rep.call({ type: 'share.update', sessionId: s.sessionId, sharing: true }, 'ok');
    await s.helper.client.refused({ type: 'share.update', sessionId: s.sessionId, sharing: true }, 'forbidden');
    expect((await transfersOf(server, s.session.number)).map((e) => [e.actor, e.detail['to']])).toEqual([
      [s.helper.email, s.repLogin.email],
      [s.repLogin.email, s.helper.email],
    ]);
  });

  it('only to a connected assistant of the session: anyone else is unknown_participant and nothing changes', async () => {
    const s = await scene();
    await shareAndSelect(s);
    const elsewhere = await server.newRep('Dee Rep');
    const { session: otherSession } = await elsewhere.client.call({ type: 'session.start' }, 'session.started');
    const outsider = await joinAssistant(server, otherSession, 'Eve Helper');
    await elsewhere.client.drain();
    const before = snapshot(s);

    for (const participantId of [
      s.casey.joined.participantId,
      s.wendy.joined.participantId,
      s.alexId,
      'p_nobody0000000000',
      outsider.joined.participantId,
    ]) {
      const refusal = await s.rep.refused({ type: 'control.transfer', sessionId: s.sessionId, participantId, handoff }, 'unknown_participant');
      expect(refusal.inReplyTo).toBe('control.transfer');
    }
    // An assistant who has left is no one to hand control to either.
    await s.helper.client.call({ type: 'assistant.leave', sessionId: s.sessionId }, 'ok');
    await s.rep.next('participant.update');
    await s.rep.refused({ type: 'control.transfer', sessionId: s.sessionId, participantId: s.helperId, handoff }, 'unknown_participant');

    expect(snapshot(s)).toEqual({
      ...before,
      participants: before?.participants.filter((p) => p.id !== s.helperId),
      assistantUsers: [],
    });
    await expectNothingHeard([...s.everyone, outsider.client, elsewhere.client]);
    expect(await transfersOf(server, s.session.number)).toEqual([]);
  });

  it.each([
    ['21 invitations', { invitations: Array.from({ length: 21 }, (_, i) => ({ ...handoff.invitations[0], id: `i_${i}` })) }],
    ['an invitation with an unknown status', { invitations: [{ ...handoff.invitations[0], status: 'lost' }] }],
    ['an invitation with a bad address', { invitations: [{ ...handoff.invitations[0], email: 'casey at example' }] }],
    ['no invitations list', {}],
    ['no handoff', undefined],
  ])('a malformed handoff (%s) is refused as malformed and nothing changes', async (_what, bad) => {
    const s = await scene();
    await shareAndSelect(s);
    const before = snapshot(s);
    s.rep.sendRaw(JSON.stringify({ type: 'control.transfer', rid: 'm1', sessionId: s.sessionId, participantId: s.helperId, handoff: bad }));
    expect(await s.rep.next('error')).toMatchObject({ rid: 'm1', reason: 'malformed', inReplyTo: 'control.transfer' });
    expect(snapshot(s)).toEqual(before);
    await expectNothingHeard(s.everyone);
  });

  it('the old controller may leave, or come back on a new socket as the same assistant', async () => {
    const s = await scene();
    await s.rep.call({ type: 'control.transfer', sessionId: s.sessionId, participantId: s.helperId, handoff }, 'ok');
    for (const socket of s.everyone) await socket.drain();

    // Their extension restarted: it re-asserts the assistant it now is.
    const restarted = await server.connectRep(s.repLogin.email, s.repLogin.password);
    const again = await restarted.call({ type: 'assistant.join', number: s.session.number }, 'assistant.joined');
    expect(again).toMatchObject({ participantId: s.alexId, controllerName: 'Bo Helper' });
    await expectNothingHeard([s.helper.client]);
    // The old socket closing now takes no one out.
    await s.rep.close();
    await expectNothingHeard([s.helper.client]);
    expect(snapshot(s)?.participants.find((p) => p.id === s.alexId)).toMatchObject({ role: 'assistant', state: 'connected' });

    // Leave session (not End): the session goes on under Bo.
    await restarted.call({ type: 'assistant.leave', sessionId: s.sessionId }, 'ok');
    expect((await s.helper.client.next('participant.update')).participant).toMatchObject({ id: s.alexId, role: 'assistant', state: 'left' });
    expect(snapshot(s)?.participants.map((p) => p.role)).toEqual(['controller', 'customer', 'customer']);
  });

  it('the old controller’s socket closing after the transfer takes them out at once: no grace, the session goes on', async () => {
    const s = await scene();
    await s.rep.call({ type: 'control.transfer', sessionId: s.sessionId, participantId: s.helperId, handoff }, 'ok');
    for (const socket of s.everyone) await socket.drain();
    await s.rep.close();
    expect((await s.helper.client.next('participant.update')).participant).toMatchObject({ id: s.alexId, state: 'left' });
    expect(snapshot(s)?.controllerParticipantId).toBe(s.helperId);
    await expectNothingHeard([s.casey.client, s.wendy.client]);
  });
});

describe('the controller gone longer than the grace period (S20)', () => {
  let graceServer: TestServer;
  beforeAll(async () => {
    graceServer = await startTestServer({ env: { REP_GRACE_MS: '300' } });
  });
  afterAll(() => graceServer.stop());

  it('control goes to the longest-present assistant; customers and assistants stay; the old controller is out', async () => {
    const s = await scene(graceServer);
    await shareAndSelect(s);
    const cy = await joinAssistant(graceServer, s.session, 'Cy Helper');
    for (const socket of s.everyone) await socket.drain();
    const caseyId = s.casey.joined.participantId;
    const bo = s.helper.client;

    await s.rep.close();
    const transferred = {
      type: 'control.transferred',
      sessionId: s.sessionId,
      controller: { participantId: s.helperId, name: 'Bo Helper' },
      previous: { participantId: s.alexId, name: 'Alex Rep' },
      reason: 'controller_gone',
    };
    expect(await bo.next('control.transferred', 5000)).toEqual(transferred);
    const boUpdate = { type: 'participant.update', sessionId: s.sessionId, participant: expect.objectContaining({ id: s.helperId, role: 'controller', state: 'connected' }) };
    const alexLeft = { type: 'participant.update', sessionId: s.sessionId, participant: expect.objectContaining({ id: s.alexId, state: 'left' }) };
    expect(await bo.drain()).toEqual([
      { type: 'share.state', sessionId: s.sessionId, ...EMPTY_STAGE },
      boUpdate,
      alexLeft,
      {
        type: 'control.received',
        sessionId: s.sessionId,
        session: s.session,
        participants: [
          expect.objectContaining({ id: s.helperId, role: 'controller' }),
          expect.objectContaining({ id: caseyId, role: 'customer', state: 'connected' }),
          expect.objectContaining({ id: s.wendy.joined.participantId, role: 'customer', state: 'lobby' }),
          expect.objectContaining({ id: cy.joined.participantId, role: 'assistant' }),
        ],
        selectedId: caseyId,
        stage: null,
        // The old controller's extension is gone: nothing to hand over.
        handoff: { invitations: [] },
      },
    ]);
    expect(await cy.client.drain()).toEqual([transferred, { type: 'share.state', sessionId: s.sessionId, ...EMPTY_STAGE }, boUpdate, alexLeft]);
    expect(await s.casey.client.drain()).toEqual([transferred, { type: 'share.state', sessionId: s.sessionId, ...EMPTY_STAGE }]);
    expect(await s.wendy.client.drain()).toEqual([transferred]);
    expect(s.casey.client.isOpen && s.wendy.client.isOpen).toBe(true);
    expect(snapshot(s)).toMatchObject({ controllerParticipantId: s.helperId, controllerEmail: s.helper.email, assistantUsers: [[cy.joined.participantId, expect.any(String)]] });
    expect(await transfersOf(graceServer, s.session.number)).toEqual([
      expect.objectContaining({ actor: s.repLogin.email, ip: null, detail: { kind: 'control', to: s.helper.email, reason: 'controller_gone' } }),
    ]);

    // The session goes on under Bo: the customer reaches them, they share.
    s.casey.client.send({ type: 'signal', to: s.helperId, payload: offer });
    expect(await bo.next('signal')).toEqual({ type: 'signal', from: caseyId, payload: offer });
    await bo.call({ type: 'share.update', sessionId: s.sessionId, sharing: true }, 'ok');
    expect((await s.casey.client.next('share.state')).stage).toEqual({ participantId: s.helperId, role: 'controller', name: 'Bo Helper' });

    // Alex's extension comes back too late: the session is not theirs to resume.
    const late = await graceServer.connectRep(s.repLogin.email, s.repLogin.password);
    await late.refused({ type: 'session.resume', sessionId: s.sessionId }, 'forbidden');
    await late.refused({ type: 'session.end', sessionId: s.sessionId }, 'forbidden');
    expect(graceServer.server.registry.byId(s.sessionId)).toBeDefined();
  });

  it('without an assistant the session ends with rep_gone, as before; customers keep their sockets', async () => {
    const s = await scene(graceServer);
    await s.helper.client.call({ type: 'assistant.leave', sessionId: s.sessionId }, 'ok');
    await s.rep.close();
    for (const customer of [s.casey.client, s.wendy.client]) {
      expect(await customer.next('session.ended', 5000)).toEqual({ type: 'session.ended', sessionId: s.sessionId, reason: 'rep_gone' });
      expect(customer.isOpen).toBe(true);
    }
    expect(graceServer.server.registry.byId(s.sessionId)).toBeUndefined();
    expect(await transfersOf(graceServer, s.session.number)).toEqual([]);
  });

  it('a controller back within the grace period keeps control; no hand-over follows', async () => {
    const s = await scene(graceServer);
    // Signed in before the old socket goes (a password hash takes longer than this grace period on a busy machine).
    const back = await graceServer.connectRep(s.repLogin.email, s.repLogin.password);
    await s.rep.close();
    await back.call({ type: 'session.resume', sessionId: s.sessionId }, 'session.resumed');
    await new Promise((resolve) => setTimeout(resolve, 600));
    expect(snapshot({ server: graceServer, sessionId: s.sessionId })?.controllerParticipantId).toBe(s.alexId);
    await expectNothingHeard([s.helper.client, s.casey.client, back]);
  });

  it('a controller back within the grace period may transfer from their new socket; the countdown stops', async () => {
    const s = await scene(graceServer);
    // Signed in before the old socket goes (a password hash takes longer than this grace period on a busy machine).
    const back = await graceServer.connectRep(s.repLogin.email, s.repLogin.password);
    await s.rep.close();
    await back.call({ type: 'control.transfer', sessionId: s.sessionId, participantId: s.helperId, handoff }, 'ok');
    expect(types(await back.drain())).toEqual(['control.transferred', 'participant.update', 'participant.update', 'control.released']);
    expect((await s.helper.client.next('control.received')).handoff).toEqual(handoff);
    await new Promise((resolve) => setTimeout(resolve, 600));
    expect(snapshot({ server: graceServer, sessionId: s.sessionId })).toMatchObject({
      controllerParticipantId: s.helperId,
      participants: expect.arrayContaining([expect.objectContaining({ id: s.alexId, role: 'assistant', state: 'connected' })]),
    });
    // One transfer only: no hand-over when the old countdown would have run out.
    expect(types(await s.casey.client.drain())).toEqual(['control.transferred']);
    expect(await transfersOf(graceServer, s.session.number)).toHaveLength(1);
  });
});
