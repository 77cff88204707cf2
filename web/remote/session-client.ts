// The customer's side of a session: one WebSocket to the server and one
// PeerLink to the rep, driving the pure state machine in state.ts.
//
//   page ──start()/leave()──► SessionClient ──customer.join / signal / leave──► server
//        ◄──onState/onStream──            ◄──customer.joined, signal, share.state…──
//                                  │
//                                  └── PeerLink (polite) ◄── media, peer to peer ──► rep
//
// Everything it opens (socket, peer, timers, track listeners) hangs off one
// AbortController, so teardown is one abort() (STYLE.md habit 6); the socket
// constructor, peer factory, timers and reconnect policy are injected so tests
// drive it without a network (habit 8).
import { PeerLink, type PeerLinkOptions } from '../../src/shared/peer/peer-link.ts';
import type { IceServer, SignalPayload } from '../../src/shared/protocol/common.ts';
import { parseServerMessage } from '../../src/shared/protocol/parse.ts';
import type { PeerStatus } from '../../src/shared/protocol/runtime.ts';
import type { ClientMessage, ServerMessage } from '../../src/shared/protocol/wire.ts';
import { exponentialBackoff, type ReconnectPolicy } from './reconnect.ts';
import { initialState, isTerminal, reduce, type RemoteEvent, type RemoteState } from './state.ts';

/** The part of WebSocket we use; the browser's WebSocket fits it. */
export interface SocketLike {
  readonly readyState: number;
  send(data: string): void;
  close(code?: number, reason?: string): void;
  addEventListener(type: 'open' | 'close', listener: () => void, options?: { signal?: AbortSignal }): void;
  addEventListener(type: 'message', listener: (event: { data: unknown }) => void, options?: { signal?: AbortSignal }): void;
}
export type SocketConstructor = new (url: string) => SocketLike;

/** The part of PeerLink we use. */
export interface PeerLike {
  receive(payload: SignalPayload): Promise<void>;
  close(): void;
}

export interface Timers {
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export interface SessionClientOptions {
  /** ws(s)://host/ws */
  url: string;
  number: string;
  token?: string | undefined;
  name: string;
  onState: (state: RemoteState) => void;
  /** The rep's video as a stream to show, or null when there is none. */
  onStream?: (stream: MediaStream | null) => void;
  /** Aborting tears everything down without sending customer.leave (the server sees the socket close). */
  signal?: AbortSignal;
  WebSocket?: SocketConstructor;
  createPeer?: (options: PeerLinkOptions) => PeerLike;
  createStream?: (tracks: MediaStreamTrack[]) => MediaStream;
  reconnect?: ReconnectPolicy;
  timers?: Timers;
  /** Keep-alive interval: idle proxies cut quiet sockets (often after 60 s). */
  pingMs?: number;
  log?: (message: string, detail?: unknown) => void;
}

const OPEN = 1;

interface PeerEntry {
  link: PeerLike;
  repId: string;
  abort: AbortController;
}

/** `${ws|wss}://host/ws` for the page's own origin. */
export function socketUrl(location: Pick<Location, 'protocol' | 'host'>): string {
  return `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/ws`;
}

export class SessionClient {
  #state: RemoteState = initialState;
  readonly #options: SessionClientOptions;
  readonly #abort = new AbortController();
  readonly #timers: Timers;
  readonly #reconnect: ReconnectPolicy;
  readonly #log: (message: string, detail?: unknown) => void;

  #socket: SocketLike | null = null;
  /** Aborts the current socket's listeners and timers. */
  #socketAbort: AbortController | null = null;
  #reconnectAttempt = 0;
  #reconnectTimer: unknown = null;
  #pingTimer: unknown = null;
  #joinCount = 0;

  #iceServers: IceServer[] | null = null;
  #peer: PeerEntry | null = null;
  #video: { track: MediaStreamTrack; abort: AbortController } | null = null;

