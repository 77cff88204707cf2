// Firefox (ESR, over WebDriver BiDi): what can be driven here (TESTING.md).
// - dist/firefox passes Mozilla's linter (what `web-ext lint` runs) with 0 errors;
// - it installs as a temporary add-on in Firefox ESR;
// - a customer on Firefox joins a Chromium rep's session, sees the right pixels,
//   and stays "viewing" (never a false "reconnecting") on the live link.
// BiDi cannot open moz-extension:// pages, so the Firefox rep UI is not driven here.
import { fileURLToPath } from 'node:url';
// @ts-expect-error addons-linter ships no type declarations
import addonsLinter from 'addons-linter';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../helpers/server.ts';
import { FIREFOX_EXTENSION_DIR, launchFirefox, launchRepBrowser, type LaunchedBrowser } from './harness/browsers.ts';
import { expectPatternOnVideo, startPatternServer } from './harness/pattern.ts';
import { openDashboard, shareTab, signIn, startSession } from './harness/rep.ts';
import { click, fill, waitForRemoteState, waitForText } from './harness/ui.ts';

interface LintMessage {
  code: string;
  message: string;
  file?: string;
}
interface LintResult {
  summary: { errors: number; warnings: number };
  errors: LintMessage[];
}

describe('Firefox', () => {
  let firefox: LaunchedBrowser;

  beforeAll(async () => {
    firefox = await launchFirefox();
  });
  afterAll(async () => {
    await firefox?.close();
  });

  it('dist/firefox passes the add-ons linter with no errors', async () => {
    const linter = addonsLinter.createInstance({
      config: {
        _: [FIREFOX_EXTENSION_DIR],
        logLevel: 'fatal',
        stack: false,
        pretty: false,
        warningsAsErrors: false,
        metadata: false,
        output: 'none',
        boring: false,
        selfHosted: false,
      },
      runAsBinary: false,
    });
    const result = (await linter.run()) as LintResult;
    expect(result.errors.map((e) => `${e.code}: ${e.message} (${e.file ?? ''})`)).toEqual([]);
    expect(result.summary.errors).toBe(0);
  });

  it('installs in Firefox ESR as a temporary add-on', async () => {
    const id = await firefox.browser.installExtension(FIREFOX_EXTENSION_DIR);
    expect(id).toBe('peerassist@peerassist.dev');
    await firefox.browser.uninstallExtension(id);
  });

  describe('a customer on Firefox with a rep on Chromium', () => {
    let server: TestServer;
    let pattern: Awaited<ReturnType<typeof startPatternServer>>;
    let rep: Awaited<ReturnType<typeof launchRepBrowser>>;

    beforeAll(async () => {
      server = await startTestServer({ webRoot: fileURLToPath(new URL('../../dist/web/', import.meta.url)) });
      await server.createUser('rep@example.test', 'a long test password 2', 'Sam Rep');
      pattern = await startPatternServer();
      rep = await launchRepBrowser();
    });
    afterAll(async () => {
      await rep?.close();
      await pattern?.close();
      await server?.stop();
    });

    it('joins from the link and sees the shared tab’s pixels, then the end', async () => {
      const dashboard = await openDashboard(rep);
      await signIn(dashboard, server.url, 'rep@example.test', 'a long test password 2');
      const joinUrl = await startSession(dashboard);
      await shareTab(rep, dashboard, pattern.url, 'Shared test pattern');

      const page = await firefox.browser.newPage();
      await page.goto(joinUrl);
      await fill(page, 'Your name', 'Firefox Customer');
      await click(page, 'button', 'Join');
      await waitForRemoteState(page, 'viewing', 30_000);
      await expectPatternOnVideo(page);
      await waitForText(dashboard, 'Firefox Customer');
      // A live link stays "viewing": the stall watchdog reads Firefox's byte counts (its transport
      // report has none; before, every Firefox link said "reconnecting" a second after connecting).
      const states = await page.evaluate(async () => {
        const seen = new Set<string>();
        for (let i = 0; i < 30; i++) {
          seen.add(document.documentElement.dataset.remoteState ?? '');
          await new Promise((resolve) => setTimeout(resolve, 100));
        }
        return [...seen];
      });
      expect(states).toEqual(['viewing']);

      await click(dashboard, 'button', 'End session');
      await waitForRemoteState(page, 'ended');
    });
  });
});
