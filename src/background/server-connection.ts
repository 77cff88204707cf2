// The rep's one WebSocket to the server (DESIGN.md: "the one WebSocket").
//
//   idle ──want()──► connecting ──open + rep.welcome──► online
//     ▲                  ▲  │ close/error                  │ close
//     │                  │  ▼                              ▼
//     └──unwant()──── waiting (jittered back-off) ◄─────────┘
//
// While online it pings every 20 s: since Chrome 116 WebSocket traffic keeps an
// MV3 service worker alive, but only if messages flow inside the 30 s idle
// window (PLATFORM.md). Requests carry a `rid` and resolve with the server's
// reply to that rid, or reject with a PeerAssistError carrying its reason.
import { PeerAssistError } from '../shared/protocol/errors.ts';
import { parseServerMessage } from '../shared/protocol/parse.ts';
import type { IceServer } from '../shared/protocol/common.ts';
import type { EmailMode, SessionMode } from '../shared/protocol/settings.ts';
import type { ClientMessage, ServerMessage } from '../shared/protocol/wire.ts';
import { JitteredBackoff, type ReconnectPolicy } from './reconnect-policy.ts';
import type { ConnectionStatus } from '../shared/protocol/runtime.ts';

export interface Timers {
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
  setInterval(fn: () => void, ms: number): unknown;
  clearInterval(handle: unknown): void;
}

export const realTimers: Timers = {
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
  setInterval: (fn, ms) => setInterval(fn, ms),
  clearInterval: (handle) => clearInterval(handle as ReturnType<typeof setInterval>),
};

export interface Credentials {
  serverUrl: string;
  accessToken: string;
}

export interface ServerConnectionOptions {
  /**
   * Where and as whom to connect; read at every attempt (the user may have
   * signed in elsewhere, the token may need refreshing). Undefined: signed out, stop.
   */
  credentials: () => Credentials | undefined | Promise<Credentials | undefined>;
  /**
   * Called once per connection after rep.welcome, before the status turns online
   * (so before requests queued in whenReady go out). request() and send() work
   * from rep.welcome on, so onReady can re-assert the session and what that sets
   * off (a share.update, the offers of re-opened peers) is not held back.
   */
  onReady: (welcome: Welcome) => Promise<void>;
  /** Every server message that is not a reply to one of our requests. */
  onMessage: (message: ServerMessage) => void;
  onStatus: (status: ConnectionStatus) => void;
  /** The server refused our token: the user must sign in again. */
  onUnauthenticated: () => void;
  policy?: ReconnectPolicy;
  timers?: Timers;
  WebSocketImpl?: typeof WebSocket;
  requestTimeoutMs?: number;
  keepAliveMs?: number;
}

/** What rep.welcome tells the extension about this server and this rep. */
export interface Welcome {
  iceServers: IceServer[];
  /** How invitations go out; older servers omit it. */
  emailMode?: EmailMode | undefined;
  /** Which kinds of session this rep may start (S1); older servers omit it. */
  sessionMode?: SessionMode | undefined;
}

type Pending = { resolve: (message: ServerMessage) => void; reject: (error: Error) => void; timer: unknown };

/** ws://host/ws for http://host, wss:// for https://. */
export function socketUrl(serverUrl: string): string {
  const url = new URL('/ws', serverUrl);
  url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
  return url.toString();
}

export class ServerConnection {
  #socket: WebSocket | undefined;
  #wanted = false;
  #attempt = 0;
  #retryTimer: unknown;
  #keepAlive: unknown;
  #ready = false;
  /** The current socket's rep.hello was welcomed: onReady runs from here on, before #ready. */
  #welcomed = false;
  #readyWaiters: Array<{ resolve: () => void; reject: (error: Error) => void }> = [];
  #nextRid = 1;
  readonly #pending = new Map<string, Pending>();
  readonly #policy: ReconnectPolicy;
  readonly #timers: Timers;

  constructor(private readonly options: ServerConnectionOptions) {
    this.#policy = options.policy ?? new JitteredBackoff();
    this.#timers = options.timers ?? realTimers;
  }

  get online(): boolean {
    return this.#ready;
  }

