// The rep's media: one PeerLink per customer, the rep's own capture, and the
// forwarding of a customer's screen to everyone else. It runs where
// RTCPeerConnection and getUserMedia exist: the offscreen document on Chrome
// (a service worker has neither; PLATFORM.md), the background page itself on
// Firefox. The background drives it with MediaCommands and hears back through
// MediaEvents; it never touches chrome.* itself, so it is the same code in both
// places.
//
// Topology (README, "Media topology"): a star around the rep. Each customer
// has one connection, to the rep. What a session's customers see is its
// *stage*: the rep's own share if one runs in that session, else the screen of
// the customer the server put on the stage (media.forward), which arrives on
// that customer's connection and is sent on, as the same track, to every other
// customer of the session and to the dashboard's viewer. So a customer uploads
// their screen once however many watch, and the rep's upload grows with the
// audience (measured in bench/: fan-out).
import { PeerLink } from '../shared/peer/peer-link.ts';
import type { GetUserMedia } from '../shared/peer/devices.ts';
import type { SignalPayload } from '../shared/protocol/common.ts';
import { PeerAssistError, reasonOf } from '../shared/protocol/errors.ts';
import {
  ViewerToMedia,
  RESOLUTION_LIMITS,
  type MediaCommand,
  type MediaCommandOf,
  type MediaEventBody,
  type MediaReply,
  type MediaToViewer,
  type PeerQuality,
  type SharePrefs,
} from '../shared/protocol/runtime.ts';
import { CallHub } from './calls.ts';
import { qualityOf, type LinkSample } from './quality.ts';
import { ChatRelay } from './chat-relay.ts';
import { openSessionChannel } from '../shared/protocol/channel.ts';

/** What the engine needs of a runtime Port to the dashboard's viewer; both browsers' ports fit. */
export interface ViewerPort {
  postMessage(message: MediaToViewer): void;
  onMessage(listener: (message: unknown) => void): void;
  onDisconnect(listener: () => void): void;
  disconnect(): void;
}

interface Size {
  width: number;
  height: number;
}

export interface MediaEngineOptions {
  emit: (event: MediaEventBody) => void;
  /** Turns a tabCapture stream id into a stream; injected so Firefox/tests can differ. */
  captureTab?: (streamId: string, limits: CaptureLimits) => Promise<MediaStream>;
  /** A window or screen through the browser's picker. */
  captureDesktop?: (limits: CaptureLimits) => Promise<MediaStream>;
  createConnection?: (config: RTCConfiguration) => RTCPeerConnection;
  /** How often connection quality is sampled (ms). */
  qualityIntervalMs?: number;
  log?: (message: string, detail?: unknown) => void;
  /**
   * How the rep's microphone and camera are opened, and whether a refusal is
   * the rep's answer to a prompt (visiblePage). By default this context's own
   * getUserMedia, which cannot prompt (Chrome's offscreen document).
   */
  devices?: { getUserMedia: GetUserMedia; visiblePage: boolean; audioContext?: () => AudioContext };
  /** A peer connection was opened (file transfers hang their channels on it); aborting `signal` closes it. */
  onPeer?: (participantId: string, pc: RTCPeerConnection, signal: AbortSignal) => void;
}

/** The most a capture may be: the prefs' resolution, never above the tab's own size (no upscaling). */
export interface CaptureLimits extends Size {
  frameRate: number;
}

export function captureLimits(prefs: SharePrefs, tabSize?: Size): CaptureLimits {
  const max = RESOLUTION_LIMITS[prefs.resolution];
  if (!tabSize) return { ...max, frameRate: prefs.frameRate };
  const scale = Math.min(1, max.width / tabSize.width, max.height / tabSize.height);
  return { width: Math.round(tabSize.width * scale), height: Math.round(tabSize.height * scale), frameRate: prefs.frameRate };
}

/**
 * Chrome: a tabCapture stream id becomes a real stream only through this
 * legacy getUserMedia form. The max size is the tab's own (capped by the
 * prefs): with a fixed 1920x1080 maximum, Chrome scales a 1280x720 tab UP to
 * 1080p, which costs encode time and latency for no detail (npm run bench).
 */
