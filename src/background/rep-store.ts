// The rep's state, kept in extension storage so that an MV3 service-worker
// restart (Chrome stops idle workers after ~30 s; PLATFORM.md) loses nothing.
// "The extension holds the session" (DESIGN.md): this is the source of truth
// for the rep's side; the server keeps only the registry it needs to route.
//
//   storage.local   { serverUrl, auth }            survives browser restarts
//   storage.session { session, assisting, emailMode, startNotice, lastError }
//                                                  survives worker restarts, not browser restarts
//
//   signed_out ──signIn──► signed_in ──session.started──► in session ──session.ended──► signed_in
//        ▲                   │  ▲  │                       │  share: idle ⇄ starting ⇄ sharing
//        │                   │  │  │                       │  invitations: sending → sent | failed → mail_program
//        │                   │  │  └─assistant.joined──► assisting ──leave / session.ended──► signed_in
//        └──────signOut──────┴──┴────────(ends the session or leaves the assisted one first)
//
// A rep either controls one session or assists one, never both (the server
// would refuse it too); `session` and `assisting` are never set together.
//
// Every mutation goes through one method here, is validated by the same zod
// schema that checks what is loaded back, and notifies subscribers once.
import { z } from 'zod';
import type { Participant } from '../shared/protocol/common.ts';
import type { ErrorReason } from '../shared/protocol/errors.ts';
import {
  AssistSession,
  DashboardSession,
  DashboardState,
  MAX_INVITATIONS,
  MAX_NOTICES,
  StartNotice,
  UserError,
  type ConnectionStatus,
  type Invitation,
  type PeerStatus,
  type SessionNoticeItem,
  type ShareStatus,
} from '../shared/protocol/runtime.ts';
import { AuthTokens } from '../shared/protocol/admin.ts';
import { EmailMode } from '../shared/protocol/settings.ts';
import type { SessionInfo } from '../shared/protocol/wire.ts';

export const DEFAULT_SERVER_URL = 'http://127.0.0.1:8787';

const LocalState = z.object({
  serverUrl: z.string().url(),
  auth: AuthTokens.nullable(),
});
type LocalState = z.infer<typeof LocalState>;

const SessionState = z.object({
  session: DashboardSession.nullable(),
  // Defaults: what an older version stored lacks these and still loads.
  assisting: AssistSession.nullable().default(null),
  emailMode: EmailMode.default('client'),
  startNotice: StartNotice.nullable().default(null),
  lastError: UserError.nullable(),
});
type SessionState = z.infer<typeof SessionState>;
export type ActiveSession = DashboardSession;

/** The two storage areas, injected so tests can use an in-memory map. */
export interface StorageArea {
  get(key: string): Promise<Record<string, unknown>>;
  set(items: Record<string, unknown>): Promise<void>;
}

const LOCAL_KEY = 'peerassist.local.v1';
const SESSION_KEY = 'peerassist.session.v1';

export class RepStore {
  #local: LocalState = { serverUrl: DEFAULT_SERVER_URL, auth: null };
  #session: SessionState = { session: null, assisting: null, emailMode: 'client', startNotice: null, lastError: null };
  #connection: ConnectionStatus = 'offline';
  readonly #listeners = new Set<() => void>();
  readonly ready: Promise<void>;

