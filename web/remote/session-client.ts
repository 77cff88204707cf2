// The customer's side of a session: one WebSocket to the server and one
// PeerLink to the rep, driving the pure state machine in state.ts.
//
//   page ──start()/leave()──────────► SessionClient ──customer.join / signal / leave──► server
//        ──acceptShare()/declineShare()/           ──customer.share / screen.refuse──►
//          stopShare()/dismissRequest()──►        ◄──customer.joined, signal, share.state,
//        ◄──onState/onStream/onOwnStream──            support.selected, screen.requested,
//                                                      control.transferred…──
//                                  │
//                                  ├── getDisplayMedia (our screen, after the user's consent)
//                                  └── PeerLink (polite) ◄── media, peer to peer ──► rep
//
// Our own share follows the state's facts: whatever moves `ownShare` out of
// 'sharing' (the rep's "Stop viewing", a deselection, a re-join, our Stop
// button, the browser's own stop bar, leaving, the session ending), the client
// sees the transition in #dispatch and stops the capture in one place.
//
// Everything it opens (socket, peer, timers, track listeners) hangs off one
// AbortController, so teardown is one abort() (STYLE.md habit 6); the socket
// constructor, peer factory, timers and reconnect policy are injected so tests
// drive it without a network (habit 8).
import { PeerLink, type PeerLinkOptions } from '../../src/shared/peer/peer-link.ts';
import type { IceServer, SignalPayload } from '../../src/shared/protocol/common.ts';
import { openSessionChannel } from '../../src/shared/protocol/channel.ts';
import { parseServerMessage } from '../../src/shared/protocol/parse.ts';
import type { PeerStatus } from '../../src/shared/protocol/runtime.ts';
import type { ClientMessage, ServerMessage } from '../../src/shared/protocol/wire.ts';
import { routeOf, type Route } from './connection-check.ts';
import { exponentialBackoff, type ReconnectPolicy } from './reconnect.ts';
import { initialState, isTerminal, reduce, type RefuseReason, type RemoteEvent, type RemoteState } from './state.ts';

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
  /** Send our screen to the rep (null: stop); perfect negotiation renegotiates. */
  setVideoTrack(track: MediaStreamTrack | null, stream?: MediaStream): Promise<void>;
  close(): void;
  /** The connection's statistics, where the peer can give them. */
  stats?(): Promise<RTCStatsReport>;
  /** The real connection (PeerLink has one; test fakes may not): file transfers and the session data channel hang on it. */
  readonly pc?: RTCPeerConnection;
}

/** navigator.mediaDevices.getDisplayMedia, bound. */
export type GetDisplayMedia = (options: DisplayMediaStreamOptions) => Promise<MediaStream>;

/**
 * What we ask the browser for: the whole screen is the useful default for
 * support (the user can still pick a window or tab in the picker), 30 fps at
 * most is plenty for reading, and no audio (there is no audio path yet).
 */
export const DISPLAY_MEDIA_OPTIONS = {
  video: { displaySurface: 'monitor', frameRate: { max: 30 } },
  audio: false,
} as const satisfies DisplayMediaStreamOptions;

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
  /** Our own screen while we share it (for the preview), or null. */
  onOwnStream?: (stream: MediaStream | null) => void;
  /** The session data channel (chat, marks; issue #9) of each new peer to the rep, and null when that peer goes. */
  onChannel?: (channel: RTCDataChannel | null) => void;
  /**
   * Voice and video (issue #9; call-client.ts): told of every new link to the
   * rep (null when it goes, with why), and offered each incoming track first.
   */
  calls?: {
    attach(link: PeerLike | null, reason?: 'control_transferred'): void;
    claimTrack(track: MediaStreamTrack, streams: readonly MediaStream[]): boolean;
  };
  /** Aborting tears everything down without sending customer.leave (the server sees the socket close). */
  signal?: AbortSignal;
  WebSocket?: SocketConstructor;
  createPeer?: (options: PeerLinkOptions) => PeerLike;
  createStream?: (tracks: MediaStreamTrack[]) => MediaStream;
  /**
   * Screen capture; null when the browser has none (most phones). Defaults to
   * navigator.mediaDevices.getDisplayMedia when it exists.
   */
  getDisplayMedia?: GetDisplayMedia | null;
  reconnect?: ReconnectPolicy;
  timers?: Timers;
  /** Keep-alive interval: idle proxies cut quiet sockets (often after 60 s). */
  pingMs?: number;
  log?: (message: string, detail?: unknown) => void;
  /** A peer connection to the rep was opened; aborting `signal` closes it (file transfers, issue #9). */
  onPeerConnection?: (pc: RTCPeerConnection, signal: AbortSignal) => void;
}

const OPEN = 1;

interface PeerEntry {
  link: PeerLike;
  repId: string;
  abort: AbortController;
}

/** Our screen capture while it runs; aborting removes its listeners. */
interface OwnShareEntry {
  track: MediaStreamTrack;
  stream: MediaStream;
  abort: AbortController;
}

