// The rep's state, kept in extension storage so that an MV3 service-worker
// restart (Chrome stops idle workers after ~30 s; PLATFORM.md) loses nothing.
// "The extension holds the session" (DESIGN.md): this is the source of truth
// for the rep's side; the server keeps only the registry it needs to route.
//
//   storage.local   { serverUrl, auth, sharePrefs }       survives browser restarts
//   storage.session { sessions, activeSessionId, assisting, sessionMode,
//                     emailMode, startNotice, lastError } survives worker restarts, not browser restarts
//
//   signed_out ──signIn──► signed_in ──session.started──► in session(s) ──last session.ended──► signed_in
//        ▲                   │  ▲  │                       │  the active session tab: what the rep works on
//        │                   │  │  │                       │  share: idle ⇄ starting ⇄ sharing
//        │                   │  │  │                       │  selected customer, stage, screen request
//        │                   │  │  │                       │  invitations: sending → sent | failed → mail_program
//        │                   │  │  └─assistant.joined──► assisting ──leave / session.ended──► signed_in
//        └──────signOut──────┴──┴────────(ends the sessions or leaves the assisted one first)
//
// A rep controls one session (single-session mode: several customers in it),
// or several with one customer each (multi-session mode, S15), or assists one
// other rep's session, never both (the server would refuse it too):
// `sessions` and `assisting` are never set together.
//
// Every mutation goes through one method here, is validated by the same zod
// schema that checks what is loaded back, and notifies subscribers once.
import { z } from 'zod';
import type { Participant } from '../shared/protocol/common.ts';
import type { ErrorReason } from '../shared/protocol/errors.ts';
import {
  AgentOffer,
  AgentStatus,
  AssistSession,
  Directory,
  DashboardSession,
  DashboardState,
  DEFAULT_SHARE_PREFS,
  MAX_INVITATIONS,
  MAX_LEFT,
  MAX_NOTICES,
  SharePrefs,
  StartNotice,
  UserError,
  type ConnectionStatus,
  type HandoffStatus,
  type Invitation,
  type PeerQuality,
  type PeerStatus,
  type SessionNoticeItem,
  type ShareStatus,
} from '../shared/protocol/runtime.ts';
import { AuthTokens } from '../shared/protocol/admin.ts';
import { EMPTY_CHAT, MAX_CHAT_LOG, type ChatEntry } from '../shared/protocol/chat.ts';
import { receive } from '../shared/chat/chat-log.ts';
import { EmailMode, SessionMode, type SessionKind } from '../shared/protocol/settings.ts';
import type { SessionInfo, Stage } from '../shared/protocol/wire.ts';

export const DEFAULT_SERVER_URL = 'http://127.0.0.1:8787';

const LocalState = z.object({
  serverUrl: z.string().url(),
  auth: AuthTokens.nullable(),
  sharePrefs: SharePrefs.default(DEFAULT_SHARE_PREFS),
  /** A WebACD agent's availability, kept across browser restarts (S21). */
  agentStatus: AgentStatus.default('available'),
});
type LocalState = z.infer<typeof LocalState>;

const SessionState = z.preprocess(
  // Before issue #6 a rep held one session under `session`: an update in the
  // middle of a session keeps it.
  (raw) => {
    if (typeof raw !== 'object' || raw === null || 'sessions' in raw || !('session' in raw)) return raw;
    const { session, ...rest } = raw as { session: { info?: { id?: unknown } } | null };
    return { ...rest, sessions: session ? [session] : [], activeSessionId: session?.info?.id ?? null };
  },
  z.object({
    sessions: z.array(DashboardSession),
    activeSessionId: z.string().nullable(),
    // Defaults: what an older version stored lacks these and still loads.
    assisting: AssistSession.nullable().default(null),
    sessionMode: SessionMode.default('single'),
    emailMode: EmailMode.default('client'),
    startNotice: StartNotice.nullable().default(null),
    lastError: UserError.nullable(),
    offers: z.array(AgentOffer).max(20).default([]),
    directory: Directory.nullable().default(null),
  }),
);
type SessionState = z.infer<typeof SessionState>;

/** The kinds of session a mode allows, the default first. */
export function kindsOf(mode: SessionMode): SessionKind[] {
  return mode === 'both' ? ['single', 'multi'] : [mode];
}