async function captureChromeTab(streamId: string, limits: CaptureLimits): Promise<MediaStream> {
  return navigator.mediaDevices.getUserMedia({
    audio: false,
    video: {
      // @ts-expect-error Chrome's non-standard constraints for tab capture (PLATFORM.md, "Tab capture").
      mandatory: {
        chromeMediaSource: 'tab',
        chromeMediaSourceId: streamId,
        maxWidth: limits.width,
        maxHeight: limits.height,
        maxFrameRate: limits.frameRate,
      },
    },
  });
}

/** Window or screen: the browser's own picker is the consent (offscreen reason DISPLAY_MEDIA on Chrome). */
async function captureDisplay(limits: CaptureLimits): Promise<MediaStream> {
  return navigator.mediaDevices.getDisplayMedia({
    audio: false,
    video: { displaySurface: 'monitor', width: { max: limits.width }, height: { max: limits.height }, frameRate: { max: limits.frameRate } },
  });
}

interface Peer {
  readonly link: PeerLink;
  readonly abort: AbortController;
  readonly sessionId: string;
  /** The customer's screen, while they send one. */
  incoming: { track: MediaStreamTrack; stream: MediaStream } | null;
  lastQuality: PeerQuality | null;
  lastSample: LinkSample | null;
}

interface Viewer {
  readonly port: ViewerPort;
  readonly link: PeerLink;
  sessionId: string | null;
  /** Whose screen it was last told about; undefined until the first watch, which is always answered. */
  shown: string | null | undefined;
}

interface Share {
  readonly sessionId: string;
  readonly stream: MediaStream;
  readonly track: MediaStreamTrack;
  readonly label: string;
  /** A tab's own size: prefs never scale a capture above it. */
  readonly tabSize: Size | undefined;
}

export class MediaEngine {
  readonly #peers = new Map<string, Peer>();
  readonly #viewers = new Set<Viewer>();
  /** Per session: the customer whose screen is on its stage. */
  readonly #forwards = new Map<string, string>();
  #iceServers: RTCIceServer[] = [];
  #share: Share | undefined;
  #qualityTimer: ReturnType<typeof setInterval> | undefined;
  readonly #options: MediaEngineOptions;
  readonly #log: (message: string, detail?: unknown) => void;
  /** Chat and marks over each peer's session channel (issue #9). */
  readonly #relay: ChatRelay;
  /** Voice, video and recording (issue #9; calls.ts): it hooks into the peers and the stage. */
  readonly calls: CallHub;