  constructor(options: SessionClientOptions) {
    this.#options = options;
    this.#timers = options.timers ?? { setTimeout: (f, ms) => setTimeout(f, ms), clearTimeout: (h) => clearTimeout(h as number) };
    this.#reconnect = options.reconnect ?? exponentialBackoff();
    this.#log = options.log ?? ((message, detail) => console.debug(`[remote] ${message}`, detail ?? ''));
    const external = options.signal;
    if (external?.aborted) this.#abort.abort();
    else external?.addEventListener('abort', () => this.#teardown(), { once: true });
    this.#abort.signal.addEventListener('abort', () => this.#cleanup(), { once: true });
  }

  get state(): RemoteState {
    return this.#state;
  }

  /** Join: open the socket and send customer.join. */
  start(): void {
    if (this.#abort.signal.aborted || this.#state.started) return;
    this.#dispatch({ type: 'join' });
    this.#connect();
  }

  /** Leave session: tell the server, then close everything. */
  leave(): void {
    if (isTerminal(this.#state) || this.#abort.signal.aborted) return;
    this.#send({ type: 'customer.leave' });
    this.#dispatch({ type: 'leave' });
  }

  // ---- socket ---------------------------------------------------------------

  #connect(): void {
    this.#reconnectTimer = null;
    const { signal } = this.#abort;
    if (signal.aborted) return;
    this.#socketAbort?.abort();
    const socketAbort = new AbortController();
    this.#socketAbort = socketAbort;
    const Socket = this.#options.WebSocket ?? WebSocket;
    let socket: SocketLike;
    try {
      socket = new Socket(this.#options.url);
    } catch (error) {
      this.#log('cannot open socket', error);
      this.#onSocketLost(socketAbort);
      return;
    }
    this.#socket = socket;
    const on = { signal: socketAbort.signal };
    socket.addEventListener('open', () => this.#onOpen(), on);
    socket.addEventListener('message', (event) => this.#onMessage(event.data), on);
    socket.addEventListener('close', () => this.#onSocketLost(socketAbort), on);
    socketAbort.signal.addEventListener('abort', () => {
      this.#stopPing();
      if (socket.readyState <= OPEN) socket.close(1000);
    });
  }

  #onOpen(): void {
    const { number, token, name } = this.#options;
    this.#joinCount += 1;
    const rid = `join-${this.#joinCount}`;
    this.#dispatch({ type: 'join.sent', rid });
    this.#send({ type: 'customer.join', rid, number, name, ...(token ? { token } : {}) });
    this.#schedulePing();
  }

  #onSocketLost(socketAbort: AbortController): void {
    // A socket we closed on purpose (teardown, or replaced by a new one) is not a loss.
    if (socketAbort.signal.aborted || this.#abort.signal.aborted) return;
    this.#retry();
  }

  /** Drop the current socket and open a new one when the reconnect policy says. */
  #retry(): void {
    this.#socketAbort?.abort();
    this.#socketAbort = null;
    this.#socket = null;
    this.#dispatch({ type: 'socket.lost' });
    if (isTerminal(this.#state)) return;
    this.#reconnectAttempt += 1;
    const delay = this.#reconnect(this.#reconnectAttempt);
    if (delay === null) {
      this.#dispatch({ type: 'socket.gave_up' });
      return;
    }
    this.#log(`socket lost; retry ${this.#reconnectAttempt} in ${delay} ms`);
    this.#reconnectTimer = this.#timers.setTimeout(() => this.#connect(), delay);
  }

  #send(message: ClientMessage): void {
    const socket = this.#socket;
    if (socket?.readyState !== OPEN) return;
    socket.send(JSON.stringify(message));
  }

  #schedulePing(): void {
    const ms = this.#options.pingMs ?? 25_000;
    this.#stopPing();
    this.#pingTimer = this.#timers.setTimeout(() => {
      this.#send({ type: 'ping' });
      this.#schedulePing();
    }, ms);
  }

  #stopPing(): void {
    if (this.#pingTimer !== null) this.#timers.clearTimeout(this.#pingTimer);
    this.#pingTimer = null;
  }

  // ---- messages -------------------------------------------------------------

  #onMessage(data: unknown): void {
    if (typeof data !== 'string') {
      this.#log('ignored a binary message');
      return;
    }
    // Parse, don't cast (STYLE.md habit 1): a bad message is logged and changes nothing.
    const parsed = parseServerMessage(data);
    if (!parsed.ok) {
      this.#log(`ignored a message: ${parsed.reason}: ${parsed.detail}`);
      return;
    }
    const message = parsed.message;
    this.#beforeReduce(message);
    this.#dispatch({ type: 'message', message });
    if (message.type === 'signal') this.#onSignal(message);
  }

  /** Side effects that must happen before the state changes. */
  #beforeReduce(message: ServerMessage): void {
    if (message.type === 'customer.joined') {
      // Every join is a new participant to the server, so the rep starts a new
      // peer connection: drop ours and wait for the rep's first offer.
      this.#reconnectAttempt = 0;
      this.#iceServers = message.iceServers;
      this.#closePeer();
    } else if (message.type === 'error' && message.reason !== 'denied') {
      this.#log(`server refused ${message.inReplyTo ?? 'a message'}: ${message.reason}: ${message.message}`);
    }
  }

  // ---- peer -----------------------------------------------------------------

  #onSignal(message: Extract<ServerMessage, { type: 'signal' }>): void {
    if (isTerminal(this.#state) || !this.#iceServers) return;
    const { from, payload } = message;
    const isOffer = payload.kind === 'description' && payload.description.type === 'offer';
    if (this.#peer && this.#peer.repId !== from) {
      // Only the rep signals us. A new sender with an offer is the rep back
      // under a new id (its own re-join): start over with it; anything else is stale.
      if (!isOffer) {
        this.#log(`ignored a signal from ${from}`);
        return;
      }
      this.#closePeer();
    }
    // The rep opens the data channel and sends the first offer, so the first
    // signal tells us who the rep is (brief: create the PeerLink lazily).
    const peer = this.#peer ?? this.#openPeer(from, this.#iceServers);
    void peer.link.receive(payload);
  }

  #openPeer(repId: string, iceServers: IceServer[]): PeerEntry {
    const abort = new AbortController();
    const link = (this.#options.createPeer ?? ((o) => new PeerLink(o)))({
      polite: true,
      iceServers,
      signal: abort.signal,
      send: (payload) => this.#send({ type: 'signal', to: repId, payload }),
      onTrack: (track) => this.#onTrack(track),
      onStatus: (status) => this.#onPeerStatus(status, abort.signal),
      log: (message, detail) => this.#log(`peer: ${message}`, detail),
    });
    this.#peer = { link, repId, abort };
    return this.#peer;
  }

