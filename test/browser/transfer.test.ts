// Assistants and transfer of control in real browsers (issue #7, FEATURES.md
// S16–S20): two reps, each in a Chromium with the built extension, and a
// customer in a plain one. The second rep assists by number and sees the
// controller's share; control passes to them (sharing ends on every screen,
// the old controller keeps watching with Leave but no End); the new controller
// shares and the customer and the old controller see its pixels; control comes
// back; and when the controller's browser disappears, the longest-present
// assistant takes over after the grace period.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../helpers/server.ts';
import { launchCustomerBrowser, launchRepBrowser, type LaunchedBrowser } from './harness/browsers.ts';
import { expectPatternOnVideo, startPatternServer } from './harness/pattern.ts';
import { openDashboard, shareTab, signIn, startSession } from './harness/rep.ts';
import { byRole, click, fill, waitForRemoteState, waitForText } from './harness/ui.ts';

const CONTROLLER = { email: 'casey-ctrl@example.test', password: 'a long test password 7', name: 'Casey Controller' };
const HELPER = { email: 'helen-help@example.test', password: 'a long test password 8', name: 'Helen Helper' };
/** Short, so the crash test does not wait a minute; long enough for a worker restart elsewhere. */
const GRACE_MS = 3000;

let server: TestServer;
let pattern: Awaited<ReturnType<typeof startPatternServer>>;
let controllerBrowser: Awaited<ReturnType<typeof launchRepBrowser>>;
let helperBrowser: Awaited<ReturnType<typeof launchRepBrowser>>;
let customerBrowser: LaunchedBrowser;

beforeAll(async () => {
  server = await startTestServer({
    webRoot: fileURLToPath(new URL('../../dist/web/', import.meta.url)),
    env: { REP_GRACE_MS: String(GRACE_MS) },
  });
  await server.createUser(CONTROLLER.email, CONTROLLER.password, CONTROLLER.name);
  await server.createUser(HELPER.email, HELPER.password, HELPER.name);
  pattern = await startPatternServer();
  [controllerBrowser, helperBrowser, customerBrowser] = await Promise.all([launchRepBrowser(), launchRepBrowser(), launchCustomerBrowser()]);
});

afterAll(async () => {
  await Promise.all([controllerBrowser?.close(), helperBrowser?.close(), customerBrowser?.close()]);
  await pattern?.close();
  await server?.stop();
  rmSync(files, { recursive: true, force: true });
});

const spaced = (n: string) => `${n.slice(0, 3)} ${n.slice(3, 6)} ${n.slice(6)}`;

async function transferTo(dashboard: Page, name: string): Promise<void> {
  await click(dashboard, 'button', 'Transfer session');
  await click(dashboard, 'menuitem', 'Transfer control');
  await byRole(dashboard, 'dialog', 'Transfer control');
  await click(dashboard, 'radio', name);
  await click(dashboard, 'button', 'Transfer');
}

const MB = 1024 * 1024;
const files = mkdtempSync(join(tmpdir(), 'peerassist-transfer-files-'));

/** A file of random bytes on disk. */
function randomFile(name: string, size: number): string {
  const path = join(files, name);
  writeFileSync(path, randomBytes(size));
  return path;
}

/** As a person does: the button opens the browser's file chooser, which picks the file. */
async function pickFile(page: Page, label: string, path: string): Promise<void> {
  const [chooser] = await Promise.all([page.waitForFileChooser({ timeout: 10_000 }), click(page, 'button', label)]);
  await chooser.accept([path]);
}

