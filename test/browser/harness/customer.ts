// A customer's page for the browser suites that ask a customer for their
// screen, and what the rep then sees of it.
import type { Browser, BrowserContext, Page } from 'puppeteer-core';
import { expectPatternOnVideo, QUADRANTS } from './pattern.ts';
import { byRole } from './ui.ts';

/**
 * A customer's page whose screen share captures the page's own tab: with
 * --use-fake-ui-for-media-stream, getDisplayMedia gives real pixels only for a
 * browser surface (TESTING.md), so the picker's choice is steered there the
 * way a customer would pick "this tab".
 */
export async function customerPage(browser: Browser | BrowserContext, { phone = false } = {}): Promise<Page> {
  const page = await browser.newPage();
  await page.setViewport({ width: 1280, height: 720 });
  // Most phone browsers have no getDisplayMedia at all.
  if (phone) await page.evaluateOnNewDocument(() => Reflect.deleteProperty(Object.getPrototypeOf(navigator.mediaDevices), 'getDisplayMedia'));
  else await page.evaluateOnNewDocument(() => {
    const devices = navigator.mediaDevices;
    const original = devices.getDisplayMedia.bind(devices);
    devices.getDisplayMedia = (constraints?: DisplayMediaStreamOptions) => {
      const video = typeof constraints?.video === 'object' ? constraints.video : {};
      return original({ ...constraints, video: { ...video, displaySurface: 'browser' }, preferCurrentTab: true } as DisplayMediaStreamOptions);
    };
  });
  return page;
}

/** Paint the test pattern over the whole page (without blocking its controls), ticking so capture keeps sending frames. */
export async function paintPattern(page: Page): Promise<void> {
  await page.evaluate((colours) => {
    const layer = document.createElement('div');
    layer.id = 'test-pattern';
    layer.style.cssText = 'position:fixed;inset:0;z-index:2147483647;pointer-events:none;';
    const rgb = (c: readonly number[]) => `rgb(${c.join(',')})`;
    const quadrants: [string, readonly number[]][] = [
      ['left:0;top:0', colours.topLeft],
      ['right:0;top:0', colours.topRight],
      ['left:0;bottom:0', colours.bottomLeft],
      ['right:0;bottom:0', colours.bottomRight],
    ];
    for (const [where, colour] of quadrants) {
      const q = document.createElement('div');
      q.style.cssText = `position:absolute;${where};width:50%;height:50%;background:${rgb(colour)}`;
      layer.append(q);
    }
    const tick = document.createElement('div');
    tick.style.cssText = 'position:absolute;left:50%;top:50%;font:700 20px monospace;background:#000;color:#fff';
    layer.append(tick);
    let n = 0;
    setInterval(() => (tick.textContent = String(++n)), 33);
    document.body.append(layer);
  }, QUADRANTS);
}

export async function removePattern(page: Page): Promise<void> {
  await page.evaluate(() => document.getElementById('test-pattern')?.remove());
}

/** The dashboard's viewer (the region named "Customer's screen") shows the pattern. */
export async function expectPatternInViewer(dashboard: Page): Promise<void> {
  await byRole(dashboard, 'region', "Customer's screen");
  await expectPatternOnVideo(dashboard, { timeoutMs: 25_000 });
}
