// Chat in real browsers (issue #9): the rep's dashboard (built extension in
// Chromium) and customers' Remote Support pages (a plain Chromium), peer to
// peer over the session data channel with the rep's media engine as the hub.
// Both ways, markup shown as text, unread marks on both sides, another
// customer getting the log so far and what the first one says through the
// hub, the log kept across a closed popup and a stopped service worker, and an
// assistant in the chat until control passes to them, which ends the chat for
// everyone and hands its log over (FEATURES.md S20).
import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../helpers/server.ts';
import { EXTENSION_ID, launchCustomerBrowser, launchRepBrowser, type LaunchedBrowser } from './harness/browsers.ts';
import { openDashboard, signIn, startSession } from './harness/rep.ts';
import { byRole, click, fill, waitForRemoteState, waitForText } from './harness/ui.ts';

// Screenshots of the chat on both sides, retaken on every run (for a look; not asserted on).
const SCREENSHOTS = fileURLToPath(new URL('../../test-results/screenshots/', import.meta.url));
const REP = { email: 'chat-rep@example.test', password: 'a long test password 9' };
const HELPER = { email: 'chat-helper@example.test', password: 'a long test password 11', name: 'Helen Helper' };
const PAYLOAD = '<script>window.__pwned = 1</script><img src=x onerror="window.__pwned = 2">';

let server: TestServer;
let rep: Awaited<ReturnType<typeof launchRepBrowser>>;
let customer: LaunchedBrowser;
let helperBrowser: Awaited<ReturnType<typeof launchRepBrowser>>;

beforeAll(async () => {
  server = await startTestServer({ webRoot: fileURLToPath(new URL('../../dist/web/', import.meta.url)) });
  await server.createUser(REP.email, REP.password, 'Alex Rep');
  await server.createUser(HELPER.email, HELPER.password, HELPER.name);
  [rep, customer, helperBrowser] = await Promise.all([launchRepBrowser(), launchCustomerBrowser(), launchRepBrowser()]);
});

afterAll(async () => {
  await Promise.all([rep?.close(), customer?.close(), helperBrowser?.close()]);
  await server?.stop();
});

/** The text of the chat log on a page (the log region is named "Chat messages"). */
async function logText(page: Page): Promise<string> {
  const log = await byRole(page, 'log', 'Chat messages');
  return log.evaluate((el) => (el as HTMLElement).innerText);
}

async function waitForLogText(page: Page, text: string): Promise<void> {
  await page.waitForFunction(
    (t) => [...document.querySelectorAll('[role="log"]')].some((el) => (el as HTMLElement).innerText.includes(t)),
    { timeout: 15_000, polling: 100 },
    text,
  );
}

async function say(page: Page, text: string): Promise<void> {
  await fill(page, 'Message', text);
  await click(page, 'button', 'Send');
}

async function joinAs(url: string, name: string): Promise<Page> {
  const page = await customer.browser.newPage();
  await page.setViewport({ width: 1100, height: 900 });
  await page.goto(url);
  await fill(page, 'Your name', name);
  await click(page, 'button', 'Join');
  await waitForRemoteState(page, 'connected');
  return page;
}

