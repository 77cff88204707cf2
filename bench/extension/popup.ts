// The popup's cost to the rep: time from navigation start to first
// contentful paint and to "interactive" (the Sign in button rendered and
// enabled, which needs the background's state over the runtime port), signed
// out, with the service worker running. Opened as a tab, as the browser suite
// opens the dashboard. Reference: a blank extension page holding one button.
import type { Page } from 'puppeteer-core';
import { EXTENSION_ID, type launchRep } from '../lib/browsers.ts';
import { median, percentile, round } from '../lib/stats.ts';
import { PAGE_PROBE, READ_MARKS, type PageMarks } from './page-probe.ts';

export const POPUP_URL = `chrome-extension://${EXTENSION_ID}/popup/popup.html`;
export const BLANK_URL = `chrome-extension://${EXTENSION_ID}/bench/blank.html`;

async function openAndTime(rep: Awaited<ReturnType<typeof launchRep>>, url: string): Promise<PageMarks> {
  const page: Page = await rep.browser.newPage();
  try {
    await page.setViewport({ width: 420, height: 720 });
    await page.evaluateOnNewDocument(PAGE_PROBE);
    await page.goto(url);
    await page.waitForFunction(
      () => {
        const ext = (window as unknown as { __ext: { interactiveAt: number | null } }).__ext;
        return ext.interactiveAt !== null && ext.interactiveAt >= 0 && performance.getEntriesByName('first-contentful-paint').length > 0;
      },
      { timeout: 15_000, polling: 50 },
    );
    return await page.evaluate(READ_MARKS);
  } finally {
    await page.close();
  }
}

export async function popupTimings(rep: Awaited<ReturnType<typeof launchRep>>, warmup: number, runs: number) {
  const marks: Record<'popup' | 'blank', PageMarks[]> = { popup: [], blank: [] };
  for (let i = 0; i < warmup + runs; i++) {
    // Alternate, so a slow moment on the machine hits both alike.
    for (const [name, url] of [['popup', POPUP_URL], ['blank', BLANK_URL]] as const) {
      const m = await openAndTime(rep, url);
      if (i >= warmup) marks[name].push(m);
    }
  }
  const summary = (list: PageMarks[]) => {
    const fcp = list.map((m) => m.firstContentfulPaint ?? Number.NaN);
    const tti = list.map((m) => m.interactiveAt ?? Number.NaN);
    return {
      firstPaintMs: { p50: round(median(fcp), 1), p90: round(percentile(fcp, 90), 1) },
      interactiveMs: { p50: round(median(tti), 1), p90: round(percentile(tti, 90), 1) },
    };
  };
  return { runs, popup: summary(marks.popup), blank: summary(marks.blank) };
}
