// The walking skeleton, end to end, in real browsers (issue #2): a rep with the
// built extension in Chromium signs in, starts a session and shares a tab
// through tabCapture + the offscreen document; a customer in a second, plain
// Chromium opens the join link and must see the tab's actual pixels. Then stop
// sharing and end the session, and the customer's page says so each time.
import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Page, Target } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../helpers/server.ts';
import { EXTENSION_ID, launchCustomerBrowser, launchRepBrowser, type LaunchedBrowser } from './harness/browsers.ts';
import { closeTo, QUADRANTS, sampleVideoQuadrants, startPatternServer } from './harness/pattern.ts';
import { byRole, click, fill, waitForRemoteState, waitForText } from './harness/ui.ts';

const DASHBOARD_URL = `chrome-extension://${EXTENSION_ID}/popup/popup.html`;
const SCREENSHOTS = fileURLToPath(new URL('../../docs/screenshots/', import.meta.url));
const REP = { email: 'rep@example.test', password: 'a long test password 1' };

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

async function openDashboard(): Promise<Page> {
  const page = await rep.browser.newPage();
  await page.setViewport({ width: 420, height: 720 });
  await page.goto(DASHBOARD_URL);
  return page;
}

/** Click the toolbar button on `page` (grants activeTab) and return the popup that opens. */
async function openActionPopup(page: Page): Promise<Page> {
  const extension = (await rep.browser.extensions()).get(EXTENSION_ID);
  if (!extension) throw new Error('extension not installed');
  const isPopup = (t: Target) => t.url() === DASHBOARD_URL && t.type() !== 'service_worker';
  const before = new Set(rep.browser.targets().filter(isPopup));
  await page.bringToFront();
  await page.triggerExtensionAction(extension);
  const target = await rep.browser.waitForTarget((t) => isPopup(t) && !before.has(t), { timeout: 10_000 });
  const popup = await target.asPage();
  await byRole(popup, 'heading', 'PeerAssist');
  return popup;
}

async function closeIfOpen(page: Page): Promise<void> {
  if (!page.isClosed()) await page.close().catch(() => {});
}

async function expectPatternOnVideo(page: Page): Promise<void> {
  // Frames can take a moment to settle after the first decode (bitrate ramps up).
  let last: Awaited<ReturnType<typeof sampleVideoQuadrants>> | undefined;
  for (let i = 0; i < 50; i++) {
    last = await sampleVideoQuadrants(page).catch(() => undefined);
    if (last && (Object.keys(QUADRANTS) as (keyof typeof QUADRANTS)[]).every((q) => closeTo(last![q], QUADRANTS[q]))) return;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  expect(last, 'the customer video shows the shared tab’s quadrants').toEqual(QUADRANTS);
}

describe('one support session, end to end', () => {
  let dashboard: Page;
  let joinUrl: string;
  let customerPage: Page;
  let shared: Page;

  it('the rep signs in and starts a session with a 9-digit number and a join link', async () => {
    dashboard = await openDashboard();
    await fill(dashboard, 'Server', server.url);
    await fill(dashboard, 'Email', REP.email);
    await fill(dashboard, 'Password', REP.password);
    await click(dashboard, 'button', 'Sign in');
    await waitForText(dashboard, `Signed in as ${REP.email}`);

    await click(dashboard, 'button', 'Start session');
    const link = await byRole(dashboard, 'textbox', 'Join link');
    joinUrl = await link.evaluate((el) => (el as HTMLInputElement).value);
    const match = /\/join\/(\d{9})\?t=[A-Za-z0-9_-]{22}$/.exec(joinUrl);
    expect(match, joinUrl).not.toBeNull();
    const number = match![1]!;
    // Shown in groups of three, as it is read over the phone.
    await waitForText(dashboard, `${number.slice(0, 3)} ${number.slice(3, 6)} ${number.slice(6)}`);
    await byRole(dashboard, 'button', 'Copy join link');
    await waitForText(dashboard, 'Connected to the server');
  });

  it('the rep shares a tab from the toolbar popup', async () => {
    shared = await rep.browser.newPage();
    await shared.goto(pattern.url);
    const popup = await openActionPopup(shared);
    await click(popup, 'button', 'Share this tab');
    // Chrome may close the action popup once capture starts; the dashboard shows the result.
    await waitForText(dashboard, 'Sharing: Shared test pattern');
    await closeIfOpen(popup);
  });

  it('the customer joins from the link and sees the shared tab’s pixels', async () => {
    customerPage = await customer.browser.newPage();
    await customerPage.setViewport({ width: 1280, height: 800 });
    await customerPage.goto(joinUrl);
    await fill(customerPage, 'Your name', 'Kim Customer');
    await click(customerPage, 'button', 'Join');
    await waitForRemoteState(customerPage, 'viewing');
    await expectPatternOnVideo(customerPage);
    await waitForText(customerPage, 'you are seeing their screen');

    // The rep sees the customer, connected, with media up.
    await waitForText(dashboard, 'Kim Customer');
    await waitForText(dashboard, 'media connected');

    mkdirSync(SCREENSHOTS, { recursive: true });
    await customerPage.screenshot({ path: `${SCREENSHOTS}customer-view.png` });
    await dashboard.screenshot({ path: `${SCREENSHOTS}rep-dashboard.png` });
  });

  it('closing the popup does not end the session', async () => {
    await dashboard.close();
    dashboard = await openDashboard();
    await waitForText(dashboard, 'Kim Customer');
    await waitForText(dashboard, 'Sharing: Shared test pattern');
    await expectPatternOnVideo(customerPage);
  });

  it('stop sharing: the customer is told, and sharing again brings the pixels back', async () => {
    await click(dashboard, 'button', 'Stop sharing');
    await waitForRemoteState(customerPage, 'stopped');
    await waitForText(customerPage, 'The representative stopped sharing.');

    // Sharing again adds a new track to the live connection (renegotiation).
    const popup = await openActionPopup(shared);
    await click(popup, 'button', 'Share this tab');
    await waitForRemoteState(customerPage, 'viewing');
    await expectPatternOnVideo(customerPage);
    await closeIfOpen(popup);
  });

  it('end session: the customer sees the session ended and the number is dead', async () => {
    await click(dashboard, 'button', 'End session');
    await waitForRemoteState(customerPage, 'ended');
    await waitForText(customerPage, 'The session has ended');
    await waitForText(dashboard, 'Start session');

    const late = await customer.browser.newPage();
    await late.goto(joinUrl);
    await fill(late, 'Your name', 'Late Customer');
    await click(late, 'button', 'Join');
    await waitForText(late, 'There is no session with that number');
  });
});
