// Pointer and annotation marks in the tab the rep shares (issue #9): the
// overlay script (content/marks-overlay.js) is injected on first use (the
// activeTab grant that allowed the capture allows this too) and each mark is
// sent to it as a runtime message.
import type { MarkMessage } from '../shared/protocol/channel.ts';
import { MARKS_OVERLAY_SCRIPT, type MarksForTab } from '../shared/marks/tab-message.ts';

export interface TabMarks {
  show(tabId: number, mark: MarkMessage): Promise<void>;
}

export const chromeTabMarks: TabMarks = {
  async show(tabId, mark) {
    const message: MarksForTab = { type: 'peerassist.marks', mark };
    try {
      await chrome.tabs.sendMessage(tabId, message);
    } catch {
      // Nobody listening yet (first mark, or the page navigated): inject the overlay, then say it again.
      await chrome.scripting.executeScript({ target: { tabId }, files: [MARKS_OVERLAY_SCRIPT] });
      await chrome.tabs.sendMessage(tabId, message);
    }
  },
};
