// Firefox: the rep's microphone and camera for a call. The background page,
// where the engine lives, cannot open them: Firefox refuses getUserMedia there
// at once (NotAllowedError, even with the microphone allowed; measured here),
// since it has no window to show its prompt in. So the engine asks through a
// dashboard page the rep has in view (a tab or the sidebar; the popup closes
// when a prompt opens): same-origin, its window is reachable from here
// (extension.getViews), and Firefox prompts in it. The tracks live as long as
// that page, which the rep keeps open during a session anyway (page-captures.ts).
// A recording's voices are mixed in such a page too (audioContextInPage).
import { DeviceError, type GetUserMedia } from '../shared/peer/devices.ts';

/** What is used of a dashboard page's window. */
export interface DevicePage {
  /** defaultView: the page's own globals, whose AudioContext runs in that page. */
  document: Pick<Document, 'visibilityState' | 'defaultView'>;
  navigator: { mediaDevices: { getUserMedia: GetUserMedia } };
}

const inView = (pages: readonly DevicePage[]) => pages.find((candidate) => candidate.document.visibilityState === 'visible');

/**
 * A getUserMedia that asks in the first dashboard page in view. With none in
 * view it cannot ask: 'permission_needed', whose answer in the dashboard opens
 * the permission page (a tab in view, which the next try asks in).
 */
export function getUserMediaInPage(pages: () => readonly DevicePage[]): GetUserMedia {
  return (constraints) => {
    const page = inView(pages());
    if (!page) return Promise.reject(new DeviceError('permission_needed'));
    return page.navigator.mediaDevices.getUserMedia(constraints);
  };
}

/**
 * A recording's audio mix, made in the first dashboard page in view: the
 * background page's AudioContext never starts on Firefox (resume() stays
 * pending, measured here), the page's does. With no page in view, the
 * background's own: the recording then has the picture and silent voices.
 */
export function audioContextInPage(pages: () => readonly DevicePage[]): () => AudioContext {
  return () => {
    const view = inView(pages())?.document.defaultView;
    return view ? new view.AudioContext() : new AudioContext();
  };
}
