// The rep's state, kept in extension storage so that an MV3 service-worker
// restart (Chrome stops idle workers after ~30 s; PLATFORM.md) loses nothing.
// "The extension holds the session" (DESIGN.md): this is the source of truth
// for the rep's side; the server keeps only the registry it needs to route.
//
//   storage.local   { serverUrl, auth }            survives browser restarts
//   storage.session { session, lastError }         survives worker restarts, not browser restarts
//
//   signed_out ──signIn──► signed_in ──session.started──► in session ──session.ended──► signed_in
//        ▲                     │                           │  share: idle ⇄ starting ⇄ sharing
//        └──────signOut────────┴────────(ends the session first)
//
// Every mutation goes through one method here, is validated by the same zod
// schema that checks what is loaded back, and notifies subscribers once.
import { z } from 'zod';
import type { Participant } from '../shared/protocol/common.ts';
import type { ErrorReason } from '../shared/protocol/errors.ts';
import {
  DashboardSession,
  DashboardState,
  MAX_NOTICES,
  UserError,
  type ConnectionStatus,
  type PeerStatus,
  type SessionNoticeItem,
  type ShareStatus,
} from '../shared/protocol/runtime.ts';
import { AuthTokens } from '../shared/protocol/admin.ts';
import type { SessionInfo } from '../shared/protocol/wire.ts';

export const DEFAULT_SERVER_URL = 'http://127.0.0.1:8787';

const LocalState = z.object({
  serverUrl: z.string().url(),
  auth: AuthTokens.nullable(),
});
type LocalState = z.infer<typeof LocalState>;

const SessionState = z.object({ session: DashboardSession.nullable(), lastError: UserError.nullable() });
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
  #session: SessionState = { session: null, lastError: null };
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

  snapshot(): DashboardState {
    const { auth, serverUrl } = this.#local;
    return DashboardState.parse({
      auth: auth ? { status: 'signed_in', serverUrl, user: auth.user } : { status: 'signed_out', serverUrl },
      connection: this.#connection,
      session: this.#session.session,
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
    if (error) await this.#writeSession({ ...this.#session, lastError: error });
  }

  async sessionStarted(info: SessionInfo): Promise<void> {
    await this.#writeSession({
      session: { info, participants: [], peers: {}, share: { status: 'idle' }, notices: [] },
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
      },
    });
  }

  async sessionEnded(error?: { reason: ErrorReason; message: string }): Promise<void> {
    await this.#writeSession({ session: null, lastError: error ?? this.#session.lastError });
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
