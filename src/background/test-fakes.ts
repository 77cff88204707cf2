// Test doubles for the background's injected collaborators (STYLE.md habit 8):
// storage, timers, the WebSocket, the media context and tab capture. Only the
// unit tests beside this file import it; no entry point does, so it never
// reaches a build.
import type { IceServer, Participant } from '../shared/protocol/common.ts';
import type { MediaCommandBody, MediaReply } from '../shared/protocol/runtime.ts';
import { ClientMessage, type ServerMessage, type SessionInfo, type UserInfo } from '../shared/protocol/wire.ts';
import type { EmailMode } from '../shared/protocol/settings.ts';
import type { MediaHost } from './media-host.ts';
import { RepStore, type StorageArea } from './rep-store.ts';
import type { ServerConnection, Timers } from './server-connection.ts';
import { SessionController, type TabCapture } from './session-controller.ts';

/** Let every queued promise continuation run (not a sleep: no time passes). */
export function flush(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

// ---- storage ----------------------------------------------------------------

/** A storage area in memory; values are cloned on the way in and out, as the browser serializes them. */
export class MemoryStorage implements StorageArea {
  readonly data = new Map<string, unknown>();

  async get(key: string): Promise<Record<string, unknown>> {
    return this.data.has(key) ? { [key]: structuredClone(this.data.get(key)) } : {};
  }

  async set(items: Record<string, unknown>): Promise<void> {
    for (const [key, value] of Object.entries(items)) this.data.set(key, structuredClone(value));
  }
}

export function memoryAreas(): { local: MemoryStorage; session: MemoryStorage } {
  return { local: new MemoryStorage(), session: new MemoryStorage() };
}

// ---- timers -----------------------------------------------------------------

type Scheduled = { at: number; seq: number; fn: () => void; every?: number };

/** Timers the test moves by hand: advance(ms) fires every due timer in time order (ties in scheduling order). */
export class ManualTimers implements Timers {
  now = 0;
  #nextId = 1;
  #seq = 0;
  readonly #scheduled = new Map<number, Scheduled>();

  setTimeout(fn: () => void, ms: number): unknown {
    return this.#add({ at: this.now + ms, seq: this.#seq++, fn });
  }

  setInterval(fn: () => void, ms: number): unknown {
    const every = Math.max(1, ms);
    return this.#add({ at: this.now + every, seq: this.#seq++, fn, every });
  }

  clearTimeout(handle: unknown): void {
    this.#scheduled.delete(handle as number);
  }

  clearInterval(handle: unknown): void {
    this.#scheduled.delete(handle as number);
  }

  /** How many timers and intervals are scheduled. */
  get pending(): number {
    return this.#scheduled.size;
  }

  advance(ms: number): void {
    const until = this.now + ms;
    for (;;) {
      let next: [number, Scheduled] | undefined;
      for (const entry of this.#scheduled) {
        const [, t] = entry;
        if (t.at > until) continue;
        if (!next || t.at < next[1].at || (t.at === next[1].at && t.seq < next[1].seq)) next = entry;
      }
      if (!next) break;
      const [id, timer] = next;
      this.now = timer.at;
      if (timer.every === undefined) this.#scheduled.delete(id);
      else this.#scheduled.set(id, { ...timer, at: timer.at + timer.every, seq: this.#seq++ });
      timer.fn();
    }
    this.now = until;
  }

  #add(timer: Scheduled): number {
    const id = this.#nextId++;
    this.#scheduled.set(id, timer);
    return id;
  }
}

// ---- WebSocket --------------------------------------------------------------

/**
 * The part of a browser WebSocket that ServerConnection uses. The test plays
 * the network: open() it, deliver() server frames, drop() it; what the client
 * sent is in `sent`.
 */
export class FakeWebSocket {
  readyState = 0;
  onopen: ((event: unknown) => void) | null = null;
  onmessage: ((event: { data: unknown }) => void) | null = null;
  onclose: ((event: { code: number }) => void) | null = null;
  /** Raw frames the client sent. */
  readonly sent: string[] = [];
  /** The code the client closed with, once it called close(). */
  closedWith: number | undefined;

  constructor(readonly url: string) {}

  send(data: string): void {
    // A browser throws InvalidStateError before open; after close it drops silently.
    if (this.readyState === 0) throw new Error('InvalidStateError: still connecting');
    if (this.readyState === 1) this.sent.push(data);
  }

  close(code = 1005): void {
    if (this.readyState >= 2) return;
    this.closedWith = code;
    this.readyState = 2; // closing: the close event follows later (drop() plays it)
  }

  // ---- test side ----

  /** What the client sent, parsed. */
  get messages(): ClientMessage[] {
    return this.sent.map((frame) => ClientMessage.parse(JSON.parse(frame)));
  }

