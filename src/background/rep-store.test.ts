import { describe, expect, it, vi } from 'vitest';
import { DashboardState } from '../shared/protocol/runtime.ts';
import { DEFAULT_SERVER_URL, RepStore } from './rep-store.ts';
import { DEFAULT_SHARE_PREFS } from '../shared/protocol/runtime.ts';
import { AUTH, CAN_CAPTURE, CANNOT_CAPTURE, SERVER_URL, USER, memoryAreas, participant, sessionInfo } from './test-fakes.ts';

const SID = sessionInfo().id;
/** A session as sessionStarted makes it. */
const fresh = (info = sessionInfo()) => ({
  info,
  participants: [],
  peers: {},
  quality: {},
  share: { status: 'idle' },
  selectedId: null,
  stage: null,
  screenRequest: null,
  handoff: null,
  notices: [],
  invitations: [],
});

// The storage keys are a contract with every installed copy: renaming one
// silently signs every rep out and drops their running session.
const LOCAL_KEY = 'peerassist.local.v1';
const SESSION_KEY = 'peerassist.session.v1';

async function openStore(areas = memoryAreas(), canCapture = CAN_CAPTURE) {
  const store = new RepStore(areas, canCapture);
  await store.ready;
  return { store, areas };
}

/** A store signed in and in a fresh session. */
async function storeInSession() {
  const opened = await openStore();
  await opened.store.signedIn(SERVER_URL, AUTH);
  await opened.store.sessionStarted(sessionInfo());
  return opened;
}

