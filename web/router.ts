// A router small enough to read in one sitting: the server answers index.html
// for every page route (/, /join, /join/<number>, /support, /support/<number>, /admin, /admin/*), the app picks the
// page from location.pathname, and in-app links use history.pushState.
import { useEffect, useState } from 'preact/hooks';

export type Route =
  | { page: 'home' }
  | { page: 'join' }
  /** The Remote Support page; `number` is the path segment as written, checked by the page. */
  | { page: 'remote'; number: string }
  /** Provide support → Support session; `number` (a rep's invitation link, /support/<number>) prefills the form. */
  | { page: 'support'; number?: string }
  /** The admin page; `tab` is the segment after /admin/ ('' for /admin), checked by the page. */
  | { page: 'admin'; tab: string }
  | { page: 'not_found' };

export function matchRoute(pathname: string): Route {
  const path = pathname.length > 1 ? pathname.replace(/\/+$/, '') : pathname;
  if (path === '/' || path === '') return { page: 'home' };
  if (path === '/join') return { page: 'join' };
  if (path === '/support') return { page: 'support' };
  const support = /^\/support\/([^/]+)$/.exec(path);
  if (support?.[1] !== undefined) return { page: 'support', number: safeDecode(support[1]) };
  const admin = /^\/admin(?:\/([^/]*))?$/.exec(path);
  if (admin) return { page: 'admin', tab: safeDecode(admin[1] ?? '') };
  const remote = /^\/join\/([^/]+)$/.exec(path);
  if (remote?.[1] !== undefined) return { page: 'remote', number: safeDecode(remote[1]) };
  return { page: 'not_found' };
}

function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

const NAVIGATE = 'peerassist:navigate';
let navigatedInApp = false;

/** Go to a page of this app without reloading; `state` rides along in history.state. */
export function navigate(to: string, state: unknown = null): void {
  navigatedInApp = true;
  history.pushState(state, '', to);
  window.scrollTo(0, 0);
  window.dispatchEvent(new Event(NAVIGATE));
}

/**
 * True once the user moved between pages inside the app: pages then move focus
 * to their heading so a screen reader announces the new page (on the first
 * load the browser starts at the top by itself).
 */
export function hasNavigatedInApp(): boolean {
  return navigatedInApp;
}

export interface CurrentLocation {
  pathname: string;
  search: string;
  /** history.state: unknown, each page validates what it reads from it. */
  state: unknown;
}

function read(): CurrentLocation {
  return { pathname: location.pathname, search: location.search, state: history.state as unknown };
}

export function useLocation(): CurrentLocation {
  const [current, setCurrent] = useState(read);
  useEffect(() => {
    const abort = new AbortController();
    const update = () => setCurrent(read());
    const onPop = () => {
      navigatedInApp = true;
      update();
    };
    window.addEventListener('popstate', onPop, { signal: abort.signal });
    window.addEventListener(NAVIGATE, update, { signal: abort.signal });
    return () => abort.abort();
  }, []);
  return current;
}