  /** The last message of that type the client sent. */
  lastOf<T extends ClientMessage['type']>(type: T): Extract<ClientMessage, { type: T }> {
    const found = this.messages.filter((m) => m.type === type).at(-1);
    if (!found) throw new Error(`no ${type} was sent (sent: ${this.messages.map((m) => m.type).join(', ') || 'nothing'})`);
    return found as Extract<ClientMessage, { type: T }>;
  }

  open(): void {
    this.readyState = 1;
    this.onopen?.({});
  }

  /** A frame from the server: a message (sent as JSON) or raw data as is. */
  deliver(message: ServerMessage | string | ArrayBuffer): void {
    const data = typeof message === 'string' || message instanceof ArrayBuffer ? message : JSON.stringify(message);
    this.onmessage?.({ data });
  }

  /** The connection ends (server gone, network down, or the close the client asked for completes). */
  drop(code = 1006): void {
    if (this.readyState === 3) return;
    this.readyState = 3;
    this.onclose?.({ code });
  }
}

/** A WebSocket constructor to inject, and every socket it made, oldest first. */
export function fakeWebSockets(): { sockets: FakeWebSocket[]; WebSocketImpl: typeof WebSocket; last: () => FakeWebSocket } {
  const sockets: FakeWebSocket[] = [];
  class RecordedWebSocket extends FakeWebSocket {
    constructor(url: string) {
      super(url);
      sockets.push(this);
    }
  }
  return {
    sockets,
    // ServerConnection only uses the members FakeWebSocket has.
    WebSocketImpl: RecordedWebSocket as unknown as typeof WebSocket,
    last: () => {
      const socket = sockets.at(-1);
      if (!socket) throw new Error('no socket was opened');
      return socket;
    },
  };
}

// ---- media and tabs -----------------------------------------------------------

type MediaOk = Extract<MediaReply, { ok: true }>;

/** The media context as a set of peer ids and a sharing flag; it records every command. */
export class FakeMediaHost implements MediaHost {
  readonly commands: MediaCommandBody[] = [];
  readonly peers = new Set<string>();
  sharing = false;
  disposed = 0;
  /** The sessions the engine says our microphone is in a call in (media status voiceIn). */
  voiceIn: string[] = [];
  /** Make the next command of a type fail with this error. */
  readonly failures = new Map<MediaCommandBody['type'], Error>();

  async run(command: MediaCommandBody): Promise<MediaOk> {
    this.commands.push(command);
    const failure = this.failures.get(command.type);
    if (failure) {
      this.failures.delete(command.type);
      throw failure;
    }
    switch (command.type) {
      case 'peer.open':
        this.peers.add(command.participantId);
        break;
      case 'peer.close':
        this.peers.delete(command.participantId);
        break;
      case 'media.share':
        this.sharing = true;
        break;
      case 'media.stopShare':
        this.sharing = false;
        break;
      case 'media.reset':
        this.peers.clear();
        this.sharing = false;
        break;
      default:
        break;
    }
    return { ok: true, peers: [...this.peers], sharing: this.sharing, ...(this.voiceIn.length > 0 && { voiceIn: this.voiceIn }) };
  }

  async exists(): Promise<boolean> {
    return true;
  }

  async dispose(): Promise<void> {
    this.disposed += 1;
    this.peers.clear();
    this.sharing = false;
  }

  types(): string[] {
    return this.commands.map((c) => c.type);
  }
}

export class FakeTabCapture implements TabCapture {
  readonly titles = new Map<number, string>();
  /** Tabs whose "this tab is shared" banner is showing. */
  readonly banners = new Set<number>();
  /** When set, streamIdFor throws it (no activeTab grant, a chrome:// page…). */
  captureError: unknown;

  async streamIdFor(tabId: number): Promise<string> {
    if (this.captureError !== undefined) throw this.captureError;
    return `stream-${tabId}`;
  }

  async titleOf(tabId: number): Promise<string> {
    return this.titles.get(tabId) ?? '';
  }

  /** Tab sizes known to the fake; unknown tabs have none (as with a tab Chrome can't measure). */
  readonly sizes = new Map<number, { width: number; height: number }>();
  async sizeOf(tabId: number): Promise<{ width: number; height: number } | undefined> {
    return this.sizes.get(tabId);
  }

  async showBanner(tabId: number): Promise<void> {
    this.banners.add(tabId);
  }

  async hideBanner(tabId: number): Promise<void> {
    this.banners.delete(tabId);
  }
}

// ---- fixtures -------------------------------------------------------------------

