// Injected into extension pages before their scripts: records, on the page's
// own clock (ms since navigation start), when the sign-in button is first
// rendered enabled ("interactive": the animation frame after it appears in the
// DOM) and when the dashboard first says it is connected.
export const PAGE_PROBE = `(() => {
  const ext = (window.__ext = { interactiveAt: null, connectedAt: null });
  const check = () => {
    if (ext.interactiveAt === null) {
      for (const b of document.querySelectorAll('button')) {
        if (!b.disabled && /^\\s*Sign in\\s*$/.test(b.textContent || '')) {
          // Rendered: the frame that paints it starts at the next animation frame.
          ext.interactiveAt = -1;
          requestAnimationFrame(() => { ext.interactiveAt = performance.now(); });
          break;
        }
      }
    }
    if (ext.connectedAt === null && document.body && (document.body.textContent || '').includes('Connected to the server')) {
      ext.connectedAt = performance.now();
    }
  };
  new MutationObserver(check).observe(document, { childList: true, subtree: true, characterData: true, attributes: true });
})();`;

export interface PageMarks {
  interactiveAt: number | null;
  connectedAt: number | null;
  firstContentfulPaint: number | null;
}

export const READ_MARKS = () => {
  const ext = (window as unknown as { __ext: { interactiveAt: number | null; connectedAt: number | null } }).__ext;
  const fcp = performance.getEntriesByName('first-contentful-paint')[0];
  return { interactiveAt: ext.interactiveAt, connectedAt: ext.connectedAt, firstContentfulPaint: fcp ? fcp.startTime : null };
};
