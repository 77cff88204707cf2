// The dashboard talks only to this connector, never to chrome.* directly
// (darkreader's connector pattern, STYLE.md habit 4): the runtime one below in
// the extension, a fake one in tests or a plain page.
import { FILES_PORT } from '../shared/protocol/files.ts';
import type { FilesLinkPort } from './files-link.ts';
import browser, { type Runtime, type Tabs } from 'webextension-polyfill';
import { PeerAssistError } from '../shared/protocol/errors.ts';
import { DASHBOARD_PAGE, KEEPALIVE_MS, PopupPush, VIEWER_PORT, type DashboardState, type KeepAlive, type PopupCommandBody } from '../shared/protocol/runtime.ts';
import { pageCaptureInboxOf } from '../shared/page-capture.ts';
import { hostPermissionPattern } from '../shared/protocol/site.ts';
import { openExternalUrl } from './open-url.ts';
import type { ViewerPort } from './viewer-link.ts';

export type Command = PopupCommandBody;

export interface ShareableTab {
  id: number;
  title: string;
}

export type DesktopCaptureSite = 'media' | 'page' | 'tab';

/** Where the dashboard can also live, staying open while the rep works in other tabs. */
export type SidePanelKind = 'side_panel' | 'sidebar';

export interface DashboardConnector {
  subscribe(listener: (state: DashboardState) => void): () => void;
  /** Resolves when the background has done it; rejects with a PeerAssistError. */
  send(command: Command): Promise<void>;
  /**
   * The tab "Share this tab" would share: the active tab of this window, if
   * it can be shared (not an extension page). Told again whenever the rep
   * switches tabs (the side panel stays open meanwhile). Returns the unsubscribe.
   */
  watchShareableTab(listener: (tab: ShareableTab | undefined) => void): () => void;
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
  /** Chrome's side panel, Firefox's sidebar, or neither. */
  sidePanelKind(): SidePanelKind | undefined;
  /**
   * Open the dashboard in the side panel or sidebar. Call it synchronously
   * from a click: both browsers open it only inside the user's input handler.
   */
  openSidePanel(): Promise<void>;
  /**
   * Where a window or screen is captured: 'media' (Chrome: the offscreen
   * document shows the picker), 'page' (Firefox: this dashboard page does, and
   * must stay open while it is shared), or 'tab' (Firefox's toolbar popup,
   * which closes when the picker opens: the rep shares from a dashboard tab).
   */
  desktopCaptureSite(): DesktopCaptureSite;
  /**
   * Share a window or screen through the browser's picker. Call it
   * synchronously from the rep's click: Firefox opens the picker only then.
   */
  shareDesktop(): Promise<void>;
  /** Bring up the dashboard in a tab of its own (opened if there is none), and close the popup. */
  openDashboardTab(): Promise<void>;
  /** A port to the media context, which sends the customer's screen to this dashboard (viewer-link.ts). */
  connectViewer(): ViewerPort;
  /** A port to the media context's file transfers (files-link.ts). */
  connectFiles(): FilesLinkPort;
}

const DASHBOARD_PORT = 'dashboard';

export class RuntimeConnector implements DashboardConnector {
  #port: Runtime.Port | undefined;
  #state: DashboardState | undefined;
  #nextRid = 1;
  readonly #listeners = new Set<(state: DashboardState) => void>();
  readonly #pending = new Map<string, { resolve: () => void; reject: (error: Error) => void }>();

  /** This window, looked up ahead: chrome.sidePanel.open needs it, and awaiting it in the click would lose the user gesture. */
  #windowId: number | undefined;

