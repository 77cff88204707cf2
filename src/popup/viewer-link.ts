// The dashboard's side of "View customer's screen" (FEATURES.md S13): the
// customer's track arrives in the media context (Chrome's offscreen document,
// Firefox's background page), which cannot show it. This link opens a runtime
// Port (VIEWER_PORT) to it, says which session to watch, and receives the
// track over a local peer connection signaled through that port
// (src/shared/protocol/runtime.ts, "dashboard viewer ⇄ media").
//
//   connect ──port──► watching ◄── viewer.signal ⇄ PeerLink (polite) ──onTrack──► track
//      ▲                 │ port disconnected (offscreen closed, background restarted)
//      └── after a delay ┘ (the peer is closed; a new one comes with the new port)
//
// Everything hangs off one AbortSignal: aborting disconnects the port, closes
// the peer and cancels a pending reconnect (STYLE.md habit 6).
import type { SignalPayload } from '../shared/protocol/common.ts';
import type { MarkMessage } from '../shared/protocol/channel.ts';
import { MediaToViewer, type ViewerToMedia } from '../shared/protocol/runtime.ts';

/** What the link needs of a runtime Port (webextension-polyfill's fits). */
export interface ViewerPort {
  postMessage(message: ViewerToMedia): void;
  onMessage: { addListener(listener: (message: unknown) => void): void };
  onDisconnect: { addListener(listener: () => void): void };
  disconnect(): void;
}

/** What the link needs of a PeerLink. */
export interface ViewerPeer {
  receive(payload: SignalPayload): Promise<void>;
  close(): void;
}

export interface ViewerPeerOptions {
  send: (payload: SignalPayload) => void;
  onTrack: (track: MediaStreamTrack) => void;
  /** Aborted when this peer's port goes away. */
  signal: AbortSignal;
}

/**
 * What the viewer shows. `stage` is whose screen the media context sends
 * (undefined until it says; null: nobody's). `track` is the last video track
 * received, kept across a blank stage because the media context may bring it
 * back on the same track.
 */
export interface ViewerView {
  stage: string | null | undefined;
  track: MediaStreamTrack | null;
}

export interface ViewerLinkOptions {
  connect: () => ViewerPort;
  createPeer: (options: ViewerPeerOptions) => ViewerPeer;
  onView: (view: ViewerView) => void;
  /** Someone in the watched session drew or pointed (issue #9). */
  onMark?: (mark: MarkMessage) => void;
  signal: AbortSignal;
  /** How long the media side may take to answer a watch before the port counts as dead (0: never). */
  helloTimeoutMs?: number;
  /** First reconnect delay; doubles up to maxReconnectMs. */
  reconnectMs?: number;
  maxReconnectMs?: number;
  setTimeout?: (callback: () => void, ms: number) => unknown;
  clearTimeout?: (handle: unknown) => void;
  log?: (message: string, detail?: unknown) => void;
}

export class ViewerLink {
  readonly #options: ViewerLinkOptions;
  readonly #log: (message: string, detail?: unknown) => void;
  #port: ViewerPort | undefined;
  /** Aborted when the current port goes away: closes its peer. */
  #connection: AbortController | undefined;
  #sessionId: string | undefined;
  #view: ViewerView = { stage: undefined, track: null };
  #delay: number;
  #timer: unknown;

