// Every way to misuse selection and screen sharing (issue #6) gets its typed
// error and changes nothing: no one else hears of it and the registry is as
// before. Roles are decided by the server from the socket (STYLE.md habit 3).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LiveSession } from '../../signaling/sessions/registry.ts';
import { joinAssistant, joinCustomer, startSession, type JoinedCustomer, type StartedSession } from '../helpers/scenario.ts';
import { startTestServer, type TestServer } from '../helpers/server.ts';
import type { TestClient } from '../helpers/ws-client.ts';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server.stop());

interface Scene {
  rep: TestClient;
  session: StartedSession['session'];
  helper: TestClient;
  casey: JoinedCustomer;
  dana: JoinedCustomer;
  waiting: JoinedCustomer;
}

/** A rep supporting Casey (asked for nothing yet), Dana connected, Wendy in the lobby, an assistant. */
async function scene(): Promise<Scene> {
  const { rep, session } = await startSession(server);
  const helper = await joinAssistant(server, session);
  const casey = await joinCustomer(server, session, { withToken: true, name: 'Casey' });
  const dana = await joinCustomer(server, session, { withToken: true, name: 'Dana' });
  const waiting = await joinCustomer(server, session, { withToken: false, name: 'Wendy' });
  await rep.call({ type: 'support.select', sessionId: session.id, participantId: casey.joined.participantId }, 'ok');
  for (const socket of [rep, helper.client, casey.client, dana.client]) await socket.next('support.selected');
  // The join notices are taken, so "nothing arrived" below means nothing.
  for (const socket of [rep, helper.client]) await socket.drain();
  return { rep, session, helper: helper.client, casey, dana, waiting };
}

/** The session's selection, stage and request, to compare before and after a refusal. */
function supportState(sessionId: string): Pick<LiveSession, 'selectedId' | 'stage' | 'sharing' | 'screenRequest'> {
  const live = server.server.registry.byId(sessionId);
  if (!live) throw new Error('session ended');
  return { selectedId: live.selectedId, stage: live.stage && { ...live.stage }, sharing: live.sharing, screenRequest: live.screenRequest };
}

async function expectNothingHeard(s: Scene): Promise<void> {
  for (const socket of [s.rep, s.helper, s.casey.client, s.dana.client, s.waiting.client]) expect(await socket.settle()).toEqual([]);
}

describe('role checks', () => {
  it('a customer may not select or ask for screens (forbidden)', async () => {
    const s = await scene();
    const before = supportState(s.session.id);
    const sessionId = s.session.id;
    for (const customer of [s.casey.client, s.dana.client, s.waiting.client]) {
      await customer.refused({ type: 'support.select', sessionId, participantId: s.dana.joined.participantId }, 'forbidden');
      await customer.refused({ type: 'support.select', sessionId, participantId: null }, 'forbidden');
      await customer.refused({ type: 'screen.request', sessionId, participantId: s.casey.joined.participantId }, 'forbidden');
      await customer.refused({ type: 'share.update', sessionId, sharing: false }, 'forbidden');
    }
    expect(supportState(sessionId)).toEqual(before);
    await expectNothingHeard(s);
  });

  it('a rep socket may not answer as a customer (forbidden): not the controller, not an assistant', async () => {
    const s = await scene();
    const before = supportState(s.session.id);
    for (const rep of [s.rep, s.helper]) {
      await rep.refused({ type: 'customer.share', sharing: true }, 'forbidden');
      await rep.refused({ type: 'customer.share', sharing: false }, 'forbidden');
      await rep.refused({ type: 'screen.refuse', reason: 'share_declined' }, 'forbidden');
    }
    expect(supportState(s.session.id)).toEqual(before);
    await expectNothingHeard(s);
  });

  it('an assistant or another rep may not select or ask (forbidden); an ended session is no_session', async () => {
    const s = await scene();
    const { client: stranger } = await server.newRep('Other Rep');
    const before = supportState(s.session.id);
    for (const rep of [s.helper, stranger]) {
      await rep.refused({ type: 'support.select', sessionId: s.session.id, participantId: s.dana.joined.participantId }, 'forbidden');
      await rep.refused({ type: 'screen.request', sessionId: s.session.id, participantId: s.casey.joined.participantId }, 'forbidden');
    }
    await s.rep.refused({ type: 'support.select', sessionId: 's_doesnotexist00', participantId: null }, 'no_session');
    await s.rep.refused({ type: 'screen.request', sessionId: 's_doesnotexist00', participantId: s.casey.joined.participantId }, 'no_session');
    expect(supportState(s.session.id)).toEqual(before);
    await expectNothingHeard(s);
  });

  it('a socket that joined nothing: customer.share and screen.refuse are not_in_session', async () => {
    const s = await scene();
    const idle = await server.connect('site');
    await idle.refused({ type: 'customer.share', sharing: true }, 'not_in_session');
    await idle.refused({ type: 'screen.refuse', reason: 'capture_failed' }, 'not_in_session');
    const { client: signedIn } = await server.newRep();
    await signedIn.refused({ type: 'support.select', sessionId: s.session.id, participantId: null }, 'forbidden');
    await expectNothingHeard(s);
  });
});