  #onPeerStatus(status: PeerStatus, peerSignal: AbortSignal): void {
    if (peerSignal.aborted) return;
    this.#dispatch({ type: 'peer.status', status });
    if (status === 'failed') {
      // ICE restarts are exhausted: re-join on a fresh socket, which gets us a
      // fresh peer connection from the rep (STYLE.md habit 9: restart ICE, then rejoin).
      this.#log('peer failed; re-joining');
      this.#closePeer();
      this.#retry();
    }
  }

  #closePeer(): void {
    const peer = this.#peer;
    if (!peer) return;
    this.#peer = null;
    peer.abort.abort();
    this.#setVideo(null);
    this.#dispatch({ type: 'peer.reset' });
  }

  // ---- video ----------------------------------------------------------------

  #onTrack(track: MediaStreamTrack): void {
    // No audio yet (the video element is muted so autoplay works).
    if (track.kind !== 'video') return;
    if (this.#video?.track === track) {
      // Renegotiation can hand us the same track again (the rep re-shared on the same transceiver).
      this.#dispatch({ type: 'video', live: isLive(track) });
      return;
    }
    this.#setVideo(track);
  }

  #setVideo(track: MediaStreamTrack | null): void {
    this.#video?.abort.abort();
    this.#video = null;
    if (!track) {
      this.#options.onStream?.(null);
      this.#dispatch({ type: 'video', live: false });
      return;
    }
    const abort = new AbortController();
    this.#video = { track, abort };
    // A remote track starts muted and unmutes when frames arrive; it mutes when
    // the rep removes it (renegotiation) and ends when the connection closes.
    const update = () => this.#dispatch({ type: 'video', live: isLive(track) });
    for (const type of ['mute', 'unmute', 'ended'] as const) track.addEventListener(type, update, { signal: abort.signal });
    const createStream = this.#options.createStream ?? ((tracks) => new MediaStream(tracks));
    // Our own stream of just this track: the rep's stream may still list an old one.
    this.#options.onStream?.(createStream([track]));
    update();
  }

  // ---- state ----------------------------------------------------------------

  #dispatch(event: RemoteEvent): void {
    const previous = this.#state;
    const next = reduce(previous, event);
    if (next === previous) return;
    this.#state = next;
    this.#options.onState(next);
    if (isTerminal(next)) this.#teardown();
  }

  #teardown(): void {
    this.#abort.abort();
  }

  #cleanup(): void {
    if (this.#reconnectTimer !== null) this.#timers.clearTimeout(this.#reconnectTimer);
    this.#reconnectTimer = null;
    this.#socketAbort?.abort();
    this.#socket = null;
    const peer = this.#peer;
    this.#peer = null;
    peer?.abort.abort();
    this.#video?.abort.abort();
    this.#video = null;
    this.#options.onStream?.(null);
  }
}

function isLive(track: MediaStreamTrack): boolean {
  return track.readyState === 'live' && !track.muted;
}
