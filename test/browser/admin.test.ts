// The admin page in a real browser against the real server (issue 3): an
// administrator signs in on /admin, adds a rep and limits every rep to one
// customer; that rep's first customer connects and the second is turned away
// with a sentence both can read; the audit log shows it and exports it as CSV.
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BrowserContext, ElementHandle, Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { en } from '../../src/shared/i18n/en.ts';
import { startTestServer, type TestServer } from '../helpers/server.ts';
import { launchCustomerBrowser, launchRepBrowser, type LaunchedBrowser } from './harness/browsers.ts';
import { openDashboard, signIn, startSession } from './harness/rep.ts';
import { byRole, click, fill, waitForRemoteState, waitForText } from './harness/ui.ts';

const ADMIN = { email: 'admin@example.test', password: 'admin password 123' };
const PLAIN_REP = { email: 'plain.rep@example.test', password: 'plain rep password 1' };
const REP = { email: 'limited.rep@example.test', password: 'limited rep password', name: 'Lee Limited' };

let server: TestServer;
let plain: LaunchedBrowser;
let rep: Awaited<ReturnType<typeof launchRepBrowser>> | undefined;
let adminContext: BrowserContext;
let admin: Page;
let downloads: string;

beforeAll(async () => {
  server = await startTestServer({ webRoot: fileURLToPath(new URL('../../dist/web/', import.meta.url)) });
  await server.createUser(ADMIN.email, ADMIN.password, 'Ada Admin', ['admin']);
  await server.createUser(PLAIN_REP.email, PLAIN_REP.password, 'Pat Plain', ['rep']);
  // One plain Chromium for the admin and both customers (2 cores: as few browsers as the story needs).
  plain = await launchCustomerBrowser();
  downloads = mkdtempSync(join(tmpdir(), 'peerassist-downloads-'));
  adminContext = await plain.browser.createBrowserContext({ downloadBehavior: { policy: 'allow', downloadPath: downloads } });
  admin = await adminContext.newPage();
  await admin.setViewport({ width: 1280, height: 900 });
});

afterAll(async () => {
  await Promise.all([rep?.close(), plain?.close()]);
  await server?.stop();
  if (downloads) rmSync(downloads, { recursive: true, force: true });
});

/** The visible text of a table's body rows, one string per row. */
async function rowsOf(table: ElementHandle<Element>): Promise<string[]> {
  return table.evaluate((el) => [...(el as HTMLTableElement).tBodies[0]!.rows].map((row) => row.innerText.replace(/\s+/g, ' ')));
}

const isSelected = (page: Page, name: string) => byRole(page, 'tab', name).then((tab) => tab.evaluate((el) => el.getAttribute('aria-selected')));

