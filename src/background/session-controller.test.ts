import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { SignalPayload } from '../shared/protocol/common.ts';
import { PeerAssistError } from '../shared/protocol/errors.ts';
import { DEFAULT_SHARE_PREFS } from '../shared/protocol/runtime.ts';
import type { ClientMessage, ServerMessage } from '../shared/protocol/wire.ts';
import { RepStore } from './rep-store.ts';
import { ServerConnection } from './server-connection.ts';
import { SessionController } from './session-controller.ts';
import {
  AUTH,
  CAN_CAPTURE,
  FakeMediaHost,
  FakeServer,
  FakeTabCapture,
  ICE_SERVERS,
  ManualTimers,
  SERVER_URL,
  USER,
  fakeWebSockets,
  flush,
  memoryAreas,
  participant,
  sessionInfo,
  welcome,
} from './test-fakes.ts';

const SESSION = sessionInfo();
/** The server's word that the rep's own share is on the stage. */
const REP_STAGE = { participantId: 'p_dana0001', role: 'controller' as const, name: 'Dana' };
/** The media command that says nobody's screen is forwarded in the session. */
const NO_FORWARD = { type: 'media.forward', sessionId: SESSION.id, participantId: null };
const offer: SignalPayload = { kind: 'description', description: { type: 'offer', sdp: 'v=0\r\n' } };
const answer: SignalPayload = { kind: 'description', description: { type: 'answer', sdp: 'v=0\r\n' } };

async function setup({ signedIn = true, inSession = false, participants = [] as ReturnType<typeof participant>[] } = {}) {
  const areas = memoryAreas();
  const store = new RepStore(areas, CAN_CAPTURE);
  await store.ready;
  if (signedIn) await store.signedIn(SERVER_URL, AUTH);
  if (inSession) await store.sessionStarted(SESSION);
  for (const p of participants) await store.upsertParticipant(SESSION.id, p);
  const server = new FakeServer();
  const media = new FakeMediaHost();
  const tabs = new FakeTabCapture();
  // ServerConnection has private fields, so no structural fake satisfies its type; FakeServer covers what the controller calls.
  const controller = new SessionController(store, server as unknown as ServerConnection, media, tabs);
  return { store, server, media, tabs, controller, areas };
}

type Setup = Awaited<ReturnType<typeof setup>>;

/** What ServerConnection does after rep.welcome. */
function resume(t: Setup): Promise<void> {
  return t.controller.onConnected({ iceServers: ICE_SERVERS });
}

/** In session, sharing tab 7 with the media context really sharing. */
async function sharingSetup(over: Parameters<typeof setup>[0] = {}) {
  const t = await setup({ inSession: true, ...over });
  t.tabs.titles.set(7, 'Billing — Example');
  await t.controller.execute({ type: 'share.tab', rid: 'c0', tabId: 7 });
  t.server.requests.length = 0;
  t.media.commands.length = 0;
  return t;
}

const fetchMock = vi.fn<typeof fetch>();

beforeEach(() => {
  fetchMock.mockReset();
  // No real network: a test that signs in or out says what the server answers.
  fetchMock.mockRejectedValue(new TypeError('no network in unit tests'));
  vi.stubGlobal('fetch', fetchMock);
});

afterEach(() => {
  vi.unstubAllGlobals();
  vi.restoreAllMocks();
});

