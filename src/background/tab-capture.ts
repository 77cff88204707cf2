// Tab capture per browser. Chrome: tabCapture.getMediaStreamId for a tab the
// user invoked the extension on (the toolbar click grants activeTab), turned
// into a stream by the offscreen document (PLATFORM.md, "Tab capture").
// Firefox has no tabCapture: it shares windows and screens only, captured in a
// dashboard page (src/shared/page-capture.ts); a tab share is refused with a reason.
import { PeerAssistError } from '../shared/protocol/errors.ts';
import type { TabCapture } from './session-controller.ts';

const BANNER_SCRIPT = 'content/share-banner.js';

export const chromeTabCapture: TabCapture = {
  async streamIdFor(tabId) {
    try {
      return await chrome.tabCapture.getMediaStreamId({ targetTabId: tabId });
    } catch (error) {
      // Typically: the extension was not invoked on this tab (no activeTab grant), or it is a chrome:// page.
      throw new PeerAssistError('capture_failed', error instanceof Error ? error.message : String(error), { cause: error });
    }
  },
  async titleOf(tabId) {
    return (await chrome.tabs.get(tabId)).title ?? '';
  },
  async sizeOf(tabId) {
    const { width, height } = await chrome.tabs.get(tabId);
    return width && height ? { width, height } : undefined;
  },
  async showBanner(tabId) {
    await chrome.scripting.executeScript({ target: { tabId }, files: [BANNER_SCRIPT] });
  },
  async hideBanner(tabId) {
    await chrome.scripting.executeScript({
      target: { tabId },
      func: () => document.getElementById('peerassist-share-banner')?.remove(),
    });
  },
};

export const unsupportedTabCapture: TabCapture = {
  async streamIdFor() {
    throw new PeerAssistError('capture_failed', 'this browser cannot capture a tab');
  },
  async titleOf() {
    return '';
  },
  async sizeOf() {
    return undefined;
  },
  async showBanner() {},
  async hideBanner() {},
};