describe('the admin page', () => {
  it('turns away an account that is not an administrator', async () => {
    await admin.goto(`${server.url}/admin`);
    await fill(admin, 'Email', PLAIN_REP.email);
    await fill(admin, 'Password', PLAIN_REP.password);
    await click(admin, 'button', 'Sign in');
    await waitForText(admin, en.admin_not_admin);
    const alert = await admin.waitForSelector('[role="alert"]:not(:empty)');
    expect(await alert?.evaluate((el) => (el as HTMLElement).innerText)).toContain(en.admin_not_admin);
  });

  it('an administrator signs in; the tabs work from the keyboard', async () => {
    await fill(admin, 'Email', ADMIN.email);
    await fill(admin, 'Password', ADMIN.password);
    await click(admin, 'button', 'Sign in');
    await waitForText(admin, `Signed in as ${ADMIN.email}`);
    expect(await isSelected(admin, 'Users')).toBe('true');

    await (await byRole(admin, 'tab', 'Users')).focus();
    await admin.keyboard.press('ArrowRight');
    expect(await isSelected(admin, 'Queues')).toBe('true');
    expect(await admin.evaluate(() => document.activeElement?.textContent)).toBe('Queues');
    await admin.keyboard.press('ArrowLeft');
    expect(await isSelected(admin, 'Users')).toBe('true');
    // The tokens live in this tab's sessionStorage, not in localStorage.
    expect(await admin.evaluate(() => [Object.keys(sessionStorage).length, Object.keys(localStorage).length])).toEqual([1, 0]);
  });

  it('a reload keeps the sign-in; a refused access token is refreshed and the call retried', async () => {
    const stored = () => admin.evaluate(() => JSON.parse(sessionStorage.getItem('peerassist.admin.auth') ?? 'null') as { accessToken: string } | null);
    const before = await stored();
    // As if the access token had been revoked or expired: the server answers 401, the page refreshes.
    await admin.evaluate(() => {
      const auth = JSON.parse(sessionStorage.getItem('peerassist.admin.auth')!) as { accessToken: string };
      sessionStorage.setItem('peerassist.admin.auth', JSON.stringify({ ...auth, accessToken: 'A'.repeat(43) }));
    });
    await admin.reload();
    await waitForText(admin, `Signed in as ${ADMIN.email}`);
    const users = await rowsOf(await byRole(admin, 'table', 'Users'));
    expect(users.some((row) => row.includes(ADMIN.email))).toBe(true);
    const after = await stored();
    expect(after?.accessToken).not.toBe('A'.repeat(43));
    expect(after?.accessToken).not.toBe(before?.accessToken);
  });

  it('adds a rep with a password', async () => {
    await fill(admin, 'Email', REP.email);
    await fill(admin, 'Name', REP.name);
    await fill(admin, 'Password (optional)', REP.password);
    const repRole = await byRole(admin, 'checkbox', 'Representative');
    expect(await repRole.evaluate((el) => (el as HTMLInputElement).checked)).toBe(true);
    await click(admin, 'button', 'Add user');
    await waitForText(admin, `Added ${REP.email}.`);
    // A password the admin typed is not shown back.
    expect(await admin.$('::-p-aria([name="Copy password"])')).toBeNull();
    const users = await rowsOf(await byRole(admin, 'table', 'Users'));
    expect(users.find((row) => row.includes(REP.email))).toMatch(/Lee Limited.*Representative.*Active/);
    await byRole(admin, 'button', `Disable ${REP.email}`);
    const stored = await server.store.users.findByEmail(REP.email);
    expect(stored?.roles).toEqual(['rep']);
  });

  it('adds an agent with a generated password, shown once, and puts them in a queue', async () => {
    const email = 'queue.agent@example.test';
    await fill(admin, 'Email', email);
    await fill(admin, 'Name', 'Quinn Agent');
    await click(admin, 'checkbox', 'WebACD agent');
    await click(admin, 'button', 'Add user');
    await waitForText(admin, `Added ${email}.`);
    const shown = await byRole(admin, 'textbox', `Password for ${email}`);
    const password = await shown.evaluate((el) => (el as HTMLInputElement).value);
    await byRole(admin, 'button', 'Copy password');
    await expect(server.signIn(email, password)).resolves.toMatch(/\S{16,}/);

    await click(admin, 'tab', 'Queues');
    await fill(admin, 'Queue name', 'Billing');
    await click(admin, 'button', 'Add queue');
    await waitForText(admin, 'Added the queue Billing.');
    await click(admin, 'checkbox', `Quinn Agent (${email})`);
    await click(admin, 'button', 'Save members of Billing');
    await waitForText(admin, 'Saved the members of Billing.');
    const agent = await server.store.users.findByEmail(email);
    expect((await server.store.queues.findByName('Billing'))?.agentIds).toEqual([agent?.id]);
    // The queue's live view (issue #8): nobody waiting, and the agent's state in words.
    await waitForText(admin, 'No one is waiting');
    await waitForText(admin, 'Quinn Agent: offline');
    await waitForText(admin, 'Updated ');
  });

  it('sets the maximum customers per rep to 1 and saves', async () => {
    await click(admin, 'tab', 'Site settings');
    await fill(admin, 'Maximum customers per representative', '1', 'spinbutton');
    await click(admin, 'button', 'Save settings');
    // Said in the form's status region, where a screen reader hears it.
    await admin.waitForFunction(() => [...document.querySelectorAll('[role="status"]')].some((el) => el.textContent?.trim().endsWith('Saved')), {
      timeout: 10_000,
    });
    expect((await server.store.settings.get()).maxCustomers).toBe(1);
  });
});

