// Assisting another rep's session through the controller (issue #5, FEATURES.md
// S16–S17): join by number, resume after a worker restart, leave, ended.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Participant } from '../shared/protocol/common.ts';
import { PeerAssistError } from '../shared/protocol/errors.ts';
import type { ServerMessage } from '../shared/protocol/wire.ts';
import { ICE_SERVERS, controllerSetup, participant } from './test-fakes.ts';

const NUMBER = '987654321';
const OTHER = 's_other0001';
const controllerP = participant('p_ctrl00001', { role: 'controller', name: 'Casey Controller', joinedAt: 1 });
const me = participant('p_me000001', { role: 'assistant', name: 'Dana', joinedAt: 3 });
const kim = participant('p_kim00001', { name: 'Kim', joinedAt: 2 });

function joined(participants: Participant[] = [controllerP, kim, me], over: Partial<ServerMessage & { type: 'assistant.joined' }> = {}): ServerMessage {
  return {
    type: 'assistant.joined',
    sessionId: OTHER,
    number: NUMBER,
    participantId: me.id,
    controllerName: 'Casey Controller',
    participants,
    sharing: false,
    iceServers: ICE_SERVERS,
    ...over,
  } as ServerMessage;
}

async function assisting() {
  const t = await controllerSetup();
  t.server.answers.set('assistant.join', () => joined());
  await t.controller.execute({ type: 'assist.join', rid: 'c1', number: NUMBER });
  t.server.requests.length = 0;
  return t;
}

// No real network: signing out posts to /api/auth/logout.
beforeEach(() => vi.stubGlobal('fetch', vi.fn<typeof fetch>().mockRejectedValue(new TypeError('no network in unit tests'))));
afterEach(() => vi.unstubAllGlobals());