function defaultGetDisplayMedia(): GetDisplayMedia | null {
  const devices = typeof navigator === 'undefined' ? undefined : navigator.mediaDevices;
  if (typeof devices?.getDisplayMedia !== 'function') return null;
  return (options) => devices.getDisplayMedia(options);
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
  /** Ours in the session, once joined: sent again when we rejoin after a server restart. */
  #participantId: string | null = null;
  #peer: PeerEntry | null = null;
  #video: { track: MediaStreamTrack; abort: AbortController } | null = null;
  readonly #getDisplayMedia: GetDisplayMedia | null;
  #ownShare: OwnShareEntry | null = null;
  /** Bumped on each "Share my screen": a capture that resolves for an older attempt is stopped at once. */
  #shareAttempt = 0;

  constructor(options: SessionClientOptions) {
    this.#options = options;
    this.#timers = options.timers ?? { setTimeout: (f, ms) => setTimeout(f, ms), clearTimeout: (h) => clearTimeout(h as number) };
    this.#reconnect = options.reconnect ?? exponentialBackoff();
    this.#log = options.log ?? ((message, detail) => console.debug(`[remote] ${message}`, detail ?? ''));
    this.#getDisplayMedia = options.getDisplayMedia === undefined ? defaultGetDisplayMedia() : options.getDisplayMedia;
    const external = options.signal;
    if (external?.aborted) this.#abort.abort();
    else external?.addEventListener('abort', () => this.#teardown(), { once: true });
    this.#abort.signal.addEventListener('abort', () => this.#cleanup(), { once: true });
  }

  get state(): RemoteState {
    return this.#state;
  }

  /** Whether the connection to the rep runs direct or through a TURN relay; null while unknown. */
  async route(): Promise<Route | null> {
    const stats = await this.#peer?.link.stats?.().catch(() => null);
    return stats ? routeOf(stats) : null;
  }

  /** Join: open the socket and send customer.join. */
  start(): void {
    if (this.#abort.signal.aborted || this.#state.started) return;
    this.#dispatch({ type: 'join', name: this.#options.name, canShare: this.#getDisplayMedia !== null });
    this.#connect();
  }

  /** Leave session: tell the server, then close everything. */
  leave(): void {
    if (isTerminal(this.#state) || this.#abort.signal.aborted) return;
    // Say the share is over while the session still hears us; leaving then stops the capture.
    if (this.#state.ownShare === 'sharing') this.#send({ type: 'customer.share', sharing: false });
    this.#send({ type: 'customer.leave' });
    this.#dispatch({ type: 'leave' });
  }

  // ---- our screen (S13) -------------------------------------------------------

  /** "Share my screen" in the consent dialog: open the browser's picker and send what the user picks. */
  async acceptShare(): Promise<void> {
    const display = this.#getDisplayMedia;
    if (this.#state.ownShare !== 'asking' || !display) return;
    const attempt = ++this.#shareAttempt;
    this.#dispatch({ type: 'share.accept' });
    let stream: MediaStream;
    try {
      stream = await display(DISPLAY_MEDIA_OPTIONS);
    } catch (error) {
      if (!this.#isCurrentAttempt(attempt)) return;
      // The user closing the picker (or a policy saying no) is a NotAllowedError.
      const reason = errorName(error) === 'NotAllowedError' ? 'share_declined' : 'capture_failed';
      this.#log(`screen capture: ${reason}`, error);
      this.#refuse(reason);
      this.#dispatch({ type: 'share.failed', reason });
      return;
    }
    const track = stream.getVideoTracks()[0];
    if (!this.#isCurrentAttempt(attempt) || !track || track.readyState !== 'live') {
      // Deselected, re-joined or left while the picker was open (or a stream without video): not ours to send.
      for (const t of stream.getTracks()) t.stop();
      if (this.#isCurrentAttempt(attempt)) {
        this.#refuse('capture_failed');
        this.#dispatch({ type: 'share.failed', reason: 'capture_failed' });
      }
      return;
    }
    // Text on a shared screen must stay readable: prefer resolution over motion.
    track.contentHint = 'detail';
    const abort = new AbortController();
    this.#ownShare = { track, stream, abort };
    // The browser's own "Stop sharing" bar ends the track.
    track.addEventListener('ended', () => this.#dispatch({ type: 'share.stop' }), { signal: abort.signal });
    if (this.#peer) this.#sendOwnTrack(this.#peer.link);
    // The rid ties the server's answer (ok, or an error) to this share.
    const rid = `share-${attempt}`;
    this.#send({ type: 'customer.share', rid, sharing: true });
    this.#options.onOwnStream?.(stream);
    this.#dispatch({ type: 'share.started', rid });
  }

  /** "Not now" in the consent dialog (or Escape). */
  declineShare(): void {
    if (this.#state.ownShare !== 'asking') return;
    this.#refuse('share_declined');
    this.#dispatch({ type: 'share.decline' });
  }

  /** Close the "this browser cannot share" dialog (the refusal went out when it opened). */
  dismissRequest(): void {
    this.#dispatch({ type: 'request.dismiss' });
  }

  /** Our "Stop sharing" button. */
  stopShare(): void {
    this.#dispatch({ type: 'share.stop' });
  }

  #isCurrentAttempt(attempt: number): boolean {
    return attempt === this.#shareAttempt && this.#state.ownShare === 'starting' && !this.#abort.signal.aborted;
  }

  #refuse(reason: RefuseReason): void {
    this.#send({ type: 'screen.refuse', reason });
  }

  #sendOwnTrack(link: PeerLike): void {
    const own = this.#ownShare;
    if (!own) return;
    link.setVideoTrack(own.track, own.stream).catch((error: unknown) => this.#log('could not send our screen', error));
  }

  /** Our share is over (whatever ended it): stop sending, stop capturing, tell the server if it still listens. */
  #endOwnShare(tellServer: boolean): void {
    const own = this.#ownShare;
    if (!own) return;
    this.#ownShare = null;
    own.abort.abort();
    this.#peer?.link.setVideoTrack(null).catch((error: unknown) => this.#log('could not stop sending our screen', error));
    for (const track of own.stream.getTracks()) track.stop();
    this.#options.onOwnStream?.(null);
    if (tellServer) this.#send({ type: 'customer.share', sharing: false });
  }

  #onScreenRequested(): void {
    const state = this.#state;
    if (isTerminal(state) || state.membership !== 'connected') return;
    // Answer at once so the rep is not left waiting on a dialog we cannot act on.
    if (!this.#getDisplayMedia) this.#refuse('share_unsupported');
    // Asked again while we share: the answer is still yes.
    else if (state.ownShare === 'sharing') this.#send({ type: 'customer.share', sharing: true });
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
    // After a server restart the same participant id keeps the rep's peer to us (issue #10).
    const returning = this.#participantId && token ? { participantId: this.#participantId } : {};
    this.#send({ type: 'customer.join', rid, number, name, ...(token ? { token } : {}), ...returning });
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
    else if (message.type === 'screen.requested') this.#onScreenRequested();
    else if (message.type === 'control.transferred') this.#onControlTransferred(message);
  }

  /**
   * Another rep controls the session now (S20). The previous controller sends
   * us nothing any more, so its peer goes at once rather than fading through
   * "reconnecting"; the new controller offers a new one (#onSignal takes it).
   */
  #onControlTransferred(message: Extract<ServerMessage, { type: 'control.transferred' }>): void {
    if (this.#peer?.repId === message.previous.participantId) this.#closePeer('control_transferred');
  }

  /** Side effects that must happen before the state changes. */
  #beforeReduce(message: ServerMessage): void {
    if (message.type === 'customer.joined') {
      this.#reconnectAttempt = 0;
      this.#iceServers = message.iceServers;
      // Back under the same id (a server restart): the rep kept our peer, and so do we.
      const same = message.participantId === this.#participantId;
      this.#participantId = message.participantId;
      if (same && this.#peer) return;
      // A new participant to the server: the rep starts a new peer
      // connection, so drop ours and wait for the rep's first offer.
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
      // A silent link shows "reconnecting…" within 2 s, not a frozen picture (issue #10).
      watchStalls: true,
      signal: abort.signal,
      send: (payload) => this.#send({ type: 'signal', to: repId, payload }),
      onTrack: (track, streams) => {
        if (!this.#options.calls?.claimTrack(track, streams)) this.#onTrack(track);
      },
      onStatus: (status) => this.#onPeerStatus(status, abort.signal),
      log: (message, detail) => this.#log(`peer: ${message}`, detail),
    });
    this.#peer = { link, repId, abort };
    if (link.pc) this.#options.onPeerConnection?.(link.pc, abort.signal);
    // Negotiated: the rep's engine opens the same one, so it is there as soon as the connection is.
    if (link.pc) this.#options.onChannel?.(openSessionChannel(link.pc));
    this.#options.calls?.attach(link);
    // A new peer while we share (the rep came back under a new id): it gets our screen too.
    this.#sendOwnTrack(link);
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

  #closePeer(reason?: 'control_transferred'): void {
    const peer = this.#peer;
    if (!peer) return;
    this.#peer = null;
    peer.abort.abort();
    this.#options.onChannel?.(null);
    this.#options.calls?.attach(null, reason);
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
    if (previous.ownShare === 'sharing' && next.ownShare !== 'sharing') {
      // The server hears about it unless the session is over for us (leave()
      // already told it), we re-joined (the new participant never shared), the
      // server itself refused the share, or it ended every share when control
      // changed hands (control.transferred).
      const fromServer =
        event.type === 'message' &&
        (event.message.type === 'customer.joined' || event.message.type === 'error' || event.message.type === 'control.transferred');
      this.#endOwnShare(!isTerminal(next) && !fromServer);
    }
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
    if (peer) this.#options.onChannel?.(null);
    if (peer) this.#options.calls?.attach(null);
    this.#video?.abort.abort();
    this.#video = null;
    this.#options.onStream?.(null);
    this.#endOwnShare(false);
  }
}

function errorName(error: unknown): string | undefined {
  return typeof error === 'object' && error !== null && 'name' in error && typeof error.name === 'string' ? error.name : undefined;
}

function isLive(track: MediaStreamTrack): boolean {
  return track.readyState === 'live' && !track.muted;
}
