// One RTCPeerConnection to one other participant, negotiated with the W3C
// "perfect negotiation" pattern so either side may add, replace or remove
// tracks at any time and glare resolves itself:
//   https://w3c.github.io/webrtc-pc/#perfect-negotiation-example
//
// Why not simple-peer or PeerJS: see README "Dependencies". In short, neither
// restarts ICE, simple-peer needs Node polyfills (its maintained fork fails an
// offline `npm ci`), and PeerJS speaks its own server's protocol.
//
//   new ──connect──► connecting ──► connected ◄──────────┐
//                                     │ disconnected      │ ICE restart ok
//                                     ▼                   │
//                                reconnecting ──failed──► restartIce() (≤ maxIceRestarts)
//                                                          │ exhausted
//                                                          ▼
//                                                        failed ──► owner rejoins
//
// Ordering rules (STYLE.md habit 9): remote ICE candidates are queued until the
// remote description is set; incoming signals are handled strictly one at a time.
import type { SignalPayload } from '../protocol/common.ts';
import type { PeerStatus } from '../protocol/runtime.ts';
import { linkBytesReceived, StallWatchdog } from './stall-watchdog.ts';

/**
 * The heartbeat channel's fixed id (negotiated on both ends, so neither waits
 * for the other to announce it). High, so it never meets the ids the browser
 * gives announced channels (0, 1, 2… by DTLS role).
 */
export const HEARTBEAT_CHANNEL_ID = 1000;
const HEARTBEAT_MS = 250;

export interface PeerLinkOptions {
  /** The polite peer yields on offer collision (the customer); the impolite one wins (the rep). */
  polite: boolean;
  iceServers: RTCIceServer[];
  /** Sends a signal to the other side, through the server. */
  send: (payload: SignalPayload) => void;
  onTrack?: (track: MediaStreamTrack, streams: readonly MediaStream[]) => void;
  onStatus?: (status: PeerStatus) => void;
  onDataChannel?: (channel: RTCDataChannel) => void;
  /** Aborting closes the connection: teardown is one abort() (STYLE.md habit 6). */
  signal?: AbortSignal;
  maxIceRestarts?: number;
  /**
   * Send a heartbeat and watch the bytes received (stall-watchdog.ts): a link
   * silent for 1 s turns "reconnecting"; still silent 8 s later, the
   * impolite end restarts ICE (three times, 5 s apart); after that it is
   * "failed" and the owner rejoins. Both ends of
   * a link must agree on it (the channel is negotiated).
   */
  watchStalls?: boolean;
  /** Injected so tests and other runtimes can supply their own implementation. */
  createConnection?: (config: RTCConfiguration) => RTCPeerConnection;
  log?: (message: string, detail?: unknown) => void;
}

export class PeerLink {
  readonly pc: RTCPeerConnection;
  #status: PeerStatus = 'new';
  #makingOffer = false;
  #ignoreOffer = false;
  #settingRemoteAnswer = false;
  #pendingCandidates: RTCIceCandidateInit[] = [];
  #queue: Promise<void> = Promise.resolve();
  #iceRestarts = 0;
  /** One sender per slot: 'stage' (the shared screen), and for calls 'camera' and 'mic' (src/shared/protocol/call.ts). */
  readonly #senders = new Map<string, RTCRtpSender>();
  #watchdog: StallWatchdog | undefined;
  #stopHeartbeat: () => void = () => {};
  readonly #options: PeerLinkOptions;
  readonly #log: (message: string, detail?: unknown) => void;

