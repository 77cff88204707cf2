// Opening a mailto: from the dashboard. An anchor click hands the URL to the
// system's mail program without navigating the dashboard away (window.open
// would leave an empty tab behind).
//
// Before that, a cancelable `peerassist:open-url` event goes to the window
// with the URL as its detail: the browser suite listens for it, records the
// exact URL and cancels (a headless browser has no mail program). Nothing
// outside this extension page can listen to its window, so this hook exposes
// nothing.
export const OPEN_URL_EVENT = 'peerassist:open-url';

export function openExternalUrl(url: string, win: Window = window): void {
  const event = new CustomEvent<string>(OPEN_URL_EVENT, { detail: url, cancelable: true });
  if (!win.dispatchEvent(event)) return;
  const anchor = win.document.createElement('a');
  anchor.href = url;
  anchor.rel = 'noopener';
  anchor.click();
}