describe('chat between the rep and customers', () => {
  let dashboard: Page;
  let joinUrl: string;
  let kim: Page;

  it('a customer’s message reaches the rep’s dashboard, marked unread until the rep looks', async () => {
    dashboard = await openDashboard(rep);
    await signIn(dashboard, server.url, REP.email, REP.password);
    joinUrl = await startSession(dashboard);
    kim = await joinAs(joinUrl, 'Kim Customer');
    await waitForText(dashboard, 'media connected');

    await click(kim, 'button', 'Chat');
    // The session channel is up: nothing says the chat is waiting.
    await kim.waitForFunction(() => !document.body.innerText.includes('The chat connects when'), { timeout: 15_000, polling: 100 });
    await say(kim, 'Hello, my printer is gone');
    await waitForLogText(kim, 'Hello, my printer is gone');
    expect(await logText(kim)).toContain('Kim Customer (you)');

    // The dashboard shows the Session tab: the Chat tab says what is unread.
    await byRole(dashboard, 'tab', 'Chat (1 unread)');
    await click(dashboard, 'tab', 'Chat (1 unread)');
    await waitForLogText(dashboard, 'Hello, my printer is gone');
    expect(await logText(dashboard)).toContain('Kim Customer');
    // Looked at: no longer unread.
    await byRole(dashboard, 'tab', 'Chat');
  });

  it('the rep’s message reaches the customer as text, markup and all, with an unread mark while the panel is closed', async () => {
    await click(kim, 'button', 'Chat');
    expect(await kim.$eval('#remote-chat-toggle', (el) => el.getAttribute('aria-expanded'))).toBe('false');
    await say(dashboard, PAYLOAD);
    await waitForLogText(dashboard, PAYLOAD);

    await byRole(kim, 'button', 'Chat (1 unread)');
    await click(kim, 'button', 'Chat (1 unread)');
    await waitForLogText(kim, PAYLOAD);
    await byRole(kim, 'button', 'Chat');
    expect(await logText(kim)).toContain('Alex Rep');
    // Shown as typed, never run: no element came out of it, nothing ran.
    for (const page of [kim, dashboard]) {
      const log = await byRole(page, 'log', 'Chat messages');
      expect(await log.evaluate((el) => el.querySelectorAll('script, img').length)).toBe(0);
      expect(await page.evaluate(() => (window as { __pwned?: number }).__pwned)).toBeUndefined();
    }
  });

  it('a second customer gets the log so far, and what the first says reaches them through the hub', async () => {
    const lee = await joinAs(joinUrl, 'Lee Second');
    await byRole(lee, 'button', 'Chat (2 unread)', 20_000);
    await click(lee, 'button', 'Chat (2 unread)');
    await waitForLogText(lee, 'Hello, my printer is gone');
    await waitForLogText(lee, PAYLOAD);

    await say(kim, 'Lee, can you see this?');
    await waitForLogText(lee, 'Lee, can you see this?');
    await waitForLogText(dashboard, 'Lee, can you see this?');
    await say(lee, 'Yes, Kim');
    await waitForLogText(kim, 'Yes, Kim');
    await waitForLogText(dashboard, 'Yes, Kim');
    expect(await logText(lee)).toContain('Lee Second (you)');
    mkdirSync(SCREENSHOTS, { recursive: true });
    await lee.screenshot({ path: `${SCREENSHOTS}chat-customer.png`, fullPage: true });
    await dashboard.screenshot({ path: `${SCREENSHOTS}chat-dashboard.png`, fullPage: true });
    await lee.close();
  });

  it('closing the popup keeps the log; unread marks wait for the reopened one', async () => {
    await dashboard.close();
    await say(kim, 'Still there?');
    await waitForLogText(kim, 'Still there?');
    dashboard = await openDashboard(rep);
    await byRole(dashboard, 'tab', 'Chat (1 unread)');
    await click(dashboard, 'tab', 'Chat (1 unread)');
    for (const line of ['Hello, my printer is gone', PAYLOAD, 'Lee, can you see this?', 'Yes, Kim', 'Still there?']) {
      await waitForLogText(dashboard, line);
    }
  });

  it('a stopped service worker loses none of the log, and the chat goes on', async () => {
    await dashboard.close();
    const workerAlive = () => rep.browser.targets().some((t) => t.type() === 'service_worker' && t.url().includes(EXTENSION_ID));
    await (await rep.worker()).close();
    for (let i = 0; i < 50 && workerAlive(); i++) await new Promise((resolve) => setTimeout(resolve, 100));
    expect(workerAlive(), 'the service worker was stopped').toBe(false);
    // The hub (offscreen document) wakes the worker with the next message.
    await say(kim, 'After the restart');
    dashboard = await openDashboard(rep);
    await click(dashboard, 'tab', 'Chat (1 unread)');
    await waitForLogText(dashboard, 'Hello, my printer is gone');
    await waitForLogText(dashboard, 'After the restart');
    await say(dashboard, 'Got it');
    await waitForLogText(kim, 'Got it');
  });

  it('an assistant follows the chat; at a transfer of control the chat ends for everyone and its log goes to the new controller (S20)', async () => {
    const number = new URL(joinUrl).pathname.split('/').at(-1)!;
    const helper = await openDashboard(helperBrowser);
    await helper.setViewport({ width: 520, height: 1100 });
    await signIn(helper, server.url, HELPER.email, HELPER.password);
    await fill(helper, 'Session number', number);
    await click(helper, 'button', 'Join as assistant');
    // The hub replays the log so far to the assistant, too.
    await waitForLogText(helper, 'Hello, my printer is gone');
    await say(helper, 'Helen here, I can help');
    await waitForLogText(kim, 'Helen here, I can help');
    await waitForLogText(dashboard, 'Helen here, I can help');

    await click(dashboard, 'tab', 'Session');
    await click(dashboard, 'button', 'Transfer session');
    await click(dashboard, 'menuitem', 'Transfer control');
    await click(dashboard, 'radio', HELPER.name);
    await click(dashboard, 'button', 'Transfer');

    // Everyone is told the chat in progress ended.
    const ended = `The chat ended: ${HELPER.name} now leads the session.`;
    await waitForLogText(kim, ended);
    await waitForText(helper, 'Alex Rep passed control of the session to you');
    // The log came with control: the new controller's Chat tab has what was said before (read: none of it is news to them).
    await click(helper, 'tab', 'Chat');
    for (const line of ['Hello, my printer is gone', 'Helen here, I can help', ended]) await waitForLogText(helper, line);

    // The chat goes on with the new controller's hub: the customer, the new controller and the old one (now assisting).
    await say(kim, 'Thanks, Helen');
    await waitForLogText(helper, 'Thanks, Helen');
    await waitForLogText(dashboard, 'Thanks, Helen');
    await say(helper, 'You are welcome');
    await waitForLogText(kim, 'You are welcome');
  });
});
