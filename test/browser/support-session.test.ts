// The walking skeleton, end to end, in real browsers (issue #2): a rep with the
// built extension in Chromium signs in, starts a session and shares a tab
// through tabCapture + the offscreen document; a customer in a second, plain
// Chromium opens the join link and must see the tab's actual pixels. Then stop
// sharing and end the session, and the customer's page says so each time.
import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../helpers/server.ts';
import { EXTENSION_ID, launchCustomerBrowser, launchRepBrowser, type LaunchedBrowser } from './harness/browsers.ts';
import { expectPatternOnVideo, startPatternServer } from './harness/pattern.ts';
import { closeIfOpen, openActionPopup, openDashboard, shareTab, signIn, startSession, waitForLeft } from './harness/rep.ts';
import { byRole, click, fill, waitForRemoteState, waitForText } from './harness/ui.ts';
// Every run takes the README's screenshots (so they can always be retaken from
// a real session) into test-results/; `npm run screenshots` writes them to docs/.
const SCREENSHOTS = fileURLToPath(
  new URL(process.env.UPDATE_SCREENSHOTS ? '../../docs/screenshots/' : '../../test-results/screenshots/', import.meta.url),
);
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

describe('one support session, end to end', () => {
  let dashboard: Page;
  let joinUrl: string;
  let customerPage: Page;
  let shared: Page;

  it('the rep sets the server in the options, signs in and starts a session with a 9-digit number and a join link', async () => {
    // The server address is set in the extension's options (it defaults to 127.0.0.1:8787).
    const options = await rep.browser.newPage();
    await options.goto(`chrome-extension://${EXTENSION_ID}/options/options.html`);
    const field = await byRole(options, 'textbox', 'Server');
    expect(await field.evaluate((el) => (el as HTMLInputElement).value)).toBe('http://127.0.0.1:8787');
    await fill(options, 'Server', server.url);
    await click(options, 'button', 'Save');
    await waitForText(options, 'Saved');
    await options.close();

    dashboard = await openDashboard(rep);
    const serverField = await byRole(dashboard, 'textbox', 'Server');
    expect(await serverField.evaluate((el) => (el as HTMLInputElement).value)).toBe(server.url);
    await signIn(dashboard, server.url, REP.email, REP.password);
    joinUrl = await startSession(dashboard);
    const match = /\/join\/(\d{9})\?t=[A-Za-z0-9_-]{22}$/.exec(joinUrl);
    expect(match, joinUrl).not.toBeNull();
    const number = match![1]!;
    // Shown in groups of three, as it is read over the phone.
    await waitForText(dashboard, `${number.slice(0, 3)} ${number.slice(3, 6)} ${number.slice(6)}`);
    await byRole(dashboard, 'button', 'Copy join link');
    await waitForText(dashboard, 'Connected to the server');
  });

  it('the rep shares a tab from the toolbar popup', async () => {
    shared = await shareTab(rep, dashboard, pattern.url, 'Shared test pattern');
    // The rep sees which tab is shared, and so does the tab itself (the banner).
    await shared.waitForSelector('#peerassist-share-banner[role="status"]', { timeout: 5_000 });
  });

  it('the customer joins from the link and sees the shared tab’s pixels', async () => {
    customerPage = await customer.browser.newPage();
    await customerPage.setViewport({ width: 1280, height: 800 });
    await customerPage.goto(joinUrl);
    await fill(customerPage, 'Your name', 'Kim Customer');
    await click(customerPage, 'button', 'Join');
    await waitForRemoteState(customerPage, 'viewing');
    await expectPatternOnVideo(customerPage);
    await waitForText(customerPage, 'Viewing Alex Rep’s screen');
    // Captured at the tab's own size: a 1280-wide tab is not scaled up to 1080p.
    const width = await customerPage.evaluate(() => document.querySelector('video')?.videoWidth ?? 0);
    expect(width).toBeGreaterThan(0);
    expect(width).toBeLessThanOrEqual(1280);

    // The rep sees the customer, connected, with media up.
    await waitForText(dashboard, 'Kim Customer');
    await waitForText(dashboard, 'media connected');

    mkdirSync(SCREENSHOTS, { recursive: true });
    await customerPage.screenshot({ path: `${SCREENSHOTS}customer-view.png` });
    await dashboard.screenshot({ path: `${SCREENSHOTS}rep-dashboard.png` });
  });

  it('closing the popup does not end the session', async () => {
    await dashboard.close();
    dashboard = await openDashboard(rep);
    await waitForText(dashboard, 'Kim Customer');
    await waitForText(dashboard, 'Sharing: Shared test pattern');
    await expectPatternOnVideo(customerPage);
  });

  it('a stopped service worker loses nothing: it restarts, resumes and media keeps flowing', async () => {
    // Chrome stops idle MV3 workers at will (PLATFORM.md). With no dashboard
    // open (an open port would wake it at once), stop it through DevTools.
    await dashboard.close();
    const workerAlive = () => rep.browser.targets().some((t) => t.type() === 'service_worker' && t.url().includes(EXTENSION_ID));
    await (await rep.worker()).close();
    for (let i = 0; i < 50 && workerAlive(); i++) await new Promise((resolve) => setTimeout(resolve, 100));
    expect(workerAlive(), 'the service worker was stopped').toBe(false);
    // Media lives in the offscreen document, not the worker: the customer keeps seeing the tab.
    await expectPatternOnVideo(customerPage);
    // Opening the dashboard wakes a fresh worker, which reloads the session from
    // storage.session, reconnects and resumes it on the server.
    dashboard = await openDashboard(rep);
    await waitForText(dashboard, 'Kim Customer');
    await waitForText(dashboard, 'Sharing: Shared test pattern');
    await waitForText(dashboard, 'Connected to the server');
    expect(workerAlive(), 'a new service worker runs').toBe(true);
    await expectPatternOnVideo(customerPage);
  });

  it('a customer with the number alone waits in the lobby until the rep admits them', async () => {
    const number = new URL(joinUrl).pathname.split('/').pop()!;
    const lobby = await customer.browser.newPage();
    await lobby.goto(`${server.url}/join`);
    await fill(lobby, 'Session number', number);
    await fill(lobby, 'Your name', 'Lee Lobby');
    await click(lobby, 'button', 'Join');
    await waitForRemoteState(lobby, 'lobby');
    await waitForText(lobby, 'Waiting for the representative to admit you');
    await waitForText(dashboard, 'waiting to be admitted');

    await click(dashboard, 'button', 'Admit Lee Lobby');
    await waitForRemoteState(lobby, 'viewing');
    await expectPatternOnVideo(lobby);
    await waitForText(dashboard, 'Lee Lobby');
    // Closing the page leaves the session: the rep's list shows the customer as left.
    await lobby.close();
    await waitForLeft(dashboard, 'Lee Lobby');
  });

  it('stop sharing: the customer is told, and sharing again brings the pixels back', async () => {
    await click(dashboard, 'button', 'Stop sharing');
    await waitForRemoteState(customerPage, 'stopped');
    await waitForText(customerPage, 'The representative stopped sharing.');
    await shared.waitForSelector('#peerassist-share-banner', { hidden: true, timeout: 5_000 });

    // Sharing again adds a new track to the live connection (renegotiation).
    const popup = await openActionPopup(rep, shared);
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
