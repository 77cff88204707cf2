// WebACD in real browsers (issue #8, FEATURES.md S21–S25): two agents, each in
// a Chromium with the built extension, and a customer in a plain one. The
// first agent supports the customer and transfers the session to a queue with
// a private message; the second agent sees the offer with the message,
// accepts, and shares: the customer sees the new rep's tab (pixel check) and
// never the message, while the sender's dashboard shows the session gone.
import { fileURLToPath } from 'node:url';
import type { Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../helpers/server.ts';
import { launchCustomerBrowser, launchRepBrowser, type LaunchedBrowser } from './harness/browsers.ts';
import { expectPatternOnVideo, startPatternServer } from './harness/pattern.ts';
import { openDashboard, shareTab, signIn, startSession } from './harness/rep.ts';
import { byRole, click, fill, waitForRemoteState, waitForText } from './harness/ui.ts';

const SENDER = { email: 'ana-agent@example.test', password: 'a long test password 9', name: 'Ana Agent' };
const TAKER = { email: 'ben-agent@example.test', password: 'a long test password 10', name: 'Ben Agent' };
const QUEUE = 'Billing';
const MESSAGE = 'Refund for order 1234: card already checked, needs a supervisor.';

let server: TestServer;
let pattern: Awaited<ReturnType<typeof startPatternServer>>;
let senderBrowser: Awaited<ReturnType<typeof launchRepBrowser>>;
let takerBrowser: Awaited<ReturnType<typeof launchRepBrowser>>;
let customerBrowser: LaunchedBrowser;

beforeAll(async () => {
  server = await startTestServer({ webRoot: fileURLToPath(new URL('../../dist/web/', import.meta.url)) });
  const sender = await server.createUser(SENDER.email, SENDER.password, SENDER.name, ['rep', 'agent']);
  const taker = await server.createUser(TAKER.email, TAKER.password, TAKER.name, ['rep', 'agent']);
  const queue = await server.store.queues.create(QUEUE);
  await server.store.queues.setAgents(queue.id, [sender.id, taker.id]);
  pattern = await startPatternServer();
  [senderBrowser, takerBrowser, customerBrowser] = await Promise.all([launchRepBrowser(), launchRepBrowser(), launchCustomerBrowser()]);
});

afterAll(async () => {
  await Promise.all([senderBrowser?.close(), takerBrowser?.close(), customerBrowser?.close()]);
  await pattern?.close();
  await server?.stop();
});

describe('transferring a session to a WebACD queue', () => {
  let sender: Page;
  let taker: Page;
  let customer: Page;

  it('an agent transfers to a queue with a private message; another agent accepts; the customer sees the new rep’s share', async () => {
    taker = await openDashboard(takerBrowser);
    await taker.setViewport({ width: 520, height: 1100 });
    await signIn(taker, server.url, TAKER.email, TAKER.password);
    // Agents set their availability; Ben is available for the queue's offers.
    await byRole(taker, 'combobox', 'Availability').catch(() => byRole(taker, 'radiogroup', 'Availability'));

    sender = await openDashboard(senderBrowser);
    await sender.setViewport({ width: 520, height: 1100 });
    await signIn(sender, server.url, SENDER.email, SENDER.password);
    const joinUrl = await startSession(sender);
    customer = await customerBrowser.browser.newPage();
    await customer.setViewport({ width: 1280, height: 720 });
    await customer.goto(joinUrl);
    await fill(customer, 'Your name', 'Kim Customer');
    await click(customer, 'button', 'Join');
    await waitForRemoteState(customer, 'connected');

    // Transfer session ▾ → Transfer session: the Queue tab, the queue, the private message (S23–S24).
    await click(sender, 'button', 'Transfer session');
    await click(sender, 'menuitem', 'Transfer session');
    await byRole(sender, 'dialog', 'Transfer session');
    await click(sender, 'tab', 'Queue');
    await click(sender, 'radio', QUEUE);
    await fill(sender, 'Private message', MESSAGE);
    await waitForText(sender, `${345 - MESSAGE.length} characters left`);
    await click(sender, 'button', 'Transfer');
    await waitForText(customer, 'You are being transferred to another representative');

    // Ben sees the offer with the private message, and accepts.
    await byRole(taker, 'region', `Session offered by ${SENDER.name}`);
    await waitForText(taker, MESSAGE);
    await click(taker, 'button', 'Accept');
    await byRole(taker, 'button', 'End session');

    // The sender's participation ends: their dashboard shows the session gone.
    await waitForText(sender, 'was transferred');
    expect(await sender.$$eval('button', (buttons) => buttons.map((b) => b.textContent?.trim()))).not.toContain('End session');

    // The new rep shares; the customer sees it, and never saw the private message.
    await shareTab(takerBrowser, taker, pattern.url, 'Shared test pattern');
    await waitForText(customer, `${TAKER.name} is now your representative`);
    await waitForRemoteState(customer, 'viewing');
    await expectPatternOnVideo(customer);
    expect(await customer.evaluate(() => document.body.innerText)).not.toContain(MESSAGE);
  });
});