describe('RepStore', () => {
  describe('defaults', () => {
    it('starts signed out, offline, without a session, on the default server', async () => {
      const { store } = await openStore(memoryAreas(), CANNOT_CAPTURE);
      expect(store.serverUrl).toBe(DEFAULT_SERVER_URL);
      expect(store.auth).toBeNull();
      expect(store.session).toBeNull();
      expect(store.snapshot()).toEqual({
        auth: { status: 'signed_out', serverUrl: DEFAULT_SERVER_URL },
        connection: 'offline',
        sessions: [],
        activeSessionId: null,
        session: null,
        sessionKinds: ['single'],
        sharePrefs: DEFAULT_SHARE_PREFS,
        assisting: null,
        emailMode: 'client',
        startNotice: null,
        lastError: null,
        canCaptureTab: false,
        canCaptureDesktop: false,
        agent: null,
        offers: [],
        directory: null,
      });
    });

    it('writes nothing until something changes', async () => {
      const { areas } = await openStore();
      expect(areas.local.data.size).toBe(0);
      expect(areas.session.data.size).toBe(0);
    });
  });

  describe('persistence', () => {
    it('keeps server and sign-in in storage.local, session and last error in storage.session', async () => {
      const { store, areas } = await openStore();
      await store.signedIn(`${SERVER_URL}/`, AUTH);
      await store.sessionStarted(sessionInfo());
      await store.setError({ reason: 'network', message: 'offline for a while' });

      expect([...areas.local.data.keys()]).toEqual([LOCAL_KEY]);
      expect(areas.local.data.get(LOCAL_KEY)).toEqual({ serverUrl: SERVER_URL, auth: AUTH, sharePrefs: DEFAULT_SHARE_PREFS, agentStatus: 'available' });
      expect([...areas.session.data.keys()]).toEqual([SESSION_KEY]);
      expect(areas.session.data.get(SESSION_KEY)).toEqual({
        sessions: [fresh()],
        activeSessionId: SID,
        sessionMode: 'single',
        assisting: null,
        emailMode: 'client',
        startNotice: null,
        lastError: { reason: 'network', message: 'offline for a while' },
        offers: [],
        directory: null,
      });
    });

    it('survives a worker restart: a new store over the same storage loads everything back', async () => {
      const { store, areas } = await storeInSession();
      await store.upsertParticipant(SID, participant('p_casey001'));
      await store.setPeerStatus('p_casey001', 'connected');
      await store.setShare(SID, { status: 'sharing', tabId: 7, tabTitle: 'Billing' });
      await store.setError({ reason: 'capture_failed', message: 'no grant' });
      store.setConnection('online');

      const { store: restarted } = await openStore(areas);
      expect(restarted.serverUrl).toBe(SERVER_URL);
      expect(restarted.auth).toEqual(AUTH);
      expect(restarted.session).toEqual(store.session);
      // The connection is not state to keep: a new worker has no socket yet.
      expect(restarted.snapshot()).toEqual({ ...store.snapshot(), connection: 'offline' });
    });

    it('loads each area on its own: a browser restart clears storage.session but keeps the sign-in', async () => {
      const { areas } = await storeInSession();
      areas.session.data.clear();
      const { store } = await openStore(areas);
      expect(store.auth).toEqual(AUTH);
      expect(store.session).toBeNull();
    });

    it.each<[string, unknown]>([
      ['a string', 'http://example.test'],
      ['null', null],
      ['a bad server address', { serverUrl: 'not a url', auth: null }],
      ['an older shape (token instead of auth)', { serverUrl: SERVER_URL, token: 'abc' }],
      ['an auth without a user', { serverUrl: SERVER_URL, auth: { accessToken: 'x', expiresAt: 1 } }],
    ])('falls back to the local defaults when storage.local holds %s', async (_what, stored) => {
      const areas = memoryAreas();
      areas.local.data.set(LOCAL_KEY, stored);
      const { store } = await openStore(areas);
      expect(store.serverUrl).toBe(DEFAULT_SERVER_URL);
      expect(store.auth).toBeNull();
      expect(() => store.snapshot()).not.toThrow();
    });

    it.each<[string, unknown]>([
      ['a number', 42],
      ['a session without participants', { session: { info: sessionInfo(), peers: {}, share: { status: 'idle' } }, lastError: null }],
      ['an unknown peer status', { session: { info: sessionInfo(), participants: [], peers: { p_x00001: 'dancing' }, share: { status: 'idle' } }, lastError: null }],
      ['an unknown error reason', { session: null, lastError: { reason: 'kaboom', message: 'x' } }],
      ['a share without its tab', { session: { info: sessionInfo(), participants: [], peers: {}, share: { status: 'sharing' } }, lastError: null }],
    ])('falls back to the session defaults when storage.session holds %s', async (_what, stored) => {
      const areas = memoryAreas();
      areas.session.data.set(SESSION_KEY, stored);
      const { store } = await openStore(areas);
      expect(store.session).toBeNull();
      expect(store.snapshot().lastError).toBeNull();
    });

    it('keeps a valid area when the other one is corrupt', async () => {
      const { areas } = await storeInSession();
      areas.local.data.set(LOCAL_KEY, { serverUrl: 17 });
      const { store } = await openStore(areas);
      expect(store.auth).toBeNull();
      expect(store.session?.info).toEqual(sessionInfo());
    });

    it('refuses to write state its own schema would not load back', async () => {
      const { store, areas } = await openStore();
      const listener = vi.fn();
      store.subscribe(listener);
      await expect(store.setServerUrl('not a url')).rejects.toThrow();
      expect(store.serverUrl).toBe(DEFAULT_SERVER_URL);
      expect(areas.local.data.size).toBe(0);
      expect(listener).not.toHaveBeenCalled();
    });
  });

  describe('sign-in', () => {
    it('strips trailing slashes from the server address', async () => {
      const { store } = await openStore();
      await store.setServerUrl('https://help.example.test//');
      expect(store.serverUrl).toBe('https://help.example.test');
      await store.signedIn('https://other.example.test/', AUTH);
      expect(store.serverUrl).toBe('https://other.example.test');
    });

    it('signedOut drops the token but keeps the server address', async () => {
      const { store, areas } = await openStore();
      await store.signedIn(SERVER_URL, AUTH);
      await store.signedOut();
      expect(store.auth).toBeNull();
      expect(areas.local.data.get(LOCAL_KEY)).toEqual({ serverUrl: SERVER_URL, auth: null, sharePrefs: DEFAULT_SHARE_PREFS, agentStatus: 'available' });
    });
  });

  describe('session', () => {
    it('sessionStarted begins with no participants, no peers, nothing shared, and clears the last error', async () => {
      const { store } = await openStore();
      await store.setError({ reason: 'network', message: 'x' });
      await store.sessionStarted(sessionInfo());
      expect(store.session).toEqual(fresh());
      expect(store.snapshot().lastError).toBeNull();
    });

    it('upsertParticipant keeps participants sorted by joinedAt and replaces by id', async () => {
      const { store } = await storeInSession();
      await store.upsertParticipant(SID, participant('p_late0001', { joinedAt: 300 }));
      await store.upsertParticipant(SID, participant('p_early001', { joinedAt: 100 }));
      await store.upsertParticipant(SID, participant('p_middle01', { joinedAt: 200, state: 'lobby' }));
      await store.upsertParticipant(SID, participant('p_middle01', { joinedAt: 200, state: 'connected' }));
      expect(store.session?.participants.map((p) => [p.id, p.state])).toEqual([
        ['p_early001', 'connected'],
        ['p_middle01', 'connected'],
        ['p_late0001', 'connected'],
      ]);
    });

    it('drops the peer entry of a participant who left, but keeps them in the list', async () => {
      const { store } = await storeInSession();
      await store.upsertParticipant(SID, participant('p_casey001'));
      await store.upsertParticipant(SID, participant('p_robin001', { joinedAt: 2 }));
      await store.setPeerStatus('p_casey001', 'connected');
      await store.setPeerStatus('p_robin001', 'connecting');
      await store.upsertParticipant(SID, participant('p_casey001', { state: 'left' }));
      expect(store.session?.peers).toEqual({ p_robin001: 'connecting' });
      expect(store.session?.participants.find((p) => p.id === 'p_casey001')?.state).toBe('left');
    });

    it('setPeerStatus ignores unknown participants and those who left', async () => {
      const { store } = await storeInSession();
      await store.upsertParticipant(SID, participant('p_gone0001', { state: 'left' }));
      await store.setPeerStatus('p_nobody01', 'connected');
      await store.setPeerStatus('p_gone0001', 'connected');
      expect(store.session?.peers).toEqual({});
    });

    it('changes nothing about participants, peers or share without a session', async () => {
      const { store, areas } = await openStore();
      await store.upsertParticipant(SID, participant('p_casey001'));
      await store.setPeerStatus('p_casey001', 'connected');
      await store.setShare(SID, { status: 'starting', tabId: 1 });
      expect(store.session).toBeNull();
      expect(areas.session.data.size).toBe(0);
    });

    it('sessionResumed takes the server’s people, selection and stage, and keeps what only we know (peers, share)', async () => {
      const { store } = await storeInSession();
      await store.upsertParticipant(SID, participant('p_casey001'));
      await store.upsertParticipant(SID, participant('p_gone0001', { joinedAt: 1 }));
      await store.setPeerStatus('p_casey001', 'connected');
      await store.setShare(SID, { status: 'sharing', tabId: 3, tabTitle: 'Docs' });

      const fromServer = [participant('p_casey001'), participant('p_robin001', { state: 'lobby', joinedAt: 5 })];
      const stage = { participantId: 'p_controller', role: 'controller' as const, name: 'Dana' };
      await store.sessionResumed(sessionInfo(), fromServer, { selectedId: 'p_casey001', stage });
      expect(store.session).toEqual({
        ...fresh(),
        // A customer who left while we were away is still listed, as left (in joining order).
        participants: [participant('p_gone0001', { joinedAt: 1, state: 'left' }), fromServer[1], fromServer[0]],
        peers: { p_casey001: 'connected' },
        share: { status: 'sharing', tabId: 3, tabTitle: 'Docs' },
        selectedId: 'p_casey001',
        stage,
      });
    });

    it('sessionResumed of a session we do not hold changes nothing', async () => {
      const { store } = await storeInSession();
      await store.sessionResumed(sessionInfo({ id: 's_session002', number: '987654321' }), []);
      expect(store.sessions).toEqual([fresh()]);
    });

    it('sessionEnded clears the session, keeping the last error unless given a new one', async () => {
      const { store } = await storeInSession();
      await store.setError({ reason: 'network', message: 'earlier' });
      await store.sessionEnded(SID);
      expect(store.session).toBeNull();
      expect(store.snapshot().lastError).toEqual({ reason: 'network', message: 'earlier' });

      await store.sessionStarted(sessionInfo());
      await store.sessionEnded(SID, { reason: 'no_session', message: 'gone' });
      expect(store.snapshot().lastError).toEqual({ reason: 'no_session', message: 'gone' });
      await store.setError(null);
      expect(store.snapshot().lastError).toBeNull();
    });
  });

  describe('several sessions and customers (issue #6)', () => {
    const second = sessionInfo({ id: 's_session002', number: '987654321', kind: 'multi' });

    it('a new session becomes the active tab; ending the active one activates the newest left', async () => {
      const { store } = await storeInSession();
      await store.sessionStarted(second);
      expect(store.sessions.map((s) => s.info.id)).toEqual([SID, second.id]);
      expect(store.session?.info.id).toBe(second.id);
      await store.activate(SID);
      expect(store.snapshot().activeSessionId).toBe(SID);
      expect(store.snapshot().session?.info.id).toBe(SID);
      await store.sessionEnded(SID);
      expect(store.session?.info.id).toBe(second.id);
      await store.sessionEnded(second.id);
      expect(store.session).toBeNull();
      expect(store.snapshot().activeSessionId).toBeNull();
    });

    it('activate ignores a session we do not hold', async () => {
      const { store } = await storeInSession();
      await store.activate('s_unknown001');
      expect(store.session?.info.id).toBe(SID);
    });

    it('changes go to the session they name, peers and quality to the participant’s session', async () => {
      const { store } = await storeInSession();
      await store.sessionStarted(second);
      await store.upsertParticipant(SID, participant('p_casey001'));
      await store.upsertParticipant(second.id, participant('p_robin001'));
      await store.setPeerStatus('p_robin001', 'connected');
      await store.setQuality('p_robin001', { level: 'fair', rttMs: 180, lossPct: 0 });
      await store.setShare(second.id, { status: 'sharing', tabTitle: 'Screen 1' });
      const [first, other] = store.sessions;
      expect(first?.peers).toEqual({});
      expect(first?.share).toEqual({ status: 'idle' });
      expect(other?.peers).toEqual({ p_robin001: 'connected' });
      expect(other?.quality).toEqual({ p_robin001: { level: 'fair', rttMs: 180, lossPct: 0 } });
      expect(store.sessionOf('p_casey001')?.info.id).toBe(SID);
    });

    it('keeps the last MAX_LEFT customers who left, greyed, and forgets older ones', async () => {
      const { store } = await storeInSession();
      for (let i = 0; i < 7; i++) {
        await store.upsertParticipant(SID, participant(`p_left00${i}`, { joinedAt: i }));
        await store.upsertParticipant(SID, participant(`p_left00${i}`, { joinedAt: i, state: 'left' }));
      }
      expect(store.session?.participants.map((p) => p.id)).toEqual(['p_left002', 'p_left003', 'p_left004', 'p_left005', 'p_left006']);
    });

    it('an assistant who leaves is gone from the list (they come back as themselves)', async () => {
      const { store } = await storeInSession();
      await store.upsertParticipant(SID, participant('p_helper01', { role: 'assistant' }));
      await store.upsertParticipant(SID, participant('p_helper01', { role: 'assistant', state: 'left' }));
      expect(store.session?.participants).toEqual([]);
    });

    it('a customer who leaves is no longer selected, asked for their screen, or measured', async () => {
      const { store } = await storeInSession();
      await store.upsertParticipant(SID, participant('p_casey001'));
      await store.setQuality('p_casey001', { level: 'good', rttMs: 10, lossPct: 0 });
      await store.setSupport(SID, { selectedId: 'p_casey001' });
      await store.setScreenRequest(SID, { participantId: 'p_casey001', at: 5 });
      await store.upsertParticipant(SID, participant('p_casey001', { state: 'left' }));
      expect(store.session).toMatchObject({ selectedId: null, screenRequest: null, quality: {} });
    });

    it('a screen request ends when its customer reaches the stage or is no longer selected', async () => {
      const { store } = await storeInSession();
      await store.setSupport(SID, { selectedId: 'p_casey001' });
      await store.setScreenRequest(SID, { participantId: 'p_casey001', at: 5 });
      await store.setSupport(SID, { stage: { participantId: 'p_casey001', role: 'customer', name: 'Casey' } });
      expect(store.session?.screenRequest).toBeNull();
      expect(store.session?.stage?.participantId).toBe('p_casey001');

      await store.setScreenRequest(SID, { participantId: 'p_casey001', at: 6 });
      await store.setSupport(SID, { selectedId: 'p_robin001', stage: null });
      expect(store.session).toMatchObject({ selectedId: 'p_robin001', stage: null, screenRequest: null });
    });

    it('share prefs live in storage.local and survive a browser restart', async () => {
      const { store, areas } = await openStore();
      await store.setSharePrefs({ resolution: '720p', frameRate: 15 });
      areas.session.data.clear();
      const { store: again } = await openStore(areas);
      expect(again.sharePrefs).toEqual({ resolution: '720p', frameRate: 15 });
    });

    it('the session kinds come with the sign-in (before any socket is open) and its refreshes', async () => {
      const { store } = await openStore();
      await store.signedIn(SERVER_URL, { ...AUTH, user: { ...AUTH.user, sessionMode: 'both' } });
      expect(store.snapshot().sessionKinds).toEqual(['single', 'multi']);
      await store.tokensRefreshed({ ...AUTH, user: { ...AUTH.user, sessionMode: 'multi' } });
      expect(store.snapshot().sessionKinds).toEqual(['multi']);
      // An older server says nothing: what we know stays.
      await store.tokensRefreshed(AUTH);
      expect(store.snapshot().sessionKinds).toEqual(['multi']);
    });

    it('the session kinds follow the server’s session mode', async () => {
      const { store } = await openStore();
      await store.setServerModes({ sessionMode: 'both' });
      expect(store.snapshot().sessionKinds).toEqual(['single', 'multi']);
      await store.setServerModes({ sessionMode: 'multi', emailMode: 'server' });
      expect(store.snapshot()).toMatchObject({ sessionKinds: ['multi'], emailMode: 'server' });
    });

    it('loads a running session stored by the previous version (one `session`) as the only, active one', async () => {
      const areas = memoryAreas();
      const { kind: _kind, ...oldInfo } = sessionInfo();
      const old = { info: oldInfo, participants: [participant('p_casey001')], peers: {}, share: { status: 'idle' }, notices: [], invitations: [] };
      await areas.session.set({ [SESSION_KEY]: { session: old, emailMode: 'server', lastError: null } });
      const { store } = await openStore(areas);
      expect(store.sessions).toHaveLength(1);
      expect(store.session).toEqual({ ...fresh(), participants: [participant('p_casey001')] });
      expect(store.emailMode).toBe('server');
    });
  });

  describe('snapshot', () => {
    it('matches the DashboardState schema in every state', async () => {
      const { store } = await openStore();
      const snapshots = [store.snapshot()];
      await store.signedIn(SERVER_URL, AUTH);
      store.setConnection('connecting');
      snapshots.push(store.snapshot());
      await store.sessionStarted(sessionInfo());
      await store.upsertParticipant(SID, participant('p_casey001'));
      await store.setPeerStatus('p_casey001', 'reconnecting');
      await store.setShare(SID, { status: 'starting', tabId: 4 });
      snapshots.push(store.snapshot());
      await store.setShare(SID, { status: 'sharing', tabId: 4, tabTitle: 'A tab' });
      await store.setError({ reason: 'capture_failed', message: 'x' });
      store.setConnection('online');
      snapshots.push(store.snapshot());
      for (const snapshot of snapshots) expect(DashboardState.safeParse(snapshot).success).toBe(true);
    });

    it('shows the signed-in user and the session as stored', async () => {
      const { store } = await storeInSession();
      store.setConnection('online');
      expect(store.snapshot()).toEqual({
        auth: { status: 'signed_in', serverUrl: SERVER_URL, user: USER },
        connection: 'online',
        sessions: [fresh()],
        activeSessionId: SID,
        session: fresh(),
        sessionKinds: ['single'],
        sharePrefs: DEFAULT_SHARE_PREFS,
        assisting: null,
        emailMode: 'client',
        startNotice: null,
        lastError: null,
        canCaptureTab: true,
        canCaptureDesktop: true,
        agent: null,
        offers: [],
        directory: null,
      });
    });

    it('does not leak the access token to the dashboard', async () => {
      const { store } = await storeInSession();
      expect(JSON.stringify(store.snapshot())).not.toContain(AUTH.accessToken);
    });
  });

  describe('subscribers', () => {
    it('are notified once per change, already seeing the new state', async () => {
      const { store } = await openStore();
      const seen: string[] = [];
      store.subscribe(() => seen.push(store.snapshot().auth.status));
      await store.signedIn(SERVER_URL, AUTH);
      await store.signedOut();
      expect(seen).toEqual(['signed_in', 'signed_out']);
    });

    it('hear connection changes, but not a repeat of the same status', async () => {
      const { store } = await openStore();
      const listener = vi.fn();
      store.subscribe(listener);
      store.setConnection('connecting');
      store.setConnection('connecting');
      store.setConnection('online');
      expect(listener).toHaveBeenCalledTimes(2);
    });

    it('stop hearing after unsubscribing', async () => {
      const { store } = await openStore();
      const kept = vi.fn();
      const dropped = vi.fn();
      store.subscribe(kept);
      const unsubscribe = store.subscribe(dropped);
      unsubscribe();
      await store.setServerUrl('https://help.example.test');
      expect(kept).toHaveBeenCalledTimes(1);
      expect(dropped).not.toHaveBeenCalled();
    });
  });

  describe('invitations, assisting and the email mode (issue #5)', () => {
    const ASSIST = {
      sessionId: 's_other0001',
      number: '987654321',
      participantId: 'p_me000001',
      controllerName: 'Casey Controller',
      participants: [participant('p_ctrl00001', { role: 'controller', name: 'Casey Controller' }), participant('p_me000001', { role: 'assistant', name: 'Dana' })],
      sharing: false,
      passedTo: null,
    };

    it('loads what an older version stored (no invitations, assisting or email mode) with their defaults', async () => {
      const areas = memoryAreas();
      areas.session.data.set(SESSION_KEY, {
        session: { info: sessionInfo(), participants: [], peers: {}, share: { status: 'idle' }, notices: [] },
        lastError: null,
      });
      const { store } = await openStore(areas);
      expect(store.session?.invitations).toEqual([]);
      expect(store.assisting).toBeNull();
      expect(store.emailMode).toBe('client');
    });

    it('keeps invitations across a worker restart; one still sending when the connection went away fails as network', async () => {
      const { store, areas } = await storeInSession();
      await store.addInvitation(SID, { id: 'i1', kind: 'customer', email: 'kim@example.test', status: 'sent', at: 1 });
      await store.addInvitation(SID, { id: 'i2', kind: 'rep', email: 'lee@example.test', status: 'sending', at: 2 });
      const { store: restarted } = await openStore(areas);
      expect(restarted.session?.invitations.map((i) => i.status)).toEqual(['sent', 'sending']);
      await restarted.sessionResumed(sessionInfo(), []);
      expect(restarted.session?.invitations).toEqual([
        { id: 'i1', kind: 'customer', email: 'kim@example.test', status: 'sent', at: 1 },
        { id: 'i2', kind: 'rep', email: 'lee@example.test', status: 'failed', reason: 'network', at: 2 },
      ]);
    });

    it('keeps the assisted session in storage.session, never beside a controlled one', async () => {
      const { store, areas } = await storeInSession();
      await store.assistStarted(ASSIST);
      expect(store.session).toBeNull();
      const { store: restarted } = await openStore(areas);
      expect(restarted.assisting).toEqual(ASSIST);
      await restarted.upsertAssistParticipant(participant('p_kim00001', { name: 'Kim' }));
      await restarted.upsertAssistParticipant(participant('p_me000001', { role: 'assistant', name: 'Dana', state: 'left' }));
      expect(restarted.assisting?.participants.map((p) => p.name)).toEqual(['Casey Controller', 'Kim']);
      await restarted.sessionStarted(sessionInfo());
      expect(restarted.assisting).toBeNull();
    });

    it('an ended assisted session leaves a start-screen notice until dismissed; signing out drops the assisting', async () => {
      const { store } = await openStore();
      await store.signedIn(SERVER_URL, AUTH);
      await store.assistStarted(ASSIST);
      await store.assistEnded({ kind: 'assist_ended', number: ASSIST.number, reason: 'ended_by_rep' });
      expect(store.snapshot().startNotice).toEqual({ kind: 'assist_ended', number: '987654321', reason: 'ended_by_rep' });
      await store.dismissStartNotice();
      expect(store.snapshot().startNotice).toBeNull();

      await store.assistStarted(ASSIST);
      await store.signedOut();
      expect(store.assisting).toBeNull();
    });

    it('the email mode comes from the server and is shown to the dashboard', async () => {
      const { store } = await openStore();
      await store.setEmailMode('server');
      expect(store.snapshot().emailMode).toBe('server');
    });
  });
});
