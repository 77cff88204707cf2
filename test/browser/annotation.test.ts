// Pointer and annotation in real browsers (issue #9): the rep shares a tab of
// the test pattern; the customer turns on Draw and drags across the rep's
// screen on their stage; the stroke travels over the session data channel to
// the rep's media engine (the hub), the background and the overlay content
// script, and appears in the shared tab itself: checked on the tab's own
// pixels (a screenshot of what the rep sees), along with the page's input not
// being blocked, Clear marks, and the marks fading away.
import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../helpers/server.ts';
import { launchCustomerBrowser, launchRepBrowser, type LaunchedBrowser } from './harness/browsers.ts';
import { expectPatternOnVideo, startPatternServer } from './harness/pattern.ts';
import { openDashboard, shareTab, signIn, startSession } from './harness/rep.ts';
import { byRole, click, fill, waitForRemoteState, waitForText } from './harness/ui.ts';

const SCREENSHOTS = fileURLToPath(new URL('../../test-results/screenshots/', import.meta.url));
const REP = { email: 'marks-rep@example.test', password: 'a long test password 10' };
/** The customer's marks colour (src/shared/marks/mark-board.ts, MARK_COLORS.customer). */
const MAGENTA = [255, 0, 255] as const;
const MAGENTA_RANGE = { r: [200, 255], g: [0, 60], b: [200, 255] } as { r: [number, number]; g: [number, number]; b: [number, number] };

let server: TestServer;
let pattern: Awaited<ReturnType<typeof startPatternServer>>;
let rep: Awaited<ReturnType<typeof launchRepBrowser>>;
let customer: LaunchedBrowser;

beforeAll(async () => {
  server = await startTestServer({ webRoot: fileURLToPath(new URL('../../dist/web/', import.meta.url)) });
  await server.createUser(REP.email, REP.password, 'Alex Rep');
  pattern = await startPatternServer();
  [rep, customer] = await Promise.all([launchRepBrowser(), launchCustomerBrowser()]);
});

afterAll(async () => {
  await Promise.all([rep?.close(), customer?.close()]);
  await pattern?.close();
  await server?.stop();
});

