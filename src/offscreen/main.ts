// Chrome's offscreen document: hosts the MediaEngine. Inside it chrome.runtime
// is the only extension API (PLATFORM.md), so it hears MediaCommands addressed
// to 'media' and answers through sendMessage's response; events go back to the
// background as messages addressed to 'background' (which wake a stopped
// service worker, unlike a Port).
import '../shared/zod-jitless.ts';
import { CALLS_PORT } from '../shared/protocol/call.ts';
import { MediaCommand, VIEWER_PORT } from '../shared/protocol/runtime.ts';
import { FILES_PORT } from '../shared/protocol/files.ts';
import { RepFiles } from './file-transfers.ts';
import type { CallsPort } from './calls.ts';
import { MediaEngine, type ViewerPort } from './media-engine.ts';

const files = new RepFiles();
const engine = new MediaEngine({
  onPeer: (participantId, pc, signal) => files.attach(participantId, pc, signal),
  emit: (event) => {
    chrome.runtime.sendMessage({ ...event, target: 'background' }).catch((error: unknown) => {
      console.warn('[offscreen] could not reach the background', error);
    });
  },
});

chrome.runtime.onMessage.addListener((message: unknown, sender, sendResponse) => {
  // Only our own extension's contexts may drive the media (a content script
  // runs in a web page and is not trusted with it).
  if (sender.id !== chrome.runtime.id || sender.tab) return false;
  if (typeof message !== 'object' || message === null || (message as { target?: unknown }).target !== 'media') return false;
  const parsed = MediaCommand.safeParse(message);
  if (!parsed.success) {
    sendResponse({ ok: false, reason: 'malformed', message: parsed.error.issues[0]?.message ?? 'invalid' });
    return false;
  }
  void engine.handle(parsed.data).then(sendResponse);
  return true; // the response is sent asynchronously
});

// The dashboard's viewer (popup, side panel) asks for the customer's screen on
// a Port; the service worker hears the same connect and leaves it to us.
chrome.runtime.onConnect.addListener((port) => {
  // Our own pages only (the popup, the side panel, the dashboard opened as a tab); never a content script.
  // File transfers' progress goes straight to the dashboard on its own port (not through storage).
  if (port.name === FILES_PORT && port.sender?.id === chrome.runtime.id && port.sender.url?.startsWith(chrome.runtime.getURL(''))) {
    files.acceptPort({
      postMessage: (message) => port.postMessage(message),
      onMessage: (listener) => port.onMessage.addListener((message: unknown) => listener(message)),
      onDisconnect: (listener) => port.onDisconnect.addListener(() => listener()),
    });
    return;
  }
  if ((port.name !== VIEWER_PORT && port.name !== CALLS_PORT) || port.sender?.id !== chrome.runtime.id || !port.sender.url?.startsWith(chrome.runtime.getURL(''))) return;
  // The dashboard's call controls (issue #9) talk to the call hub the same way.
  if (port.name === CALLS_PORT) engine.calls.attachWatcher(callsPort(port));
  else engine.attachViewer(viewerPort(port));
});

export function viewerPort(port: chrome.runtime.Port): ViewerPort {
  return {
    postMessage: (message) => port.postMessage(message),
    onMessage: (listener) => port.onMessage.addListener((message: unknown) => listener(message)),
    onDisconnect: (listener) => port.onDisconnect.addListener(() => listener()),
    disconnect: () => port.disconnect(),
  };
}

function callsPort(port: chrome.runtime.Port): CallsPort {
  return {
    postMessage: (message) => port.postMessage(message),
    onMessage: (listener) => port.onMessage.addListener((message: unknown) => listener(message)),
    onDisconnect: (listener) => port.onDisconnect.addListener(() => listener()),
    disconnect: () => port.disconnect(),
  };
}