describe('order of things', () => {
  it('screen.request for a customer who is not selected: not_selected', async () => {
    const s = await scene();
    const before = supportState(s.session.id);
    const refusal = await s.rep.refused({ type: 'screen.request', sessionId: s.session.id, participantId: s.dana.joined.participantId }, 'not_selected');
    expect(refusal.inReplyTo).toBe('screen.request');
    expect(supportState(s.session.id)).toEqual(before);
    await expectNothingHeard(s);
  });

  it('customer.share or screen.refuse without a request: not_requested, for the selected customer and the others', async () => {
    const s = await scene();
    const before = supportState(s.session.id);
    for (const customer of [s.casey.client, s.dana.client, s.waiting.client]) {
      await customer.refused({ type: 'customer.share', sharing: true }, 'not_requested');
      await customer.refused({ type: 'screen.refuse', reason: 'share_declined' }, 'not_requested');
    }
    // Only the asked customer may answer: Dana cannot take Casey's request.
    await s.rep.call({ type: 'screen.request', sessionId: s.session.id, participantId: s.casey.joined.participantId }, 'ok');
    await s.casey.client.next('screen.requested');
    await s.dana.client.refused({ type: 'customer.share', sharing: true }, 'not_requested');
    await s.dana.client.refused({ type: 'screen.refuse', reason: 'share_declined' }, 'not_requested');
    expect(supportState(s.session.id)).toEqual({ ...before, screenRequest: s.casey.joined.participantId });
    await expectNothingHeard(s);
  });

  it('unknown participants: not in the session, the controller, an assistant, in another session, or in the lobby', async () => {
    const s = await scene();
    const other = await startSession(server, 'Other Rep');
    const elsewhere = await joinCustomer(server, other.session, { withToken: true, name: 'Elsa' });
    const before = supportState(s.session.id);
    const controllerId = server.server.registry.byId(s.session.id)?.controllerParticipantId ?? '';
    const helperId = [...(server.server.registry.byId(s.session.id)?.assistantUsers.keys() ?? [])][0] ?? '';
    for (const participantId of ['p_nobody0000000000', controllerId, helperId, elsewhere.joined.participantId]) {
      await s.rep.refused({ type: 'support.select', sessionId: s.session.id, participantId }, 'unknown_participant');
      await s.rep.refused({ type: 'screen.request', sessionId: s.session.id, participantId }, 'unknown_participant');
    }
    // Wendy is a customer of the session, but not let in yet: no one to support; and not the one supported.
    await s.rep.refused({ type: 'support.select', sessionId: s.session.id, participantId: s.waiting.joined.participantId }, 'unknown_participant');
    await s.rep.refused({ type: 'screen.request', sessionId: s.session.id, participantId: s.waiting.joined.participantId }, 'not_selected');
    expect(supportState(s.session.id)).toEqual(before);
    expect(server.server.registry.byId(other.session.id)?.selectedId).toBeNull();
    await expectNothingHeard(s);
    expect(await elsewhere.client.settle()).toEqual([]);
  });
});

describe('malformed messages', () => {
  it.each([
    ['support.select with a bad id', { type: 'support.select', sessionId: 'S', participantId: 'not an id!' }],
    ['support.select without participantId', { type: 'support.select', sessionId: 'S' }],
    ['screen.request with a null participant', { type: 'screen.request', sessionId: 'S', participantId: null }],
    ['customer.share without sharing', { type: 'customer.share' }],
    ['customer.share with a string', { type: 'customer.share', sharing: 'yes' }],
    ['screen.refuse with an unknown reason', { type: 'screen.refuse', reason: 'busy' }],
    ['session.start with an unknown kind', { type: 'session.start', kind: 'both' }],
  ])('%s → malformed, rid and type echoed, nothing changes', async (_what, shape) => {
    const s = await scene();
    const before = supportState(s.session.id);
    const message = { ...shape, rid: 'm1', ...('sessionId' in shape && { sessionId: s.session.id }) };
    for (const socket of [s.rep, s.casey.client]) {
      socket.sendRaw(JSON.stringify(message));
      expect(await socket.next('error')).toMatchObject({ rid: 'm1', reason: 'malformed', inReplyTo: shape.type });
    }
    expect(supportState(s.session.id)).toEqual(before);
    expect(server.server.registry.sessionsOf(server.server.registry.byId(s.session.id)?.controllerUserId ?? '')).toHaveLength(1);
    await expectNothingHeard(s);
  });
});
