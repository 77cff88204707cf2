// Injected into the tab the rep shares (issue #9): the pointer and annotation
// marks the customers (and assistants) draw on their view of it, drawn over
// the page itself so the rep sees them where they point. A full-viewport
// canvas with pointer-events: none in a closed shadow root: it never takes a
// click, a key or a scroll from the page, and page CSS cannot restyle it.
// Marks come from the background as runtime messages, validated before use.
// Injecting twice is harmless: the second run finds the first and does nothing.
import { MarkMessage } from '../shared/protocol/channel.ts';
import { MarksCanvas } from '../shared/marks/marks-canvas.ts';
import { MARKS_OVERLAY_ID, MarksForTab } from '../shared/marks/tab-message.ts';

const installed = (globalThis as { __peerassistMarks?: boolean }).__peerassistMarks;
if (!installed) {
  (globalThis as { __peerassistMarks?: boolean }).__peerassistMarks = true;
  let marks: MarksCanvas | null = null;

  const ensure = (): MarksCanvas => {
    if (marks && document.getElementById(MARKS_OVERLAY_ID)) return marks;
    const host = document.createElement('div');
    host.id = MARKS_OVERLAY_ID;
    // Decorative for assistive tech: what is pointed at is the page's own content.
    host.setAttribute('aria-hidden', 'true');
    const shadow = host.attachShadow({ mode: 'closed' });
    const style = document.createElement('style');
    style.textContent = `
      :host { all: initial; }
      canvas { position: fixed; inset: 0; width: 100vw; height: 100vh; z-index: 2147483646; pointer-events: none; }`;
    const canvas = document.createElement('canvas');
    shadow.append(style, canvas);
    document.documentElement.append(host);
    marks?.destroy();
    marks = new MarksCanvas(canvas);
    addEventListener('resize', () => marks?.redraw());
    return marks;
  };

  chrome.runtime.onMessage.addListener((message: unknown, sender, sendResponse) => {
    // Only our own extension's background speaks to this overlay.
    if (sender.id !== chrome.runtime.id || sender.tab) return false;
    const parsed = MarksForTab.safeParse(message);
    if (!parsed.success) return false;
    const mark: MarkMessage = parsed.data.mark;
    ensure().apply(mark);
    // Answered, so the background's sendMessage resolves (and knows the overlay is here).
    sendResponse(true);
    return false;
  });
}