  constructor(
    private readonly areas: { local: StorageArea; session: StorageArea },
    private readonly canCaptureTab: boolean,
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
  get session(): ActiveSession | null {
    return this.#session.session;
  }
  get assisting(): AssistSession | null {
    return this.#session.assisting;
  }
  get emailMode(): EmailMode {
    return this.#session.emailMode;
  }

  snapshot(): DashboardState {
    const { auth, serverUrl } = this.#local;
    return DashboardState.parse({
      auth: auth ? { status: 'signed_in', serverUrl, user: auth.user } : { status: 'signed_out', serverUrl },
      connection: this.#connection,
      session: this.#session.session,
      assisting: this.#session.assisting,
      emailMode: this.#session.emailMode,
      startNotice: this.#session.startNotice,
      lastError: this.#session.lastError,
      canCaptureTab: this.canCaptureTab,
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
    await this.#writeLocal({ serverUrl: serverUrl.replace(/\/+$/, ''), auth });
  }

  /** Same account, new tokens (refresh rotation). */
  async tokensRefreshed(auth: NonNullable<LocalState['auth']>): Promise<void> {
    await this.#writeLocal({ ...this.#local, auth });
  }

  /** Signed out; `error` says why when it was not the rep's own choice (shown on the sign-in form). */
  async signedOut(error?: { reason: ErrorReason; message: string }): Promise<void> {
    await this.#writeLocal({ ...this.#local, auth: null });
    // An assistant holds nothing the server needs back: without a sign-in there is nothing to assist with.
    if (error || this.#session.assisting) {
      await this.#writeSession({ ...this.#session, assisting: null, lastError: error ?? this.#session.lastError });
    }
  }

  async sessionStarted(info: SessionInfo): Promise<void> {
    await this.#writeSession({
      ...this.#session,
      session: { info, participants: [], peers: {}, share: { status: 'idle' }, notices: [], invitations: [] },
      assisting: null,
      startNotice: null,
      lastError: null,
    });
  }

  async sessionResumed(info: SessionInfo, participants: Participant[]): Promise<void> {
    const current = this.#session.session;
    await this.#writeSession({
      ...this.#session,
      session: {
        info,
        participants,
        peers: current?.info.id === info.id ? current.peers : {},
        share: current?.info.id === info.id ? current.share : { status: 'idle' },
        notices: current?.info.id === info.id ? current.notices : [],
        // An invitation still "sending" when the connection (or the worker) went away never got its answer.
        invitations:
          current?.info.id === info.id
            ? current.invitations.map((i): Invitation => (i.status === 'sending' ? { ...i, status: 'failed', reason: 'network' } : i))
            : [],
      },
    });
  }

  async sessionEnded(error?: { reason: ErrorReason; message: string }): Promise<void> {
    await this.#writeSession({ ...this.#session, session: null, lastError: error ?? this.#session.lastError });
  }

  /** From rep.welcome: how this server sends invitations. */
  async setEmailMode(emailMode: EmailMode): Promise<void> {
    if (emailMode === this.#session.emailMode) return;
    await this.#writeSession({ ...this.#session, emailMode });
  }

  async addInvitation(invitation: Invitation): Promise<void> {
    await this.#updateSession((session) => ({ ...session, invitations: [...session.invitations, invitation].slice(-MAX_INVITATIONS) }));
  }

  async updateInvitation(id: string, change: Partial<Omit<Invitation, 'id'>>): Promise<void> {
    await this.#updateSession((session) => ({
      ...session,
      invitations: session.invitations.map((i) => (i.id === id ? { ...i, ...change } : i)),
    }));
  }

  // ---- assisting another rep's session --------------------------------------

  async assistStarted(assisting: AssistSession): Promise<void> {
    await this.#writeSession({ ...this.#session, session: null, assisting, startNotice: null, lastError: null });
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

  async dismissStartNotice(): Promise<void> {
    await this.#writeSession({ ...this.#session, startNotice: null });
  }

  async upsertParticipant(participant: Participant): Promise<void> {
    await this.#updateSession((session) => {
      const others = session.participants.filter((p) => p.id !== participant.id);
      const peers = { ...session.peers };
      if (participant.state === 'left') delete peers[participant.id];
      return { ...session, participants: [...others, participant].sort((a, b) => a.joinedAt - b.joinedAt), peers };
    });
  }

  async setPeerStatus(participantId: string, status: PeerStatus): Promise<void> {
    await this.#updateSession((session) =>
      session.participants.some((p) => p.id === participantId && p.state !== 'left')
        ? { ...session, peers: { ...session.peers, [participantId]: status } }
        : session,
    );
  }

  async setShare(share: ShareStatus): Promise<void> {
    await this.#updateSession((session) => ({ ...session, share }));
  }

  async addNotice(notice: SessionNoticeItem): Promise<void> {
    await this.#updateSession((session) => ({ ...session, notices: [...session.notices, notice].slice(-MAX_NOTICES) }));
  }

  async dismissNotice(noticeId: string): Promise<void> {
    await this.#updateSession((session) => ({ ...session, notices: session.notices.filter((n) => n.id !== noticeId) }));
  }

  async setError(error: { reason: ErrorReason; message: string } | null): Promise<void> {
    await this.#writeSession({ ...this.#session, lastError: error });
  }

  async #updateSession(change: (session: ActiveSession) => ActiveSession): Promise<void> {
    const session = this.#session.session;
    if (!session) return;
    await this.#writeSession({ ...this.#session, session: change(session) });
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
