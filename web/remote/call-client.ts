// The customer's side of voice and video (issue #9), on the PeerLink the
// SessionClient keeps to the rep. SessionClient hands it each new link
// (attach) and offers it every incoming track first (claimTrack): the rep's
// voice and the camera the rep announced are the call's; any other video is
// the stage, as before. Messages go over the negotiated call channel
// (src/shared/protocol/call.ts), which also tells us when the rep records.
//
//   page ──voice()/mute()/camera()──► CallClient ──mic/camera senders + call channel──► rep
//        ◄──onState(CustomerCallState)──         ◄── rep's voice (played here), camera, presence, recording
//
// When the link goes (the rep re-joined, the session ended) the call ends
// here too, with the reason shown. When control passes to another rep
// (FEATURES.md S20) the camera and the recording end, but a voice call goes
// on: we keep our microphone and send it on the new controller's link as soon
// as it is attached (their engine joins the call when control arrives).
import { CallChannel, receivedAudioLevel, sentAudioLevel } from '../../src/shared/peer/call-channel.ts';
import { DeviceError, captureDevice } from '../../src/shared/peer/devices.ts';
import { SpeakingDetector } from '../../src/shared/peer/speaking.ts';
import {
  NO_PRESENCE,
  type CallPeerMessage,
  type CallEndReason,
  type CallPresence,
  type DeviceErrorReason,
} from '../../src/shared/protocol/call.ts';

/** What CallClient needs of a PeerLink. */
export interface CallLink {
  readonly pc: RTCPeerConnection;
  setTrack(slot: string, track: MediaStreamTrack | null, stream?: MediaStream): Promise<void>;
  trackIn(slot: string): MediaStreamTrack | null;
}

export interface CustomerCallState {
  /** A link to the rep exists: the controls can be used. */
  available: boolean;
  self: CallPresence;
  rep: CallPresence;
  /** The rep's camera, while it arrives. */
  repCamera: MediaStream | null;
  /** Our own camera, for the preview. */
  ownCamera: MediaStream | null;
  /** The rep is recording the session. */
  recording: boolean;
  /** A start is under way (the browser may be asking for permission). */
  pending: 'voice' | 'camera' | null;
  error: DeviceErrorReason | null;
  ended: CallEndReason | null;
}

export const initialCallState: CustomerCallState = {
  available: false,
  self: NO_PRESENCE,
  rep: NO_PRESENCE,
  repCamera: null,
  ownCamera: null,
  recording: false,
  pending: null,
  error: null,
  ended: null,
};

export interface CallClientOptions {
  onState: (state: CustomerCallState) => void;
  getUserMedia?: (constraints: MediaStreamConstraints) => Promise<MediaStream>;
  /** Plays the rep's voice; a hidden <audio> element by default. */
  playAudio?: (track: MediaStreamTrack | null) => void;
  levelIntervalMs?: number;
  /** Injected so tests run without a browser's MediaStream. */
  createStream?: (tracks: MediaStreamTrack[]) => MediaStream;
  log?: (message: string, detail?: unknown) => void;
}

interface Local {
  stream: MediaStream;
  track: MediaStreamTrack;
}

interface Attached {
  link: CallLink;
  channel: CallChannel;
  abort: AbortController;
  repCameraId: string | null;
  /** The camera stream id the rep acknowledged. */
  announced: string | null;
  repAudio: MediaStreamTrack | null;
}

function isCallLink(link: unknown): link is CallLink {
  return typeof link === 'object' && link !== null && 'pc' in link && 'setTrack' in link && 'trackIn' in link;
}

export class CallClient {
  #state: CustomerCallState = initialCallState;
  #attached: Attached | null = null;
  #mic: Local | null = null;
  #camera: Local | null = null;
  #muted = false;
  readonly #repSpeaking = new SpeakingDetector();
  readonly #selfSpeaking = new SpeakingDetector();
  #levelTimer: ReturnType<typeof setInterval> | undefined;
  readonly #log: (message: string, detail?: unknown) => void;
  readonly #playAudio: (track: MediaStreamTrack | null) => void;