  constructor(options: ViewerLinkOptions) {
    this.#options = options;
    this.#log = options.log ?? (() => {});
    this.#delay = options.reconnectMs ?? 250;
    if (options.signal.aborted) return;
    options.signal.addEventListener('abort', () => this.#stop(), { once: true });
    this.#connect();
  }

  /** Show the stage of this session (the active session tab); sent again on every change and reconnect. */
  watch(sessionId: string): void {
    if (this.#sessionId === sessionId) return;
    this.#sessionId = sessionId;
    this.#post({ type: 'viewer.watch', sessionId });
  }

  /** The rep's own mark on the viewer: to everyone in the watched session. */
  sendMark(mark: MarkMessage): void {
    this.#post({ type: 'viewer.mark', mark });
  }

  get view(): ViewerView {
    return this.#view;
  }

  #connect(): void {
    this.#timer = undefined;
    if (this.#options.signal.aborted) return;
    let port: ViewerPort;
    try {
      port = this.#options.connect();
    } catch (error) {
      this.#log('viewer port failed', error);
      this.#scheduleReconnect();
      return;
    }
    this.#port = port;
    const connection = new AbortController();
    this.#connection = connection;
    const peer = this.#options.createPeer({
      signal: connection.signal,
      send: (payload) => {
        if (this.#port === port) this.#post({ type: 'viewer.signal', payload });
      },
      onTrack: (track) => {
        if (this.#port === port) this.#setView({ ...this.#view, track });
      },
    });
    connection.signal.addEventListener('abort', () => peer.close(), { once: true });

    port.onMessage.addListener((raw) => {
      if (this.#port !== port) return;
      // Parse, don't cast: whatever arrives on a port is checked (STYLE.md habit 1).
      const parsed = MediaToViewer.safeParse(raw);
      if (!parsed.success) {
        this.#log('ignored a media message', parsed.error.issues[0]?.message);
        return;
      }
      const message = parsed.data;
      // A message means the media side is there: the next loss starts the back-off afresh.
      this.#delay = this.#options.reconnectMs ?? 250;
      if (message.type === 'viewer.signal') void peer.receive(message.payload);
      else if (message.type === 'viewer.mark') this.#options.onMark?.(message.mark);
      else this.#setView({ ...this.#view, stage: message.participantId });
    });
    const lost = () => {
      connection.abort();
      if (this.#port !== port) return;
      this.#port = undefined;
      this.#setView({ stage: undefined, track: null });
      this.#scheduleReconnect();
    };
    port.onDisconnect.addListener(lost);
    if (this.#sessionId !== undefined) this.#post({ type: 'viewer.watch', sessionId: this.#sessionId });
    // The media side answers every first watch at once. On Chrome a port opened
    // before the offscreen document existed is held open by the service worker
    // alone and would never be answered: without a word in time, start over.
    const helloTimeoutMs = this.#options.helloTimeoutMs ?? 2000;
    if (helloTimeoutMs <= 0) return;
    let heard = false;
    port.onMessage.addListener(() => (heard = true));
    const set = this.#options.setTimeout ?? ((callback, ms) => setTimeout(callback, ms));
    set(() => {
      if (heard || this.#port !== port || this.#sessionId === undefined) return;
      this.#log('no answer from the media context; connecting again');
      port.disconnect();
      lost();
    }, helloTimeoutMs);
  }

  #scheduleReconnect(): void {
    if (this.#options.signal.aborted || this.#timer !== undefined) return;
    const delay = this.#delay;
    this.#delay = Math.min(delay * 2, this.#options.maxReconnectMs ?? 5000);
    const set = this.#options.setTimeout ?? ((callback, ms) => setTimeout(callback, ms));
    this.#timer = set(() => this.#connect(), delay);
  }

  #post(message: ViewerToMedia): void {
    try {
      this.#port?.postMessage(message);
    } catch (error) {
      // A port whose other end just went away throws; onDisconnect follows.
      this.#log('viewer post failed', error);
    }
  }

  #setView(view: ViewerView): void {
    if (view.stage === this.#view.stage && view.track === this.#view.track) return;
    this.#view = view;
    this.#options.onView(view);
  }

  #stop(): void {
    if (this.#timer !== undefined) (this.#options.clearTimeout ?? ((handle) => clearTimeout(handle as number)))(this.#timer);
    this.#timer = undefined;
    const port = this.#port;
    this.#port = undefined;
    try {
      port?.disconnect();
    } catch {
      // already gone
    }
    // Our own disconnect() fires no onDisconnect on this end: close the peer here.
    this.#connection?.abort();
    this.#connection = undefined;
  }
}
