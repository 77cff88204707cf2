// The support site's half of the bridge to the rep's extension (protocol in
// src/shared/protocol/site.ts; FEATURES.md S16). The extension's content script
// runs on this server's /support pages; the page talks to it by posting to its
// own window and reads only answers from its own window and origin.
import type { ErrorReason } from '../../src/shared/protocol/errors.ts';
import { SITE_SOURCE, parseExtensionMessage, type ExtensionToPage, type PageToExtension } from '../../src/shared/protocol/site.ts';

/** The parts of `window` used here; tests pass a fake. */
export interface BridgeWindow {
  readonly location: { readonly origin: string };
  postMessage(message: PageToExtension, targetOrigin: string): void;
  addEventListener(type: 'message', listener: (event: MessageEvent) => void): void;
  removeEventListener(type: 'message', listener: (event: MessageEvent) => void): void;
}

export interface BridgeTimers {
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

const realTimers: BridgeTimers = {
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

export type ExtensionPresence = { present: false } | { present: true; signedIn: boolean };
export type AssistOutcome = { ok: true } | { ok: false; reason: ErrorReason };

/** How long the page waits for the extension to answer a ping ("within ~1 s"). */
export const PING_TIMEOUT_MS = 1000;
/** Joining may wait for the extension to connect (10 s) and the server to answer (10 s). */
export const ASSIST_TIMEOUT_MS = 25_000;

/**
 * Wait for the first answer the extension gives that `pick` accepts, posting
 * `message` now and again every `repeatMs` (the content script may not be
 * listening yet on the first post); undefined after `timeoutMs`.
 */
function exchange<T>(
  win: BridgeWindow,
  message: PageToExtension,
  pick: (answer: ExtensionToPage) => T | undefined,
  { timeoutMs, repeatMs, timers }: { timeoutMs: number; repeatMs?: number; timers: BridgeTimers },
): Promise<T | undefined> {
  return new Promise((resolve) => {
    const handles: unknown[] = [];
    let done = false;
    const finish = (value: T | undefined) => {
      if (done) return;
      done = true;
      win.removeEventListener('message', onMessage);
      for (const handle of handles) timers.clearTimeout(handle);
      resolve(value);
    };
    const onMessage = (event: MessageEvent) => {
      if (event.source !== win || event.origin !== win.location.origin) return;
      const answer = parseExtensionMessage(event.data);
      const picked = answer && pick(answer);
      if (picked !== undefined) finish(picked);
    };
    win.addEventListener('message', onMessage);
    const post = () => win.postMessage(message, win.location.origin);
    if (repeatMs) for (let at = repeatMs; at < timeoutMs; at += repeatMs) handles.push(timers.setTimeout(post, at));
    handles.push(timers.setTimeout(() => finish(undefined), timeoutMs));
    post(); // last: an answer may come back at once, and finish() must find every timer to clear
  });
}

/** Is the extension here (its content script answers), and is the rep signed in there? */
export async function pingExtension(win: BridgeWindow, timers: BridgeTimers = realTimers, timeoutMs = PING_TIMEOUT_MS): Promise<ExtensionPresence> {
  const signedIn = await exchange(
    win,
    { source: SITE_SOURCE, type: 'ping' },
    (answer) => (answer.type === 'ready' ? answer.signedIn : undefined),
    { timeoutMs, repeatMs: 250, timers },
  );
  return signedIn === undefined ? { present: false } : { present: true, signedIn };
}

/** Ask the extension to join session `number` as an assistant. */
export async function askToAssist(
  win: BridgeWindow,
  number: string,
  timers: BridgeTimers = realTimers,
  timeoutMs = ASSIST_TIMEOUT_MS,
): Promise<AssistOutcome> {
  const outcome = await exchange<AssistOutcome>(
    win,
    { source: SITE_SOURCE, type: 'assist', number },
    (answer) => {
      if (answer.type !== 'assist.result' || answer.number !== number) return undefined;
      return answer.ok ? { ok: true } : { ok: false, reason: answer.reason ?? 'internal' };
    },
    { timeoutMs, timers },
  );
  // No answer at all: the extension went away, or is still waiting for the server.
  return outcome ?? { ok: false, reason: 'network' };
}
