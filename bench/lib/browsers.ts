// Chromium for the browser benches, launched as the browser suite launches it
// (test/browser/harness/browsers.ts, whose flags ../shared/TESTING.md found to
// work here) but loading the bench's snapshot of the build.
import puppeteer, { type Browser, type WebWorker } from 'puppeteer-core';
import { chromiumPath, COMMON_FLAGS, EXTENSION_ID } from '../../test/browser/harness/browsers.ts';
import { killAtExit, tempDir } from './temp-dirs.ts';

export { EXTENSION_ID };


export interface BenchBrowser {
  browser: Browser;
  close(): Promise<void>;
}

const profile = () => tempDir('peerassist-bench-profile-');

/**
 * The rep's browser: the extension loaded, tab capture allowed (no fake-UI
 * flag: it breaks tabCapture). Its tabs are 1280x720: headless Chromium keeps
 * 87 px of a window for its (invisible) toolbar, so the window is 1280x807.
 */
export async function launchRep(extensionDir: string): Promise<BenchBrowser & { worker: () => Promise<WebWorker> }> {
  const p = profile();
  const browser = await puppeteer.launch({
    executablePath: chromiumPath(),
    headless: true,
    pipe: true,
    enableExtensions: [extensionDir],
    userDataDir: p.dir,
    defaultViewport: null,
    args: [...COMMON_FLAGS, '--window-size=1280,807', '--auto-accept-this-tab-capture', '--allow-http-screen-capture'],
  });
  const forget = browser.process() ? killAtExit(browser.process()!) : () => {};
  const worker = async () => {
    const target = await browser.waitForTarget(
      (t) => t.type() === 'service_worker' && t.url().startsWith(`chrome-extension://${EXTENSION_ID}/`),
      { timeout: 20_000 },
    );
    const w = await target.worker();
    if (!w) throw new Error('extension service worker has no worker handle');
    return w;
  };
  await worker();
  return {
    browser,
    worker,
    close: async () => {
      await browser.close().catch(() => {});
      forget();
      p.remove();
    },
  };
}

/** A customer's plain browser. */
export async function launchCustomer(): Promise<BenchBrowser> {
  const p = profile();
  const browser = await puppeteer.launch({
    executablePath: chromiumPath(),
    headless: true,
    userDataDir: p.dir,
    defaultViewport: { width: 1280, height: 800 },
    args: [...COMMON_FLAGS, '--window-size=1280,800', '--use-fake-device-for-media-stream', '--use-fake-ui-for-media-stream'],
  });
  const forget = browser.process() ? killAtExit(browser.process()!) : () => {};
  return {
    browser,
    close: async () => {
      await browser.close().catch(() => {});
      forget();
      p.remove();
    },
  };
}

/** Chromium's version string, e.g. "Chromium/156.0.8078.108" (HeadlessChrome in headless). */
export async function chromiumVersion(): Promise<string> {
  const browser = await puppeteer.launch({ executablePath: chromiumPath(), headless: true, args: ['--no-sandbox'] });
  try {
    return await browser.version();
  } finally {
    await browser.close();
  }
}