export const SERVER_URL = 'http://support.example.test:8787';
export const ACCESS_TOKEN = 'tok_0123456789abcdefghijklmnop';
export const USER: UserInfo = { id: 'u_rep000001', email: 'dana@example.test', name: 'Dana' };
export const AUTH = {
  accessToken: ACCESS_TOKEN,
  expiresAt: 1_900_000_000_000,
  refreshToken: 'ref_0123456789abcdefghijklmnop',
  refreshExpiresAt: 1_950_000_000_000,
  user: { ...USER, roles: ['rep' as const] },
};
export const ICE_SERVERS: IceServer[] = [{ urls: 'stun:stun.example.test:3478' }];
/** What Chrome can capture: tabs, and windows or screens. */
export const CAN_CAPTURE = { tab: true, desktop: true };
export const CANNOT_CAPTURE = { tab: false, desktop: false };

export function sessionInfo(over: Partial<SessionInfo> = {}): SessionInfo {
  const joinToken = 'abcdefghijklmnopqrstuv';
  return {
    id: 's_session001',
    number: '123456789',
    joinToken,
    joinUrl: `${SERVER_URL}/join/123456789?t=${joinToken}`,
    startedAt: 1_700_000_000_000,
    kind: 'single',
    ...over,
  };
}

export function participant(id: string, over: Partial<Participant> = {}): Participant {
  return { id, name: `Person ${id}`, role: 'customer', state: 'connected', joinedAt: 1_700_000_000_100, ...over };
}

export function welcome(rid: string | undefined, iceServers: IceServer[] = ICE_SERVERS): ServerMessage {
  return { type: 'rep.welcome', ...(rid !== undefined && { rid }), user: USER, iceServers };
}

export function welcomeWith(rid: string | undefined, emailMode: EmailMode): ServerMessage {
  return { type: 'rep.welcome', ...(rid !== undefined && { rid }), user: USER, iceServers: ICE_SERVERS, emailMode };
}

// ---- the server, as the controller sees it ----------------------------------------

export type Answer = (message: ClientMessage) => ServerMessage | Error;

/** What the server answers unless a test says otherwise. */
export const defaultAnswer: Answer = (message) => {
  const session = sessionInfo();
  switch (message.type) {
    case 'session.start':
      return { type: 'session.started', session };
    case 'session.end':
      return { type: 'session.ended', sessionId: message.sessionId, reason: 'ended_by_rep' };
    case 'session.resume':
      return { type: 'session.resumed', session, participants: [], sharing: false, selectedId: null, stage: null };
    case 'invite.send':
      return { type: 'invite.sent', invitation: { id: 'inv_0000001', kind: message.kind, email: message.email, sentAt: 1_700_000_000_500 } };
    default:
      return { type: 'ok' };
  }
};

/** The controller's view of ServerConnection: requests answered from a table, sends recorded. */
export class FakeServer {
  readonly requests: ClientMessage[] = [];
  readonly sent: ClientMessage[] = [];
  readonly answers = new Map<ClientMessage['type'], Answer>();
  wanted = false;
  unwanted = 0;
  /** As ServerConnection.online: welcomed on the current socket. */
  online = true;

  async whenReady(): Promise<void> {
    this.wanted = true;
  }

  async request(message: ClientMessage): Promise<ServerMessage> {
    this.requests.push(message);
    const reply = (this.answers.get(message.type) ?? defaultAnswer)(message);
    if (reply instanceof Error) throw reply;
    return reply;
  }

  send(message: ClientMessage): boolean {
    this.sent.push(message);
    return true;
  }

  unwant(): void {
    this.wanted = false;
    this.unwanted += 1;
  }

  types(): string[] {
    return this.requests.map((r) => r.type);
  }
}

/** A controller over fakes: signed in unless told otherwise, optionally in a session. */
export async function controllerSetup({ signedIn = true, inSession = false } = {}) {
  const areas = memoryAreas();
  const store = new RepStore(areas, CAN_CAPTURE);
  await store.ready;
  if (signedIn) await store.signedIn(SERVER_URL, AUTH);
  if (inSession) await store.sessionStarted(sessionInfo());
  const server = new FakeServer();
  const media = new FakeMediaHost();
  const tabs = new FakeTabCapture();
  // ServerConnection has private fields, so no structural fake satisfies its type; FakeServer covers what the controller calls.
  const controller = new SessionController(store, server as unknown as ServerConnection, media, tabs);
  /** A restarted worker: a new store and controller over the same storage. */
  const restart = async () => {
    const again = new RepStore(areas, CAN_CAPTURE);
    await again.ready;
    return { store: again, controller: new SessionController(again, server as unknown as ServerConnection, media, tabs) };
  };
  return { store, server, media, tabs, controller, areas, restart };
}