  constructor() {
    this.#connect();
    // Firefox: the engine lives in the background page; this page keeps it from being suspended (runtime.ts, KeepAlive).
    if (this.desktopCaptureSite() !== 'media') {
      const keepAlive: KeepAlive = { target: 'background', type: 'keepalive' };
      setInterval(() => void browser.runtime.sendMessage(keepAlive).catch(() => {}), KEEPALIVE_MS);
    }
    if (this.sidePanelKind() === 'side_panel') {
      void browser.windows
        .getCurrent()
        .then((win) => (this.#windowId = win.id))
        .catch(() => {});
    }
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

  watchShareableTab(listener: (tab: ShareableTab | undefined) => void): () => void {
    let stopped = false;
    let latest = 0;
    const refresh = () => {
      const asked = ++latest;
      void browser.tabs
        .query({ active: true, currentWindow: true })
        .then(([tab]) => {
          if (!stopped && asked === latest) listener(shareable(tab));
        })
        .catch(() => {
          if (!stopped && asked === latest) listener(undefined);
        });
    };
    const onUpdated = (_id: number, change: Tabs.OnUpdatedChangeInfoType) => {
      if (change.title !== undefined || change.url !== undefined || change.status === 'complete') refresh();
    };
    browser.tabs.onActivated.addListener(refresh);
    browser.tabs.onUpdated.addListener(onUpdated);
    browser.windows?.onFocusChanged.addListener(refresh);
    refresh();
    return () => {
      stopped = true;
      browser.tabs.onActivated.removeListener(refresh);
      browser.tabs.onUpdated.removeListener(onUpdated);
      browser.windows?.onFocusChanged.removeListener(refresh);
    };
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

  sidePanelKind(): SidePanelKind | undefined {
    // Firefox first: it also answers to chrome.*, but has no sidePanel there.
    if (typeof browser.sidebarAction?.open === 'function') return 'sidebar';
    if (typeof chrome !== 'undefined' && typeof chrome.sidePanel?.open === 'function') return 'side_panel';
    return undefined;
  }

  openSidePanel(): Promise<void> {
    const kind = this.sidePanelKind();
    let opened: Promise<void>;
    if (kind === 'sidebar') opened = browser.sidebarAction.open();
    else if (kind === 'side_panel' && this.#windowId !== undefined) opened = chrome.sidePanel.open({ windowId: this.#windowId });
    else return Promise.reject(new PeerAssistError('internal', 'no side panel in this browser'));
    // The toolbar popup has done its job: the dashboard now stays open beside the page.
    return opened.then(() => {
      if (isActionPopup()) window.close();
    });
  }

  desktopCaptureSite(): DesktopCaptureSite {
    if (typeof chrome !== 'undefined' && 'offscreen' in chrome) return 'media';
    return isActionPopup() ? 'tab' : 'page';
  }

  shareDesktop(): Promise<void> {
    if (this.desktopCaptureSite() !== 'page') return this.send({ type: 'share.desktop' });
    // First thing in the click: Firefox shows the picker only inside the user's input handler.
    const picked = navigator.mediaDevices.getDisplayMedia({ audio: false, video: { displaySurface: 'monitor' } });
    return picked.then(
      (stream) => this.#shareFromPage(stream),
      (error: unknown) => {
        // The rep closed the picker: not a failure to report as one.
        if (error instanceof DOMException && error.name === 'NotAllowedError') throw new PeerAssistError('share_declined', 'the picker was closed', { cause: error });
        throw new PeerAssistError('capture_failed', error instanceof Error ? error.message : String(error), { cause: error });
      },
    );
  }

  /** Firefox: the stream goes to the engine in the background page, and ends with this page (src/shared/page-capture.ts). */
  async #shareFromPage(stream: MediaStream): Promise<void> {
    const inbox = pageCaptureInboxOf(await browser.runtime.getBackgroundPage().catch(() => undefined));
    if (!inbox) {
      for (const track of stream.getTracks()) track.stop();
      throw new PeerAssistError('capture_failed', 'the background page takes no captures');
    }
    inbox.handOver(stream);
    // Once this share has ended another way, the engine ignores the call.
    const closing = () => inbox.pageClosing(stream);
    window.addEventListener('pagehide', closing, { once: true });
    try {
      await this.send({ type: 'share.desktop' });
    } catch (error) {
      window.removeEventListener('pagehide', closing);
      inbox.pageClosing(stream);
      throw error;
    }
  }

  async openDashboardTab(): Promise<void> {
    const url = browser.runtime.getURL(DASHBOARD_PAGE);
    const [open] = await browser.tabs.query({ url }).catch(() => []);
    if (open?.id !== undefined) {
      await browser.tabs.update(open.id, { active: true });
      if (open.windowId !== undefined) await browser.windows.update(open.windowId, { focused: true });
    } else {
      await browser.tabs.create({ url });
    }
    if (isActionPopup()) window.close();
  }

  connectViewer(): ViewerPort {
    return browser.runtime.connect({ name: VIEWER_PORT });
  }

  connectFiles(): FilesLinkPort {
    return browser.runtime.connect({ name: FILES_PORT });
  }
}

/** This page is the toolbar popup (not the same page in a tab or the side panel). */
function isActionPopup(): boolean {
  try {
    return browser.extension.getViews({ type: 'popup' }).includes(window);
  } catch {
    return false;
  }
}

/** A tab can be shared unless it is one of this extension's own pages (the dashboard in a tab). */
function shareable(tab: Tabs.Tab | undefined): ShareableTab | undefined {
  if (tab?.id === undefined || tab.url?.startsWith(browser.runtime.getURL(''))) return undefined;
  return { id: tab.id, title: tab.title ?? '' };
}
