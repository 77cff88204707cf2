// The dashboard talks only to this connector, never to chrome.* directly
// (darkreader's connector pattern, STYLE.md habit 4): the runtime one below in
// the extension, a fake one in tests or a plain page.
import browser, { type Runtime } from 'webextension-polyfill';
import { PeerAssistError } from '../shared/protocol/errors.ts';
import { PopupPush, type DashboardState, type PopupCommandBody } from '../shared/protocol/runtime.ts';
import { hostPermissionPattern } from '../shared/protocol/site.ts';
import { openExternalUrl } from './open-url.ts';

export type Command = PopupCommandBody;

export interface ShareableTab {
  id: number;
  title: string;
}

export interface DashboardConnector {
  subscribe(listener: (state: DashboardState) => void): () => void;
  /** Resolves when the background has done it; rejects with a PeerAssistError. */
  send(command: Command): Promise<void>;
  /** The tab this dashboard was opened on, if it can be shared (not an extension page). */
  shareableTab(): Promise<ShareableTab | undefined>;
  copyText(text: string): Promise<void>;
  openOptions(): void;
  /**
   * Open a mailto: URL in the rep's own mail program. Must be called while
   * handling the rep's click (browsers only launch external programs then).
   */
  openUrl(url: string): void;
  /**
   * Ask for the host permission the support site's bridge needs on this
   * server (a prompt only for servers not already allowed). Call it first
   * thing in a click handler: the browser requires a user gesture.
   */
  requestHostPermission(serverUrl: string): Promise<boolean>;
}

const DASHBOARD_PORT = 'dashboard';

export class RuntimeConnector implements DashboardConnector {
  #port: Runtime.Port | undefined;
  #state: DashboardState | undefined;
  #nextRid = 1;
  readonly #listeners = new Set<(state: DashboardState) => void>();
  readonly #pending = new Map<string, { resolve: () => void; reject: (error: Error) => void }>();

  constructor() {
    this.#connect();
  }

  // The service worker may be stopped and restarted while the popup is open;
  // its port then disconnects and we simply connect again.
  #connect(): void {
    const port = browser.runtime.connect({ name: DASHBOARD_PORT });
    this.#port = port;
    port.onMessage.addListener((message: unknown) => this.#receive(message));
    port.onDisconnect.addListener(() => {
      this.#port = undefined;
      for (const pending of this.#pending.values()) pending.reject(new PeerAssistError('network', 'background restarted'));
      this.#pending.clear();
      setTimeout(() => this.#connect(), 100);
    });
  }

  #receive(message: unknown): void {
    const parsed = PopupPush.safeParse(message);
    if (!parsed.success) return;
    const push = parsed.data;
    if (push.type === 'state') {
      this.#state = push.state;
      for (const listener of this.#listeners) listener(push.state);
      return;
    }
    const pending = this.#pending.get(push.rid);
    if (!pending) return;
    this.#pending.delete(push.rid);
    if (push.ok) pending.resolve();
    else pending.reject(new PeerAssistError(push.error?.reason ?? 'internal', push.error?.message));
  }

  subscribe(listener: (state: DashboardState) => void): () => void {
    this.#listeners.add(listener);
    if (this.#state) listener(this.#state);
    return () => this.#listeners.delete(listener);
  }

  send(command: Command): Promise<void> {
    const port = this.#port;
    if (!port) return Promise.reject(new PeerAssistError('network', 'background not reachable'));
    const rid = `p${this.#nextRid++}`;
    return new Promise((resolve, reject) => {
      this.#pending.set(rid, { resolve, reject });
      port.postMessage({ ...command, rid });
    });
  }

  async shareableTab(): Promise<ShareableTab | undefined> {
    const [tab] = await browser.tabs.query({ active: true, currentWindow: true });
    if (tab?.id === undefined || tab.url?.startsWith(browser.runtime.getURL(''))) return undefined;
    return { id: tab.id, title: tab.title ?? '' };
  }

  copyText(text: string): Promise<void> {
    return navigator.clipboard.writeText(text);
  }

  openOptions(): void {
    void browser.runtime.openOptionsPage();
  }

  openUrl(url: string): void {
    openExternalUrl(url);
  }

  requestHostPermission(serverUrl: string): Promise<boolean> {
    let origins: string[];
    try {
      origins = [hostPermissionPattern(serverUrl)];
    } catch {
      return Promise.resolve(false); // not a URL: the sign-in itself will say so
    }
    // Called synchronously from the click: Firefox accepts permissions.request only inside the user's input handler.
    return browser.permissions.request({ origins }).catch((error: unknown) => {
      console.warn('[popup] host permission request failed', error);
      return false;
    });
  }
}
