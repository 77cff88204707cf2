// Voice, video and recording on the rep's side (issue #9), beside the media
// engine in the offscreen document (Chrome) or background page (Firefox).
//
//   dashboard ──CALLS_PORT──► CallHub ──call channel + mic/camera senders──► each customer's PeerLink
//       ▲ state, customers' cameras       │ customers' voices play here (so a closed popup keeps the call)
//       └── local PeerLink ◄──────────────┘ SessionRecorder: stage + mixed voices → OPFS file
//
// The engine owns the PeerLinks; it hands each to attachPeer, offers every
// incoming track to claimTrack first (a voice or an announced camera is ours,
// anything else stays the stage) and calls stageChanged after each stage sync.
// reset() ends everything, telling each customer why; when control passes on
// (S20) the customers keep their voice for the new controller, whose engine
// joins the call through continueCall() (the handoff says one was running).
//
// The rep's microphone is captured here (offscreen reason USER_MEDIA). Chrome
// shows no permission prompt for an offscreen document: it rejects at once,
// which we report as 'permission_needed'; the dashboard then opens
// calls/permission.html, a visible extension page that asks once for the
// extension's origin, and retries (src/popup/CallControls.tsx). Firefox's
// background page cannot open them at all: there the engine is given a
// getUserMedia that asks in a dashboard page in view (page-devices.ts).
import { CallChannel, receivedAudioLevel, sentAudioLevel } from '../shared/peer/call-channel.ts';
import { DeviceError, captureDevice } from '../shared/peer/devices.ts';
import { PeerLink } from '../shared/peer/peer-link.ts';
import { SpeakingDetector } from '../shared/peer/speaking.ts';
import {
  CallsToMedia,
  type CallPeerMessage,
  NO_PRESENCE,
  recordingFileName,
  type CallEndReason,
  type CallPresence,
  type CallsState,
  type DeviceErrorReason,
  type MediaToCalls,
} from '../shared/protocol/call.ts';
import { afterCommand, afterMicStarted, afterReset, shownFor, type Continuation } from './call-continuation.ts';
import { SessionRecorder } from './recorder.ts';

export interface CallsPort {
  postMessage(message: MediaToCalls): void;
  onMessage(listener: (message: unknown) => void): void;
  onDisconnect(listener: () => void): void;
  disconnect(): void;
}

export interface CallHubOptions {
  /** The session's stage track (rep's share or staged customer's screen), for recording. */
  stageFor: (sessionId: string) => { track: MediaStreamTrack; stream: MediaStream } | null;
  getUserMedia?: (constraints: MediaStreamConstraints) => Promise<MediaStream>;
  /** Whether this context can show a permission prompt (false in Chrome's offscreen document). */
  visiblePage?: boolean;
  /** Where a recording mixes the voices (recorder.ts); by default this context's own AudioContext. */
  audioContext?: () => AudioContext;
  createConnection?: (config: RTCConfiguration) => RTCPeerConnection;
  levelIntervalMs?: number;
  log?: (message: string, detail?: unknown) => void;
}

interface Local {
  stream: MediaStream;
  track: MediaStreamTrack;
}

interface CallPeer {
  readonly id: string;
  readonly sessionId: string;
  readonly link: PeerLink;
  readonly channel: CallChannel;
  readonly abort: AbortController;
  presence: CallPresence;
  /** The stream id their camera comes with, as they announced it. */
  cameraStreamId: string | null;
  camera: Local | null;
  audio: { track: MediaStreamTrack; element: HTMLAudioElement } | null;
  readonly speaking: SpeakingDetector;
  /** The camera stream id we announced to them, once acknowledged. */
  announced: string | null;
  /** They control the session (we assist it): only they may say it is recorded. */
  readonly isController: boolean;
  recordingByThem: boolean;
}

interface Watcher {
  readonly port: CallsPort;
  readonly link: PeerLink;
  sessionId: string | null;
}

export class CallHub {
  readonly #peers = new Map<string, CallPeer>();
  readonly #watchers = new Set<Watcher>();
  #sessionId: string | null = null;
  #mic: Local | null = null;
  #muted = false;
  #camera: Local | null = null;
  #recorder: SessionRecorder | null = null;
  #recordingSession: string | null = null;
  #lastRecording: { file: string; bytes: number } | null = null;
  #error: DeviceErrorReason | null = null;
  #ended: CallEndReason | null = null;
  /** Control passed with a call running: 'passed' here at the old controller, 'joining' at the new one until its mic runs. */
  #callContinues: Continuation = null;
  readonly #selfSpeaking = new SpeakingDetector();
  #levelTimer: ReturnType<typeof setInterval> | undefined;
  readonly #log: (message: string, detail?: unknown) => void;