describe('assistants and transfer of control', () => {
  let ctrl: Page;
  let helper: Page;
  let customer: Page;
  let number: string;

  it('the second rep assists by number and sees the controller’s share (S16–S17)', async () => {
    ctrl = await openDashboard(controllerBrowser);
    await ctrl.setViewport({ width: 520, height: 1100 });
    await signIn(ctrl, server.url, CONTROLLER.email, CONTROLLER.password);
    const joinUrl = await startSession(ctrl);
    number = new URL(joinUrl).pathname.split('/').at(-1)!;

    customer = await customerBrowser.browser.newPage();
    await customer.setViewport({ width: 1280, height: 720 });
    await customer.goto(joinUrl);
    await fill(customer, 'Your name', 'Kim Customer');
    await click(customer, 'button', 'Join');
    await waitForRemoteState(customer, 'connected');

    helper = await openDashboard(helperBrowser);
    await helper.setViewport({ width: 520, height: 1100 });
    await signIn(helper, server.url, HELPER.email, HELPER.password);
    await fill(helper, 'Session number', number);
    await click(helper, 'button', 'Join as assistant');
    await waitForText(helper, `Assisting session ${spaced(number)} (controlled by ${CONTROLLER.name})`);
    await waitForText(ctrl, `${HELPER.name} (assistant)`);

    await shareTab(controllerBrowser, ctrl, pattern.url, 'Shared test pattern');
    await waitForRemoteState(customer, 'viewing');
    await expectPatternOnVideo(customer);
    // The assistant sees the controller's share in their dashboard (S17).
    await byRole(helper, 'region', 'Shared screen');
    await helper.bringToFront();
    await expectPatternOnVideo(helper, { timeoutMs: 25_000 });
    // No control features for an assistant.
    expect(await helper.$$eval('button', (buttons) => buttons.map((b) => b.textContent?.trim()))).not.toContain('End session');
  });

  it('files go between the controller and the assistant, both ways, each accepted and its SHA-256 matched', async () => {
    const toController = randomFile('helper-notes.bin', 2 * MB);
    await pickFile(helper, `Send a file to ${CONTROLLER.name}`, toController);
    await click(ctrl, 'button', 'Accept helper-notes.bin');
    await waitForText(ctrl, 'Received; the SHA-256 matched', 30_000);
    await waitForText(helper, 'Sent; the SHA-256 matched', 30_000);

    const toHelper = randomFile('controller-log.bin', 2 * MB);
    await pickFile(ctrl, `Send a file to ${HELPER.name}`, toHelper);
    await click(helper, 'button', 'Accept controller-log.bin');
    await waitForText(helper, 'Received; the SHA-256 matched', 30_000);
    await waitForText(ctrl, 'Sent; the SHA-256 matched', 30_000);
  });

  it('Transfer control: sharing ends on every screen; the new controller has the controls, the old one Leave but no End (S19–S20)', async () => {
    await transferTo(ctrl, HELPER.name);
    // Every share ended, and everyone is told.
    await customer.waitForFunction(() => document.documentElement.dataset.remoteState !== 'viewing', { timeout: 10_000, polling: 100 });
    await waitForText(customer, `${HELPER.name} is now your representative`);
    // The new controller: the session with its number and the controls.
    await waitForText(helper, `${CONTROLLER.name} passed control of the session to you`);
    await byRole(helper, 'button', 'End session');
    await byRole(helper, 'button', 'Copy join link');
    // The old controller watches, can leave, cannot end.
    await waitForText(ctrl, `You passed control to ${HELPER.name}`);
    await byRole(ctrl, 'button', 'Leave session');
    expect(await ctrl.$$eval('button', (buttons) => buttons.map((b) => b.textContent?.trim()))).not.toContain('End session');
  });

  it('the new controller shares: the customer and the old controller see its pixels', async () => {
    await shareTab(helperBrowser, helper, pattern.url, 'Shared test pattern');
    await waitForRemoteState(customer, 'viewing');
    await expectPatternOnVideo(customer);
    await expectPatternOnVideo(ctrl, { timeoutMs: 25_000 });
  });

  it('control passes back the same way', async () => {
    await transferTo(helper, CONTROLLER.name);
    await waitForText(ctrl, `${HELPER.name} passed control of the session to you`);
    await byRole(ctrl, 'button', 'End session');
    await waitForText(helper, `You passed control to ${CONTROLLER.name}`);
    await waitForText(customer, `${CONTROLLER.name} is now your representative`);
  });

  it('the controller’s browser disappears: after the grace period the assistant takes over, the customer stays', async () => {
    await controllerBrowser.close();
    await waitForText(helper, 'was gone too long, so control of the session passed to you', GRACE_MS + 15_000);
    await byRole(helper, 'button', 'End session');
    expect(await customer.evaluate(() => document.documentElement.dataset.remoteState)).not.toMatch(/ended|rep_gone|error/);
    await waitForText(customer, `${HELPER.name} is now your representative`);
    // And the session is the new controller's to end.
    await click(helper, 'button', 'End session');
    await waitForRemoteState(customer, 'ended');
  });
});
