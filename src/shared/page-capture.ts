// Firefox's rep captures a window or screen in a dashboard page, not in the
// media context (PLATFORM.md, "Firefox"): there is no offscreen document, and
// the background page, where the engine and its peer connections live, has no
// window to show the picker in. So the dashboard page the rep clicked in calls
// getDisplayMedia itself and hands the stream over to the background page
// directly: Firefox's runtime.getBackgroundPage() gives same-origin pages the
// background's window, and a track captured in one of them can be sent by a
// peer connection of the other (measured here: frames decoded, track live).
//
// The capture belongs to the page that took it: closing that page ends the
// share, which the page says before it goes (pageClosing), since the track
// alone does not reliably tell the background that its page is gone.

/** The property of the background page's window that receives captures. */
export const PAGE_CAPTURE_INBOX = 'peerassistPageCaptures';

export interface PageCaptureInbox<S = MediaStream> {
  /** A stream the rep just chose in the picker; the next share command uses it. */
  handOver(stream: S): void;
  /** The page that captured `stream` is closing: its share ends now. */
  pageClosing(stream: S): void;
}

/** The inbox, if `candidate` (a background page's window) has one. */
export function pageCaptureInboxOf<S = MediaStream>(candidate: unknown): PageCaptureInbox<S> | undefined {
  if (typeof candidate !== 'object' || candidate === null) return undefined;
  const inbox: unknown = Reflect.get(candidate, PAGE_CAPTURE_INBOX);
  if (typeof inbox !== 'object' || inbox === null) return undefined;
  const handOver: unknown = Reflect.get(inbox, 'handOver');
  const pageClosing: unknown = Reflect.get(inbox, 'pageClosing');
  if (typeof handOver !== 'function' || typeof pageClosing !== 'function') return undefined;
  return {
    handOver: (stream) => void Reflect.apply(handOver, inbox, [stream]),
    pageClosing: (stream) => void Reflect.apply(pageClosing, inbox, [stream]),
  };
}