  constructor(options: PeerLinkOptions) {
    this.#options = options;
    this.#log = options.log ?? (() => {});
    const create = options.createConnection ?? ((config) => new RTCPeerConnection(config));
    this.pc = create({ iceServers: options.iceServers });
    const { pc } = this;

    pc.onnegotiationneeded = () => {
      // The impolite side always makes the first offer. A polite peer that
      // offers at the same time loses the glare and rolls its offer back, and
      // Chrome then never gathers ICE candidates on that connection (it stays
      // "gathering" with none, even after an ICE restart; seen in
      // test/browser/transfer.test.ts under load). The browser fires this
      // event again once the connection is stable if it is still needed.
      if (options.polite && !pc.remoteDescription) {
        this.#log('waiting for the first offer before negotiating');
        return;
      }
      void this.#offer();
    };
    pc.onicecandidate = ({ candidate }) =>
      options.send({ kind: 'candidate', candidate: candidate ? { ...candidate.toJSON(), candidate: candidate.candidate } : null });
    pc.ontrack = ({ track, streams }) => options.onTrack?.(track, streams);
    pc.ondatachannel = ({ channel }) => options.onDataChannel?.(channel);
    pc.onconnectionstatechange = () => this.#onConnectionState();

    options.signal?.addEventListener('abort', () => this.close(), { once: true });
    if (options.watchStalls) this.#startHeartbeat();
  }