describe('SessionController', () => {
  describe('session.start', () => {
    it('requires a sign-in', async () => {
      const t = await setup({ signedIn: false });
      await expect(t.controller.execute({ type: 'session.start', rid: 'c1' })).rejects.toMatchObject({
        name: 'PeerAssistError',
        reason: 'unauthenticated',
      });
      expect(t.server.requests).toEqual([]);
      expect(t.server.wanted).toBe(false);
    });

    it('leaves a second session to the server: its refusal passes on and the running session stays', async () => {
      const t = await setup({ inSession: true });
      t.server.answers.set('session.start', () => new PeerAssistError('already_in_session', 'single-session mode'));
      await expect(t.controller.execute({ type: 'session.start', rid: 'c1' })).rejects.toMatchObject({ reason: 'already_in_session' });
      expect(t.store.sessions.map((s) => s.info.id)).toEqual([SESSION.id]);
    });

    it('connects, requests session.start, stores the session and configures media with the ICE servers of the connection', async () => {
      const t = await setup();
      // onReady → onConnected happens before whenReady resolves; without a session it only remembers the ICE servers.
      await resume(t);
      expect(t.server.requests).toEqual([]);

      await t.controller.execute({ type: 'session.start', rid: 'c1' });
      expect(t.server.wanted).toBe(true);
      expect(t.server.requests).toEqual([{ type: 'session.start' }]);
      expect(t.store.session).toMatchObject({ info: SESSION, participants: [], peers: {}, share: { status: 'idle' }, selectedId: null, stage: null });
      expect(t.media.commands).toEqual([{ type: 'media.configure', iceServers: ICE_SERVERS }]);
    });

    it('fails as internal on an unexpected reply, storing nothing', async () => {
      const t = await setup();
      t.server.answers.set('session.start', () => ({ type: 'ok' }));
      await expect(t.controller.execute({ type: 'session.start', rid: 'c1' })).rejects.toMatchObject({ reason: 'internal' });
      expect(t.store.session).toBeNull();
      expect(t.media.commands).toEqual([]);
    });

    it('passes a refusal from the server on', async () => {
      const t = await setup();
      t.server.answers.set('session.start', () => new PeerAssistError('forbidden', 'not a rep'));
      await expect(t.controller.execute({ type: 'session.start', rid: 'c1' })).rejects.toMatchObject({ reason: 'forbidden' });
      expect(t.store.session).toBeNull();
    });
  });

  describe('server pushes', () => {
    it('session.notice: the rep sees who was turned away until dismissing it', async () => {
      const t = await setup({ inSession: true });
      await t.controller.onServerMessage({
        type: 'session.notice',
        sessionId: SESSION.id,
        notice: { kind: 'customer_refused', name: 'Robin', reason: 'session_full' },
      });
      const notices = t.store.session?.notices ?? [];
      expect(notices).toEqual([expect.objectContaining({ kind: 'customer_refused', name: 'Robin', reason: 'session_full' })]);
      await t.controller.execute({ type: 'notice.dismiss', rid: 'c1', noticeId: notices[0]!.id });
      expect(t.store.session?.notices).toEqual([]);
    });

    it('an unasked-for "disabled" error ends the session here and signs out with the reason', async () => {
      const t = await setup({ inSession: true });
      await t.controller.onServerMessage({ type: 'error', reason: 'disabled', message: 'account disabled' });
      expect(t.store.session).toBeNull();
      expect(t.store.auth).toBeNull();
      expect(t.store.snapshot().lastError).toEqual({ reason: 'disabled', message: 'account disabled' });
      expect(t.server.unwanted).toBeGreaterThan(0);
    });

    it('participant.update: a connected customer gets a peer, one who left loses it', async () => {
      const t = await setup({ inSession: true });
      await t.controller.onServerMessage({ type: 'participant.update', sessionId: SESSION.id, participant: participant('p_casey001') });
      expect(t.store.session?.participants).toEqual([participant('p_casey001')]);
      expect(t.media.commands).toEqual([{ type: 'peer.open', participantId: 'p_casey001', sessionId: SESSION.id, name: 'Person p_casey001', role: 'customer' }]);

      await t.store.setPeerStatus('p_casey001', 'connected');
      await t.controller.onServerMessage({
        type: 'participant.update',
        sessionId: SESSION.id,
        participant: participant('p_casey001', { state: 'left' }),
      });
      expect(t.media.commands.at(-1)).toEqual({ type: 'peer.close', participantId: 'p_casey001' });
      expect(t.store.session?.participants[0]?.state).toBe('left');
      expect(t.store.session?.peers).toEqual({});
    });

    it('participant.update: a customer in the lobby, or a controller, gets no peer', async () => {
      const t = await setup({ inSession: true });
      await t.controller.onServerMessage({
        type: 'participant.update',
        sessionId: SESSION.id,
        participant: participant('p_casey001', { state: 'lobby' }),
      });
      await t.controller.onServerMessage({
        type: 'participant.update',
        sessionId: SESSION.id,
        participant: participant('p_agent0001', { role: 'controller' }),
      });
      expect(t.store.session?.participants.map((p) => p.id)).toEqual(['p_casey001', 'p_agent0001']);
      expect(t.media.commands).toEqual([]);
    });

    it('participant.update for another session is ignored', async () => {
      const t = await setup({ inSession: true });
      await t.controller.onServerMessage({ type: 'participant.update', sessionId: 's_other0001', participant: participant('p_casey001') });
      expect(t.store.session?.participants).toEqual([]);
      expect(t.media.commands).toEqual([]);
    });

    it('signal goes to the peer of its sender', async () => {
      const t = await setup({ inSession: true, participants: [participant('p_casey001')] });
      await t.controller.onServerMessage({ type: 'signal', from: 'p_casey001', payload: answer });
      expect(t.media.commands).toEqual([{ type: 'peer.signal', participantId: 'p_casey001', payload: answer }]);
    });

    it('signal without a session is ignored', async () => {
      const t = await setup();
      await t.controller.onServerMessage({ type: 'signal', from: 'p_casey001', payload: answer });
      expect(t.media.commands).toEqual([]);
    });

    it('session.ended clears the session with a reason, disposes media and lets the connection go', async () => {
      const t = await setup({ inSession: true, participants: [participant('p_casey001')] });
      await t.controller.onServerMessage({ type: 'session.ended', sessionId: SESSION.id, reason: 'rep_gone' });
      expect(t.store.session).toBeNull();
      expect(t.store.snapshot().lastError).toMatchObject({ reason: 'no_session', message: expect.stringContaining('rep_gone') });
      expect(t.media.disposed).toBe(1);
      expect(t.server.unwanted).toBe(1);
    });

    it('session.ended by the rep is not an error', async () => {
      const t = await setup({ inSession: true });
      await t.controller.onServerMessage({ type: 'session.ended', sessionId: SESSION.id, reason: 'ended_by_rep' });
      expect(t.store.session).toBeNull();
      expect(t.store.snapshot().lastError).toBeNull();
    });

    it('session.ended while sharing also takes the banner down', async () => {
      const t = await sharingSetup();
      expect(t.tabs.banners).toEqual(new Set([7]));
      await t.controller.onServerMessage({ type: 'session.ended', sessionId: SESSION.id, reason: 'server_shutdown' });
      expect(t.tabs.banners).toEqual(new Set());
      expect(t.store.session).toBeNull();
    });

    it('session.ended for another session is ignored', async () => {
      const t = await setup({ inSession: true });
      await t.controller.onServerMessage({ type: 'session.ended', sessionId: 's_other0001', reason: 'rep_gone' });
      expect(t.store.session?.info).toEqual(SESSION);
      expect(t.media.disposed).toBe(0);
      expect(t.server.unwanted).toBe(0);
    });
  });

  describe('media events', () => {
    it('media.signal is sent to the server as a signal for that participant', async () => {
      const t = await setup({ inSession: true });
      await t.controller.onMediaEvent({ type: 'media.signal', to: 'p_casey001', payload: offer });
      expect(t.server.sent).toEqual([{ type: 'signal', to: 'p_casey001', payload: offer }]);
    });

    it('media.peerState is stored for the participant', async () => {
      const t = await setup({ inSession: true, participants: [participant('p_casey001')] });
      await t.controller.onMediaEvent({ type: 'media.peerState', participantId: 'p_casey001', state: 'connected' });
      expect(t.store.session?.peers).toEqual({ p_casey001: 'connected' });
    });

    it('media.shareEnded (the tab went away) stops the share', async () => {
      const t = await sharingSetup();
      await t.controller.onMediaEvent({ type: 'media.shareEnded' });
      expect(t.store.session?.share).toEqual({ status: 'idle' });
      expect(t.server.requests).toEqual([{ type: 'share.update', sessionId: SESSION.id, sharing: false }]);
    });
  });

  describe('onConnected with a stored session (reconnect, worker restart)', () => {
    it('resumes the session and reconciles media: opens missing peers of connected customers, closes extra ones', async () => {
      const t = await setup({ inSession: true });
      // The media context still has a peer for Robin (gone meanwhile) and one for Casey.
      t.media.peers.add('p_robin001').add('p_casey001');
      const fromServer = [
        participant('p_casey001', { joinedAt: 1 }),
        participant('p_sam00001', { joinedAt: 2 }),
        participant('p_lobby001', { joinedAt: 3, state: 'lobby' }),
        participant('p_robin001', { joinedAt: 4, state: 'left' }),
        participant('p_agent001', { joinedAt: 5, role: 'controller' }),
      ];
      t.server.answers.set('session.resume', () => ({ type: 'session.resumed', session: SESSION, participants: fromServer, sharing: false, selectedId: null, stage: null }));

      await resume(t);
      expect(t.server.requests).toEqual([{ type: 'session.resume', sessionId: SESSION.id }]);
      expect(t.store.session?.participants).toEqual(fromServer);
      expect(t.media.commands).toEqual([
        { type: 'media.configure', iceServers: ICE_SERVERS },
        { type: 'peer.close', participantId: 'p_robin001' },
        { type: 'peer.open', participantId: 'p_sam00001', sessionId: SESSION.id, name: 'Person p_sam00001', role: 'customer' },
        NO_FORWARD,
      ]);
      expect([...t.media.peers].sort()).toEqual(['p_casey001', 'p_sam00001']);
    });

    it('keeps a live share across the reconnect', async () => {
      const t = await sharingSetup();
      t.server.answers.set('session.resume', () => ({ type: 'session.resumed', session: SESSION, participants: [], sharing: true, selectedId: null, stage: REP_STAGE }));
      await resume(t);
      expect(t.store.session?.share).toEqual({ status: 'sharing', tabId: 7, tabTitle: 'Billing — Example' });
      expect(t.server.types()).toEqual(['session.resume']);
      expect(t.tabs.banners).toEqual(new Set([7]));
    });

    it('stops the share when the media context lost the capture', async () => {
      const t = await sharingSetup();
      t.media.sharing = false; // e.g. the offscreen document was closed with the worker
      t.server.answers.set('session.resume', () => ({ type: 'session.resumed', session: SESSION, participants: [], sharing: true, selectedId: null, stage: REP_STAGE }));
      await resume(t);
      expect(t.store.session?.share).toEqual({ status: 'idle' });
      expect(t.tabs.banners).toEqual(new Set());
      expect(t.server.requests).toEqual([
        { type: 'session.resume', sessionId: SESSION.id },
        { type: 'share.update', sessionId: SESSION.id, sharing: false },
      ]);
    });

    it('re-sends a share stop the server missed while offline', async () => {
      const t = await sharingSetup();
      t.server.answers.set('share.update', () => new PeerAssistError('network', 'not connected'));
      await t.controller.execute({ type: 'share.stop', rid: 'c1' }); // offline: the server still thinks we share
      t.server.answers.delete('share.update');
      t.server.requests.length = 0;

      t.server.answers.set('session.resume', () => ({ type: 'session.resumed', session: SESSION, participants: [], sharing: true, selectedId: null, stage: REP_STAGE }));
      await resume(t);
      expect(t.server.requests).toEqual([
        { type: 'session.resume', sessionId: SESSION.id },
        { type: 'share.update', sessionId: SESSION.id, sharing: false },
      ]);
    });

    it('re-sends a share start the server missed while offline', async () => {
      const t = await sharingSetup();
      t.server.answers.set('session.resume', () => ({ type: 'session.resumed', session: SESSION, participants: [], sharing: false, selectedId: null, stage: null }));
      await resume(t);
      expect(t.server.requests).toEqual([
        { type: 'session.resume', sessionId: SESSION.id },
        { type: 'share.update', sessionId: SESSION.id, sharing: true },
      ]);
    });

    it.each(['no_session', 'forbidden'] as const)('a resume refused with %s clears the session with an error', async (reason) => {
      const t = await setup({ inSession: true, participants: [participant('p_casey001')] });
      t.server.answers.set('session.resume', () => new PeerAssistError(reason, 'no such session'));
      await resume(t);
      expect(t.store.session).toBeNull();
      expect(t.store.snapshot().lastError).toMatchObject({ reason: 'no_session' });
      expect(t.media.disposed).toBe(1);
      expect(t.server.unwanted).toBe(1);
    });

    it('a resume that fails otherwise keeps the session and fails onReady (the connection retries)', async () => {
      const t = await setup({ inSession: true });
      t.server.answers.set('session.resume', () => new PeerAssistError('network', 'connection closed'));
      await expect(resume(t)).rejects.toMatchObject({ reason: 'network' });
      expect(t.store.session?.info).toEqual(SESSION);
      expect(t.media.disposed).toBe(0);
    });
  });

  describe('share.tab', () => {
    it('asks the media context to capture at the tab’s own size (never scaled up)', async () => {
      const t = await setup({ inSession: true });
      t.tabs.sizes.set(7, { width: 1280, height: 720 });
      await t.controller.execute({ type: 'share.tab', rid: 'c1', tabId: 7 });
      expect(t.media.commands).toEqual([
        { type: 'media.share', sessionId: SESSION.id, source: 'tab', streamId: 'stream-7', prefs: DEFAULT_SHARE_PREFS, size: { width: 1280, height: 720 } },
      ]);
    });

    it('captures the tab, shares it, stores it with its title and tells the server', async () => {
      const t = await setup({ inSession: true });
      t.tabs.titles.set(7, 'Billing — Example');
      const shares: string[] = [];
      t.store.subscribe(() => shares.push(t.store.session?.share.status ?? 'none'));

      await t.controller.execute({ type: 'share.tab', rid: 'c1', tabId: 7 });
      expect(t.media.commands).toEqual([{ type: 'media.share', sessionId: SESSION.id, source: 'tab', streamId: 'stream-7', prefs: DEFAULT_SHARE_PREFS }]);
      expect(t.store.session?.share).toEqual({ status: 'sharing', tabId: 7, tabTitle: 'Billing — Example' });
      expect(shares).toEqual(['starting', 'sharing']);
      expect(t.tabs.banners).toEqual(new Set([7]));
      expect(t.server.requests).toEqual([{ type: 'share.update', sessionId: SESSION.id, sharing: true }]);
    });

    it('cuts an overlong title to what the store accepts', async () => {
      const t = await setup({ inSession: true });
      t.tabs.titles.set(7, 'x'.repeat(2_000));
      await t.controller.execute({ type: 'share.tab', rid: 'c1', tabId: 7 });
      expect(t.store.session?.share).toMatchObject({ status: 'sharing', tabTitle: 'x'.repeat(512) });
    });

    it('a capture error leaves the share idle and fails with capture_failed', async () => {
      const t = await setup({ inSession: true });
      const cause = new Error('Extension has not been invoked for the current page');
      t.tabs.captureError = cause;
      const error = await t.controller.execute({ type: 'share.tab', rid: 'c1', tabId: 7 }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(PeerAssistError);
      expect(error).toMatchObject({ reason: 'capture_failed', message: cause.message, cause });
      expect(t.store.session?.share).toEqual({ status: 'idle' });
      expect(t.media.commands).toEqual([]);
      expect(t.server.requests).toEqual([]);
      expect(t.tabs.banners).toEqual(new Set());
    });

    it('a refusal from the media context keeps its own reason', async () => {
      const t = await setup({ inSession: true });
      t.media.failures.set('media.share', new PeerAssistError('capture_failed', 'the capture has no video track'));
      await expect(t.controller.execute({ type: 'share.tab', rid: 'c1', tabId: 7 })).rejects.toMatchObject({
        reason: 'capture_failed',
        message: 'the capture has no video track',
      });
      expect(t.store.session?.share).toEqual({ status: 'idle' });
    });

    it('a failed switch to another tab keeps the share that was running', async () => {
      const t = await sharingSetup();
      t.tabs.captureError = new Error('chrome:// pages cannot be captured');
      await expect(t.controller.execute({ type: 'share.tab', rid: 'c1', tabId: 9 })).rejects.toMatchObject({ reason: 'capture_failed' });
      expect(t.store.session?.share).toEqual({ status: 'sharing', tabId: 7, tabTitle: 'Billing — Example' });
      expect(t.tabs.banners).toEqual(new Set([7]));
    });

    it('switching to another tab moves the banner', async () => {
      const t = await sharingSetup();
      t.tabs.titles.set(9, 'Orders');
      await t.controller.execute({ type: 'share.tab', rid: 'c1', tabId: 9 });
      expect(t.store.session?.share).toEqual({ status: 'sharing', tabId: 9, tabTitle: 'Orders' });
      expect(t.tabs.banners).toEqual(new Set([9]));
    });

    it('needs a session', async () => {
      const t = await setup();
      await expect(t.controller.execute({ type: 'share.tab', rid: 'c1', tabId: 7 })).rejects.toMatchObject({ reason: 'no_session' });
    });
  });

  describe('share.stop', () => {
    it('stops the media, sets the share idle, takes the banner down and tells the server', async () => {
      const t = await sharingSetup();
      await t.controller.execute({ type: 'share.stop', rid: 'c1' });
      expect(t.media.commands).toEqual([{ type: 'media.stopShare' }]);
      expect(t.store.session?.share).toEqual({ status: 'idle' });
      expect(t.tabs.banners).toEqual(new Set());
      expect(t.server.requests).toEqual([{ type: 'share.update', sessionId: SESSION.id, sharing: false }]);
    });

    it('succeeds offline too: the server hears of it on resume', async () => {
      const t = await sharingSetup();
      t.server.answers.set('share.update', () => new PeerAssistError('network', 'not connected'));
      await expect(t.controller.execute({ type: 'share.stop', rid: 'c1' })).resolves.toBeUndefined();
      expect(t.store.session?.share).toEqual({ status: 'idle' });
    });

    it('does nothing when nothing is shared', async () => {
      const t = await setup({ inSession: true });
      await t.controller.execute({ type: 'share.stop', rid: 'c1' });
      expect(t.media.commands).toEqual([]);
      expect(t.server.requests).toEqual([]);
    });
  });

  describe('session.end', () => {
    it('asks the server to end it, then clears the session, media and connection', async () => {
      const t = await sharingSetup({ participants: [participant('p_casey001')] });
      await t.controller.execute({ type: 'session.end', rid: 'c1' });
      expect(t.server.requests).toEqual([{ type: 'session.end', sessionId: SESSION.id }]);
      expect(t.store.session).toBeNull();
      expect(t.store.snapshot().lastError).toBeNull();
      expect(t.tabs.banners).toEqual(new Set());
      expect(t.media.disposed).toBe(1);
      expect(t.server.unwanted).toBe(1);
    });

    it('ends locally when the server no longer has it', async () => {
      const t = await setup({ inSession: true });
      t.server.answers.set('session.end', () => new PeerAssistError('no_session', 'gone'));
      await t.controller.execute({ type: 'session.end', rid: 'c1' });
      expect(t.store.session).toBeNull();
    });

    it('keeps the session when the server could not be asked', async () => {
      const t = await setup({ inSession: true });
      t.server.answers.set('session.end', () => new PeerAssistError('network', 'not connected'));
      await expect(t.controller.execute({ type: 'session.end', rid: 'c1' })).rejects.toMatchObject({ reason: 'network' });
      expect(t.store.session?.info).toEqual(SESSION);
    });
  });

  describe('several customers: selection and the stage (issue #6)', () => {
    const casey = participant('p_casey001', { name: 'Casey', joinedAt: 1 });
    const robin = participant('p_robin001', { name: 'Robin', joinedAt: 2 });
    const caseyStage = { participantId: casey.id, role: 'customer' as const, name: 'Casey' };

    it('support.select asks the server, stores the choice and forwards nobody’s screen', async () => {
      const t = await setup({ inSession: true, participants: [casey, robin] });
      await t.controller.execute({ type: 'support.select', rid: 'c1', participantId: casey.id });
      expect(t.server.requests).toEqual([{ type: 'support.select', sessionId: SESSION.id, participantId: casey.id }]);
      expect(t.store.session?.selectedId).toBe(casey.id);
      expect(t.media.commands).toEqual([NO_FORWARD]);
      // Selecting the same customer again asks nothing.
      await t.controller.execute({ type: 'support.select', rid: 'c2', participantId: casey.id });
      expect(t.server.requests).toHaveLength(1);
    });

    it('switching customer ends our share first, without a share.update (the server clears the stage itself)', async () => {
      const t = await sharingSetup({ participants: [casey, robin] });
      await t.controller.execute({ type: 'support.select', rid: 'c1', participantId: robin.id });
      expect(t.media.commands[0]).toEqual({ type: 'media.stopShare' });
      expect(t.store.session?.share).toEqual({ status: 'idle' });
      expect(t.tabs.banners).toEqual(new Set());
      expect(t.server.types()).toEqual(['support.select']);
    });

    it('a refused selection changes nothing that the server did not', async () => {
      const t = await setup({ inSession: true, participants: [casey] });
      t.server.answers.set('support.select', () => new PeerAssistError('unknown_participant', 'gone'));
      await expect(t.controller.execute({ type: 'support.select', rid: 'c1', participantId: casey.id })).rejects.toMatchObject({
        reason: 'unknown_participant',
      });
      expect(t.store.session?.selectedId).toBeNull();
    });

    it('screen.request needs the customer selected, stops our share, and remembers the pending request', async () => {
      const t = await sharingSetup({ participants: [casey, robin] });
      await expect(t.controller.execute({ type: 'screen.request', rid: 'c1', participantId: casey.id })).rejects.toMatchObject({
        reason: 'not_selected',
      });
      await t.store.setSupport(SESSION.id, { selectedId: casey.id });
      await t.controller.execute({ type: 'screen.request', rid: 'c2', participantId: casey.id });
      expect(t.server.requests).toEqual([
        { type: 'share.update', sessionId: SESSION.id, sharing: false },
        { type: 'screen.request', sessionId: SESSION.id, participantId: casey.id },
      ]);
      expect(t.store.session?.share).toEqual({ status: 'idle' });
      expect(t.store.session?.screenRequest).toEqual({ participantId: casey.id, at: expect.any(Number) });
    });

    it('share.state with a customer on the stage forwards their screen; the pending request is answered', async () => {
      const t = await setup({ inSession: true, participants: [casey, robin] });
      await t.store.setSupport(SESSION.id, { selectedId: casey.id });
      await t.store.setScreenRequest(SESSION.id, { participantId: casey.id, at: 1 });
      await t.controller.onServerMessage({ type: 'share.state', sessionId: SESSION.id, sharing: true, stage: caseyStage });
      expect(t.store.session).toMatchObject({ stage: caseyStage, screenRequest: null });
      expect(t.media.commands).toEqual([{ type: 'media.forward', sessionId: SESSION.id, participantId: casey.id }]);

      await t.controller.onServerMessage({ type: 'share.state', sessionId: SESSION.id, sharing: false, stage: null });
      expect(t.store.session?.stage).toBeNull();
      expect(t.media.commands.at(-1)).toEqual(NO_FORWARD);
    });

    it('screen.stop asks the customer on the stage to stop and stops forwarding', async () => {
      const t = await setup({ inSession: true, participants: [casey] });
      await t.store.setSupport(SESSION.id, { selectedId: casey.id, stage: caseyStage });
      await t.controller.execute({ type: 'screen.stop', rid: 'c1' });
      expect(t.server.requests).toEqual([{ type: 'share.update', sessionId: SESSION.id, sharing: false }]);
      expect(t.store.session?.stage).toBeNull();
      expect(t.media.commands).toEqual([NO_FORWARD]);
    });

    it('sharing our tab while a customer is on the stage takes the stage back', async () => {
      const t = await setup({ inSession: true, participants: [casey] });
      await t.store.setSupport(SESSION.id, { selectedId: casey.id, stage: caseyStage });
      await t.controller.execute({ type: 'share.tab', rid: 'c1', tabId: 7 });
      expect(t.server.requests).toEqual([
        { type: 'share.update', sessionId: SESSION.id, sharing: false },
        { type: 'share.update', sessionId: SESSION.id, sharing: true },
      ]);
      expect(t.store.session?.share.status).toBe('sharing');
    });

    it('support.selected from the server: the new choice is stored and, when shares stopped, ours stops too', async () => {
      const t = await sharingSetup({ participants: [casey, robin] });
      await t.controller.onServerMessage({ type: 'support.selected', sessionId: SESSION.id, participantId: robin.id, sharesStopped: true });
      expect(t.store.session).toMatchObject({ selectedId: robin.id, stage: null, share: { status: 'idle' } });
      expect(t.media.commands).toEqual([{ type: 'media.stopShare' }, NO_FORWARD]);
      expect(t.server.requests).toEqual([]);
    });

    it('session.notice screen_refused: the request ends and the rep is told why', async () => {
      const t = await setup({ inSession: true, participants: [casey] });
      await t.store.setSupport(SESSION.id, { selectedId: casey.id });
      await t.store.setScreenRequest(SESSION.id, { participantId: casey.id, at: 1 });
      await t.controller.onServerMessage({
        type: 'session.notice',
        sessionId: SESSION.id,
        notice: { kind: 'screen_refused', name: 'Casey', reason: 'share_unsupported' },
      });
      expect(t.store.session?.screenRequest).toBeNull();
      expect(t.store.session?.notices).toEqual([expect.objectContaining({ kind: 'screen_refused', name: 'Casey', reason: 'share_unsupported' })]);
    });

    it('media.peerQuality is stored for the customer', async () => {
      const t = await setup({ inSession: true, participants: [casey] });
      await t.controller.onMediaEvent({ type: 'media.peerQuality', participantId: casey.id, quality: { level: 'poor', rttMs: 600, lossPct: 12 } });
      expect(t.store.session?.quality).toEqual({ [casey.id]: { level: 'poor', rttMs: 600, lossPct: 12 } });
    });
  });

  describe('window or screen, and share prefs', () => {
    it('share.desktop captures through the media context’s picker and titles the share with the source’s name', async () => {
      const t = await setup({ inSession: true });
      const run = t.media.run.bind(t.media);
      t.media.run = async (command) => ({ ...(await run(command)), ...(command.type === 'media.share' && { label: 'screen:0:0' }) });
      await t.controller.execute({ type: 'share.desktop', rid: 'c1' });
      expect(t.media.commands).toEqual([{ type: 'media.share', sessionId: SESSION.id, source: 'desktop', prefs: DEFAULT_SHARE_PREFS }]);
      expect(t.store.session?.share).toEqual({ status: 'sharing', tabTitle: 'screen:0:0' });
      expect(t.tabs.banners).toEqual(new Set());
      expect(t.server.requests).toEqual([{ type: 'share.update', sessionId: SESSION.id, sharing: true }]);
    });

    it('a closed picker leaves nothing shared and says so (share_declined)', async () => {
      const t = await setup({ inSession: true });
      t.media.failures.set('media.share', new PeerAssistError('share_declined', 'the picker was closed'));
      await expect(t.controller.execute({ type: 'share.desktop', rid: 'c1' })).rejects.toMatchObject({ reason: 'share_declined' });
      expect(t.store.session?.share).toEqual({ status: 'idle' });
      expect(t.server.requests).toEqual([]);
    });

    it('share.prefs are stored and applied to a running share', async () => {
      const t = await setup({ inSession: true });
      const prefs = { resolution: '720p' as const, frameRate: 15 as const };
      await t.controller.execute({ type: 'share.prefs', rid: 'c1', prefs });
      expect(t.store.sharePrefs).toEqual(prefs);
      expect(t.media.commands).toEqual([]); // nothing running: the next share uses them
      await t.controller.execute({ type: 'share.tab', rid: 'c2', tabId: 7 });
      expect(t.media.commands.at(-1)).toMatchObject({ type: 'media.share', prefs });
      await t.controller.execute({ type: 'share.prefs', rid: 'c3', prefs: { resolution: '1440p', frameRate: 5 } });
      expect(t.media.commands.at(-1)).toEqual({ type: 'media.prefs', prefs: { resolution: '1440p', frameRate: 5 } });
    });
  });

  describe('multi-session mode: session tabs (S15)', () => {
    const second = sessionInfo({ id: 's_session002', number: '987654321', kind: 'multi' });

    it('a new session becomes the active tab; the one left stops sharing', async () => {
      const t = await sharingSetup();
      t.server.answers.set('session.start', () => ({ type: 'session.started', session: second }));
      await t.controller.execute({ type: 'session.start', rid: 'c1', kind: 'multi' });
      expect(t.server.requests).toEqual([
        { type: 'session.start', kind: 'multi' },
        { type: 'share.update', sessionId: SESSION.id, sharing: false },
      ]);
      expect(t.store.sessions.map((s) => s.info.id)).toEqual([SESSION.id, second.id]);
      expect(t.store.session?.info.id).toBe(second.id);
      expect(t.store.sessionById(SESSION.id)?.share).toEqual({ status: 'idle' });
    });

    it('session.activate switches tabs, ending the share of the tab left; an unknown id is refused', async () => {
      const t = await sharingSetup();
      await t.store.sessionStarted(second);
      await t.store.activate(SESSION.id);
      await t.controller.execute({ type: 'session.activate', rid: 'c1', sessionId: second.id });
      expect(t.store.session?.info.id).toBe(second.id);
      expect(t.store.sessionById(SESSION.id)?.share).toEqual({ status: 'idle' });
      await expect(t.controller.execute({ type: 'session.activate', rid: 'c2', sessionId: 's_nothing01' })).rejects.toMatchObject({
        reason: 'no_session',
      });
    });

    it('each session routes its own pushes; ending one keeps the others, their peers and the connection', async () => {
      const t = await setup({ inSession: true });
      await t.store.sessionStarted(second);
      await t.controller.onServerMessage({ type: 'participant.update', sessionId: second.id, participant: participant('p_robin001') });
      await t.controller.onServerMessage({ type: 'participant.update', sessionId: SESSION.id, participant: participant('p_casey001') });
      expect(t.media.commands).toEqual([
        { type: 'peer.open', participantId: 'p_robin001', sessionId: second.id, name: 'Person p_robin001', role: 'customer' },
        { type: 'peer.open', participantId: 'p_casey001', sessionId: SESSION.id, name: 'Person p_casey001', role: 'customer' },
      ]);
      t.media.commands.length = 0;
      await t.controller.execute({ type: 'session.end', rid: 'c1', sessionId: SESSION.id });
      expect(t.store.sessions.map((s) => s.info.id)).toEqual([second.id]);
      expect(t.media.commands).toEqual([NO_FORWARD, { type: 'peer.close', participantId: 'p_casey001' }]);
      expect(t.media.disposed).toBe(0);
      expect(t.server.unwanted).toBe(0);
      await t.controller.onServerMessage({ type: 'session.ended', sessionId: second.id, reason: 'ended_by_rep' });
      expect(t.store.sessions).toEqual([]);
      expect(t.media.disposed).toBe(1);
      expect(t.server.unwanted).toBe(1);
    });

    it('a reconnect resumes every session', async () => {
      const t = await setup({ inSession: true });
      await t.store.sessionStarted(second);
      t.server.answers.set('session.resume', (message) => ({
        type: 'session.resumed',
        session: message.type === 'session.resume' && message.sessionId === second.id ? second : SESSION,
        participants: [],
        sharing: false,
        selectedId: null,
        stage: null,
      }));
      await resume(t);
      expect(t.server.requests).toEqual([
        { type: 'session.resume', sessionId: SESSION.id },
        { type: 'session.resume', sessionId: second.id },
      ]);
      expect(t.store.sessions).toHaveLength(2);
    });
  });

  describe('transfer of control (issue #7)', () => {
    const helper = participant('p_helper01', { role: 'assistant', name: 'Helen Helper', joinedAt: 2 });
    const casey = participant('p_casey001', { name: 'Casey', joinedAt: 1 });
    const me = participant('p_dana0001', { role: 'controller', name: 'Dana', joinedAt: 0 });

    it('a connected assistant gets a peer like a customer: they watch the stage too (S17)', async () => {
      const t = await setup({ inSession: true });
      await t.controller.onServerMessage({ type: 'participant.update', sessionId: SESSION.id, participant: helper });
      expect(t.media.commands).toEqual([{ type: 'peer.open', participantId: helper.id, sessionId: SESSION.id, name: helper.name, role: 'assistant' }]);
    });

    it('control.transfer stops our share, ends the chat for everyone and hands the invitations and the chat log over with control', async () => {
      const t = await sharingSetup({ participants: [me, casey, helper] });
      await t.store.addInvitation(SESSION.id, { id: 'i1', kind: 'customer', email: 'kim@example.test', status: 'sent', at: 5 });
      const said = { kind: 'text', id: 'chat-said-1', at: 6, from: casey.id, name: casey.name, role: 'customer', text: 'hello' } as const;
      await t.store.addChatEntry(SESSION.id, said);
      await t.controller.execute({ type: 'control.transfer', rid: 'c1', participantId: helper.id });
      expect(t.media.commands[0]).toEqual({ type: 'media.stopShare' });
      const ended = { kind: 'ended', id: expect.any(String), at: expect.any(Number), name: helper.name };
      // Issue #9, S20: the chat in progress ends with a message to everyone (the hub relays it).
      expect(t.media.commands[1]).toEqual({ type: 'chat.post', sessionId: SESSION.id, entry: ended });
      expect(t.server.requests).toEqual([
        {
          type: 'control.transfer',
          sessionId: SESSION.id,
          participantId: helper.id,
          handoff: { invitations: [{ id: 'i1', kind: 'customer', email: 'kim@example.test', status: 'sent', at: 5 }], chat: [said, ended] },
        },
      ]);
    });

    it('control.transfer with our voice call running says so in the handoff (S20: the call goes on with the new controller)', async () => {
      const t = await sharingSetup({ participants: [me, casey, helper] });
      t.media.voiceIn = [SESSION.id];
      await t.controller.execute({ type: 'control.transfer', rid: 'c1', participantId: helper.id });
      expect(t.server.requests).toEqual([
        expect.objectContaining({ type: 'control.transfer', handoff: expect.objectContaining({ call: { running: true } }) }),
      ]);
      // A call in another session (none here) or none at all: no call in the handoff.
      t.server.requests.length = 0;
      const other = await sharingSetup({ participants: [me, casey, helper] });
      other.media.voiceIn = ['s_another0000001'];
      await other.controller.execute({ type: 'control.transfer', rid: 'c2', participantId: helper.id });
      expect(other.server.requests[0]).toMatchObject({ type: 'control.transfer' });
      expect((other.server.requests[0] as { handoff: object }).handoff).not.toHaveProperty('call');
    });

    it('control.received with a call in the handoff: our engine joins it after opening the peers; without one it does not', async () => {
      for (const call of [{ running: true as const }, undefined]) {
        const t = await setup();
        await t.store.assistStarted({
          sessionId: SESSION.id,
          number: SESSION.number,
          participantId: helper.id,
          controllerName: me.name,
          participants: [me, casey, helper],
          sharing: false,
          passedTo: null,
        });
        await t.controller.onServerMessage({
          type: 'control.received',
          sessionId: SESSION.id,
          session: SESSION,
          participants: [casey, { ...helper, role: 'controller' as const }],
          selectedId: null,
          stage: null,
          handoff: { invitations: [], ...(call && { call }) },
        });
        const types = t.media.commands.map((c) => c.type);
        if (call) {
          expect(t.media.commands.at(-1)).toEqual({ type: 'calls.continue', sessionId: SESSION.id });
          expect(types.indexOf('peer.open')).toBeLessThan(types.indexOf('calls.continue'));
        } else {
          expect(types).not.toContain('calls.continue');
        }
      }
    });

    it('control.transfer to someone who is not a connected assistant is refused here', async () => {
      const t = await setup({ inSession: true, participants: [casey] });
      await expect(t.controller.execute({ type: 'control.transfer', rid: 'c1', participantId: casey.id })).rejects.toMatchObject({
        reason: 'unknown_participant',
      });
      expect(t.server.requests).toEqual([]);
    });

    it('control.released: the session leaves our list, we assist it and watch the new controller', async () => {
      const t = await setup({ inSession: true, participants: [me, casey, helper] });
      const after = [{ ...me, role: 'assistant' as const }, casey, { ...helper, role: 'controller' as const }];
      await t.controller.onServerMessage({
        type: 'control.released',
        sessionId: SESSION.id,
        number: SESSION.number,
        participantId: me.id,
        controllerName: helper.name,
        participants: after,
        sharing: false,
        iceServers: ICE_SERVERS,
        selectedId: null,
        stage: null,
      });
      expect(t.store.sessions).toEqual([]);
      expect(t.store.assisting).toMatchObject({ sessionId: SESSION.id, participantId: me.id, controllerName: helper.name, passedTo: helper.name });
      expect(t.media.commands).toEqual([
        // Customers are told their call and the recording ended because control passed (S20, issue #9).
        { type: 'media.reset', reason: 'control_transferred' },
        { type: 'media.configure', iceServers: [] },
        { type: 'peer.open', participantId: helper.id, sessionId: SESSION.id, polite: true },
        { type: 'media.forward', sessionId: SESSION.id, participantId: helper.id },
      ]);
    });

    it('control.received: the assisted session becomes ours, with the handoff and a notice of who passed it', async () => {
      const t = await setup();
      await t.store.assistStarted({
        sessionId: SESSION.id,
        number: SESSION.number,
        participantId: helper.id,
        controllerName: me.name,
        participants: [me, casey, helper],
        sharing: true,
        passedTo: null,
      });
      const previous = { participantId: me.id, name: me.name };
      await t.controller.onServerMessage({
        type: 'control.transferred',
        sessionId: SESSION.id,
        controller: { participantId: helper.id, name: helper.name },
        previous,
        reason: 'controller_gone',
      });
      const now = [casey, { ...helper, role: 'controller' as const }];
      const invitation = { id: 'i1', kind: 'customer' as const, email: 'kim@example.test', status: 'sent' as const, at: 5 };
      await t.controller.onServerMessage({
        type: 'control.received',
        sessionId: SESSION.id,
        session: SESSION,
        participants: now,
        selectedId: casey.id,
        stage: null,
        handoff: { invitations: [invitation] },
      });
      expect(t.store.assisting).toBeNull();
      expect(t.store.session).toMatchObject({ info: SESSION, participants: now, selectedId: casey.id, invitations: [invitation] });
      expect(t.store.session?.notices).toEqual([expect.objectContaining({ kind: 'control_received', name: 'Dana', reason: 'no_session' })]);
      // Media starts over: our peers to the customers (and any assistant).
      expect(t.media.commands).toContainEqual({ type: 'media.reset' });
      expect(t.media.commands).toContainEqual({ type: 'peer.open', participantId: casey.id, sessionId: SESSION.id, name: casey.name, role: 'customer' });
    });

    it('another assistant sees control move and watches the new controller instead', async () => {
      const t = await setup();
      const other = participant('p_other001', { role: 'assistant', name: 'Otto', joinedAt: 3 });
      await t.store.assistStarted({
        sessionId: SESSION.id,
        number: SESSION.number,
        participantId: other.id,
        controllerName: me.name,
        participants: [me, helper, other],
        sharing: false,
        passedTo: null,
      });
      await t.controller.onServerMessage({
        type: 'control.transferred',
        sessionId: SESSION.id,
        controller: { participantId: helper.id, name: helper.name },
        previous: { participantId: me.id, name: me.name },
        reason: 'transfer',
      });
      expect(t.store.assisting?.controllerName).toBe(helper.name);
      expect(t.media.commands).toContainEqual({ type: 'peer.open', participantId: helper.id, sessionId: SESSION.id, polite: true });
      expect(t.media.commands).toContainEqual({ type: 'media.forward', sessionId: SESSION.id, participantId: helper.id });
    });
  });

  describe('WebACD agents (issue #8)', () => {
    const AGENT_AUTH = { ...AUTH, user: { ...AUTH.user, roles: ['rep' as const, 'agent' as const] } };
    const offer = {
      offerId: 'o_offer0001',
      sessionId: 's_other0001',
      number: '987654321',
      fromName: 'Casey Controller',
      customers: ['Kim'],
      message: 'Billing question, needs a refund',
      expiresAt: 1_900_000_000_000,
    };

    async function agentSetup(over: Parameters<typeof setup>[0] = {}) {
      const t = await setup({ signedIn: false, ...over });
      await t.store.signedIn(SERVER_URL, AGENT_AUTH);
      return t;
    }

    it('an agent stays connected without a session and tells the server its availability on every connection', async () => {
      const t = await agentSetup();
      expect(t.store.wantsConnection).toBe(true);
      expect(t.store.snapshot().agent).toEqual({ status: 'available' });
      await resume(t);
      expect(t.server.requests).toEqual([{ type: 'agent.status', status: 'available' }]);
      await t.controller.execute({ type: 'agent.status', rid: 'c1', status: 'away' });
      expect(t.server.requests.at(-1)).toEqual({ type: 'agent.status', status: 'away' });
      expect(t.store.snapshot().agent).toEqual({ status: 'away' });
    });

    it('a rep without the agent role is not an agent and lets the connection go with its last session', async () => {
      const t = await setup({ inSession: true });
      expect(t.store.snapshot().agent).toBeNull();
      await t.controller.onServerMessage({ type: 'session.ended', sessionId: SESSION.id, reason: 'ended_by_rep' });
      expect(t.server.unwanted).toBe(1);
    });

    it('ending an agent’s last session keeps the connection for offers', async () => {
      const t = await agentSetup();
      await t.store.sessionStarted(SESSION);
      await t.controller.onServerMessage({ type: 'session.ended', sessionId: SESSION.id, reason: 'ended_by_rep' });
      expect(t.server.unwanted).toBe(0);
    });

    it('session.handoff: only agents; a private message over 345 characters is refused before anything is sent', async () => {
      const rep = await setup({ inSession: true });
      await expect(rep.controller.execute({ type: 'session.handoff', rid: 'c1', target: { kind: 'queue', queueId: 'q_billing01' } })).rejects.toMatchObject({
        reason: 'forbidden',
      });
      const t = await agentSetup();
      await t.store.sessionStarted(SESSION);
      await expect(
        t.controller.execute({ type: 'session.handoff', rid: 'c2', target: { kind: 'queue', queueId: 'q_billing01' }, message: 'x'.repeat(346) }),
      ).rejects.toMatchObject({ reason: 'message_too_long' });
      expect(t.server.requests).toEqual([]);
      await t.controller.execute({ type: 'session.handoff', rid: 'c3', target: { kind: 'queue', queueId: 'q_billing01' }, message: 'x'.repeat(345) });
      expect(t.server.requests).toEqual([
        { type: 'session.handoff', sessionId: SESSION.id, target: { kind: 'queue', queueId: 'q_billing01' }, message: 'x'.repeat(345), handoff: { invitations: [] } },
      ]);
    });

    it('handoff.state: queued with a place is shown; accepted ends our part and says so on the start screen', async () => {
      const t = await agentSetup();
      await t.store.sessionStarted(SESSION);
      await t.controller.onServerMessage({ type: 'handoff.state', sessionId: SESSION.id, state: 'queued', queueId: 'q_billing01', position: 2 });
      expect(t.store.session?.handoff).toEqual({ state: 'queued', queueId: 'q_billing01', position: 2 });
      await t.controller.onServerMessage({ type: 'handoff.state', sessionId: SESSION.id, state: 'accepted' });
      expect(t.store.sessions).toEqual([]);
      expect(t.store.snapshot().startNotice).toEqual({ kind: 'assist_ended', number: SESSION.number, reason: 'transferred' });
      expect(t.media.disposed).toBe(1);
    });

    it('offers come and go; accepting one makes its control.received ours', async () => {
      const t = await agentSetup();
      await t.controller.onServerMessage({ type: 'agent.offer', ...offer });
      expect(t.store.snapshot().offers).toEqual([offer]);
      await t.controller.onServerMessage({ type: 'offer.withdrawn', offerId: offer.offerId, reason: 'expired' });
      expect(t.store.snapshot().offers).toEqual([]);

      await t.controller.onServerMessage({ type: 'agent.offer', ...offer });
      await t.controller.execute({ type: 'offer.accept', rid: 'c1', offerId: offer.offerId });
      expect(t.server.requests.at(-1)).toEqual({ type: 'offer.accept', offerId: offer.offerId });
      const info = sessionInfo({ id: offer.sessionId, number: offer.number });
      await t.controller.onServerMessage({
        type: 'control.received',
        sessionId: offer.sessionId,
        session: info,
        participants: [participant('p_kim00001', { name: 'Kim' })],
        selectedId: null,
        stage: null,
        handoff: { invitations: [] },
      });
      expect(t.store.session?.info.id).toBe(offer.sessionId);
      expect(t.media.commands).toContainEqual({ type: 'peer.open', participantId: 'p_kim00001', sessionId: offer.sessionId, name: 'Kim', role: 'customer' });
    });

    it('an offer no longer open cannot be accepted', async () => {
      const t = await agentSetup();
      await expect(t.controller.execute({ type: 'offer.accept', rid: 'c1', offerId: 'o_gone00001' })).rejects.toMatchObject({ reason: 'offer_gone' });
    });

    it('an unasked-for control.received (no offer accepted, not assisting) is ignored', async () => {
      const t = await agentSetup();
      await t.controller.onServerMessage({
        type: 'control.received',
        sessionId: 's_other0001',
        session: sessionInfo({ id: 's_other0001' }),
        participants: [],
        selectedId: null,
        stage: null,
        handoff: { invitations: [] },
      });
      expect(t.store.sessions).toEqual([]);
    });
  });

  describe('participants and errors', () => {
    it.each(['participant.admit', 'participant.deny'] as const)('%s is requested for our session', async (type) => {
      const t = await setup({ inSession: true, participants: [participant('p_casey001', { state: 'lobby' })] });
      await t.controller.execute({ type, rid: 'c1', participantId: 'p_casey001' });
      expect(t.server.requests).toEqual([{ type, sessionId: SESSION.id, participantId: 'p_casey001' }]);
    });

    it('error.dismiss clears the last error', async () => {
      const t = await setup();
      await t.store.setError({ reason: 'network', message: 'x' });
      await t.controller.execute({ type: 'error.dismiss', rid: 'c1' });
      expect(t.store.snapshot().lastError).toBeNull();
    });
  });

  describe('sign-in and settings', () => {
    const loginReply = {
      accessToken: 'tok_fresh0123456789abcdef',
      expiresAt: 2_000_000_000_000,
      refreshToken: 'ref_fresh0123456789abcdef',
      refreshExpiresAt: 2_100_000_000_000,
      user: { ...USER, roles: ['rep'] },
    };

    it('auth.signIn posts the credentials and stores the sign-in for that server', async () => {
      const t = await setup({ signedIn: false });
      fetchMock.mockResolvedValue(Response.json(loginReply));
      await t.controller.execute({ type: 'auth.signIn', rid: 'c1', serverUrl: 'https://help.example.test/', email: 'dana@example.test', password: 'pw' });
      expect(fetchMock).toHaveBeenCalledExactlyOnceWith(
        'https://help.example.test/api/auth/login',
        expect.objectContaining({ method: 'POST', body: JSON.stringify({ email: 'dana@example.test', password: 'pw' }) }),
      );
      expect(t.store.auth).toEqual(loginReply);
      expect(t.store.serverUrl).toBe('https://help.example.test');
    });

    it('auth.signIn refused by the server fails with its reason and stores nothing', async () => {
      const t = await setup({ signedIn: false });
      fetchMock.mockResolvedValue(Response.json({ error: { reason: 'bad_credentials', message: 'wrong password' } }, { status: 401 }));
      await expect(
        t.controller.execute({ type: 'auth.signIn', rid: 'c1', serverUrl: SERVER_URL, email: 'dana@example.test', password: 'nope' }),
      ).rejects.toMatchObject({ reason: 'bad_credentials' });
      expect(t.store.auth).toBeNull();
    });

    it('auth.signOut ends the session first, drops the connection and tells the server', async () => {
      const t = await setup({ inSession: true });
      fetchMock.mockResolvedValue(new Response(null, { status: 204 }));
      await t.controller.execute({ type: 'auth.signOut', rid: 'c1' });
      expect(t.server.types()).toEqual(['session.end']);
      expect(t.store.session).toBeNull();
      expect(t.store.auth).toBeNull();
      expect(t.server.unwanted).toBeGreaterThan(0);
      expect(fetchMock).toHaveBeenCalledExactlyOnceWith(
        `${SERVER_URL}/api/auth/logout`,
        expect.objectContaining({ method: 'POST', headers: { authorization: `Bearer ${AUTH.accessToken}` } }),
      );
    });

    it('auth.signOut still signs out locally when the server cannot be reached', async () => {
      const t = await setup({ inSession: true });
      t.server.answers.set('session.end', () => new PeerAssistError('network', 'not connected'));
      await t.controller.execute({ type: 'auth.signOut', rid: 'c1' });
      expect(t.store.session).toBeNull();
      expect(t.store.auth).toBeNull();
    });

    it('settings.setServer signs out of the old server first when signed in', async () => {
      const t = await setup();
      const seen: string[] = [];
      t.store.subscribe(() => seen.push(`${t.store.auth ? 'signed in' : 'signed out'} @ ${t.store.serverUrl}`));
      fetchMock.mockResolvedValue(new Response(null, { status: 204 }));

      await t.controller.execute({ type: 'settings.setServer', rid: 'c1', serverUrl: 'https://help.example.test/' });
      expect(fetchMock).toHaveBeenCalledExactlyOnceWith(`${SERVER_URL}/api/auth/logout`, expect.anything());
      expect(seen).toEqual([`signed out @ ${SERVER_URL}`, 'signed out @ https://help.example.test']);
      expect(t.server.unwanted).toBe(1);
    });

    it('settings.setServer when signed out only changes the address', async () => {
      const t = await setup({ signedIn: false });
      await t.controller.execute({ type: 'settings.setServer', rid: 'c1', serverUrl: 'https://help.example.test' });
      expect(t.store.serverUrl).toBe('https://help.example.test');
      expect(fetchMock).not.toHaveBeenCalled();
    });

    it('settings.setServer with the same address (give or take a slash) keeps the sign-in', async () => {
      const t = await setup({ inSession: true });
      await t.controller.execute({ type: 'settings.setServer', rid: 'c1', serverUrl: `${SERVER_URL}/` });
      expect(t.store.auth).toEqual(AUTH);
      expect(t.store.session?.info).toEqual(SESSION);
      expect(fetchMock).not.toHaveBeenCalled();
    });
  });

  describe('wired to a real ServerConnection, as main.ts does', () => {
    async function restartedWorker() {
      // The first worker signed in, started a session and saw Casey connect…
      const areas = memoryAreas();
      const first = new RepStore(areas, CAN_CAPTURE);
      await first.ready;
      await first.signedIn(SERVER_URL, AUTH);
      await first.sessionStarted(SESSION);
      await first.upsertParticipant(SESSION.id, participant('p_casey001'));
      // …then Chrome stopped it. The new worker builds everything again over the same storage.
      const store = new RepStore(areas, CAN_CAPTURE);
      await store.ready;
      const timers = new ManualTimers();
      const ws = fakeWebSockets();
      const media = new FakeMediaHost();
      let controller!: SessionController;
      const server = new ServerConnection({
        credentials: () => (store.auth ? { serverUrl: store.serverUrl, accessToken: store.auth.accessToken } : undefined),
        onReady: (welcome) => controller.onConnected(welcome),
        onMessage: (message) => void controller.onServerMessage(message),
        onStatus: (status) => store.setConnection(status),
        onUnauthenticated: () => void store.signedOut(),
        policy: { nextDelay: () => 1_000 },
        timers,
        WebSocketImpl: ws.WebSocketImpl,
      });
      controller = new SessionController(store, server, media, new FakeTabCapture());
      if (store.session && store.auth) server.want();
      return { store, ws, media, controller, timers };
    }

    it('a restarted worker resumes its stored session and re-opens its peers', async () => {
      const t = await restartedWorker();
      const socket = t.ws.last();
      socket.open();
      socket.deliver(welcome(socket.lastOf('rep.hello').rid));
      await flush();
      const resume = socket.lastOf('session.resume');
      expect(resume.sessionId).toBe(SESSION.id);
      expect(t.store.snapshot().connection).toBe('connecting');

      const participants = [participant('p_casey001'), participant('p_sam00001', { joinedAt: 1_700_000_000_200 })];
      socket.deliver({ type: 'session.resumed', rid: resume.rid!, session: SESSION, participants, sharing: false, selectedId: null, stage: null });
      await flush();
      expect(t.media.commands).toEqual([
        { type: 'media.configure', iceServers: ICE_SERVERS },
        { type: 'peer.open', participantId: 'p_casey001', sessionId: SESSION.id, name: 'Person p_casey001', role: 'customer' },
        { type: 'peer.open', participantId: 'p_sam00001', sessionId: SESSION.id, name: 'Person p_sam00001', role: 'customer' },
        NO_FORWARD,
      ]);
      expect(t.store.session?.participants).toEqual(participants);
      expect(t.store.snapshot().connection).toBe('online');

      await t.controller.onMediaEvent({ type: 'media.signal', to: 'p_sam00001', payload: offer });
      expect(socket.lastOf('signal')).toEqual({ type: 'signal', to: 'p_sam00001', payload: offer });
    });

    it('a session the server forgot is cleared, and the connection let go', async () => {
      const t = await restartedWorker();
      const socket = t.ws.last();
      socket.open();
      socket.deliver(welcome(socket.lastOf('rep.hello').rid));
      await flush();
      socket.deliver({ type: 'error', rid: socket.lastOf('session.resume').rid!, reason: 'no_session', message: 'unknown session' });
      await flush();
      expect(t.store.session).toBeNull();
      expect(t.store.snapshot()).toMatchObject({ connection: 'offline', lastError: { reason: 'no_session' } });
      expect(socket.closedWith).toBe(1000);
      t.timers.advance(60_000);
      expect(t.ws.sockets).toHaveLength(1);
    });

    it('ending the session: the reply and the news of it both leave a clean state', async () => {
      const t = await restartedWorker();
      const socket = t.ws.last();
      socket.open();
      socket.deliver(welcome(socket.lastOf('rep.hello').rid));
      await flush();
      socket.deliver({ type: 'session.resumed', rid: socket.lastOf('session.resume').rid!, session: SESSION, participants: [], sharing: false, selectedId: null, stage: null });
      await flush();

      const ended = t.controller.execute({ type: 'session.end', rid: 'c1' });
      await flush();
      socket.deliver({ type: 'session.ended', rid: socket.lastOf('session.end').rid!, sessionId: SESSION.id, reason: 'ended_by_rep' });
      await ended;
      await flush();
      expect(t.store.snapshot()).toMatchObject({ session: null, lastError: null, connection: 'offline' });
      expect(socket.closedWith).toBe(1000);
    });
  });
});