  /** Keep a connection up (reconnecting as needed) until unwant(). */
  want(): void {
    if (this.#wanted) return;
    this.#wanted = true;
    this.#attempt = 0;
    this.#connect();
  }

  /** Close the connection and stop reconnecting. */
  unwant(): void {
    this.#wanted = false;
    // Callers waiting to send (a session.start, say) must not go out on a later connection.
    for (const waiter of this.#readyWaiters.splice(0)) waiter.reject(new PeerAssistError('network', 'disconnected'));
    this.#timers.clearTimeout(this.#retryTimer);
    this.#teardown(new PeerAssistError('network', 'disconnected'));
    this.options.onStatus('offline');
  }

  /** Resolves once the connection is online (connecting if needed). */
  whenReady(timeoutMs = 10_000): Promise<void> {
    this.want();
    if (this.#ready) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const waiter = {
        resolve: () => {
          this.#timers.clearTimeout(timer);
          resolve();
        },
        reject: (error: Error) => {
          this.#timers.clearTimeout(timer);
          reject(error);
        },
      };
      const timer = this.#timers.setTimeout(() => {
        this.#readyWaiters = this.#readyWaiters.filter((w) => w !== waiter);
        reject(new PeerAssistError('network', 'the server did not answer'));
      }, timeoutMs);
      this.#readyWaiters.push(waiter);
    });
  }

  /** Send and await the reply to this request (any reply type carrying our rid). */
  async request(message: ClientMessage): Promise<ServerMessage> {
    // onReady runs after rep.welcome but before the status turns online, and
    // makes requests itself (session.resume): waiting for online there would
    // wait for onReady to finish, i.e. for itself, until whenReady timed out.
    if (!this.#welcomed) await this.whenReady();
    return this.#request(message);
  }

  /** Fire and forget; dropped while offline (signaling is retried by ICE/renegotiation). */
  send(message: ClientMessage): boolean {
    // From rep.welcome on, like request(): peers that onReady re-opens send their offers at once.
    if (!this.#welcomed || !this.#socket) return false;
    this.#socket.send(JSON.stringify(message));
    return true;
  }

  #request(message: ClientMessage): Promise<ServerMessage> {
    const socket = this.#socket;
    if (!socket || socket.readyState !== 1) return Promise.reject(new PeerAssistError('network', 'not connected'));
    const rid = `r${this.#nextRid++}`;
    return new Promise((resolve, reject) => {
      const timer = this.#timers.setTimeout(() => {
        this.#pending.delete(rid);
        reject(new PeerAssistError('network', `no answer to ${message.type}`));
      }, this.options.requestTimeoutMs ?? 10_000);
      this.#pending.set(rid, { resolve, reject, timer });
      socket.send(JSON.stringify({ ...message, rid }));
    });
  }

  #connect(): void {
    const credentials = this.options.credentials();
    // Credentials may need a token refresh first (async); when they are at hand, connect without a tick in between.
    if (credentials instanceof Promise) {
      credentials.then(
        (ready) => this.#wanted && this.#open(ready),
        () => this.#wanted && this.#scheduleRetry(),
      );
    } else {
      this.#open(credentials);
    }
  }

  #open(credentials: Credentials | undefined): void {
    if (!credentials) {
      this.unwant();
      return;
    }
    this.options.onStatus('connecting');
    const Impl = this.options.WebSocketImpl ?? WebSocket;
    let socket: WebSocket;
    try {
      socket = new Impl(socketUrl(credentials.serverUrl));
    } catch {
      this.#scheduleRetry();
      return;
    }
    this.#socket = socket;
    socket.onopen = () => void this.#hello(socket, credentials.accessToken);
    socket.onmessage = (event) => this.#receive(event.data);
    socket.onclose = () => {
      if (this.#socket !== socket) return;
      this.#teardown(new PeerAssistError('network', 'connection closed'));
      if (this.#wanted) this.#scheduleRetry();
    };
  }

  async #hello(socket: WebSocket, accessToken: string): Promise<void> {
    try {
      const welcome = await this.#request({ type: 'rep.hello', accessToken });
      if (welcome.type !== 'rep.welcome') throw new PeerAssistError('internal', `unexpected ${welcome.type}`);
      this.#welcomed = true;
      await this.options.onReady({
        iceServers: welcome.iceServers,
        ...(welcome.emailMode && { emailMode: welcome.emailMode }),
        ...(welcome.sessionMode && { sessionMode: welcome.sessionMode }),
      });
      if (this.#socket !== socket) return;
      this.#attempt = 0;
      this.#ready = true;
      this.#keepAlive = this.#timers.setInterval(() => this.send({ type: 'ping' }), this.options.keepAliveMs ?? 20_000);
      this.options.onStatus('online');
      for (const waiter of this.#readyWaiters.splice(0)) waiter.resolve();
    } catch (error) {
      if (error instanceof PeerAssistError && error.reason === 'unauthenticated') {
        for (const waiter of this.#readyWaiters.splice(0)) waiter.reject(error);
        this.unwant();
        this.options.onUnauthenticated();
        return;
      }
      socket.close();
    }
  }

  #receive(data: unknown): void {
    if (typeof data !== 'string') return;
    const parsed = parseServerMessage(data);
    if (!parsed.ok) {
      console.warn('[socket] refused a server message:', parsed.reason, parsed.detail);
      return;
    }
    const message = parsed.message;
    const rid = 'rid' in message ? message.rid : undefined;
    const pending = rid === undefined ? undefined : this.#pending.get(rid);
    if (pending && rid !== undefined) {
      this.#pending.delete(rid);
      this.#timers.clearTimeout(pending.timer);
      if (message.type === 'error') pending.reject(new PeerAssistError(message.reason, message.message));
      else pending.resolve(message);
      return;
    }
    this.options.onMessage(message);
  }

  #scheduleRetry(): void {
    this.#attempt += 1;
    this.options.onStatus('offline');
    this.#retryTimer = this.#timers.setTimeout(() => this.#connect(), this.#policy.nextDelay(this.#attempt));
  }

  #teardown(error: Error): void {
    this.#ready = false;
    this.#welcomed = false;
    this.#timers.clearInterval(this.#keepAlive);
    const socket = this.#socket;
    this.#socket = undefined;
    if (socket) {
      socket.onopen = socket.onmessage = socket.onclose = null;
      if (socket.readyState <= 1) socket.close(1000);
    }
    for (const [rid, pending] of this.#pending) {
      this.#timers.clearTimeout(pending.timer);
      pending.reject(error);
      this.#pending.delete(rid);
    }
  }
}