  #startHeartbeat(): void {
    const channel = this.pc.createDataChannel('heartbeat', { negotiated: true, id: HEARTBEAT_CHANNEL_ID, ordered: false, maxRetransmits: 0 });
    const stop = new AbortController();
    this.#stopHeartbeat = () => stop.abort();
    channel.addEventListener('open', () => {
      const timer = setInterval(() => {
        if (channel.readyState === 'open') channel.send('.');
      }, HEARTBEAT_MS);
      stop.signal.addEventListener('abort', () => clearInterval(timer), { once: true });
    });
  }

  /** From the first "connected" on: notice a silent link long before ICE does. */
  #watchStalls(): void {
    if (!this.#options.watchStalls || this.#watchdog) return;
    const stop = new AbortController();
    const stopHeartbeat = this.#stopHeartbeat;
    this.#stopHeartbeat = () => {
      stopHeartbeat();
      stop.abort();
    };
    this.#watchdog = new StallWatchdog({
      signal: stop.signal,
      bytesReceived: async () => {
        const reports: { type: string; bytesReceived?: number }[] = [];
        (await this.pc.getStats()).forEach((report: { type: string; bytesReceived?: number }) => reports.push(report));
        return linkBytesReceived(reports);
      },
      onStall: () => {
        this.#log('no bytes for 1 s');
        this.#setStatus('reconnecting');
      },
      onRetry: (attempt) => {
        this.#log(`still no bytes: ICE restart ${attempt}`);
        if (!this.#options.polite) this.restartIce();
      },
      onRecover: () => {
        this.#log('bytes flow again');
        if (this.pc.connectionState === 'connected') this.#setStatus('connected');
      },
      onGiveUp: () => this.#setStatus('failed'),
    });
  }

  get status(): PeerStatus {
    return this.#status;
  }

  /** The video track this link sends now, if any. */
  get videoTrack(): MediaStreamTrack | null {
    return this.trackIn('stage');
  }

  /** The track this link sends in a slot now, if any. */
  trackIn(slot: string): MediaStreamTrack | null {
    return this.#senders.get(slot)?.track ?? null;
  }

  /** Handle one signal from the other side; calls are serialized. */
  receive(payload: SignalPayload): Promise<void> {
    this.#queue = this.#queue.then(() => this.#receive(payload)).catch((error) => this.#log('signal failed', error));
    return this.#queue;
  }

  /**
   * Send this video track (or stop sending video with null). The first call adds
   * a sender; later calls replace its track without renegotiating; null removes
   * it, which renegotiates so the other side sees the track end.
   */
  async setVideoTrack(track: MediaStreamTrack | null, stream?: MediaStream): Promise<void> {
    return this.setTrack('stage', track, stream);
  }

  /**
   * The same for any slot: the stage, a camera, a microphone. Each slot has
   * its own sender, so a call's tracks never replace the stage's. The stream
   * is how the receiver tells them apart (streams[0].id; see call.ts).
   */
  async setTrack(slot: string, track: MediaStreamTrack | null, stream?: MediaStream): Promise<void> {
    if (this.pc.signalingState === 'closed') return;
    const sender = this.#senders.get(slot);
    if (track === null) {
      if (sender) this.pc.removeTrack(sender);
      this.#senders.delete(slot);
      return;
    }
    if (sender) {
      await sender.replaceTrack(track);
      return;
    }
    this.#senders.set(slot, stream ? this.pc.addTrack(track, stream) : this.pc.addTrack(track));
  }

  /** The connection's statistics (the page shows from them whether it runs direct or relayed). */
  stats(): Promise<RTCStatsReport> {
    return this.pc.getStats();
  }

  /** Re-offer with fresh ICE credentials (network change, stall). */
  restartIce(): void {
    if (this.pc.signalingState === 'closed') return;
    this.#log('restarting ICE');
    this.pc.restartIce();
  }

  close(): void {
    this.#stopHeartbeat();
    if (this.pc.signalingState !== 'closed') this.pc.close();
    this.#setStatus('closed');
  }

  async #offer(): Promise<void> {
    try {
      this.#makingOffer = true;
      await this.pc.setLocalDescription();
      const description = this.pc.localDescription;
      if (description) this.#options.send({ kind: 'description', description: description.toJSON() });
    } catch (error) {
      this.#log('offer failed', error);
    } finally {
      this.#makingOffer = false;
    }
  }

  async #receive(payload: SignalPayload): Promise<void> {
    const { pc } = this;
    if (pc.signalingState === 'closed') return;
    if (payload.kind === 'description') {
      const { description } = payload;
      const readyForOffer = !this.#makingOffer && (pc.signalingState === 'stable' || this.#settingRemoteAnswer);
      const collision = description.type === 'offer' && !readyForOffer;
      this.#ignoreOffer = !this.#options.polite && collision;
      if (this.#ignoreOffer) return;
      this.#settingRemoteAnswer = description.type === 'answer';
      await pc.setRemoteDescription(description);
      this.#settingRemoteAnswer = false;
      await this.#flushCandidates();
      if (description.type === 'offer') {
        await pc.setLocalDescription();
        const answer = pc.localDescription;
        if (answer) this.#options.send({ kind: 'description', description: answer.toJSON() });
      }
      return;
    }
    const candidate = payload.candidate ?? undefined;
    if (!pc.remoteDescription) {
      if (candidate) this.#pendingCandidates.push(candidate);
      return;
    }
    await this.#addCandidate(candidate);
  }

  async #flushCandidates(): Promise<void> {
    const pending = this.#pendingCandidates;
    this.#pendingCandidates = [];
    for (const candidate of pending) await this.#addCandidate(candidate);
  }

  async #addCandidate(candidate: RTCIceCandidateInit | undefined): Promise<void> {
    try {
      await this.pc.addIceCandidate(candidate);
    } catch (error) {
      // Candidates for an offer we ignored in a collision are expected to fail.
      if (!this.#ignoreOffer) this.#log('addIceCandidate failed', error);
    }
  }

  #onConnectionState(): void {
    const state = this.pc.connectionState;
    this.#log(`connection ${state}`);
    switch (state) {
      case 'new':
        return this.#setStatus('new');
      case 'connecting':
        return this.#setStatus(this.#status === 'connected' || this.#status === 'reconnecting' ? 'reconnecting' : 'connecting');
      case 'connected':
        this.#iceRestarts = 0;
        this.#watchStalls();
        // A link ICE calls connected may still carry nothing (the watchdog says when it does again).
        if (this.#watchdog?.stalled) return;
        return this.#setStatus('connected');
      case 'disconnected':
        return this.#setStatus('reconnecting');
      case 'failed': {
        if (this.#iceRestarts < (this.#options.maxIceRestarts ?? 3)) {
          this.#iceRestarts += 1;
          this.#setStatus('reconnecting');
          // Only the impolite side restarts, so both sides don't offer at once.
          if (!this.#options.polite) this.restartIce();
          return;
        }
        return this.#setStatus('failed');
      }
      case 'closed':
        return this.#setStatus('closed');
    }
  }

  #setStatus(status: PeerStatus): void {
    if (status === this.#status) return;
    this.#status = status;
    this.#options.onStatus?.(status);
  }
}