  constructor(private readonly options: CallClientOptions) {
    this.#log = options.log ?? ((message, detail) => console.debug(`[call] ${message}`, detail ?? ''));
    this.#playAudio = options.playAudio ?? defaultPlayer();
  }

  get state(): CustomerCallState {
    return this.#state;
  }

  /** A new link to the rep, or none (with why the old one went). */
  attach(link: unknown, reason?: CallEndReason): void {
    const previous = this.#attached;
    if (previous) {
      previous.abort.abort();
      this.#attached = null;
      const active = this.#mic !== null || this.#camera !== null || this.#state.recording || this.#state.rep.voice;
      const keepVoice = reason === 'control_transferred' || this.#state.ended === 'control_transferred';
      if (keepVoice) this.#stopCamera();
      else this.#stopLocal();
      this.#playAudio(null);
      this.#update({
        ...initialCallState,
        self: this.#presence(),
        ended: active ? (reason ?? this.#state.ended ?? 'peer_gone') : this.#state.ended,
      });
    }
    if (!isCallLink(link)) return;
    const abort = new AbortController();
    const attached: Attached = {
      link,
      abort,
      repCameraId: null,
      announced: null,
      repAudio: null,
      channel: new CallChannel(link.pc, {
        signal: abort.signal,
        onMessage: (message) => this.#onMessage(attached, message),
        onOpen: () => void this.#sync(),
        log: this.#log,
      }),
    };
    this.#attached = attached;
    this.#update({ available: true });
  }

  /** The rep's voice, or the camera the rep announced: ours. */
  claimTrack(track: MediaStreamTrack, streams: readonly MediaStream[]): boolean {
    const attached = this.#attached;
    if (!attached) return track.kind === 'audio';
    if (track.kind === 'audio') {
      attached.repAudio = track;
      this.#playAudio(track);
      this.#startLevels();
      return true;
    }
    const stream = streams[0];
    if (stream && attached.repCameraId !== null && stream.id === attached.repCameraId) {
      this.#showRepCamera(track);
      return true;
    }
    return false;
  }

  async voice(on: boolean): Promise<void> {
    if (!on) {
      this.#stopMic();
      await this.#sync();
      return;
    }
    if (this.#mic) return;
    this.#update({ pending: 'voice', error: null, ended: null });
    try {
      this.#mic = await this.#capture('mic');
      this.#mic.track.enabled = !this.#muted;
      this.#startLevels();
    } catch (error) {
      this.#update({ pending: null, error: error instanceof DeviceError ? error.reason : 'device_failed' });
      return;
    }
    this.#update({ pending: null });
    await this.#sync();
  }

  async mute(muted: boolean): Promise<void> {
    this.#muted = muted;
    // A disabled track sends silence: no renegotiation, and the rep's level drops to zero.
    if (this.#mic) this.#mic.track.enabled = !muted;
    await this.#sync();
  }

  async camera(on: boolean): Promise<void> {
    if (!on) {
      this.#stopCamera();
      await this.#sync();
      return;
    }
    if (this.#camera) return;
    this.#update({ pending: 'camera', error: null, ended: null });
    try {
      this.#camera = await this.#capture('camera');
    } catch (error) {
      this.#update({ pending: null, error: error instanceof DeviceError ? error.reason : 'device_failed' });
      return;
    }
    this.#update({ pending: null });
    await this.#sync();
  }

  /** Leaving the page or the session: everything stops. */
  close(): void {
    this.attach(null);
    this.#stopLocal();
    clearInterval(this.#levelTimer);
    this.#levelTimer = undefined;
  }

  // ---- internals --------------------------------------------------------------

  async #capture(kind: 'mic' | 'camera'): Promise<Local> {
    const { stream, track } = await captureDevice(kind, this.options.getUserMedia);
    track.addEventListener('ended', () => {
      // Unplugged, or the browser's own "stop" button.
      if (kind === 'mic' && this.#mic?.track === track) this.#stopMic();
      if (kind === 'camera' && this.#camera?.track === track) this.#stopCamera();
      void this.#sync();
    });
    return { stream, track };
  }

  /** A message from the rep (the channel acknowledges 'tracks' once this returns). */
  #onMessage(attached: Attached, message: Exclude<CallPeerMessage, { type: 'ack' }>): void {
    switch (message.type) {
      case 'tracks':
        attached.repCameraId = message.camera;
        if (message.camera === null) this.#showRepCamera(null);
        return;
      case 'presence':
        if (!message.presence.camera) this.#showRepCamera(null);
        this.#update({ rep: { ...message.presence, speaking: message.presence.voice && this.#repSpeaking.speaking } });
        return;
      case 'recording':
        this.#update({ recording: message.on });
        return;
      case 'ended':
        // Control passing on ends video and recording; our voice goes on with the new controller (S20).
        if (message.reason === 'control_transferred') this.#stopCamera();
        else this.#stopLocal();
        this.#showRepCamera(null);
        this.#update({ ended: message.reason, recording: false, rep: NO_PRESENCE });
        void this.#sync();
        return;
    }
  }

  #showRepCamera(track: MediaStreamTrack | null): void {
    if (this.#state.repCamera?.getVideoTracks()[0] === track) return;
    const createStream = this.options.createStream ?? ((tracks) => new MediaStream(tracks));
    this.#update({ repCamera: track ? createStream([track]) : null });
  }

  #send(message: CallPeerMessage): void {
    this.#attached?.channel.send(message);
  }

  /** Our mic and camera on the link (the camera announced first), and our presence. */
  async #sync(): Promise<void> {
    const self = this.#presence();
    this.#update({ self, ownCamera: this.#camera?.stream ?? null });
    const attached = this.#attached;
    if (!attached) return;
    const { link } = attached;
    try {
      if (link.trackIn('mic') !== (this.#mic?.track ?? null)) await link.setTrack('mic', this.#mic?.track ?? null, this.#mic?.stream);
      const camera = this.#camera;
      if (camera && link.trackIn('camera') !== camera.track) {
        if (attached.announced !== camera.stream.id) {
          await attached.channel.announce(camera.stream.id);
          attached.announced = camera.stream.id;
        }
        await link.setTrack('camera', camera.track, camera.stream);
      } else if (!camera && link.trackIn('camera')) {
        await link.setTrack('camera', null);
      }
    } catch (error) {
      this.#log('could not update the call tracks', error);
    }
    this.#send({ type: 'presence', presence: self });
  }

  #presence(): CallPresence {
    const voice = this.#mic !== null;
    return { voice, muted: voice && this.#muted, camera: this.#camera !== null, speaking: voice && !this.#muted && this.#selfSpeaking.speaking };
  }

  #stopMic(): void {
    this.#mic?.track.stop();
    this.#mic = null;
    this.#muted = false;
  }

  #stopCamera(): void {
    this.#camera?.track.stop();
    this.#camera = null;
  }

  #stopLocal(): void {
    this.#stopMic();
    this.#stopCamera();
  }

  #startLevels(): void {
    this.#levelTimer ??= setInterval(() => void this.#sampleLevels(), this.options.levelIntervalMs ?? 200);
  }

  async #sampleLevels(): Promise<void> {
    const now = performance.now();
    const attached = this.#attached;
    if (attached?.repAudio) {
      const before = this.#repSpeaking.speaking;
      const speaking = this.#repSpeaking.update(receivedAudioLevel(attached.link.pc, attached.repAudio), now);
      if (speaking !== before) this.#update({ rep: { ...this.#state.rep, speaking: this.#state.rep.voice && speaking } });
    }
    if (this.#mic && attached) {
      const before = this.#selfSpeaking.speaking;
      const level = this.#muted ? 0 : await sentAudioLevel(attached.link.pc, this.#mic.track);
      if (this.#selfSpeaking.update(level, now) !== before) await this.#sync();
    }
  }

  #update(patch: Partial<CustomerCallState>): void {
    this.#state = { ...this.#state, ...patch };
    this.options.onState(this.#state);
  }
}


function defaultPlayer(): (track: MediaStreamTrack | null) => void {
  let element: HTMLAudioElement | null = null;
  return (track) => {
    if (typeof document === 'undefined') return;
    element ??= document.createElement('audio');
    element.autoplay = true;
    element.srcObject = track ? new MediaStream([track]) : null;
    if (track) void element.play().catch(() => {});
  };
}
