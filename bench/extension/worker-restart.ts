// Service-worker cold start to reconnected, with a session open: Chrome stops
// an idle MV3 worker at will; the next event (here: the rep opening the
// dashboard) starts a fresh one, which reloads the session from storage,
// reconnects and resumes it. Measured on the dashboard's clock, from its
// navigation start to "Connected to the server". Reference: the same, with the
// worker still running (the page and the port alone).
// How to stop a worker: test/browser/support-session.test.ts, "a stopped service worker…".
import type { Page } from 'puppeteer-core';
import { EXTENSION_ID, type launchRep } from '../lib/browsers.ts';
import { median, percentile, round, sleep } from '../lib/stats.ts';
import { PAGE_PROBE, READ_MARKS } from './page-probe.ts';
import { POPUP_URL } from './popup.ts';

type Rep = Awaited<ReturnType<typeof launchRep>>;

const workerAlive = (rep: Rep) =>
  rep.browser.targets().some((t) => t.type() === 'service_worker' && t.url().startsWith(`chrome-extension://${EXTENSION_ID}/`));

async function stopWorker(rep: Rep): Promise<void> {
  await (await rep.worker()).close();
  for (let i = 0; i < 100 && workerAlive(rep); i++) await sleep(50);
  if (workerAlive(rep)) throw new Error('the service worker did not stop');
}

async function openUntilConnected(rep: Rep): Promise<{ page: Page; ms: number }> {
  const page = await rep.browser.newPage();
  await page.setViewport({ width: 420, height: 720 });
  await page.evaluateOnNewDocument(PAGE_PROBE);
  await page.goto(POPUP_URL);
  await page.waitForFunction(() => (window as unknown as { __ext: { connectedAt: number | null } }).__ext.connectedAt !== null, {
    timeout: 30_000,
    polling: 50,
  });
  const { connectedAt } = await page.evaluate(READ_MARKS);
  return { page, ms: connectedAt! };
}

/** `dashboard` is open, signed in, with a session started; it is closed here and reopened each cycle. */
export async function workerRestart(rep: Rep, dashboard: Page, warmup: number, runs: number) {
  const cold: number[] = [];
  const warm: number[] = [];
  let page = dashboard;
  for (let i = 0; i < warmup + runs; i++) {
    for (const kind of ['warm', 'cold'] as const) {
      // No dashboard open while the worker stops: an open port would wake it at once.
      await page.close();
      if (kind === 'cold') await stopWorker(rep);
      else await sleep(200);
      const opened = await openUntilConnected(rep);
      page = opened.page;
      if (i >= warmup) (kind === 'cold' ? cold : warm).push(opened.ms);
    }
  }
  await page.close();
  return {
    runs,
    coldMs: { p50: round(median(cold), 1), p90: round(percentile(cold, 90), 1) },
    warmMs: { p50: round(median(warm), 1), p90: round(percentile(warm, 90), 1) },
  };
}