describe('the limit, enforced', () => {
  let dashboard: Page;
  let joinUrl: string;
  let first: Page;

  it('the new rep signs in and the first customer connects', async () => {
    rep = await launchRepBrowser();
    dashboard = await openDashboard(rep);
    await signIn(dashboard, server.url, REP.email, REP.password);
    joinUrl = await startSession(dashboard);

    first = await plain.browser.newPage();
    await first.goto(joinUrl);
    await fill(first, 'Your name', 'First Customer');
    await click(first, 'button', 'Join');
    await waitForRemoteState(first, 'connected');
    await waitForText(dashboard, 'First Customer');
  });

  it('a second customer is refused with a sentence they can read, and the rep is told', async () => {
    const second = await plain.browser.newPage();
    await second.goto(joinUrl);
    await fill(second, 'Your name', 'Second Customer');
    await click(second, 'button', 'Join');
    await waitForRemoteState(second, 'error');
    await waitForText(second, en.error_session_full);
    await waitForText(dashboard, 'turned away');
    // The first customer is still there.
    expect(await first.evaluate(() => document.documentElement.dataset.remoteState)).toBe('connected');
  });
});

describe('the audit log', () => {
  it('lists the session’s start and the refusal, newest first', async () => {
    await admin.bringToFront();
    await click(admin, 'tab', 'Audit log');
    const table = await byRole(admin, 'table', 'Audit log, newest first');
    await admin.waitForFunction((el) => (el as HTMLElement).innerText.includes('Customer turned away'), { timeout: 10_000 }, table);
    const rows = await rowsOf(table);
    const refused = rows.findIndex((row) => row.includes('Customer turned away'));
    const started = rows.findIndex((row) => row.includes('Session started'));
    expect(started, rows.join('\n')).toBeGreaterThan(refused);
    expect(rows[refused]).toContain('Second Customer');
    expect(rows[refused]).toContain('session_full');
    expect(rows[started]).toContain(REP.email);

    // Filtered to one type, only that type is left.
    const filter = await byRole(admin, 'combobox', 'Event type');
    await filter.select('session.refuse');
    await admin.waitForFunction((el) => !(el as HTMLElement).innerText.includes('Session started'), { timeout: 10_000 }, table);
    const refusals = await rowsOf(await byRole(admin, 'table', 'Audit log, newest first'));
    expect(refusals.length).toBeGreaterThan(0);
    expect(refusals.every((row) => row.includes('Customer turned away'))).toBe(true);
  });

  it('exports the log as CSV, fetched with the token', async () => {
    await click(admin, 'button', 'Export CSV');
    await waitForText(admin, 'The audit log was downloaded as');
    let file: string | undefined;
    for (let i = 0; i < 50 && !file; i++) {
      file = readdirSync(downloads).find((name) => name.endsWith('.csv'));
      if (!file) await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(file).toMatch(/^peerassist-audit-\d{4}-\d{2}-\d{2}\.csv$/);
    const csv = readFileSync(join(downloads, file!), 'utf8');
    expect(csv).toContain('session.start');
    expect(csv).toContain('session.refuse');
    expect(csv).toContain('Second Customer');
  });

  it('signs out: the tokens are gone and the sign-in form is back', async () => {
    await click(admin, 'button', 'Sign out');
    await waitForText(admin, en.admin_signed_out);
    await byRole(admin, 'button', 'Sign in');
    expect(await admin.evaluate(() => Object.keys(sessionStorage).length)).toBe(0);
  });
});