/** The two storage areas, injected so tests can use an in-memory map. */
export interface StorageArea {
  get(key: string): Promise<Record<string, unknown>>;
  set(items: Record<string, unknown>): Promise<void>;
}

const LOCAL_KEY = 'peerassist.local.v1';
const SESSION_KEY = 'peerassist.session.v1';

export class RepStore {
  #local: LocalState = { serverUrl: DEFAULT_SERVER_URL, auth: null, sharePrefs: DEFAULT_SHARE_PREFS, agentStatus: 'available' };
  #session: SessionState = {
    sessions: [],
    activeSessionId: null,
    assisting: null,
    sessionMode: 'single',
    emailMode: 'client',
    startNotice: null,
    lastError: null,
    offers: [],
    directory: null,
  };
  #connection: ConnectionStatus = 'offline';
  readonly #listeners = new Set<() => void>();
  readonly ready: Promise<void>;

  constructor(
    private readonly areas: { local: StorageArea; session: StorageArea },
    private readonly canCapture: { tab: boolean; desktop: boolean },
  ) {
    this.ready = this.#load();
  }

  async #load(): Promise<void> {
    const [local, session] = await Promise.all([this.areas.local.get(LOCAL_KEY), this.areas.session.get(SESSION_KEY)]);
    // What storage holds may come from an older version: parse, and fall back to defaults.
    const parsedLocal = LocalState.safeParse(local[LOCAL_KEY]);
    if (parsedLocal.success) this.#local = parsedLocal.data;
    const parsedSession = SessionState.safeParse(session[SESSION_KEY]);
    if (parsedSession.success) this.#session = parsedSession.data;
  }

  subscribe(listener: () => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  get serverUrl(): string {
    return this.#local.serverUrl;
  }
  get auth(): LocalState['auth'] {
    return this.#local.auth;
  }
  get sharePrefs(): SharePrefs {
    return this.#local.sharePrefs;
  }
  /** Every session this rep controls, oldest first. */
  get sessions(): readonly DashboardSession[] {
    return this.#session.sessions;
  }
  /** The session tab the rep works in (the only one in single-session mode). */
  get session(): DashboardSession | null {
    return this.sessionById(this.#session.activeSessionId) ?? null;
  }
  sessionById(id: string | null | undefined): DashboardSession | undefined {
    return id ? this.#session.sessions.find((s) => s.info.id === id) : undefined;
  }
  /** The session a customer (or assistant) of ours is in. */
  sessionOf(participantId: string): DashboardSession | undefined {
    return this.#session.sessions.find((s) => s.participants.some((p) => p.id === participantId));
  }
  get assisting(): AssistSession | null {
    return this.#session.assisting;
  }
  get emailMode(): EmailMode {
    return this.#session.emailMode;
  }
  get sessionKinds(): SessionKind[] {
    return kindsOf(this.#session.sessionMode);
  }
  /** Whether the signed-in rep is a WebACD agent (S21). */
  get isAgent(): boolean {
    return this.#local.auth?.user.roles.includes('agent') ?? false;
  }
  /** Whether the background should keep a server connection: a session to serve, or an agent reachable for offers (S25). */
  get wantsConnection(): boolean {
    return this.#local.auth !== null && (this.isAgent || this.#session.sessions.length > 0 || this.#session.assisting !== null);
  }
  get agentStatus(): AgentStatus {
    return this.#local.agentStatus;
  }
  get offers(): readonly AgentOffer[] {
    return this.#session.offers;
  }

  snapshot(): DashboardState {
    const { auth, serverUrl, sharePrefs } = this.#local;
    return DashboardState.parse({
      auth: auth ? { status: 'signed_in', serverUrl, user: auth.user } : { status: 'signed_out', serverUrl },
      connection: this.#connection,
      sessions: this.#session.sessions,
      activeSessionId: this.#session.activeSessionId,
      session: this.session,
      sessionKinds: this.sessionKinds,
      sharePrefs,
      assisting: this.#session.assisting,
      emailMode: this.#session.emailMode,
      startNotice: this.#session.startNotice,
      lastError: this.#session.lastError,
      canCaptureTab: this.canCapture.tab,
      canCaptureDesktop: this.canCapture.desktop,
      agent: this.isAgent ? { status: this.#local.agentStatus } : null,
      offers: this.#session.offers,
      directory: this.#session.directory,
    });
  }

  // ---- mutations ------------------------------------------------------------

  setConnection(status: ConnectionStatus): void {
    if (status === this.#connection) return;
    this.#connection = status;
    this.#notify();
  }

  async setServerUrl(serverUrl: string): Promise<void> {
    await this.#writeLocal({ ...this.#local, serverUrl: serverUrl.replace(/\/+$/, '') });
  }

  async signedIn(serverUrl: string, auth: NonNullable<LocalState['auth']>): Promise<void> {
    await this.#writeLocal({ ...this.#local, serverUrl: serverUrl.replace(/\/+$/, ''), auth });
    // The start screen offers the kinds of session this rep may start before any socket is open.
    await this.setServerModes({ sessionMode: auth.user.sessionMode });
  }

  /** Same account, new tokens (refresh rotation); an administrator's change of session mode comes with them. */
  async tokensRefreshed(auth: NonNullable<LocalState['auth']>): Promise<void> {
    await this.#writeLocal({ ...this.#local, auth });
    await this.setServerModes({ sessionMode: auth.user.sessionMode });
  }

  async setSharePrefs(sharePrefs: SharePrefs): Promise<void> {
    await this.#writeLocal({ ...this.#local, sharePrefs });
  }

  // ---- WebACD (S21–S25) -----------------------------------------------------

  async setAgentStatus(agentStatus: AgentStatus): Promise<void> {
    await this.#writeLocal({ ...this.#local, agentStatus });
  }

  async addOffer(offer: AgentOffer): Promise<void> {
    const offers = [...this.#session.offers.filter((o) => o.offerId !== offer.offerId), offer].slice(-20);
    await this.#writeSession({ ...this.#session, offers });
  }

  async removeOffer(offerId: string): Promise<void> {
    if (!this.#session.offers.some((o) => o.offerId === offerId)) return;
    await this.#writeSession({ ...this.#session, offers: this.#session.offers.filter((o) => o.offerId !== offerId) });
  }

  async setDirectory(directory: Directory | null): Promise<void> {
    await this.#writeSession({ ...this.#session, directory });
  }

  async setHandoff(sessionId: string, handoff: HandoffStatus | null): Promise<void> {
    await this.#updateSession(sessionId, (session) => ({ ...session, handoff }));
  }

  /** Signed out; `error` says why when it was not the rep's own choice (shown on the sign-in form). */
  async signedOut(error?: { reason: ErrorReason; message: string }): Promise<void> {
    await this.#writeLocal({ ...this.#local, auth: null });
    // An assistant holds nothing the server needs back: without a sign-in there is nothing to assist with.
    if (error || this.#session.assisting || this.#session.offers.length || this.#session.directory) {
      await this.#writeSession({ ...this.#session, assisting: null, offers: [], directory: null, lastError: error ?? this.#session.lastError });
    }
  }

  /** A new session, which becomes the active tab. */
  async sessionStarted(info: SessionInfo): Promise<void> {
    const fresh = newSession(info);
    await this.#writeSession({
      ...this.#session,
      sessions: [...this.#session.sessions.filter((s) => s.info.id !== info.id), fresh],
      activeSessionId: info.id,
      assisting: null,
      startNotice: null,
      lastError: null,
    });
  }

  /** The server's view of one of our sessions after a reconnect; what only we know (share, peers, notices) is kept. */
  async sessionResumed(
    info: SessionInfo,
    participants: Participant[],
    view: { selectedId: string | null; stage: Stage | null } = { selectedId: null, stage: null },
  ): Promise<void> {
    await this.#updateSession(info.id, (current) => ({
      ...current,
      info,
      // Customers who left while we were away are gone from the server's list: keep them as left.
      participants: mergeLeft(participants, current.participants),
      selectedId: view.selectedId,
      stage: view.stage,
      // A request the customer never answered while we were away is moot.
      screenRequest: view.stage ? null : current.screenRequest,
      // An invitation still "sending" when the connection (or the worker) went away never got its answer.
      invitations: current.invitations.map((i): Invitation => (i.status === 'sending' ? { ...i, status: 'failed', reason: 'network' } : i)),
    }));
  }

  /** The session is over; the next one becomes the active tab. */
  async sessionEnded(sessionId: string, error?: { reason: ErrorReason; message: string }): Promise<void> {
    const sessions = this.#session.sessions.filter((s) => s.info.id !== sessionId);
    const activeSessionId =
      this.#session.activeSessionId === sessionId ? (sessions.at(-1)?.info.id ?? null) : this.#session.activeSessionId;
    await this.#writeSession({ ...this.#session, sessions, activeSessionId, lastError: error ?? this.#session.lastError });
  }

  async activate(sessionId: string): Promise<void> {
    if (!this.sessionById(sessionId) || this.#session.activeSessionId === sessionId) return;
    await this.#writeSession({ ...this.#session, activeSessionId: sessionId });
  }

  /** From rep.welcome: which kinds of session this rep may start, and how this server sends invitations. */
  async setServerModes(modes: { sessionMode?: SessionMode | undefined; emailMode?: EmailMode | undefined }): Promise<void> {
    const sessionMode = modes.sessionMode ?? this.#session.sessionMode;
    const emailMode = modes.emailMode ?? this.#session.emailMode;
    if (sessionMode === this.#session.sessionMode && emailMode === this.#session.emailMode) return;
    await this.#writeSession({ ...this.#session, sessionMode, emailMode });
  }

  async setEmailMode(emailMode: EmailMode): Promise<void> {
    await this.setServerModes({ emailMode });
  }

  async addInvitation(sessionId: string, invitation: Invitation): Promise<void> {
    await this.#updateSession(sessionId, (session) => ({
      ...session,
      invitations: [...session.invitations, invitation].slice(-MAX_INVITATIONS),
    }));
  }

  async updateInvitation(sessionId: string, id: string, change: Partial<Omit<Invitation, 'id'>>): Promise<void> {
    await this.#updateSession(sessionId, (session) => ({
      ...session,
      invitations: session.invitations.map((i) => (i.id === id ? { ...i, ...change } : i)),
    }));
  }

  // ---- transfer of control (S19–S20) ---------------------------------------

  /**
   * Control came to us: the session we assisted becomes the one we control,
   * with what the previous controller's extension handed over.
   */
  async controlReceived(
    info: SessionInfo,
    participants: Participant[],
    view: { selectedId: string | null; stage: Stage | null },
    invitations: Invitation[],
    chat: ChatEntry[] = [],
  ): Promise<void> {
    const session = newSession(info, {
      participants,
      ...view,
      invitations: invitations.slice(-MAX_INVITATIONS),
      // The chat so far comes with control (issue #9, S20); what was said before is not news.
      ...(chat.length > 0 && { chat: { entries: chat.slice(-MAX_CHAT_LOG), unread: 0 } }),
    });
    // An agent who accepted an offer may run sessions of their own already: this one joins them, as the active tab.
    const sessions = [...this.#session.sessions.filter((s) => s.info.id !== info.id), session];
    await this.#writeSession({ ...this.#session, sessions, activeSessionId: info.id, assisting: null, startNotice: null });
  }

  /** We passed control on: the session leaves our list and we assist it. */
  async controlReleased(assisting: AssistSession): Promise<void> {
    // We stay in the session and can still follow its chat (S18): the log so far stays with us.
    const chat = assisting.chat ?? this.sessionById(assisting.sessionId)?.chat;
    if (chat) assisting = { ...assisting, chat: { ...chat, unread: 0 } };
    const sessions = this.#session.sessions.filter((s) => s.info.id !== assisting.sessionId);
    await this.#writeSession({ ...this.#session, sessions, activeSessionId: sessions.at(-1)?.info.id ?? null, assisting });
  }

  // ---- assisting another rep's session --------------------------------------

  async assistStarted(assisting: AssistSession): Promise<void> {
    await this.#writeSession({ ...this.#session, sessions: [], activeSessionId: null, assisting, startNotice: null, lastError: null });
  }

  /** The server's current view after a reconnect (assistant.join answered again). */
  async assistResumed(current: Pick<AssistSession, 'participantId' | 'controllerName' | 'participants' | 'sharing'>): Promise<void> {
    const assisting = this.#session.assisting;
    if (!assisting) return;
    await this.#writeSession({ ...this.#session, assisting: { ...assisting, ...current } });
  }

  /** Left, or the session ended; `notice` tells the rep why when it was not their own choice. */
  async assistEnded(notice?: StartNotice): Promise<void> {
    await this.#writeSession({ ...this.#session, assisting: null, startNotice: notice ?? null });
  }

  async upsertAssistParticipant(participant: Participant): Promise<void> {
    const assisting = this.#session.assisting;
    if (!assisting) return;
    const others = assisting.participants.filter((p) => p.id !== participant.id);
    const participants = [...others, participant].filter((p) => p.state !== 'left').sort((a, b) => a.joinedAt - b.joinedAt);
    await this.#writeSession({ ...this.#session, assisting: { ...assisting, participants } });
  }

  async setAssistSharing(sharing: boolean): Promise<void> {
    const assisting = this.#session.assisting;
    if (!assisting || assisting.sharing === sharing) return;
    await this.#writeSession({ ...this.#session, assisting: { ...assisting, sharing } });
  }

  async setStartNotice(startNotice: StartNotice): Promise<void> {
    await this.#writeSession({ ...this.#session, startNotice });
  }

  async dismissStartNotice(): Promise<void> {
    await this.#writeSession({ ...this.#session, startNotice: null });
  }

  // ---- one session's participants and media ---------------------------------

  /**
   * A participant appeared or changed. A customer who left stays listed (state
   * 'left') until MAX_LEFT newer ones have left; an assistant who left is gone
   * (they come back as themselves, S16).
   */
  async upsertParticipant(sessionId: string, participant: Participant): Promise<void> {
    await this.#updateSession(sessionId, (session) => {
      const others = session.participants.filter((p) => p.id !== participant.id);
      const kept = participant.state === 'left' && participant.role !== 'customer' ? others : [...others, participant];
      const participants = keepRecentLeft(kept.sort((a, b) => a.joinedAt - b.joinedAt));
      if (participant.state !== 'left') return { ...session, participants };
      const { [participant.id]: _peer, ...peers } = session.peers;
      const { [participant.id]: _quality, ...quality } = session.quality;
      return {
        ...session,
        participants,
        peers,
        quality,
        selectedId: session.selectedId === participant.id ? null : session.selectedId,
        screenRequest: session.screenRequest?.participantId === participant.id ? null : session.screenRequest,
      };
    });
  }

  async setPeerStatus(participantId: string, status: PeerStatus): Promise<void> {
    const session = this.#present(participantId);
    if (!session || session.peers[participantId] === status) return;
    await this.#updateSession(session.info.id, (s) => ({ ...s, peers: { ...s.peers, [participantId]: status } }));
  }

  async setQuality(participantId: string, quality: PeerQuality): Promise<void> {
    const session = this.#present(participantId);
    if (!session) return;
    await this.#updateSession(session.info.id, (s) => ({ ...s, quality: { ...s.quality, [participantId]: quality } }));
  }

  async setShare(sessionId: string, share: ShareStatus): Promise<void> {
    await this.#updateSession(sessionId, (session) => ({ ...session, share }));
  }

  /** Whom the rep supports, and who is on the stage, as the server says (support.selected, share.state). */
  async setSupport(sessionId: string, change: { selectedId?: string | null; stage?: Stage | null }): Promise<void> {
    await this.#updateSession(sessionId, (session) => {
      const selectedId = change.selectedId === undefined ? session.selectedId : change.selectedId;
      const stage = change.stage === undefined ? session.stage : change.stage;
      // A pending request ends once its customer is on the stage or no longer selected.
      const request = session.screenRequest;
      const screenRequest =
        request && (request.participantId !== selectedId || stage?.participantId === request.participantId) ? null : request;
      return { ...session, selectedId, stage, screenRequest };
    });
  }

  async setScreenRequest(sessionId: string, screenRequest: DashboardSession['screenRequest']): Promise<void> {
    await this.#updateSession(sessionId, (session) => ({ ...session, screenRequest }));
  }

  async addNotice(sessionId: string, notice: SessionNoticeItem): Promise<void> {
    await this.#updateSession(sessionId, (session) => ({ ...session, notices: [...session.notices, notice].slice(-MAX_NOTICES) }));
  }

  async dismissNotice(noticeId: string): Promise<void> {
    const session = this.#session.sessions.find((s) => s.notices.some((n) => n.id === noticeId));
    if (!session) return;
    await this.#updateSession(session.info.id, (s) => ({ ...s, notices: s.notices.filter((n) => n.id !== noticeId) }));
  }

  // ---- chat (issue #9) --------------------------------------------------------

  /**
   * An entry of a session's chat, ours or relayed by the hub, in the session
   * we control or the one we assist. Our own messages are never unread.
   */
  async addChatEntry(sessionId: string, entry: ChatEntry, { own = false } = {}): Promise<void> {
    const assisting = this.#session.assisting;
    if (assisting?.sessionId === sessionId) {
      const chat = receive(assisting.chat ?? EMPTY_CHAT, entry, own ? null : new Set([assisting.participantId]));
      await this.#writeSession({ ...this.#session, assisting: { ...assisting, chat } });
      return;
    }
    await this.#updateSession(sessionId, (session) => {
      const ours = new Set(session.participants.filter((p) => p.role === 'controller').map((p) => p.id));
      return { ...session, chat: receive(session.chat ?? EMPTY_CHAT, entry, own ? null : ours) };
    });
  }

  /** The rep has seen the session's chat. */
  async chatRead(sessionId: string): Promise<void> {
    const assisting = this.#session.assisting;
    if (assisting?.sessionId === sessionId) {
      if (!assisting.chat?.unread) return;
      await this.#writeSession({ ...this.#session, assisting: { ...assisting, chat: { ...assisting.chat, unread: 0 } } });
      return;
    }
    const chat = this.sessionById(sessionId)?.chat;
    if (!chat?.unread) return;
    await this.#updateSession(sessionId, (session) => ({ ...session, chat: { ...chat, unread: 0 } }));
  }

  async setError(error: { reason: ErrorReason; message: string } | null): Promise<void> {
    await this.#writeSession({ ...this.#session, lastError: error });
  }

  /** The session of a participant who is still present. */
  #present(participantId: string): DashboardSession | undefined {
    return this.#session.sessions.find((s) => s.participants.some((p) => p.id === participantId && p.state !== 'left'));
  }

  async #updateSession(sessionId: string, change: (session: DashboardSession) => DashboardSession): Promise<void> {
    const index = this.#session.sessions.findIndex((s) => s.info.id === sessionId);
    const session = this.#session.sessions[index];
    if (!session) return;
    const sessions = this.#session.sessions.with(index, change(session));
    await this.#writeSession({ ...this.#session, sessions });
  }

  async #writeLocal(next: LocalState): Promise<void> {
    this.#local = LocalState.parse(next);
    this.#notify();
    await this.areas.local.set({ [LOCAL_KEY]: this.#local });
  }

  async #writeSession(next: SessionState): Promise<void> {
    this.#session = SessionState.parse(next);
    this.#notify();
    await this.areas.session.set({ [SESSION_KEY]: this.#session });
  }

  #notify(): void {
    for (const listener of this.#listeners) listener();
  }
}

/** A session as we first hold it: nothing shared, nobody measured, nothing asked. */
function newSession(
  info: SessionInfo,
  known: Partial<Pick<DashboardSession, 'participants' | 'selectedId' | 'stage' | 'invitations' | 'chat'>> = {},
): DashboardSession {
  return {
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
    ...known,
  };
}

/** Drops all but the MAX_LEFT most recent participants who left. */
function keepRecentLeft(participants: Participant[]): Participant[] {
  const left = participants.filter((p) => p.state === 'left');
  const drop = new Set(left.slice(0, Math.max(0, left.length - MAX_LEFT)).map((p) => p.id));
  return drop.size ? participants.filter((p) => !drop.has(p.id)) : participants;
}

/** The server's present participants, plus ours who are gone from its list (they left meanwhile). */
function mergeLeft(present: Participant[], known: Participant[]): Participant[] {
  const ids = new Set(present.map((p) => p.id));
  const gone = known.filter((p) => !ids.has(p.id) && p.role === 'customer').map((p): Participant => ({ ...p, state: 'left' }));
  return keepRecentLeft([...present, ...gone].sort((a, b) => a.joinedAt - b.joinedAt));
}
