// A page with a known picture, for proving that the right pixels arrive: four
// coloured quadrants (read back on the receiver) and a small ticking clock that
// keeps the tab repainting (tab capture only sends frames on repaint; TESTING.md).
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Page } from 'puppeteer-core';
import { expect } from 'vitest';

export const QUADRANTS = {
  topLeft: [230, 30, 30],
  topRight: [30, 170, 60],
  bottomLeft: [30, 60, 220],
  bottomRight: [240, 200, 20],
} as const;
export type Rgb = readonly [number, number, number];

const rgb = ([r, g, b]: Rgb) => `rgb(${r},${g},${b})`;

const PATTERN_HTML = `<!doctype html>
<html><head><meta charset="utf-8"><title>Shared test pattern</title>
<style>
  html, body { margin: 0; height: 100%; overflow: hidden; }
  .q { position: fixed; width: 50vw; height: 50vh; }
  #tl { left: 0; top: 0; background: ${rgb(QUADRANTS.topLeft)}; }
  #tr { right: 0; top: 0; background: ${rgb(QUADRANTS.topRight)}; }
  #bl { left: 0; bottom: 0; background: ${rgb(QUADRANTS.bottomLeft)}; }
  #br { right: 0; bottom: 0; background: ${rgb(QUADRANTS.bottomRight)}; }
  #tick { position: fixed; left: 50%; top: 50%; transform: translate(-50%, -50%); font: 700 20px monospace;
          background: #000; color: #fff; padding: 2px 6px; }
</style></head>
<body><div class="q" id="tl"></div><div class="q" id="tr"></div><div class="q" id="bl"></div><div class="q" id="br"></div>
<div id="tick">0</div>
<script>let n = 0; setInterval(() => { document.getElementById('tick').textContent = String(++n); }, 33);</script>
</body></html>`;

/** Serves the pattern at /pattern on a loopback port (or on `host`, e.g. 0.0.0.0 for a browser in a network namespace). */
export async function startPatternServer(host = '127.0.0.1'): Promise<{ url: string; port: number; close: () => Promise<void> }> {
  const server: Server = createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    res.end(PATTERN_HTML);
  });
  await new Promise<void>((resolve) => server.listen(0, host, resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/pattern`,
    port,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/**
 * The average colour around the centre of each quadrant of the first playing
 * <video> on the page, read back through a canvas: proof of content, not just flow.
 */
export async function sampleVideoQuadrants(page: Page): Promise<Record<keyof typeof QUADRANTS, Rgb>> {
  return page.evaluate(() => {
    const video = document.querySelector('video');
    if (!video || video.videoWidth === 0) throw new Error('no decoded video');
    const canvas = document.createElement('canvas');
    canvas.width = video.videoWidth;
    canvas.height = video.videoHeight;
    const ctx = canvas.getContext('2d', { willReadFrequently: true });
    if (!ctx) throw new Error('no 2d context');
    ctx.drawImage(video, 0, 0);
    const at = (fx: number, fy: number): [number, number, number] => {
      const size = 9;
      const x = Math.round(canvas.width * fx) - 4;
      const y = Math.round(canvas.height * fy) - 4;
      const data = ctx.getImageData(x, y, size, size).data;
      const sum = [0, 0, 0];
      for (let i = 0; i < data.length; i += 4) for (let c = 0; c < 3; c++) sum[c]! += data[i + c]!;
      const n = data.length / 4;
      return [Math.round(sum[0]! / n), Math.round(sum[1]! / n), Math.round(sum[2]! / n)];
    };
    return { topLeft: at(0.25, 0.25), topRight: at(0.75, 0.25), bottomLeft: at(0.25, 0.75), bottomRight: at(0.75, 0.75) };
  });
}

/** Colours match within the tolerance video compression leaves. */
export function closeTo(actual: Rgb, expected: Rgb, tolerance = 45): boolean {
  return actual.every((value, i) => Math.abs(value - expected[i]!) <= tolerance);
}

/**
 * Wait until the page's video shows the four quadrants (frames settle as the
 * bitrate ramps up). Paths with more hops (a screen forwarded by the rep's
 * engine to a viewer) take longer to ramp up on a loaded machine: give them more.
 */
export async function expectPatternOnVideo(page: Page, { timeoutMs = 10_000 } = {}): Promise<void> {
  let last: Awaited<ReturnType<typeof sampleVideoQuadrants>> | undefined;
  for (let i = 0; i < timeoutMs / 200; i++) {
    last = await sampleVideoQuadrants(page).catch(() => undefined);
    if (last && (Object.keys(QUADRANTS) as (keyof typeof QUADRANTS)[]).every((q) => closeTo(last![q], QUADRANTS[q]))) return;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  expect(last, 'the video shows the shared tab’s four quadrants').toEqual(QUADRANTS);
}
