// Background entry: the Chrome service worker and the Firefox event page run
// this same file. Listeners are registered synchronously at the top level so a
// worker woken by an event finds them (MV3), and all state is loaded from
// storage before anything acts on it.
import '../shared/zod-jitless.ts';
import browser, { type Runtime } from 'webextension-polyfill';
import { FILES_PORT } from '../shared/protocol/files.ts';
import { DASHBOARD_PAGE, KeepAlive, MediaEvent, VIEWER_PORT } from '../shared/protocol/runtime.ts';
import { CALLS_PORT } from '../shared/protocol/call.ts';
import { PAGE_CAPTURE_INBOX } from '../shared/page-capture.ts';
import { AuthKeeper } from './auth-keeper.ts';
import { InlineMediaHost, OffscreenMediaHost, type MediaHost } from './media-host.ts';
import { DASHBOARD_PORT, PopupHub } from './popup-hub.ts';
import { RepStore } from './rep-store.ts';
import { ServerConnection } from './server-connection.ts';
import { SessionController } from './session-controller.ts';
import { SiteBridgeRegistration, handleSiteRequest, isSiteRequest } from './site-bridge.ts';
import { chromeTabCapture, unsupportedTabCapture } from './tab-capture.ts';
import { chromeTabMarks } from './tab-marks.ts';

// Chrome has offscreen documents and tabCapture; Firefox has neither but its
// background page can hold RTCPeerConnections itself.
const hasOffscreen = typeof chrome !== 'undefined' && 'offscreen' in chrome && 'tabCapture' in chrome;

// Windows and screens: getDisplayMedia in the offscreen document (reason DISPLAY_MEDIA).
// Firefox: a dashboard page captures them and hands them over (page-captures.ts).
const store = new RepStore({ local: browser.storage.local, session: browser.storage.session }, { tab: hasOffscreen, desktop: true });

let controller: SessionController;
let serverMessages: Promise<void> = Promise.resolve();
const media: MediaHost = hasOffscreen
  ? new OffscreenMediaHost()
  : new InlineMediaHost(
      (event) => void controller.onMediaEvent(event).catch(logFailure('media event')),
      () => [...browser.extension.getViews({ type: 'tab' }), ...browser.extension.getViews({ type: 'sidebar' })],
    );

const keeper = new AuthKeeper(store);
const server = new ServerConnection({
  credentials: () => keeper.credentials(),
  onReady: (welcome) => controller.onConnected(welcome),
  // One at a time, in the order they came (STYLE.md habit 9): a signal must not
  // overtake the control.released before it, which replaces the peer it is for.
  onMessage: (message) => {
    serverMessages = serverMessages.then(() => controller.onServerMessage(message)).catch(logFailure(message.type));
  },
  onStatus: (status) => store.setConnection(status),
  // The server refused our access token (revoked, or expired early): refresh
  // once and come back; if the refresh is refused too, the keeper signs out.
  onUnauthenticated: () =>
    void keeper
      .refreshNow()
      .then((fresh) => {
        if (fresh && store.wantsConnection) server.want();
      })
      .catch(logFailure('token refresh')),
});

// Firefox: dashboard pages hand their captures to this window (src/shared/page-capture.ts).
if (media instanceof InlineMediaHost) Object.defineProperty(globalThis, PAGE_CAPTURE_INBOX, { value: media.captures });

// Firefox: the rep works in a dashboard page that stays open (a share lives in
// it; the toolbar popup closes when the picker opens), so the first install
// opens one to sign in. Chrome's popup and side panel need no such page.
browser.runtime.onInstalled.addListener(({ reason }) => {
  if (reason === 'install' && media instanceof InlineMediaHost) {
    void browser.tabs.create({ url: browser.runtime.getURL(DASHBOARD_PAGE) }).catch(logFailure('opening the dashboard'));
  }
});

controller = new SessionController(store, server, media, hasOffscreen ? chromeTabCapture : unsupportedTabCapture, hasOffscreen ? chromeTabMarks : undefined);
const hub = new PopupHub(store, (command) => controller.execute(command), browser.runtime.getURL(''));

