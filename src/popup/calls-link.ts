// The dashboard's side of voice, video and recording (issue #9): a runtime
// Port (CALLS_PORT) to the media context (Chrome's offscreen document,
// Firefox's background page), which holds the call; this link sends the rep's
// commands, receives the call's state, and gets the cameras (customers' and
// the rep's own preview) over a local PeerLink signaled through the port.
//
//   connect ──port──► calls.watch ◄── calls.state / calls.signal ⇄ PeerLink (polite) ──onTrack──► cameras by stream id
//      ▲                  │ port lost (no offscreen document yet, or it closed)
//      └── after a delay ─┘
import browser from 'webextension-polyfill';
import { PeerLink } from '../shared/peer/peer-link.ts';
import { CALLS_PORT, MediaToCalls, type CallsState, type CallsToMedia } from '../shared/protocol/call.ts';

export interface CallsPortLike {
  postMessage(message: CallsToMedia): void;
  onMessage: { addListener(listener: (message: unknown) => void): void };
  onDisconnect: { addListener(listener: () => void): void };
  disconnect(): void;
}

export interface CallsView {
  state: CallsState | null;
  /** Camera streams that arrived on the local link, by stream id (CallsState names them). */
  cameras: ReadonlyMap<string, MediaStream>;
}

export interface CallsLinkOptions {
  sessionId: string;
  onView: (view: CallsView) => void;
  signal: AbortSignal;
  connect?: () => CallsPortLike;
  reconnectMs?: number;
  /** How long the media context may take to answer before the port counts as dead. */
  helloTimeoutMs?: number;
  log?: (message: string, detail?: unknown) => void;
}

export function connectCallsPort(): CallsPortLike {
  return browser.runtime.connect({ name: CALLS_PORT });
}

/** The permission page: a visible extension page, where Chrome can ask for the microphone and camera. */
export function openPermissionPage(): Promise<unknown> {
  return browser.tabs.create({ url: browser.runtime.getURL('calls/permission.html') });
}

export class CallsLink {
  #port: CallsPortLike | undefined;
  #view: CallsView = { state: null, cameras: new Map() };
  #timer: ReturnType<typeof setTimeout> | undefined;
  #sessionId: string;
  readonly #log: (message: string, detail?: unknown) => void;

  constructor(private readonly options: CallsLinkOptions) {
    this.#sessionId = options.sessionId;
    this.#log = options.log ?? ((message, detail) => console.debug(`[calls] ${message}`, detail ?? ''));
    options.signal.addEventListener('abort', () => {
      clearTimeout(this.#timer);
      this.#port?.disconnect();
      this.#port = undefined;
    });
    this.#connect();
  }

  watch(sessionId: string): void {
    if (sessionId === this.#sessionId) return;
    this.#sessionId = sessionId;
    this.#port?.postMessage({ type: 'calls.watch', sessionId });
  }

  /** A command for the media context; false when it is not reachable right now. */
  send(command: Exclude<CallsToMedia, { type: 'calls.signal' | 'calls.watch' }>): boolean {
    if (!this.#port) return false;
    this.#port.postMessage(command);
    return true;
  }

  #connect(): void {
    if (this.options.signal.aborted) return;
    let port: CallsPortLike;
    try {
      port = (this.options.connect ?? connectCallsPort)();
    } catch (error) {
      this.#log('calls port failed', error);
      this.#retry();
      return;
    }
    this.#port = port;
    const connection = new AbortController();
    const cameras = new Map<string, MediaStream>();
    const peer = new PeerLink({
      polite: true,
      iceServers: [],
      signal: connection.signal,
      send: (payload) => port.postMessage({ type: 'calls.signal', payload }),
      onTrack: (track, streams) => {
        const stream = streams[0];
        if (track.kind !== 'video' || !stream) return;
        cameras.set(stream.id, new MediaStream([track]));
        this.#setView({ ...this.#view, cameras: new Map(cameras) });
      },
      log: (message, detail) => this.#log(`peer: ${message}`, detail),
    });
    // With no media context yet, the service worker alone hears the connect and
    // keeps the port open without answering: no state soon means try again.
    const hello = setTimeout(() => {
      if (this.#port !== port || this.#view.state) return;
      port.disconnect();
      lost();
    }, this.options.helloTimeoutMs ?? 1500);
    port.onMessage.addListener((raw) => {
      const parsed = MediaToCalls.safeParse(raw);
      if (!parsed.success) {
        this.#log('ignored a calls message', parsed.error.issues[0]?.message);
        return;
      }
      const message = parsed.data;
      if (message.type === 'calls.signal') void peer.receive(message.payload);
      else this.#setView({ ...this.#view, state: message.state });
    });
    const lost = () => {
      clearTimeout(hello);
      connection.abort();
      if (this.#port !== port) return;
      this.#port = undefined;
      this.#setView({ state: null, cameras: new Map() });
      this.#retry();
    };
    port.onDisconnect.addListener(lost);
    port.postMessage({ type: 'calls.watch', sessionId: this.#sessionId });
  }

  #retry(): void {
    if (this.options.signal.aborted) return;
    this.#timer = setTimeout(() => this.#connect(), this.options.reconnectMs ?? 1000);
  }

  #setView(view: CallsView): void {
    this.#view = view;
    this.options.onView(view);
  }
}
