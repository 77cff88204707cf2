import { describe, expect, it, vi } from 'vitest';
import { DashboardState } from '../shared/protocol/runtime.ts';
import { DEFAULT_SERVER_URL, RepStore } from './rep-store.ts';
import { AUTH, SERVER_URL, USER, memoryAreas, participant, sessionInfo } from './test-fakes.ts';

// The storage keys are a contract with every installed copy: renaming one
// silently signs every rep out and drops their running session.
const LOCAL_KEY = 'peerassist.local.v1';
const SESSION_KEY = 'peerassist.session.v1';

async function openStore(areas = memoryAreas(), canCaptureTab = true) {
  const store = new RepStore(areas, canCaptureTab);
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
      const { store } = await openStore(memoryAreas(), false);
      expect(store.serverUrl).toBe(DEFAULT_SERVER_URL);
      expect(store.auth).toBeNull();
      expect(store.session).toBeNull();
      expect(store.snapshot()).toEqual({
        auth: { status: 'signed_out', serverUrl: DEFAULT_SERVER_URL },
        connection: 'offline',
        session: null,
        assisting: null,
        emailMode: 'client',
        startNotice: null,
        lastError: null,
        canCaptureTab: false,
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
      expect(areas.local.data.get(LOCAL_KEY)).toEqual({ serverUrl: SERVER_URL, auth: AUTH });
      expect([...areas.session.data.keys()]).toEqual([SESSION_KEY]);
      expect(areas.session.data.get(SESSION_KEY)).toEqual({
        session: { info: sessionInfo(), participants: [], peers: {}, share: { status: 'idle' }, notices: [], invitations: [] },
        assisting: null,
        emailMode: 'client',
        startNotice: null,
        lastError: { reason: 'network', message: 'offline for a while' },
      });
    });

    it('survives a worker restart: a new store over the same storage loads everything back', async () => {
      const { store, areas } = await storeInSession();
      await store.upsertParticipant(participant('p_casey001'));
      await store.setPeerStatus('p_casey001', 'connected');
      await store.setShare({ status: 'sharing', tabId: 7, tabTitle: 'Billing' });
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
      expect(areas.local.data.get(LOCAL_KEY)).toEqual({ serverUrl: SERVER_URL, auth: null });
    });
  });

  describe('session', () => {
    it('sessionStarted begins with no participants, no peers, nothing shared, and clears the last error', async () => {
      const { store } = await openStore();
      await store.setError({ reason: 'network', message: 'x' });
      await store.sessionStarted(sessionInfo());
      expect(store.session).toEqual({ info: sessionInfo(), participants: [], peers: {}, share: { status: 'idle' }, notices: [], invitations: [] });
      expect(store.snapshot().lastError).toBeNull();
    });

    it('upsertParticipant keeps participants sorted by joinedAt and replaces by id', async () => {
      const { store } = await storeInSession();
      await store.upsertParticipant(participant('p_late0001', { joinedAt: 300 }));
      await store.upsertParticipant(participant('p_early001', { joinedAt: 100 }));
      await store.upsertParticipant(participant('p_middle01', { joinedAt: 200, state: 'lobby' }));
      await store.upsertParticipant(participant('p_middle01', { joinedAt: 200, state: 'connected' }));
      expect(store.session?.participants.map((p) => [p.id, p.state])).toEqual([
        ['p_early001', 'connected'],
        ['p_middle01', 'connected'],
        ['p_late0001', 'connected'],
      ]);
    });

    it('drops the peer entry of a participant who left, but keeps them in the list', async () => {
      const { store } = await storeInSession();
      await store.upsertParticipant(participant('p_casey001'));
      await store.upsertParticipant(participant('p_robin001', { joinedAt: 2 }));
      await store.setPeerStatus('p_casey001', 'connected');
      await store.setPeerStatus('p_robin001', 'connecting');
      await store.upsertParticipant(participant('p_casey001', { state: 'left' }));
      expect(store.session?.peers).toEqual({ p_robin001: 'connecting' });
      expect(store.session?.participants.find((p) => p.id === 'p_casey001')?.state).toBe('left');
    });

    it('setPeerStatus ignores unknown participants and those who left', async () => {
      const { store } = await storeInSession();
      await store.upsertParticipant(participant('p_gone0001', { state: 'left' }));
      await store.setPeerStatus('p_nobody01', 'connected');
      await store.setPeerStatus('p_gone0001', 'connected');
      expect(store.session?.peers).toEqual({});
    });

    it('changes nothing about participants, peers or share without a session', async () => {
      const { store, areas } = await openStore();
      await store.upsertParticipant(participant('p_casey001'));
      await store.setPeerStatus('p_casey001', 'connected');
      await store.setShare({ status: 'starting', tabId: 1 });
      expect(store.session).toBeNull();
      expect(areas.session.data.size).toBe(0);
    });

    it('sessionResumed keeps peers and share for the same session and resets them for another', async () => {
      const { store } = await storeInSession();
      await store.upsertParticipant(participant('p_casey001'));
      await store.setPeerStatus('p_casey001', 'connected');
      await store.setShare({ status: 'sharing', tabId: 3, tabTitle: 'Docs' });

      const fromServer = [participant('p_casey001'), participant('p_robin001', { state: 'lobby', joinedAt: 5 })];
      await store.sessionResumed(sessionInfo(), fromServer);
      expect(store.session).toEqual({
        info: sessionInfo(),
        participants: fromServer,
        peers: { p_casey001: 'connected' },
        share: { status: 'sharing', tabId: 3, tabTitle: 'Docs' },
        notices: [],
        invitations: [],
      });

      const other = sessionInfo({ id: 's_session002', number: '987654321' });
      await store.sessionResumed(other, []);
      expect(store.session).toEqual({ info: other, participants: [], peers: {}, share: { status: 'idle' }, notices: [], invitations: [] });
    });

    it('sessionEnded clears the session, keeping the last error unless given a new one', async () => {
      const { store } = await storeInSession();
      await store.setError({ reason: 'network', message: 'earlier' });
      await store.sessionEnded();
      expect(store.session).toBeNull();
      expect(store.snapshot().lastError).toEqual({ reason: 'network', message: 'earlier' });

      await store.sessionStarted(sessionInfo());
      await store.sessionEnded({ reason: 'no_session', message: 'gone' });
      expect(store.snapshot().lastError).toEqual({ reason: 'no_session', message: 'gone' });
      await store.setError(null);
      expect(store.snapshot().lastError).toBeNull();
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
      await store.upsertParticipant(participant('p_casey001'));
      await store.setPeerStatus('p_casey001', 'reconnecting');
      await store.setShare({ status: 'starting', tabId: 4 });
      snapshots.push(store.snapshot());
      await store.setShare({ status: 'sharing', tabId: 4, tabTitle: 'A tab' });
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
        session: { info: sessionInfo(), participants: [], peers: {}, share: { status: 'idle' }, notices: [], invitations: [] },
        assisting: null,
        emailMode: 'client',
        startNotice: null,
        lastError: null,
        canCaptureTab: true,
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
      await store.addInvitation({ id: 'i1', kind: 'customer', email: 'kim@example.test', status: 'sent', at: 1 });
      await store.addInvitation({ id: 'i2', kind: 'rep', email: 'lee@example.test', status: 'sending', at: 2 });
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
