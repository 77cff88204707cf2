// Launching Debian's Chromium (and Firefox ESR) for the browser suites, with
// the flags ../shared/TESTING.md found to work here: new headless, no sandbox
// (CI runs as root), no background networking (the machine has no internet).
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import puppeteer, { type Browser, type WebWorker } from 'puppeteer-core';

export const CHROME_EXTENSION_DIR = fileURLToPath(new URL('../../../dist/chrome/', import.meta.url));
export const FIREFOX_EXTENSION_DIR = fileURLToPath(new URL('../../../dist/firefox/', import.meta.url));

/** Fixed by manifest.json's "key": the same id on every machine. */
export const EXTENSION_ID = 'fdgmbdnbjbjlpdlagchgjfilkilfmbnd';

export const chromiumPath = (): string => process.env.PUPPETEER_EXECUTABLE_PATH ?? '/usr/bin/chromium';
export const firefoxPath = (): string => process.env.FIREFOX_PATH ?? '/usr/bin/firefox-esr';

/** Flags every Chromium here needs (TESTING.md); the benchmarks launch with the same ones. */
export const COMMON_FLAGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-quic',
  '--allow-loopback-in-peer-connection',
  '--disable-features=WebRtcHideLocalIpsWithMdns',
  '--autoplay-policy=no-user-gesture-required',
];
const WINDOW = '--window-size=1280,800';

export interface LaunchedBrowser {
  browser: Browser;
  close(): Promise<void>;
}

function tempProfile(): { dir: string; remove: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'peerassist-profile-'));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/**
 * The rep's browser: the built extension loaded. No --use-fake-ui-for-media-stream:
 * it breaks tabCapture (TESTING.md). The toolbar click (triggerExtensionAction)
 * grants activeTab, which tab capture needs. With `fakeScreenPicker` the flag is
 * on instead: the window/screen picker answers with a synthetic screen (no tab
 * capture in that browser).
 */
export async function launchRepBrowser({ fakeScreenPicker = false, fakeDevices = false, executablePath = chromiumPath() } = {}): Promise<LaunchedBrowser & { worker: () => Promise<WebWorker> }> {
  if (!existsSync(join(CHROME_EXTENSION_DIR, 'manifest.json'))) throw new Error('dist/chrome is not built: run npm run build');
  const profile = tempProfile();
  const browser = await puppeteer.launch({
    executablePath,
    headless: true,
    pipe: true,
    enableExtensions: [CHROME_EXTENSION_DIR],
    userDataDir: profile.dir,
    // No emulated viewport: tab capture records the real window surface, and an
    // emulated 800x600 viewport inside it would crop and stretch the picture.
    defaultViewport: null,
    args: [
      ...COMMON_FLAGS,
      WINDOW,
      ...(fakeScreenPicker ? ['--use-fake-ui-for-media-stream', '--use-fake-device-for-media-stream'] : ['--auto-accept-this-tab-capture', '--allow-http-screen-capture']),
      // A fake microphone and camera (voice and video, issue #9); without the fake UI, so tab capture still works.
      ...(fakeDevices && !fakeScreenPicker ? ['--use-fake-device-for-media-stream'] : []),
    ],
  });
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
      profile.remove();
    },
  };
}

/** A customer's plain browser: no extension; fake camera/mic and auto-accepted prompts. */
export async function launchCustomerBrowser(): Promise<LaunchedBrowser> {
  const profile = tempProfile();
  const browser = await puppeteer.launch({
    executablePath: chromiumPath(),
    headless: true,
    userDataDir: profile.dir,
    args: [...COMMON_FLAGS, WINDOW, '--use-fake-device-for-media-stream', '--use-fake-ui-for-media-stream'],
  });
  return {
    browser,
    close: async () => {
      await browser.close().catch(() => {});
      profile.remove();
    },
  };
}

/** Firefox ESR over WebDriver BiDi, with fake media and no permission prompts. */
/**
 * Firefox ESR over WebDriver BiDi. Headless unless given a `display` (Xvfb):
 * sharing a window or screen needs a real one. `prefs` add to the defaults.
 */
export async function launchFirefox({ display, prefs = {} }: { display?: string; prefs?: Record<string, unknown> } = {}): Promise<LaunchedBrowser> {
  const profile = tempProfile();
  const browser = await puppeteer.launch({
    browser: 'firefox',
    executablePath: firefoxPath(),
    headless: display === undefined,
    ...(display !== undefined && { env: { ...process.env, DISPLAY: display }, defaultViewport: null, args: ['--width=1280', '--height=800'] }),
    userDataDir: profile.dir,
    extraPrefsFirefox: {
      'media.navigator.streams.fake': true,
      'media.navigator.permission.disabled': true,
      'media.autoplay.default': 0,
      'network.captive-portal-service.enabled': false,
      'app.update.enabled': false,
      'browser.shell.checkDefaultBrowser': false,
      'datareporting.policy.dataSubmissionEnabled': false,
      'toolkit.telemetry.enabled': false,
      ...prefs,
    },
  });
  return {
    browser,
    close: async () => {
      await browser.close().catch(() => {});
      profile.remove();
    },
  };
}
