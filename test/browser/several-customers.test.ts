// Several customers in real browsers (issue #6, FEATURES.md S11–S15): one rep
// with the built extension, two customers in two separate plain Chromiums.
// Both see the rep's tab; a customer asked for their screen shares it and the
// rep and the other customer both see its pixels; switching customer ends
// every share on every screen; the server turns away a customer over the
// site's limit; multi-session mode gives each customer a session tab of its
// own; the side panel shows the same live state as the dashboard.
import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { BrowserContext, Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../helpers/server.ts';
import { EXTENSION_ID, launchCustomerBrowser, launchRepBrowser, type LaunchedBrowser } from './harness/browsers.ts';
import { customerPage, expectPatternInViewer, paintPattern, removePattern } from './harness/customer.ts';
import { expectPatternOnVideo, startPatternServer } from './harness/pattern.ts';
import { openDashboard, shareTab, signIn, startSession } from './harness/rep.ts';
import { byRole, click, fill, waitForRemoteState, waitForText } from './harness/ui.ts';

const REP = { email: 'multi-rep@example.test', password: 'a long test password 6', name: 'Alex Rep' };
const SIDE_PANEL_URL = `chrome-extension://${EXTENSION_ID}/popup/sidepanel.html`;
// The README's screenshots of this flow, retaken on every run (npm run screenshots writes them to docs/).
const SCREENSHOTS = fileURLToPath(
  new URL(process.env.UPDATE_SCREENSHOTS ? '../../docs/screenshots/' : '../../test-results/screenshots/', import.meta.url),
);

let server: TestServer;
let pattern: Awaited<ReturnType<typeof startPatternServer>>;
let rep: Awaited<ReturnType<typeof launchRepBrowser>>;
let kimBrowser: LaunchedBrowser;
let leeBrowser: LaunchedBrowser;

beforeAll(async () => {
  server = await startTestServer({ webRoot: fileURLToPath(new URL('../../dist/web/', import.meta.url)) });
  const user = await server.createUser(REP.email, REP.password, REP.name);
  // This rep may use either mode (S1); the site allows two customers at once (S11).
  await server.store.users.update(user.id, { sessionMode: 'both' });
  await server.store.settings.update({ maxCustomers: 2 });
  pattern = await startPatternServer();
  [rep, kimBrowser, leeBrowser] = await Promise.all([launchRepBrowser(), launchCustomerBrowser(), launchCustomerBrowser()]);
});

afterAll(async () => {
  await Promise.all([rep?.close(), kimBrowser?.close(), leeBrowser?.close()]);
  await pattern?.close();
  await server?.stop();
});

async function join(page: Page, url: string, name: string): Promise<void> {
  await page.goto(url);
  await fill(page, 'Your name', name);
  await click(page, 'button', 'Join');
}

describe('several customers in one session (single-session mode)', () => {
  let dashboard: Page;
  let joinUrl: string;
  let kim: Page;
  let lee: Page;
  let thirdContext: BrowserContext;

  it('two customers in separate browsers join; each appears in the participant list with state and quality', async () => {
    dashboard = await openDashboard(rep);
    await dashboard.setViewport({ width: 520, height: 1100 });
    await signIn(dashboard, server.url, REP.email, REP.password);
    // Allowed both modes, the rep chooses; several customers in one session is the default.
    const single = await byRole(dashboard, 'radio', 'Several customers in one session');
    expect(await single.evaluate((el) => (el as HTMLInputElement).checked)).toBe(true);
    joinUrl = await startSession(dashboard);

    [kim, lee] = await Promise.all([customerPage(kimBrowser.browser), customerPage(leeBrowser.browser)]);
    await join(kim, joinUrl, 'Kim Customer');
    await join(lee, joinUrl, 'Lee Customer');
    await Promise.all([waitForRemoteState(kim, 'connected'), waitForRemoteState(lee, 'connected')]);
    await byRole(dashboard, 'button', 'Support Kim Customer');
    await byRole(dashboard, 'button', 'Support Lee Customer');
    // Quality is measured on the live connection and written out, never colour alone.
    await waitForText(dashboard, 'Connection: Good');
  });

  it('the rep supports Kim and shares a tab: both customers see its pixels', async () => {
    await click(dashboard, 'button', 'Support Kim Customer');
    await waitForText(dashboard, 'Supporting');
    await waitForText(kim, 'is now helping you');
    await shareTab(rep, dashboard, pattern.url, 'Shared test pattern');
    await Promise.all([waitForRemoteState(kim, 'viewing'), waitForRemoteState(lee, 'viewing')]);
    await expectPatternOnVideo(kim);
    await expectPatternOnVideo(lee);
  });

  it('"View customer\'s screen": Kim agrees and shares; the rep and Lee both see Kim\'s screen', async () => {
    await click(dashboard, 'button', "View customer's screen");
    // One stage per session: the rep's own share gives way.
    await waitForText(dashboard, 'Asking Kim Customer to share their screen');
    await byRole(kim, 'dialog', 'Share your screen?');
    await click(kim, 'button', 'Share my screen');
    await waitForText(kim, 'You are sharing your screen');
    await paintPattern(kim);

    await waitForText(dashboard, 'Kim Customer is sharing their screen');
    await expectPatternInViewer(dashboard);
    await waitForText(lee, 'Viewing Kim Customer’s screen');
    await expectPatternOnVideo(lee, { timeoutMs: 25_000 });
    mkdirSync(SCREENSHOTS, { recursive: true });
    await dashboard.screenshot({ path: `${SCREENSHOTS}rep-viewing-customer.png` });
  });

  it('switching to Lee ends Kim\'s share on every screen, and says so', async () => {
    await click(dashboard, 'button', 'Support Lee Customer');
    await waitForText(kim, 'your screen sharing stopped');
    await removePattern(kim);
    // Kim's page no longer says it shares; Lee's video is gone; the rep's viewer is gone.
    await kim.waitForFunction(() => !document.body.innerText.includes('You are sharing your screen'), { timeout: 10_000, polling: 100 });
    await lee.waitForFunction(() => document.documentElement.dataset.remoteState !== 'viewing', { timeout: 10_000, polling: 100 });
    await dashboard.waitForFunction(() => !document.body.innerText.includes('is sharing their screen'), { timeout: 10_000, polling: 100 });
    await waitForText(dashboard, 'You switched customer, so all sharing has ended.');
    await waitForText(lee, 'is now helping you');
  });

  it('a customer whose browser cannot share a screen is told so plainly when asked, and the rep sees why', async () => {
    thirdContext = await leeBrowser.browser.createBrowserContext();
    const phone = await customerPage(thirdContext, { phone: true });
    // The site allows two customers: Kim leaves, and a customer on a phone takes her place.
    await click(kim, 'button', 'Leave session');
    await waitForRemoteState(kim, 'left');
    await join(phone, joinUrl, 'Pat Phone');
    await waitForRemoteState(phone, 'connected');
    await click(dashboard, 'button', 'Support Pat Phone');
    await click(dashboard, 'button', "View customer's screen");
    // The ask travels rep → server → phone after the phone's join settles: give a loaded machine time.
    await byRole(phone, 'dialog', 'This browser cannot share a screen', 25_000);
    expect(await phone.$$eval('button', (buttons) => buttons.some((b) => b.textContent?.includes('Share my screen')))).toBe(false);
    await click(phone, 'button', 'OK');
    await waitForText(dashboard, 'Pat Phone’s browser cannot share a screen');
    await dashboard.waitForFunction(() => !document.body.innerText.includes('Asking Pat Phone'), { timeout: 10_000, polling: 100 });
    // They stay in the session and still watch: the rep shares, the phone sees it.
    await shareTab(rep, dashboard, pattern.url, 'Shared test pattern');
    await waitForRemoteState(phone, 'viewing');
    await expectPatternOnVideo(phone);
    await click(phone, 'button', 'Leave session');
    await waitForRemoteState(phone, 'left');
    // Kim comes back for the rest of the suite.
    await join(kim, joinUrl, 'Kim Customer');
    await waitForRemoteState(kim, 'viewing');
  });

  it('a third customer is over the site’s limit of two: told so politely, and the rep sees who', async () => {
    const third = await customerPage(thirdContext);
    await join(third, joinUrl, 'Third Customer');
    await waitForRemoteState(third, 'error');
    await waitForText(third, 'already helping as many customers as they can');
    await waitForText(dashboard, 'Third Customer was turned away');
    await thirdContext.close();
  });

  it('the side panel shows the same live session as the dashboard, and its controls act on it', async () => {
    const panel = await rep.browser.newPage();
    await panel.setViewport({ width: 900, height: 900 });
    await panel.goto(SIDE_PANEL_URL);
    const number = new URL(joinUrl).pathname.split('/').at(-1)!;
    await waitForText(panel, `${number.slice(0, 3)} ${number.slice(3, 6)} ${number.slice(6)}`);
    await byRole(panel, 'button', 'Support Kim Customer');
    await waitForText(panel, 'Lee Customer');
    await panel.screenshot({ path: `${SCREENSHOTS}side-panel.png` });
    // An action in the side panel shows in the dashboard at once.
    await click(panel, 'button', 'Support Kim Customer');
    await dashboard.waitForFunction(
      () => document.querySelector('[aria-label="Support Kim Customer"]')?.getAttribute('aria-pressed') === 'true',
      { timeout: 10_000, polling: 100 },
    );
    await panel.close();
  });

  it('End session reaches both customers', async () => {
    await click(dashboard, 'button', 'End session');
    await Promise.all([waitForRemoteState(kim, 'ended'), waitForRemoteState(lee, 'ended')]);
    await dashboard.close();
  });
});

describe('one customer per session (multi-session mode)', () => {
  it('two session tabs with their own numbers, each with its own customer', async () => {
    const dashboard = await openDashboard(rep);
    await dashboard.setViewport({ width: 520, height: 1100 });
    await click(dashboard, 'radio', 'One customer per session');
    const firstUrl = await startSession(dashboard);
    await click(dashboard, 'button', 'New session');
    // The new session is the active tab, with a join link of its own.
    const sessionTabs = '[role="tablist"][aria-label="Session tabs"] [role="tab"]';
    await dashboard.waitForFunction((selector) => document.querySelectorAll(selector).length === 2, { timeout: 10_000, polling: 100 }, sessionTabs);
    await dashboard.waitForFunction(
      (first) => {
        const field = document.querySelector<HTMLInputElement>('input[readonly]');
        return field !== null && field.value.includes('/join/') && field.value !== first;
      },
      { timeout: 10_000, polling: 100 },
      firstUrl,
    );
    const secondUrl = await (await byRole(dashboard, 'textbox', 'Join link')).evaluate((el) => (el as HTMLInputElement).value);
    const numberOf = (url: string) => new URL(url).pathname.split('/').at(-1)!;
    expect(numberOf(secondUrl)).not.toBe(numberOf(firstUrl));

    const [kim, lee] = await Promise.all([customerPage(kimBrowser.browser), customerPage(leeBrowser.browser)]);
    await join(kim, firstUrl, 'Kim Customer');
    await join(lee, secondUrl, 'Lee Customer');
    await Promise.all([waitForRemoteState(kim, 'connected'), waitForRemoteState(lee, 'connected')]);

    // Each tab is named by its number and its customer, and shows only its own customer.
    const spaced = (n: string) => `${n.slice(0, 3)} ${n.slice(3, 6)} ${n.slice(6)}`;
    const firstTab = await byRole(dashboard, 'tab', `${spaced(numberOf(firstUrl))} Kim Customer`);
    await byRole(dashboard, 'tab', `${spaced(numberOf(secondUrl))} Lee Customer`);
    await waitForText(dashboard, 'Lee Customer');
    expect(await dashboard.evaluate(() => document.querySelector('[role="tabpanel"]:not([hidden])')?.textContent?.includes('Kim Customer'))).toBe(false);
    await firstTab.click();
    await dashboard.waitForFunction(() => document.querySelector('[role="tabpanel"]:not([hidden])')?.textContent?.includes('Kim Customer'), {
      timeout: 10_000,
    });

    // Ending one session leaves the other running.
    await click(dashboard, 'button', 'End session');
    await waitForRemoteState(kim, 'ended');
    await waitForText(dashboard, 'Lee Customer');
    expect(await lee.evaluate(() => document.documentElement.dataset.remoteState)).toBe('connected');
    await click(dashboard, 'button', 'End session');
    await waitForRemoteState(lee, 'ended');
    await Promise.all([kim.close(), lee.close(), dashboard.close()]);
  });
});

describe('the rep shares a window or the whole screen (S13)', () => {
  it('"Share a window or screen" goes through the browser’s picker and reaches the customer', async () => {
    // A separate rep browser whose picker answers by itself with a synthetic screen (TESTING.md).
    const picker = await launchRepBrowser({ fakeScreenPicker: true });
    try {
      const dashboard = await openDashboard(picker);
      await signIn(dashboard, server.url, REP.email, REP.password);
      const url = await startSession(dashboard);
      const kim = await customerPage(kimBrowser.browser);
      await join(kim, url, 'Kim Customer');
      await waitForRemoteState(kim, 'connected');
      await click(dashboard, 'button', 'Share a window or screen');
      await waitForText(dashboard, 'Sharing: your screen');
      await waitForRemoteState(kim, 'viewing');
      // Frames arrive: the synthetic screen is decoded on the customer's side.
      await kim.waitForFunction(() => (document.querySelector('video')?.videoWidth ?? 0) > 0, { timeout: 15_000, polling: 100 });
      await click(dashboard, 'button', 'Stop sharing');
      await kim.waitForFunction(() => document.documentElement.dataset.remoteState !== 'viewing', { timeout: 10_000, polling: 100 });
      await click(dashboard, 'button', 'End session');
      await waitForRemoteState(kim, 'ended');
      await kim.close();
    } finally {
      await picker.close();
    }
  });
});