  constructor(options: MediaEngineOptions) {
    this.#options = options;
    this.#log = options.log ?? ((message, detail) => console.debug(`[media] ${message}`, detail ?? ''));
    this.#relay = new ChatRelay({
      emit: options.emit,
      // Marks from the session's peers show on the dashboard's viewer of that session too.
      onMark: (sessionId, mark) => {
        for (const viewer of this.#viewers) if (viewer.sessionId === sessionId) viewer.port.postMessage({ type: 'viewer.mark', mark });
      },
      log: (message, detail) => this.#log(`chat: ${message}`, detail),
    });
    this.calls = new CallHub({
      stageFor: (sessionId) => this.#stageFor(sessionId, null),
      // The offscreen document cannot show a permission prompt; Firefox's engine asks in a dashboard page.
      visiblePage: options.devices?.visiblePage ?? false,
      ...(options.devices && { getUserMedia: options.devices.getUserMedia }),
      ...(options.devices?.audioContext && { audioContext: options.devices.audioContext }),
      ...(options.createConnection && { createConnection: options.createConnection }),
    });
  }

  async handle(command: MediaCommand): Promise<MediaReply> {
    try {
      switch (command.type) {
        case 'media.configure':
          this.#iceServers = command.iceServers;
          return this.#status();
        case 'media.share':
          await this.#startShare(command);
          return { ...this.#status(), ...(this.#share && { label: this.#share.label }) };
        case 'media.prefs':
          await this.#applyPrefs(command.prefs);
          return this.#status();
        case 'media.stopShare':
          await this.#stopShare();
          return this.#status();
        case 'media.forward':
          await this.#forward(command.sessionId, command.participantId);
          return this.#status();
        case 'peer.open':
          await this.#open(command);
          return this.#status();
        case 'peer.close':
          await this.#close(command.participantId);
          return this.#status();
        case 'peer.signal':
          await this.#signal(command.participantId, command.payload);
          return this.#status();
        case 'media.reset':
          await this.#reset(command.reason);
          return this.#status();
        case 'media.status':
          return this.#status();
        case 'calls.continue':
          await this.calls.continueCall(command.sessionId);
          return this.#status();
        case 'chat.post':
          this.#relay.postChat(command.sessionId, command.entry);
          return this.#status();
        case 'chat.seed':
          this.#relay.seed(command.sessionId, command.entries);
          return this.#status();
        case 'mark.post':
          this.#relay.postMark(command.sessionId, command.mark);
          return this.#status();
      }
    } catch (error) {
      this.#log(`${command.type} failed`, error);
      return { ok: false, reason: reasonOf(error), message: error instanceof Error ? error.message : String(error) };
    }
  }

  #status(): Extract<MediaReply, { ok: true }> {
    return { ok: true, peers: [...this.#peers.keys()], sharing: this.#share !== undefined, voiceIn: this.calls.voiceSessions() };
  }

  // ---- peers ------------------------------------------------------------------

  async #open(command: MediaCommandOf<'peer.open'>): Promise<void> {
    const { participantId, sessionId } = command;
    const polite = command.polite ?? false;
    if (this.#peers.has(participantId)) return;
    const abort = new AbortController();
    const link = new PeerLink({
      polite,
      iceServers: this.#iceServers,
      // The other end (a customer's page, an assistant's or controller's engine) watches too.
      watchStalls: true,
      signal: abort.signal,
      send: (payload) => this.#options.emit({ type: 'media.signal', to: participantId, payload }),
      onStatus: (state) => this.#options.emit({ type: 'media.peerState', participantId, state }),
      onTrack: (track, streams) => this.#onIncomingTrack(participantId, track, streams),
      ...(this.#options.createConnection && { createConnection: this.#options.createConnection }),
      log: (message, detail) => this.#log(`${participantId}: ${message}`, detail),
    });
    this.#peers.set(participantId, { link, abort, sessionId, incoming: null, lastQuality: null, lastSample: null });
    // A data channel from the start makes the connection come up before any
    // share, so the first frame only waits for a renegotiation, not for ICE.
    // Both ends of a rep-to-rep link open one (an assistant watching the
    // controller is the polite end); the polite end's PeerLink waits for the
    // impolite end's first offer, so the two never collide at the start.
    link.pc.createDataChannel('control');
    this.#options.onPeer?.(participantId, link.pc, abort.signal);
    this.#relay.attach(
      { participantId, sessionId, polite, name: command.name ?? '', role: command.role ?? 'customer' },
      openSessionChannel(link.pc),
    );
    // An assistant's link to the controller is the polite one: that peer is the controller.
    this.calls.attachPeer(participantId, sessionId, link, { isController: polite });
    this.#startQualityTimer();
    await this.#sync(sessionId);
  }

  async #close(participantId: string): Promise<void> {
    const peer = this.#peers.get(participantId);
    if (!peer) return;
    this.#peers.delete(participantId);
    this.#relay.detach(participantId);
    this.calls.detachPeer(participantId);
    peer.abort.abort();
    if (this.#peers.size === 0) this.#stopQualityTimer();
    // If their screen was on the stage, the others stop getting it.
    if (this.#forwards.get(peer.sessionId) === participantId) await this.#sync(peer.sessionId);
  }

  async #signal(participantId: string, payload: SignalPayload): Promise<void> {
    const peer = this.#peers.get(participantId);
    if (!peer) throw new PeerAssistError('unknown_participant', `no peer for ${participantId}`);
    await peer.link.receive(payload);
  }

  /** A screen arriving: a customer's (forwarded to the others when staged), or, for an assistant, the controller's stage. */
  #onIncomingTrack(participantId: string, track: MediaStreamTrack, streams: readonly MediaStream[]): void {
    const peer = this.#peers.get(participantId);
    // A voice, or a camera the peer announced, is the call's, not a screen.
    if (!peer || this.calls.claimTrack(participantId, track, streams) || track.kind !== 'video') return;
    peer.incoming = { track, stream: streams[0] ?? new MediaStream([track]) };
    track.addEventListener(
      'ended',
      () => {
        if (peer.incoming?.track !== track) return;
        peer.incoming = null;
        void this.#sync(peer.sessionId);
      },
      { signal: peer.abort.signal },
    );
    if (this.#forwards.get(peer.sessionId) === participantId) void this.#sync(peer.sessionId);
  }

  // ---- the stage --------------------------------------------------------------

  async #forward(sessionId: string, participantId: string | null): Promise<void> {
    if (participantId === null) this.#forwards.delete(sessionId);
    else this.#forwards.set(sessionId, participantId);
    await this.#sync(sessionId);
  }

  /** What a peer of the session should receive: the rep's share, or the staged customer's screen (never their own). */
  #stageFor(sessionId: string, exceptId: string | null): { track: MediaStreamTrack; stream: MediaStream } | null {
    if (this.#share?.sessionId === sessionId) return this.#share;
    const customerId = this.#forwards.get(sessionId);
    if (!customerId || customerId === exceptId) return null;
    return this.#peers.get(customerId)?.incoming ?? null;
  }

  /** Brings every peer and viewer of the session in line with its stage. */
  async #sync(sessionId: string): Promise<void> {
    const work: Promise<void>[] = [];
    for (const [participantId, peer] of this.#peers) {
      if (peer.sessionId !== sessionId) continue;
      const source = this.#stageFor(sessionId, participantId);
      if (peer.link.videoTrack !== (source?.track ?? null)) work.push(peer.link.setVideoTrack(source?.track ?? null, source?.stream));
    }
    for (const viewer of this.#viewers) if (viewer.sessionId === sessionId) work.push(this.#syncViewer(viewer));
    await Promise.all(work);
    this.calls.stageChanged(sessionId);
  }

  // ---- the rep's own share ----------------------------------------------------

  async #startShare(command: MediaCommandOf<'media.share'>): Promise<void> {
    const limits = captureLimits(command.prefs, command.size);
    let stream: MediaStream;
    try {
      if (command.source === 'tab') {
        if (!command.streamId) throw new Error('a tab share needs a stream id');
        stream = await (this.#options.captureTab ?? captureChromeTab)(command.streamId, limits);
      } else {
        stream = await (this.#options.captureDesktop ?? captureDisplay)(limits);
      }
    } catch (error) {
      // The rep closed the picker: not a failure to report as one.
      if (error instanceof DOMException && error.name === 'NotAllowedError' && command.source === 'desktop') {
        throw new PeerAssistError('share_declined', 'the picker was closed', { cause: error });
      }
      throw new PeerAssistError('capture_failed', error instanceof Error ? error.message : 'capture failed', { cause: error });
    }
    const track = stream.getVideoTracks()[0];
    if (!track) throw new PeerAssistError('capture_failed', 'the capture has no video track');
    // Shared screens are mostly text: keep detail over motion (PLATFORM.md, WebRTC).
    track.contentHint = 'detail';
    const previous = this.#share;
    this.#share = { sessionId: command.sessionId, stream, track, label: track.label.slice(0, 512), tabSize: command.size };
    track.addEventListener('ended', () => this.shareSourceGone(stream));
    await this.#sync(command.sessionId);
    if (previous && previous.sessionId !== command.sessionId) await this.#sync(previous.sessionId);
    previous?.track.stop();
  }

  /**
   * The shared source went away (the tab closed, the rep stopped it in the
   * browser's own bar, or on Firefox the page that captured it closed): the
   * share ends and the background is told. Nothing if `stream` is not shared now.
   */
  shareSourceGone(stream: MediaStream): void {
    if (this.#share?.stream !== stream) return;
    void this.#stopShare().then(() => this.#options.emit({ type: 'media.shareEnded' }));
  }

  async #applyPrefs(prefs: SharePrefs): Promise<void> {
    const share = this.#share;
    if (!share) return;
    const limits = captureLimits(prefs, share.tabSize);
    // Never above what the source gives: applyConstraints only narrows.
    await share.track
      .applyConstraints({ width: { max: limits.width }, height: { max: limits.height }, frameRate: { max: limits.frameRate } })
      .catch((error: unknown) => this.#log('applyConstraints failed', error));
  }

  async #stopShare(): Promise<void> {
    const share = this.#share;
    if (!share) return;
    this.#share = undefined;
    await this.#sync(share.sessionId);
    share.track.stop();
  }

  async #reset(reason: 'session_ended' | 'control_transferred' = 'session_ended'): Promise<void> {
    // Customers hear why their call and the recording ended before the peers go (S20).
    await this.calls.reset(reason);
    await this.#stopShare();
    for (const id of [...this.#peers.keys()]) await this.#close(id);
    this.#forwards.clear();
    this.#relay.clear();
    for (const viewer of this.#viewers) viewer.port.disconnect();
    this.#viewers.clear();
  }

  // ---- the dashboard's viewer -------------------------------------------------

  /**
   * A dashboard page opened a viewer port: show it the screen forwarded in the
   * watched session (a staged customer's, or for an assistant the controller's).
   */
  attachViewer(port: ViewerPort): void {
    const abort = new AbortController();
    const link = new PeerLink({
      polite: false,
      // Both ends are in this browser: host candidates suffice.
      iceServers: [],
      signal: abort.signal,
      send: (payload) => port.postMessage({ type: 'viewer.signal', payload }),
      ...(this.#options.createConnection && { createConnection: this.#options.createConnection }),
      log: (message, detail) => this.#log(`viewer: ${message}`, detail),
    });
    const viewer: Viewer = { port, link, sessionId: null, shown: undefined };
    this.#viewers.add(viewer);
    port.onDisconnect(() => {
      this.#viewers.delete(viewer);
      abort.abort();
    });
    port.onMessage((raw) => {
      const parsed = ViewerToMedia.safeParse(raw);
      if (!parsed.success) {
        this.#log('ignored a viewer message', parsed.error.issues[0]?.message);
        return;
      }
      const message = parsed.data;
      if (message.type === 'viewer.signal') {
        void link.receive(message.payload);
        return;
      }
      if (message.type === 'viewer.mark') {
        if (viewer.sessionId) this.#relay.postMark(viewer.sessionId, message.mark);
        return;
      }
      viewer.sessionId = message.sessionId;
      void this.#syncViewer(viewer);
    });
  }

  async #syncViewer(viewer: Viewer): Promise<void> {
    const customerId = viewer.sessionId ? (this.#forwards.get(viewer.sessionId) ?? null) : null;
    const source = customerId ? (this.#peers.get(customerId)?.incoming ?? null) : null;
    const shown = source ? customerId : null;
    if (viewer.shown !== shown) {
      viewer.shown = shown;
      viewer.port.postMessage({ type: 'viewer.stage', participantId: shown });
    }
    if (viewer.link.videoTrack !== (source?.track ?? null)) await viewer.link.setVideoTrack(source?.track ?? null, source?.stream);
  }

  // ---- connection quality -----------------------------------------------------

  #startQualityTimer(): void {
    this.#qualityTimer ??= setInterval(() => void this.#sampleQuality(), this.#options.qualityIntervalMs ?? 2000);
  }

  #stopQualityTimer(): void {
    if (this.#qualityTimer !== undefined) clearInterval(this.#qualityTimer);
    this.#qualityTimer = undefined;
  }

  async #sampleQuality(): Promise<void> {
    for (const [participantId, peer] of this.#peers) {
      if (peer.link.status !== 'connected') continue;
      let report: RTCStatsReport;
      try {
        report = await peer.link.pc.getStats();
      } catch {
        continue;
      }
      const { quality, sample } = qualityOf(report, peer.lastSample);
      peer.lastSample = sample;
      if (!quality || sameQuality(quality, peer.lastQuality)) continue;
      peer.lastQuality = quality;
      this.#options.emit({ type: 'media.peerQuality', participantId, quality });
    }
  }
}

/** Only changes worth a storage write reach the dashboard: another level, or the round trip moved by 20 ms. */
function sameQuality(a: PeerQuality, b: PeerQuality | null): boolean {
  if (!b || a.level !== b.level) return false;
  return Math.abs((a.rttMs ?? 0) - (b.rttMs ?? 0)) < 20 && Math.abs((a.lossPct ?? 0) - (b.lossPct ?? 0)) < 1;
}
