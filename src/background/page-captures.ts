// Firefox: the background end of a window or screen captured in a dashboard
// page (src/shared/page-capture.ts says why). The page hands the stream over
// right after the picker; the share command that follows takes it.
import type { CaptureLimits } from '../offscreen/media-engine.ts';
import type { PageCaptureInbox } from '../shared/page-capture.ts';
import { PeerAssistError } from '../shared/protocol/errors.ts';

/** A handed-over stream no share command took in this time is stopped (the rep's picker choice was not used). */
export const UNCLAIMED_CAPTURE_MS = 30_000;

/** What is used of a captured stream (a MediaStream; tests give a fake one). */
export interface CapturedStream {
  getVideoTracks(): CapturedTrack[];
  getTracks(): CapturedTrack[];
}
interface CapturedTrack {
  readonly readyState: MediaStreamTrackState;
  stop(): void;
  applyConstraints(constraints: MediaTrackConstraints): Promise<void>;
}

/** The background page's PageCaptureInbox (src/shared/page-capture.ts). */
export class PageCaptures<S extends CapturedStream = MediaStream> implements PageCaptureInbox<S> {
  #pending: { stream: S; timer: ReturnType<typeof setTimeout> } | undefined;
  #closing: ((stream: S) => void) | undefined;

  /** Told when the page that captured a stream closes (the engine ends that share). */
  onPageClosing(listener: (stream: S) => void): void {
    this.#closing = listener;
  }

  handOver(stream: S): void {
    this.#discardPending();
    const timer = setTimeout(() => this.#discardPending(), UNCLAIMED_CAPTURE_MS);
    this.#pending = { stream, timer };
  }

  pageClosing(stream: S): void {
    if (this.#pending?.stream === stream) this.#discardPending();
    else this.#closing?.(stream);
  }

  /** The stream handed over for this share, narrowed to the share's limits. */
  async take(limits: CaptureLimits): Promise<S> {
    const pending = this.#pending;
    this.#pending = undefined;
    if (!pending) throw new PeerAssistError('capture_failed', 'no window or screen was chosen in a dashboard page');
    clearTimeout(pending.timer);
    const [track] = pending.stream.getVideoTracks();
    if (!track || track.readyState === 'ended') throw new PeerAssistError('capture_failed', 'the chosen window or screen is no longer captured');
    // Never above what the source gives: applyConstraints only narrows.
    await track
      .applyConstraints({ width: { max: limits.width }, height: { max: limits.height }, frameRate: { max: limits.frameRate } })
      .catch((error: unknown) => console.warn('[capture] applyConstraints failed', error));
    return pending.stream;
  }

  #discardPending(): void {
    if (!this.#pending) return;
    clearTimeout(this.#pending.timer);
    for (const track of this.#pending.stream.getTracks()) track.stop();
    this.#pending = undefined;
  }
}
