// The rep's media: one PeerLink per customer and the captured tab's track.
// It runs where RTCPeerConnection and getUserMedia exist: the offscreen document
// on Chrome (a service worker has neither; PLATFORM.md), the background page
// itself on Firefox. The background drives it with MediaCommands and hears back
// through MediaEvents; it never touches chrome.* itself, so it is the same code
// in both places.
import { PeerLink } from '../shared/peer/peer-link.ts';
import type { SignalPayload } from '../shared/protocol/common.ts';
import { PeerAssistError, reasonOf } from '../shared/protocol/errors.ts';
import type { MediaCommand, MediaCommandOf, MediaEventBody, MediaReply } from '../shared/protocol/runtime.ts';


export interface MediaEngineOptions {
  emit: (event: MediaEventBody) => void;
  /** Turns a tabCapture stream id into a stream; injected so Firefox/tests can differ. */
  captureTab?: (streamId: string, size?: { width: number; height: number }) => Promise<MediaStream>;
  createConnection?: (config: RTCConfiguration) => RTCPeerConnection;
  log?: (message: string, detail?: unknown) => void;
}

/** Largest frame we send: 1080p is plenty for text and keeps encoding affordable. */
const MAX_CAPTURE = { width: 1920, height: 1080 };

/**
 * Chrome: a tabCapture stream id becomes a real stream only through this
 * legacy getUserMedia form. The max size is the tab's own (capped at 1080p):
 * with a fixed 1920x1080 maximum, Chrome scales a 1280x720 tab UP to 1080p,
 * which costs encode time and latency for no detail (measured by npm run bench).
 */
async function captureChromeTab(streamId: string, size?: { width: number; height: number }): Promise<MediaStream> {
  const scale = size ? Math.min(1, MAX_CAPTURE.width / size.width, MAX_CAPTURE.height / size.height) : 1;
  const maxWidth = size ? Math.round(size.width * scale) : MAX_CAPTURE.width;
  const maxHeight = size ? Math.round(size.height * scale) : MAX_CAPTURE.height;
  return navigator.mediaDevices.getUserMedia({
    audio: false,
    video: {
      // @ts-expect-error Chrome's non-standard constraints for tab capture (PLATFORM.md, "Tab capture").
      mandatory: {
        chromeMediaSource: 'tab',
        chromeMediaSourceId: streamId,
        maxWidth,
        maxHeight,
        maxFrameRate: 30,
      },
    },
  });
}

export class MediaEngine {
  readonly #peers = new Map<string, { link: PeerLink; abort: AbortController }>();
  #iceServers: RTCIceServer[] = [];
  #share: { stream: MediaStream; track: MediaStreamTrack } | undefined;
  readonly #options: MediaEngineOptions;
  readonly #log: (message: string, detail?: unknown) => void;

  constructor(options: MediaEngineOptions) {
    this.#options = options;
    this.#log = options.log ?? ((message, detail) => console.debug(`[media] ${message}`, detail ?? ''));
  }

  async handle(command: MediaCommand): Promise<MediaReply> {
    try {
      switch (command.type) {
        case 'media.configure':
          this.#iceServers = command.iceServers;
          return this.#status();
        case 'media.shareTab':
          await this.#shareTab(command);
          return this.#status();
        case 'media.stopShare':
          await this.#stopShare();
          return this.#status();
        case 'peer.open':
          await this.#open(command.participantId);
          return this.#status();
        case 'peer.close':
          this.#close(command.participantId);
          return this.#status();
        case 'peer.signal':
          await this.#signal(command.participantId, command.payload);
          return this.#status();
        case 'media.reset':
          await this.#stopShare();
          for (const id of [...this.#peers.keys()]) this.#close(id);
          return this.#status();
        case 'media.status':
          return this.#status();
      }
    } catch (error) {
      this.#log(`${command.type} failed`, error);
      return { ok: false, reason: reasonOf(error), message: error instanceof Error ? error.message : String(error) };
    }
  }

  #status(): MediaReply {
    return { ok: true, peers: [...this.#peers.keys()], sharing: this.#share !== undefined };
  }

  async #open(participantId: string): Promise<void> {
    if (this.#peers.has(participantId)) return;
    const abort = new AbortController();
    const link = new PeerLink({
      polite: false,
      iceServers: this.#iceServers,
      signal: abort.signal,
      send: (payload) => this.#options.emit({ type: 'media.signal', to: participantId, payload }),
      onStatus: (state) => this.#options.emit({ type: 'media.peerState', participantId, state }),
      ...(this.#options.createConnection && { createConnection: this.#options.createConnection }),
      log: (message, detail) => this.#log(`${participantId}: ${message}`, detail),
    });
    this.#peers.set(participantId, { link, abort });
    // A data channel from the start makes the connection come up before any
    // share, so the first frame only waits for a renegotiation, not for ICE.
    link.pc.createDataChannel('control');
    if (this.#share) await link.setVideoTrack(this.#share.track, this.#share.stream);
  }

  #close(participantId: string): void {
    const peer = this.#peers.get(participantId);
    if (!peer) return;
    this.#peers.delete(participantId);
    peer.abort.abort();
  }

  async #signal(participantId: string, payload: SignalPayload): Promise<void> {
    const peer = this.#peers.get(participantId);
    if (!peer) throw new PeerAssistError('unknown_participant', `no peer for ${participantId}`);
    await peer.link.receive(payload);
  }

  async #shareTab({ streamId, size }: MediaCommandOf<'media.shareTab'>): Promise<void> {
    const capture = this.#options.captureTab ?? captureChromeTab;
    let stream: MediaStream;
    try {
      stream = await capture(streamId, size);
    } catch (error) {
      throw new PeerAssistError('capture_failed', error instanceof Error ? error.message : 'capture failed', { cause: error });
    }
    const track = stream.getVideoTracks()[0];
    if (!track) throw new PeerAssistError('capture_failed', 'the capture has no video track');
    // Shared screens are mostly text: keep detail over motion (PLATFORM.md, WebRTC).
    track.contentHint = 'detail';
    const previous = this.#share;
    this.#share = { stream, track };
    track.addEventListener('ended', () => {
      if (this.#share?.track !== track) return;
      void this.#stopShare().then(() => this.#options.emit({ type: 'media.shareEnded' }));
    });
    await Promise.all([...this.#peers.values()].map(({ link }) => link.setVideoTrack(track, stream)));
    previous?.track.stop();
  }

  async #stopShare(): Promise<void> {
    const share = this.#share;
    if (!share) return;
    this.#share = undefined;
    await Promise.all([...this.#peers.values()].map(({ link }) => link.setVideoTrack(null)));
    share.track.stop();
  }
}