/** Drag across the stage's video from (x0, y) to (x1, y), in 0..1 of the shown picture. */
async function dragOnStage(page: Page, y: number, x0: number, x1: number, selector = 'video'): Promise<void> {
  const box = await page.evaluate((sel) => {
    const video = document.querySelector<HTMLVideoElement>(sel)!;
    const rect = video.getBoundingClientRect();
    const scale = Math.min(rect.width / video.videoWidth, rect.height / video.videoHeight);
    const width = video.videoWidth * scale;
    const height = video.videoHeight * scale;
    return { x: rect.left + (rect.width - width) / 2, y: rect.top + (rect.height - height) / 2, width, height };
  }, selector);
  const at = (fx: number) => ({ x: box.x + fx * box.width, y: box.y + y * box.height });
  await page.mouse.move(at(x0).x, at(x0).y);
  await page.mouse.down();
  for (let i = 1; i <= 20; i++) {
    const p = at(x0 + ((x1 - x0) * i) / 20);
    await page.mouse.move(p.x, p.y);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  await page.mouse.up();
}

/** The colours at these points (0..1 of the viewport) of a screenshot of `page`, decoded by the browser in `decoder`. */
async function pixelsOf(page: Page, decoder: Page, points: readonly (readonly [number, number])[]): Promise<[number, number, number][]> {
  const png = await page.screenshot({ encoding: 'base64' });
  return decoder.evaluate(
    async (data, at) => {
      const image = new Image();
      image.src = `data:image/png;base64,${data}`;
      await image.decode();
      const canvas = document.createElement('canvas');
      canvas.width = image.naturalWidth;
      canvas.height = image.naturalHeight;
      const ctx = canvas.getContext('2d', { willReadFrequently: true })!;
      ctx.drawImage(image, 0, 0);
      return at.map(([fx, fy]) => {
        const d = ctx.getImageData(Math.round(fx * canvas.width), Math.round(fy * canvas.height), 1, 1).data;
        return [d[0]!, d[1]!, d[2]!] as [number, number, number];
      });
    },
    png,
    points,
  );
}

const isMagenta = ([r, g, b]: readonly number[]) => Math.abs(r! - MAGENTA[0]) < 50 && g! < 80 && Math.abs(b! - MAGENTA[2]) < 50;

/** Channel ranges [min, max] of a colour. */
type Range = { r: [number, number]; g: [number, number]; b: [number, number] };

/** Wait until a marks overlay canvas on `page` has at least `min` pixels in this colour range. */
async function waitForOverlayColour(page: Page, range: Range, min = 100, timeout = 8000, { absent = false } = {}): Promise<void> {
  await page.waitForFunction(
    (want, least, none) => {
      const inside = (v: number, [lo, hi]: [number, number]) => v >= lo && v <= hi;
      const matches = (r: number, g: number, b: number) => inside(r, want.r) && inside(g, want.g) && inside(b, want.b);
      const found = [...document.querySelectorAll<HTMLCanvasElement>('canvas.marks-overlay')].some((canvas) => {
        const ctx = canvas.getContext('2d');
        if (!ctx || canvas.width === 0) return false;
        const data = ctx.getImageData(0, 0, canvas.width, canvas.height).data;
        let n = 0;
        for (let i = 0; i < data.length; i += 4) if (data[i + 3]! > 200 && matches(data[i]!, data[i + 1]!, data[i + 2]!)) n++;
        return n >= least;
      });
      return none ? !found : found;
    },
    { timeout, polling: 100 },
    range,
    min,
    absent,
  );
}

async function waitForPixels(page: Page, decoder: Page, points: readonly (readonly [number, number])[], test: (rgb: number[]) => boolean, timeout = 8000) {
  const deadline = Date.now() + timeout;
  let last: number[][] = [];
  while (Date.now() < deadline) {
    last = await pixelsOf(page, decoder, points);
    if (last.every(test)) return last;
    await new Promise((resolve) => setTimeout(resolve, 150));
  }
  throw new Error(`pixels never matched: ${JSON.stringify(last)}`);
}

describe('pointer and annotation on the shared tab', () => {
  let dashboard: Page;
  let shared: Page;
  let kim: Page;
  let lee: Page;
  const ALONG = [
    [0.3, 0.25],
    [0.7, 0.25],
  ] as const;

  it('the customer draws on their view of the rep’s tab, and the stroke appears in the shared tab itself', async () => {
    dashboard = await openDashboard(rep);
    await signIn(dashboard, server.url, REP.email, REP.password);
    const joinUrl = await startSession(dashboard);
    shared = await shareTab(rep, dashboard, pattern.url, 'Shared test pattern');

    kim = await customer.browser.newPage();
    await kim.setViewport({ width: 1280, height: 900 });
    await kim.goto(joinUrl);
    await fill(kim, 'Your name', 'Kim Customer');
    await click(kim, 'button', 'Join');
    await waitForRemoteState(kim, 'viewing');
    await expectPatternOnVideo(kim);

    lee = await customer.browser.newPage();
    await lee.setViewport({ width: 1000, height: 800 });
    await lee.goto(joinUrl);
    await fill(lee, 'Your name', 'Lee Second');
    await click(lee, 'button', 'Join');
    await waitForRemoteState(lee, 'viewing');

    await kim.bringToFront();
    await click(kim, 'button', 'Draw');
    const draw = await byRole(kim, 'button', 'Draw');
    expect(await draw.evaluate((el) => el.getAttribute('aria-pressed'))).toBe('true');
    // The stroke shows in the tab for HOLD_MS (4 s) after it arrives there, then fades. On a loaded
    // machine the looks (each a screenshot of the tab, decoded) can all miss that window (seen once in
    // a full CI run): then Kim draws again, as a person would.
    for (let attempt = 1; ; attempt++) {
      await kim.bringToFront();
      await dragOnStage(kim, 0.25, 0.2, 0.8);
      await shared.bringToFront();
      try {
        await waitForPixels(shared, kim, ALONG, isMagenta);
        break;
      } catch (error) {
        if (attempt >= 3) throw error;
        console.warn(`[annotation] stroke ${attempt} not seen in the shared tab before it faded; drawing again`);
      }
    }
    // Away from the stroke the page looks as before (the red and green quadrants).
    const [below] = await pixelsOf(shared, kim, [[0.3, 0.6]]);
    expect(isMagenta(below!)).toBe(false);
  });

  it('another customer sees the stroke over their stage, through the hub', async () => {
    // A fresh stroke, looked for at once (each view fades it a few seconds after it was drawn).
    await kim.bringToFront();
    await dragOnStage(kim, 0.75, 0.2, 0.8);
    await waitForOverlayColour(lee, MAGENTA_RANGE);
  });

  it('the overlay never takes the page’s input', async () => {
    const hit = await shared.evaluate(() => {
      const element = document.elementFromPoint(innerWidth * 0.3, innerHeight * 0.25);
      return element?.id ?? element?.tagName;
    });
    expect(hit).toBe('tl');
    expect(await shared.$('#peerassist-marks-overlay')).not.toBeNull();
  });

  it('marks fade after a few seconds, and Clear marks removes them at once', async () => {
    // Fully faded by HOLD_MS + FADE_MS (5 s) after the last change, with nobody clearing them.
    await waitForPixels(shared, kim, ALONG, (rgb) => !isMagenta(rgb), 9000);
    // Lee's view too (its last stroke was drawn a moment after the one above).
    await waitForOverlayColour(lee, MAGENTA_RANGE, 1, 6000, { absent: true });

    // Clear marks: gone from every view well before they would have started to fade.
    await kim.bringToFront();
    await dragOnStage(kim, 0.25, 0.2, 0.8);
    const drawn = Date.now();
    await waitForOverlayColour(lee, MAGENTA_RANGE);
    await click(kim, 'button', 'Clear marks');
    await waitForOverlayColour(lee, MAGENTA_RANGE, 1, 3000, { absent: true });
    expect(Date.now() - drawn, 'cleared before the marks would fade (HOLD_MS, 4 s)').toBeLessThan(4000);
    await shared.bringToFront();
    await waitForPixels(shared, kim, ALONG, (rgb) => !isMagenta(rgb), 3000);
  });

  it('the rep draws on the dashboard’s view of a customer’s screen: the sharing customer and the others see it', async () => {
    await click(dashboard, 'button', 'Support Kim Customer');
    await click(dashboard, 'button', "View customer's screen");
    await byRole(kim, 'dialog', 'Share your screen?');
    await click(kim, 'button', 'Share my screen');
    await waitForText(dashboard, 'Kim Customer is sharing their screen');
    await byRole(dashboard, 'region', "Customer's screen");
    await dashboard.waitForFunction(() => document.querySelector('section.viewer .frame')?.getAttribute('data-live') === 'true', {
      timeout: 25_000,
      polling: 100,
    });
    await waitForRemoteState(lee, 'viewing');

    await click(dashboard, 'button', 'Draw');
    await dragOnStage(dashboard, 0.5, 0.2, 0.8, 'section.viewer video');
    // The rep's colour (MARK_COLORS.rep, #00b7ff) on Kim's own preview and on Lee's stage.
    const cyan: Range = { r: [0, 60], g: [140, 230], b: [200, 255] };
    await waitForOverlayColour(kim, cyan);
    await waitForOverlayColour(lee, cyan);
    // For a look at the controls and the marks (not asserted on).
    mkdirSync(SCREENSHOTS, { recursive: true });
    await lee.screenshot({ path: `${SCREENSHOTS}marks-customer.png` });
    await dashboard.screenshot({ path: `${SCREENSHOTS}marks-dashboard.png` });
  });
});