  constructor(private readonly options: CallHubOptions) {
    this.#log = options.log ?? ((message, detail) => console.debug(`[calls] ${message}`, detail ?? ''));
  }

  // ---- the engine's hooks -----------------------------------------------------

  attachPeer(id: string, sessionId: string, link: PeerLink, { isController = false } = {}): void {
    if (this.#peers.has(id)) return;
    const abort = new AbortController();
    const peer: CallPeer = {
      id,
      sessionId,
      link,
      // Negotiated with a fixed id on both ends: no signaling of its own, and it
      // rides the SCTP association the engine's 'control' channel brings up.
      channel: new CallChannel(link.pc, {
        eager: true,
        signal: abort.signal,
        onMessage: (message) => this.#onPeerMessage(peer, message),
        onOpen: () => void this.#syncPeer(peer),
        log: (message) => this.#log(`${id}: ${message}`),
      }),
      abort,
      presence: NO_PRESENCE,
      cameraStreamId: null,
      camera: null,
      audio: null,
      speaking: new SpeakingDetector(),
      announced: null,
      isController,
      recordingByThem: false,
    };
    this.#peers.set(id, peer);
  }

  detachPeer(id: string): void {
    const peer = this.#peers.get(id);
    if (!peer) return;
    this.#peers.delete(id);
    peer.abort.abort();
    this.#dropAudio(peer);
    this.#setPeerCamera(peer, null);
    this.#broadcast();
  }

  /** An incoming track: ours if it is a voice or the camera the peer announced. */
  claimTrack(id: string, track: MediaStreamTrack, streams: readonly MediaStream[]): boolean {
    const peer = this.#peers.get(id);
    if (!peer) return false;
    if (track.kind === 'audio') {
      this.#takeAudio(peer, track);
      return true;
    }
    const stream = streams[0];
    if (stream && peer.cameraStreamId !== null && stream.id === peer.cameraStreamId) {
      this.#setPeerCamera(peer, { track, stream });
      return true;
    }
    return false;
  }

  /** The engine re-synced a session's stage: a recording follows it. */
  stageChanged(sessionId: string): void {
    if (this.#recordingSession === sessionId) this.#recorder?.setVideo(this.options.stageFor(sessionId)?.track ?? null);
  }

  /** The sessions where our microphone is in the call (told to the new controller with control, S20). */
  voiceSessions(): string[] {
    return this.#mic !== null && this.#sessionId !== null ? [this.#sessionId] : [];
  }

  /**
   * Control came to us with a voice call running (S20): join it with our
   * microphone. Without the permission (Chrome's offscreen document) the
   * dashboard shows the permission path and that the call goes on once allowed.
   */
  async continueCall(sessionId: string): Promise<void> {
    this.#callContinues = { kind: 'joining', sessionId };
    this.#error = null;
    try {
      await this.#startMic(sessionId);
    } catch (error) {
      this.#error = error instanceof DeviceError ? error.reason : 'device_failed';
      this.#log('could not join the call that came with control', error);
    }
    await this.#syncAll();
  }

  /** Everything ends (session over, control passed on): customers are told why. */
  async reset(reason: CallEndReason): Promise<void> {
    const active = this.#mic !== null || this.#camera !== null || this.#recorder !== null;
    const micWasOn = this.#mic !== null;
    for (const peer of this.#peers.values()) {
      if (active) this.#sendTo(peer, { type: 'ended', reason });
      if (this.#recorder) this.#sendTo(peer, { type: 'recording', on: false });
    }
    await this.#stopRecording();
    this.#stopMic();
    this.#stopCamera();
    for (const id of [...this.#peers.keys()]) this.detachPeer(id);
    if (active) this.#ended = reason;
    this.#callContinues = afterReset(reason, micWasOn);
    this.#sessionId = null;
    this.#broadcast();
  }

  // ---- the dashboard ----------------------------------------------------------

  attachWatcher(port: CallsPort): void {
    const abort = new AbortController();
    const link = new PeerLink({
      polite: false,
      iceServers: [], // both ends are in this browser
      signal: abort.signal,
      send: (payload) => port.postMessage({ type: 'calls.signal', payload }),
      ...(this.options.createConnection && { createConnection: this.options.createConnection }),
      log: (message, detail) => this.#log(`watcher: ${message}`, detail),
    });
    // The channel makes the local link connect before the first camera arrives.
    link.pc.createDataChannel('calls-watch');
    const watcher: Watcher = { port, link, sessionId: null };
    this.#watchers.add(watcher);
    port.onDisconnect(() => {
      this.#watchers.delete(watcher);
      abort.abort();
    });
    port.onMessage((raw) => {
      const parsed = CallsToMedia.safeParse(raw);
      if (!parsed.success) {
        this.#log('ignored a dashboard message', parsed.error.issues[0]?.message);
        return;
      }
      void this.#onCommand(watcher, parsed.data);
    });
  }

  async #onCommand(watcher: Watcher, command: CallsToMedia): Promise<void> {
    if (command.type === 'calls.signal') {
      await watcher.link.receive(command.payload);
      return;
    }
    if (command.type === 'calls.watch') {
      watcher.sessionId = command.sessionId;
      await this.#syncWatcher(watcher);
      this.#post(watcher);
      return;
    }
    this.#error = null;
    this.#ended = null;
    this.#callContinues = afterCommand(this.#callContinues, command);
    try {
      switch (command.type) {
        case 'calls.voice':
          if (command.on) await this.#startMic(command.sessionId);
          else this.#stopMic();
          break;
        case 'calls.mute':
          this.#muted = command.muted;
          if (this.#mic) this.#mic.track.enabled = !command.muted;
          break;
        case 'calls.camera':
          if (command.on) await this.#startCamera(command.sessionId);
          else this.#stopCamera();
          break;
        case 'calls.record':
          if (command.on) await this.#startRecording(command.sessionId, command.number);
          else await this.#stopRecording();
          break;
      }
    } catch (error) {
      this.#error = error instanceof DeviceError ? error.reason : 'device_failed';
      this.#log(`${command.type} failed`, error);
    }
    await this.#syncAll();
  }

  // ---- microphone and camera ------------------------------------------------

  #capture(kind: 'mic' | 'camera'): Promise<Local> {
    return captureDevice(kind, this.options.getUserMedia, { visiblePage: this.options.visiblePage ?? true });
  }

  #switchSession(sessionId: string): void {
    if (this.#sessionId === sessionId) return;
    // A call belongs to one session tab: another session's starts afresh.
    if (this.#sessionId !== null) {
      this.#stopMic();
      this.#stopCamera();
    }
    this.#sessionId = sessionId;
  }

  async #startMic(sessionId: string): Promise<void> {
    this.#switchSession(sessionId);
    if (this.#mic) return;
    const mic = await this.#capture('mic');
    mic.track.enabled = !this.#muted;
    this.#mic = mic;
    mic.track.addEventListener('ended', () => {
      if (this.#mic !== mic) return;
      this.#mic = null;
      this.#error = 'device_failed';
      void this.#syncAll();
    });
    this.#recorder?.addAudio('self', mic.track);
    this.#callContinues = afterMicStarted(this.#callContinues, sessionId);
    this.#startLevels();
  }

  #stopMic(): void {
    const mic = this.#mic;
    if (!mic) return;
    this.#mic = null;
    this.#muted = false;
    this.#recorder?.removeAudio('self');
    mic.track.stop();
  }

  async #startCamera(sessionId: string): Promise<void> {
    this.#switchSession(sessionId);
    if (this.#camera) return;
    const camera = await this.#capture('camera');
    this.#camera = camera;
    camera.track.addEventListener('ended', () => {
      if (this.#camera !== camera) return;
      this.#camera = null;
      void this.#syncAll();
    });
  }

  #stopCamera(): void {
    const camera = this.#camera;
    if (!camera) return;
    this.#camera = null;
    camera.track.stop();
  }

  // ---- recording ----------------------------------------------------------------

  async #startRecording(sessionId: string, number: string | undefined): Promise<void> {
    if (this.#recorder) return;
    const stage = this.options.stageFor(sessionId);
    if (!stage) throw new DeviceError('nothing_to_record');
    const recorder = new SessionRecorder({
      fileName: recordingFileName(number, new Date()),
      video: stage.track,
      log: this.#log,
      ...(this.options.audioContext && { audioContext: this.options.audioContext }),
    });
    try {
      await recorder.start();
    } catch (error) {
      await recorder.stop().catch(() => {});
      throw new DeviceError('recording_failed', error);
    }
    this.#recorder = recorder;
    this.#recordingSession = sessionId;
    if (this.#mic && this.#sessionId === sessionId) recorder.addAudio('self', this.#mic.track);
    for (const peer of this.#peers.values()) if (peer.sessionId === sessionId && peer.audio) recorder.addAudio(peer.id, peer.audio.track);
  }

  async #stopRecording(): Promise<void> {
    const recorder = this.#recorder;
    if (!recorder) return;
    this.#recorder = null;
    this.#recordingSession = null;
    // Customers see the indicator go only once the file is closed.
    await recorder.stop();
    this.#lastRecording = { file: recorder.fileName, bytes: recorder.bytes };
  }

  // ---- keeping peers and dashboards in line -----------------------------------

  async #syncAll(): Promise<void> {
    await Promise.all([...this.#peers.values()].map((peer) => this.#syncPeer(peer)));
    for (const watcher of this.#watchers) await this.#syncWatcher(watcher);
    this.#broadcast();
  }

  /** Sends a peer of the call's session our mic and camera (announced first), our presence and the recording flag. */
  async #syncPeer(peer: CallPeer): Promise<void> {
    const inCall = peer.sessionId === this.#sessionId;
    const mic = inCall ? this.#mic : null;
    const camera = inCall ? this.#camera : null;
    if (peer.link.trackIn('mic') !== (mic?.track ?? null)) await peer.link.setTrack('mic', mic?.track ?? null, mic?.stream);
    if (camera && peer.link.trackIn('camera') !== camera.track) {
      if (peer.announced !== camera.stream.id) {
        await peer.channel.announce(camera.stream.id);
        peer.announced = camera.stream.id;
      }
      await peer.link.setTrack('camera', camera.track, camera.stream);
    } else if (!camera && peer.link.trackIn('camera')) {
      await peer.link.setTrack('camera', null);
    }
    this.#sendTo(peer, { type: 'presence', presence: this.#selfPresence(inCall) });
    this.#sendTo(peer, { type: 'recording', on: this.#recorder !== null && this.#recordingSession === peer.sessionId });
  }

  /** A message from a peer (the channel acknowledges 'tracks' once this returns). */
  #onPeerMessage(peer: CallPeer, message: Exclude<CallPeerMessage, { type: 'ack' }>): void {
    switch (message.type) {
      case 'tracks':
        peer.cameraStreamId = message.camera;
        if (message.camera === null) this.#setPeerCamera(peer, null);
        return;
      case 'presence':
        // Their speaking is measured here from what arrives, not taken from them.
        peer.presence = { ...message.presence, speaking: peer.speaking.speaking };
        if (!message.presence.camera) this.#setPeerCamera(peer, null);
        this.#broadcast();
        return;
      // Only the controlling rep records and ends calls: anyone else saying so is ignored.
      case 'recording':
        if (!peer.isController) return;
        peer.recordingByThem = message.on;
        this.#broadcast();
        return;
      case 'ended':
        if (!peer.isController) return;
        peer.recordingByThem = false;
        this.#broadcast();
        return;
    }
  }

  #sendTo(peer: CallPeer, message: CallPeerMessage): void {
    peer.channel.send(message);
  }

  #selfPresence(inCall: boolean): CallPresence {
    const voice = inCall && this.#mic !== null;
    return { voice, muted: voice && this.#muted, camera: inCall && this.#camera !== null, speaking: voice && !this.#muted && this.#selfSpeaking.speaking };
  }

  #takeAudio(peer: CallPeer, track: MediaStreamTrack): void {
    if (peer.audio?.track === track) return;
    this.#dropAudio(peer);
    // Played here, not in the dashboard, so the call goes on with the popup closed.
    const element = document.createElement('audio');
    element.autoplay = true;
    element.srcObject = new MediaStream([track]);
    void element.play().catch((error: unknown) => this.#log('could not play a voice', error));
    peer.audio = { track, element };
    if (this.#recordingSession === peer.sessionId) this.#recorder?.addAudio(peer.id, track);
    this.#startLevels();
  }

  #dropAudio(peer: CallPeer): void {
    if (!peer.audio) return;
    peer.audio.element.srcObject = null;
    peer.audio = null;
    this.#recorder?.removeAudio(peer.id);
  }

  #setPeerCamera(peer: CallPeer, camera: Local | null): void {
    if (peer.camera?.track === camera?.track) return;
    peer.camera = camera;
    if (camera) {
      camera.track.addEventListener('ended', () => {
        if (peer.camera?.track === camera.track) this.#setPeerCamera(peer, null);
      });
    }
    for (const watcher of this.#watchers) void this.#syncWatcher(watcher);
    this.#broadcast();
  }

  /** The dashboard's local link carries the rep's own camera (a preview) and each customer's camera. */
  async #syncWatcher(watcher: Watcher): Promise<void> {
    const wanted = new Map<string, Local | null>();
    const selfCamera = watcher.sessionId !== null && watcher.sessionId === this.#sessionId ? this.#camera : null;
    wanted.set('camera:self', selfCamera);
    for (const peer of this.#peers.values()) {
      wanted.set(`camera:${peer.id}`, peer.sessionId === watcher.sessionId ? peer.camera : null);
    }
    for (const [slot, local] of wanted) {
      if (watcher.link.trackIn(slot) !== (local?.track ?? null)) await watcher.link.setTrack(slot, local?.track ?? null, local?.stream);
    }
  }

  #state(sessionId: string | null): CallsState {
    const peers: CallsState['peers'] = {};
    for (const peer of this.#peers.values()) {
      if (peer.sessionId !== sessionId) continue;
      peers[peer.id] = { ...peer.presence, speaking: peer.speaking.speaking, cameraStream: peer.camera?.stream.id ?? null };
    }
    const inCall = sessionId !== null && sessionId === this.#sessionId;
    const recordingHere = this.#recorder !== null && this.#recordingSession === sessionId;
    return {
      sessionId,
      self: this.#selfPresence(inCall),
      peers,
      selfCameraStream: inCall ? (this.#camera?.stream.id ?? null) : null,
      recording: {
        on: recordingHere,
        startedAt: recordingHere ? (this.#recorder?.startedAt ?? null) : null,
        file: recordingHere ? (this.#recorder?.fileName ?? null) : (this.#lastRecording?.file ?? null),
        bytes: recordingHere ? null : (this.#lastRecording?.bytes ?? null),
        byController: [...this.#peers.values()].some((p) => p.sessionId === sessionId && p.isController && p.recordingByThem),
      },
      error: this.#error,
      ended: this.#ended,
      callContinues: shownFor(this.#callContinues, sessionId),
    };
  }

  #post(watcher: Watcher): void {
    watcher.port.postMessage({ type: 'calls.state', state: this.#state(watcher.sessionId) });
  }

  #broadcast(): void {
    for (const watcher of this.#watchers) this.#post(watcher);
  }

  // ---- speaking -----------------------------------------------------------------

  #startLevels(): void {
    this.#levelTimer ??= setInterval(() => void this.#sampleLevels(), this.options.levelIntervalMs ?? 200);
  }

  /** Our microphone's level, from whichever peer sends it. */
  async #micLevel(): Promise<number> {
    const mic = this.#mic;
    const peer = mic && [...this.#peers.values()].find((p) => p.link.trackIn('mic') === mic.track);
    return peer && mic ? sentAudioLevel(peer.link.pc, mic.track) : 0;
  }

  async #sampleLevels(): Promise<void> {
    const now = performance.now();
    let changed = false;
    for (const peer of this.#peers.values()) {
      if (!peer.audio) continue;
      const level = receivedAudioLevel(peer.link.pc, peer.audio.track);
      const before = peer.speaking.speaking;
      if (peer.speaking.update(level, now) !== before) changed = true;
    }
    if (this.#mic) {
      const before = this.#selfSpeaking.speaking;
      const level = this.#muted ? 0 : await this.#micLevel();
      if (this.#selfSpeaking.update(level, now) !== before) {
        changed = true;
        for (const peer of this.#peers.values()) {
          if (peer.sessionId === this.#sessionId) this.#sendTo(peer, { type: 'presence', presence: this.#selfPresence(true) });
        }
      }
    }
    if (changed) this.#broadcast();
    if (!this.#mic && ![...this.#peers.values()].some((p) => p.audio)) {
      clearInterval(this.#levelTimer);
      this.#levelTimer = undefined;
    }
  }
}