describe('assisting another rep’s session', () => {
  it('join: connects, sends assistant.join with the number, and the rep is assisting', async () => {
    const t = await controllerSetup();
    t.server.answers.set('assistant.join', () => joined());
    await t.controller.execute({ type: 'assist.join', rid: 'c1', number: NUMBER });
    expect(t.server.wanted).toBe(true);
    expect(t.server.requests).toEqual([{ type: 'assistant.join', number: NUMBER }]);
    expect(t.store.assisting).toEqual({
      sessionId: OTHER,
      number: NUMBER,
      participantId: me.id,
      controllerName: 'Casey Controller',
      participants: [controllerP, kim, me],
      sharing: false,
      passedTo: null,
    });
    expect(t.store.session).toBeNull();
    // Media: one polite peer to the controller, whose stage goes to the viewer (S17).
    expect(t.media.commands).toEqual([
      { type: 'media.configure', iceServers: [] },
      { type: 'peer.open', participantId: controllerP.id, sessionId: OTHER, polite: true },
      { type: 'media.forward', sessionId: OTHER, participantId: controllerP.id },
    ]);
  });

  it('a wrong number: the refusal is passed on, nothing is stored and the connection is let go', async () => {
    const t = await controllerSetup();
    t.server.answers.set('assistant.join', () => new PeerAssistError('no_session', 'no such session'));
    await expect(t.controller.execute({ type: 'assist.join', rid: 'c1', number: NUMBER })).rejects.toMatchObject({ reason: 'no_session' });
    expect(t.store.assisting).toBeNull();
    expect(t.server.wanted).toBe(false);
  });

  it('needs a sign-in, and no session of one’s own', async () => {
    const out = await controllerSetup({ signedIn: false });
    await expect(out.controller.joinAsAssistant(NUMBER)).rejects.toMatchObject({ reason: 'unauthenticated' });
    const busy = await controllerSetup({ inSession: true });
    await expect(busy.controller.joinAsAssistant(NUMBER)).rejects.toMatchObject({ reason: 'already_in_session' });
    expect([...out.server.requests, ...busy.server.requests]).toEqual([]);
  });

  it('asked again for the same number (dashboard and site both) is a no-op; another number is refused; so is Start session', async () => {
    const t = await assisting();
    await t.controller.joinAsAssistant(NUMBER);
    await expect(t.controller.joinAsAssistant('123456789')).rejects.toMatchObject({ reason: 'already_in_session' });
    await expect(t.controller.execute({ type: 'session.start', rid: 'c2' })).rejects.toMatchObject({ reason: 'already_in_session' });
    expect(t.server.requests).toEqual([]);
  });

  it('follows the session: participants come and go, sharing turns on; the controller’s signals reach its peer, others’ do not', async () => {
    const t = await assisting();
    t.media.commands.length = 0;
    const lee = participant('p_lee00001', { name: 'Lee', joinedAt: 4 });
    await t.controller.onServerMessage({ type: 'participant.update', sessionId: OTHER, participant: lee });
    await t.controller.onServerMessage({ type: 'participant.update', sessionId: OTHER, participant: { ...kim, state: 'left' } });
    await t.controller.onServerMessage({ type: 'share.state', sessionId: OTHER, sharing: true, stage: { participantId: controllerP.id, role: 'controller', name: controllerP.name } });
    await t.controller.onServerMessage({ type: 'signal', from: controllerP.id, payload: { kind: 'candidate', candidate: null } });
    await t.controller.onServerMessage({ type: 'signal', from: kim.id, payload: { kind: 'candidate', candidate: null } });
    // About another session: not ours.
    await t.controller.onServerMessage({ type: 'participant.update', sessionId: 's_elsewhere1', participant: participant('p_zed00001') });
    expect(t.store.assisting?.participants.map((p) => p.name)).toEqual(['Casey Controller', 'Dana', 'Lee']);
    expect(t.store.assisting?.sharing).toBe(true);
    expect(t.media.commands).toEqual([
      { type: 'peer.open', participantId: controllerP.id, sessionId: OTHER, polite: true },
      { type: 'peer.signal', participantId: controllerP.id, payload: { kind: 'candidate', candidate: null } },
    ]);
  });

  it('resume: after a worker restart the state comes back from storage.session and assistant.join is sent again', async () => {
    const t = await assisting();
    const { store, controller } = await t.restart();
    expect(store.assisting?.number).toBe(NUMBER);
    const lee = participant('p_lee00001', { name: 'Lee', joinedAt: 4 });
    t.server.answers.set('assistant.join', () => joined([controllerP, me, lee], { participantId: me.id, sharing: true }));
    await controller.onConnected({ iceServers: ICE_SERVERS });
    expect(t.server.requests).toEqual([{ type: 'assistant.join', number: NUMBER }]);
    expect(store.assisting?.participants.map((p) => p.name)).toEqual(['Casey Controller', 'Dana', 'Lee']);
    expect(store.assisting?.sharing).toBe(true);
  });

  it('resume: a session the server no longer knows ends here with a notice', async () => {
    const t = await assisting();
    t.server.answers.set('assistant.join', () => new PeerAssistError('no_session', 'gone'));
    await t.controller.onConnected({ iceServers: ICE_SERVERS });
    expect(t.store.assisting).toBeNull();
    expect(t.store.snapshot().startNotice).toEqual({ kind: 'assist_ended', number: NUMBER, reason: 'gone' });
    expect(t.server.wanted).toBe(false);
  });

  it('resume: a network failure keeps the state for the next attempt', async () => {
    const t = await assisting();
    t.server.answers.set('assistant.join', () => new PeerAssistError('network', 'closed'));
    await expect(t.controller.onConnected({ iceServers: ICE_SERVERS })).rejects.toMatchObject({ reason: 'network' });
    expect(t.store.assisting?.number).toBe(NUMBER);
  });

  it('resume: the number now names a new session: leave that one, ours has ended', async () => {
    const t = await assisting();
    t.server.answers.set('assistant.join', () => joined(undefined, { sessionId: 's_newer0001' }));
    await t.controller.onConnected({ iceServers: ICE_SERVERS });
    expect(t.server.requests).toEqual([
      { type: 'assistant.join', number: NUMBER },
      { type: 'assistant.leave', sessionId: 's_newer0001' },
    ]);
    expect(t.store.assisting).toBeNull();
  });

  it('leave: assistant.leave, back to the start screen without a notice, the connection let go', async () => {
    const t = await assisting();
    await t.controller.execute({ type: 'assist.leave', rid: 'c2' });
    expect(t.server.requests).toEqual([{ type: 'assistant.leave', sessionId: OTHER }]);
    expect(t.store.assisting).toBeNull();
    expect(t.store.snapshot().startNotice).toBeNull();
    expect(t.server.wanted).toBe(false);
  });

  it('leave works offline too: the server drops us with the socket', async () => {
    const t = await assisting();
    t.server.answers.set('assistant.leave', () => new PeerAssistError('network', 'not connected'));
    await t.controller.execute({ type: 'assist.leave', rid: 'c2' });
    expect(t.store.assisting).toBeNull();
  });

  it('session.ended: back to the start screen, saying why', async () => {
    const t = await assisting();
    await t.controller.onServerMessage({ type: 'session.ended', sessionId: OTHER, reason: 'ended_by_rep' });
    expect(t.store.assisting).toBeNull();
    expect(t.store.snapshot().startNotice).toEqual({ kind: 'assist_ended', number: NUMBER, reason: 'ended_by_rep' });
    expect(t.server.unwanted).toBeGreaterThan(0);
    await t.controller.execute({ type: 'startNotice.dismiss', rid: 'c3' });
    expect(t.store.snapshot().startNotice).toBeNull();
  });

  it('signing out leaves the assisted session first', async () => {
    const t = await assisting();
    await t.controller.execute({ type: 'auth.signOut', rid: 'c2' });
    expect(t.server.types()).toEqual(['assistant.leave']);
    expect(t.store.assisting).toBeNull();
    expect(t.store.auth).toBeNull();
  });
});