browser.runtime.onConnect.addListener((port) => {
  if (port.name === DASHBOARD_PORT) return hub.accept(port);
  // The dashboard's viewer: on Chrome the offscreen document answers it; on
  // Firefox the engine lives here.
  if (port.name === VIEWER_PORT && media instanceof InlineMediaHost && port.sender?.url?.startsWith(browser.runtime.getURL(''))) {
    media.acceptViewer({
      postMessage: (message) => port.postMessage(message),
      onMessage: (listener) => port.onMessage.addListener((message: unknown) => listener(message)),
      onDisconnect: (listener) => port.onDisconnect.addListener(() => listener()),
      disconnect: () => port.disconnect(),
    });
  }
  if (port.name === FILES_PORT && media instanceof InlineMediaHost && port.sender?.url?.startsWith(browser.runtime.getURL(''))) {
    media.acceptFiles({
      postMessage: (message) => port.postMessage(message),
      onMessage: (listener) => port.onMessage.addListener((message: unknown) => listener(message)),
      onDisconnect: (listener) => port.onDisconnect.addListener(() => listener()),
    });
  }
  // The dashboard's call controls (issue #9), on Firefox where the engine lives here.
  if (port.name === CALLS_PORT && media instanceof InlineMediaHost && port.sender?.url?.startsWith(browser.runtime.getURL(''))) {
    media.acceptCalls({
      postMessage: (message) => port.postMessage(message),
      onMessage: (listener) => port.onMessage.addListener((message: unknown) => listener(message)),
      onDisconnect: (listener) => port.onDisconnect.addListener(() => listener()),
      disconnect: () => port.disconnect(),
    });
  }
});

// Media events from the offscreen document (Chrome). The sender must be our own
// offscreen page; anything else is ignored.
browser.runtime.onMessage.addListener((message: unknown, sender: Runtime.MessageSender) => {
  if (typeof message !== 'object' || message === null || (message as { target?: unknown }).target !== 'background') return;
  if (sender.id !== browser.runtime.id || !sender.url?.startsWith(browser.runtime.getURL('offscreen/'))) return;
  const parsed = MediaEvent.safeParse(message);
  if (!parsed.success) {
    console.warn('[background] refused a media event', parsed.error.issues[0]?.message);
    return;
  }
  void store.ready.then(() => controller.onMediaEvent(parsed.data)).catch(logFailure(parsed.data.type));
});

// Firefox: a dashboard page's keep-alive. Receiving it is the point (it restarts
// the event page's idle clock); there is nothing to answer.
browser.runtime.onMessage.addListener((message: unknown, sender: Runtime.MessageSender) => {
  if (sender.id === browser.runtime.id && KeepAlive.safeParse(message).success) return Promise.resolve(true);
  return undefined;
});

// The support site's content script (Support session → Join, S16). The
// polyfill sends a returned promise's value as the response; returning
// undefined leaves the message to other listeners.
browser.runtime.onMessage.addListener((message: unknown, sender: Runtime.MessageSender) => {
  if (!isSiteRequest(message)) return undefined;
  return store.ready.then(() =>
    handleSiteRequest(message, sender, {
      extensionId: browser.runtime.id,
      serverUrl: () => store.serverUrl,
      signedIn: () => store.auth !== null,
      assist: (number) => controller.joinAsAssistant(number),
    }),
  );
});

// The bridge's content script runs on the configured server's /support pages:
// registered now, again when the server address changes, and when the rep
// grants the host permission for a server that needed asking (at sign-in).
const siteBridge = new SiteBridgeRegistration(browser.scripting, browser.permissions);
const syncSiteBridge = () => void siteBridge.sync(store.serverUrl).catch(logFailure('site bridge registration'));
let registeredFor: string | undefined;
store.subscribe(() => {
  if (store.serverUrl === registeredFor) return;
  registeredFor = store.serverUrl;
  syncSiteBridge();
});
browser.permissions.onAdded.addListener(syncSiteBridge);
browser.permissions.onRemoved.addListener(syncSiteBridge);

// A restarted worker (or a browser that kept a session in storage.session)
// reconnects and re-asserts its session (or the one it assists) by itself.
void store.ready.then(() => {
  registeredFor = store.serverUrl;
  syncSiteBridge();
  if (store.wantsConnection) server.want();
});

function logFailure(what: string) {
  return (error: unknown) => console.error(`[background] ${what} failed`, error);
}
