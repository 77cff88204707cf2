// File transfer in real browsers (issue #9): a rep with the built extension and
// a customer in a plain Chromium send files of several MB of random bytes each
// way, peer to peer over their data channels. The receiver accepts each file
// explicitly; the SHA-256 of what arrived (read back from the receiver's OPFS,
// and from the file "Save" downloads) must equal the sender's; the progress bar
// must be seen moving; a cancel midway leaves no partial file offered or
// stored; a declined file never arrives.
import { createHash, randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it, onTestFailed } from 'vitest';
import { startTestServer, type TestServer } from '../helpers/server.ts';
import { launchCustomerBrowser, launchRepBrowser, type LaunchedBrowser } from './harness/browsers.ts';
import { openDashboard, signIn, startSession } from './harness/rep.ts';
import { byRole, click, fill, waitForRemoteState, waitForText } from './harness/ui.ts';

const REP = { email: 'files-rep@example.test', password: 'a long test password 9', name: 'Alex Rep' };
const CUSTOMER = 'Kim Customer';
const MB = 1024 * 1024;

let server: TestServer;
let rep: Awaited<ReturnType<typeof launchRepBrowser>>;
let customer: LaunchedBrowser;
let dashboard: Page;
let customerPage: Page;
let dir: string;
/** The pages' console, said when a test fails. */
const consoleLines: string[] = [];

/** A file of random bytes on disk, and its SHA-256. */
function randomFile(name: string, size: number): { path: string; sha256: string; size: number } {
  const bytes = randomBytes(size);
  const path = join(dir, 'src', name);
  writeFileSync(path, bytes);
  return { path, size, sha256: createHash('sha256').update(bytes).digest('hex') };
}

async function pick(page: Page, label: string, path: string): Promise<void> {
  // As a person does: the button opens the browser's file chooser, which picks the file.
  const [chooser] = await Promise.all([page.waitForFileChooser({ timeout: 10_000 }), click(page, 'button', label)]);
  await chooser.accept([path]);
}

/** From now on, every value the page's progress bars take is recorded (attribute changes and new bars). */
async function recordProgress(page: Page): Promise<void> {
  await page.evaluate(() => {
    const seen: number[] = [];
    (window as unknown as { progressSeen: number[] }).progressSeen = seen;
    const note = (node: Node) => {
      if (node instanceof HTMLProgressElement) seen.push(node.value);
      if (node instanceof Element) for (const bar of node.querySelectorAll('progress')) seen.push(bar.value);
    };
    new MutationObserver((records) => {
      for (const record of records) {
        if (record.type === 'attributes') note(record.target);
        else for (const node of record.addedNodes) note(node);
      }
    }).observe(document.body, { subtree: true, childList: true, attributes: true, attributeFilter: ['value'] });
  });
}

async function progressSeen(page: Page): Promise<number[]> {
  return page.evaluate(() => [...(window as unknown as { progressSeen: number[] }).progressSeen]);
}

/** The id of the (newest) transfer of this file in this direction, as the list shows it. */
async function transferId(page: Page, name: string, direction: 'in' | 'out' = 'in'): Promise<string> {
  const handle = await page.waitForFunction(
    (n, d) =>
      [...document.querySelectorAll<HTMLElement>('li.transfer')]
        .reverse()
        .find((li) => li.dataset.direction === d && li.querySelector('.transfer-name')?.textContent === n)?.dataset.transferId,
    { timeout: 15_000, polling: 100 },
    name,
    direction,
  );
  return (await handle.jsonValue()) as string;
}

/**
 * Wait until the newest transfer of this file in this direction is in `state` (texts of older
 * transfers do not count). A transfer that ends another way (failed, cancelled, declined) fails
 * at once with what its row says, instead of waiting out the timeout.
 */
async function waitForTransfer(page: Page, name: string, direction: 'in' | 'out', state: string, timeout = 60_000): Promise<void> {
  const handle = await page.waitForFunction(
    (n, d, s) => {
      const li = [...document.querySelectorAll<HTMLElement>('li.transfer')]
        .reverse()
        .find((el) => el.dataset.direction === d && el.querySelector('.transfer-name')?.textContent === n);
      const now = li?.dataset.state;
      if (now === s) return { state: now, text: '' };
      if (now && ['done', 'declined', 'cancelled', 'failed'].includes(now)) return { state: now, text: li?.innerText ?? '' };
      return false;
    },
    { timeout, polling: 100 },
    name,
    direction,
    state,
  );
  const ended = (await handle.jsonValue()) as { state: string; text: string };
  if (ended.state !== state) throw new Error(`${direction === 'in' ? 'receiving' : 'sending'} ${name} ended ${ended.state}, not ${state}: ${ended.text}`);
}

/** The SHA-256 of a file in this page's origin's OPFS, or null when there is no such file. */
async function opfsSha256(page: Page, stored: string): Promise<string | null> {
  return page.evaluate(async (name) => {
    const root = await navigator.storage.getDirectory();
    const files = await root.getDirectoryHandle('peerassist-files', { create: true });
    let file: File;
    try {
      file = await (await files.getFileHandle(name)).getFile();
    } catch {
      return null;
    }
    const digest = await crypto.subtle.digest('SHA-256', await file.arrayBuffer());
    return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('');
  }, stored);
}

async function opfsNames(page: Page): Promise<string[]> {
  return page.evaluate(async () => {
    const root = await navigator.storage.getDirectory();
    const files = await root.getDirectoryHandle('peerassist-files', { create: true });
    const names: string[] = [];
    for await (const name of (files as unknown as { keys(): AsyncIterable<string> }).keys()) names.push(name);
    return names;
  });
}

/** Downloads from this page go to `path`. */
async function downloadsTo(page: Page, path: string): Promise<void> {
  const cdp = await page.createCDPSession();
  await cdp.send('Browser.setDownloadBehavior', { behavior: 'allow', downloadPath: path, eventsEnabled: true });
}

async function downloaded(path: string, name: string, size: number): Promise<string> {
  for (let i = 0; i < 150; i++) {
    const file = join(path, name);
    if (readdirSync(path).includes(name) && statSync(file).size === size) return createHash('sha256').update(readFileSync(file)).digest('hex');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`${name} was not downloaded to ${path}: ${readdirSync(path).join(', ')}`);
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'peerassist-files-'));
  for (const sub of ['src', 'rep-downloads', 'customer-downloads']) mkdirSync(join(dir, sub));
  server = await startTestServer({ webRoot: fileURLToPath(new URL('../../dist/web/', import.meta.url)) });
  await server.createUser(REP.email, REP.password, REP.name);
  [rep, customer] = await Promise.all([launchRepBrowser(), launchCustomerBrowser()]);
});

afterAll(async () => {
  await Promise.all([rep?.close(), customer?.close()]);
  await server?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('file transfer between the rep and a customer', () => {
  it('the rep starts a session and the customer joins: each side can send a file', async () => {
    dashboard = await openDashboard(rep);
    dashboard.on('console', (message) => consoleLines.push(`dashboard: ${message.text()}`));
    await signIn(dashboard, server.url, REP.email, REP.password);
    const joinUrl = await startSession(dashboard);
    customerPage = await customer.browser.newPage();
    customerPage.on('console', (message) => consoleLines.push(`customer: ${message.text()}`));
    await customerPage.goto(joinUrl);
    await fill(customerPage, 'Your name', CUSTOMER);
    await click(customerPage, 'button', 'Join');
    await waitForRemoteState(customerPage, 'connected');
    await byRole(dashboard, 'button', `Send a file to ${CUSTOMER}`, 20_000);
    await byRole(customerPage, 'button', `Send a file to ${REP.name}`, 20_000);
    await waitForText(dashboard, 'No files sent or received yet.');
    // The offscreen document's console too, for when a test fails.
    const offscreen = await (await rep.browser.waitForTarget((t) => t.url().endsWith('/offscreen/offscreen.html'))).createCDPSession();
    offscreen.on('Runtime.consoleAPICalled', (e) => consoleLines.push(`offscreen: ${e.args.map((a) => a.value ?? a.description).join(' ')}`));
    await offscreen.send('Runtime.enable');
    await downloadsTo(dashboard, join(dir, 'rep-downloads'));
    await downloadsTo(customerPage, join(dir, 'customer-downloads'));
  });

  it('rep → customer: 8 MB arrive only after Accept, the hash matches and the progress bar moves', async () => {
    const file = randomFile('rep-to-customer.bin', 8 * MB);
    await recordProgress(customerPage);
    await pick(dashboard, `Send a file to ${CUSTOMER}`, file.path);
    // The customer is always told, and nothing arrives before they accept.
    await waitForText(customerPage, `${REP.name} wants to send you a file: rep-to-customer.bin (8.0 MB)`).catch(async (error: unknown) => {
      // Say what each side showed instead.
      console.error('dashboard:', await dashboard.evaluate(() => document.body.innerText));
      console.error('customer:', await customerPage.evaluate(() => document.body.innerText));
      console.error(consoleLines.join('\n'));
      throw error;
    });
    await waitForText(dashboard, `Waiting for ${CUSTOMER} to accept`);
    const id = await transferId(customerPage, 'rep-to-customer.bin');
    expect(await opfsSha256(customerPage, `in-${id}`)).toBeNull();

    await click(customerPage, 'button', 'Accept rep-to-customer.bin');
    await waitForTransfer(customerPage, 'rep-to-customer.bin', 'in', 'done');
    await waitForText(customerPage, 'Received; the SHA-256 matched');
    await waitForTransfer(dashboard, 'rep-to-customer.bin', 'out', 'done');
    await waitForText(dashboard, 'Sent; the SHA-256 matched');
    expect(await opfsSha256(customerPage, `in-${id}`)).toBe(file.sha256);

    const seen = await progressSeen(customerPage);
    expect(new Set(seen).size, `progress values seen: ${seen.join(',')}`).toBeGreaterThanOrEqual(2);
    expect(seen.some((v) => v > 0 && v < 100), `a value between 0 and 100 among ${seen.join(',')}`).toBe(true);
    expect(seen.at(-1)).toBe(100);

    // Save offers the file itself (from OPFS, disk-backed) for download.
    await click(customerPage, 'button', 'Save rep-to-customer.bin');
    expect(await downloaded(join(dir, 'customer-downloads'), 'rep-to-customer.bin', file.size)).toBe(file.sha256);
  });

  it('customer → rep: 8 MB through the offscreen engine, accepted in the dashboard, hash verified, saved', async () => {
    const file = randomFile('customer-to-rep.bin', 8 * MB);
    await recordProgress(dashboard);
    await pick(customerPage, `Send a file to ${REP.name}`, file.path);
    await waitForText(dashboard, `${CUSTOMER} wants to send you a file: customer-to-rep.bin (8.0 MB)`);
    const id = await transferId(dashboard, 'customer-to-rep.bin');
    await click(dashboard, 'button', 'Accept customer-to-rep.bin');
    await waitForTransfer(dashboard, 'customer-to-rep.bin', 'in', 'done');
    await waitForTransfer(customerPage, 'customer-to-rep.bin', 'out', 'done');
    // The dashboard and the offscreen document share the extension's OPFS.
    expect(await opfsSha256(dashboard, `in-${id}`)).toBe(file.sha256);

    const seen = await progressSeen(dashboard);
    expect(new Set(seen).size, `progress values seen: ${seen.join(',')}`).toBeGreaterThanOrEqual(2);
    expect(seen.some((v) => v > 0 && v < 100), `a value between 0 and 100 among ${seen.join(',')}`).toBe(true);

    await click(dashboard, 'button', 'Save customer-to-rep.bin');
    expect(await downloaded(join(dir, 'rep-downloads'), 'customer-to-rep.bin', file.size)).toBe(file.sha256);
  });

  it('a cancel midway (by the receiver) stops both sides and leaves no partial file', async () => {
    const file = randomFile('cancelled.bin', 96 * MB);
    await pick(dashboard, `Send a file to ${CUSTOMER}`, file.path);
    await waitForText(customerPage, `${REP.name} wants to send you a file: cancelled.bin`);
    const id = await transferId(customerPage, 'cancelled.bin');
    await click(customerPage, 'button', 'Accept cancelled.bin');
    // Midway: some bytes written, far from all.
    await customerPage.waitForFunction(
      (transfer) => {
        const bar = document.querySelector<HTMLProgressElement>(`li[data-transfer-id="${transfer}"] progress`);
        return bar !== null && bar.value > 0;
      },
      { timeout: 20_000, polling: 20 },
      id,
    );
    await click(customerPage, 'button', 'Cancel cancelled.bin');
    await waitForText(customerPage, 'Cancelled');
    await waitForText(dashboard, `${CUSTOMER} cancelled it`);
    const state = await customerPage.$eval(`li[data-transfer-id="${id}"]`, (li) => (li as HTMLElement).dataset.state);
    expect(state).toBe('cancelled');
    // Nothing offered, nothing kept.
    expect(await customerPage.$(`::-p-aria([name="Save cancelled.bin"][role="button"])`)).toBeNull();
    for (let i = 0; i < 50 && (await opfsNames(customerPage)).includes(`in-${id}`); i++) await new Promise((r) => setTimeout(r, 100));
    expect(await opfsNames(customerPage)).not.toContain(`in-${id}`);
    // The rep's copy of the file it sent goes too.
    for (let i = 0; i < 50 && (await opfsNames(dashboard)).some((n) => n.startsWith('out-')); i++) await new Promise((r) => setTimeout(r, 100));
    expect((await opfsNames(dashboard)).filter((n) => n.startsWith('out-'))).toEqual([]);
  });

  it('a cancel midway by the sender: the receiver drops its partial file too', async () => {
    const file = randomFile('sender-cancelled.bin', 96 * MB);
    await pick(customerPage, `Send a file to ${REP.name}`, file.path);
    await waitForText(dashboard, `${CUSTOMER} wants to send you a file: sender-cancelled.bin`);
    const id = await transferId(dashboard, 'sender-cancelled.bin');
    await click(dashboard, 'button', 'Accept sender-cancelled.bin');
    await customerPage.waitForFunction(
      (transfer) => {
        const bar = document.querySelector<HTMLProgressElement>(`li[data-transfer-id="${transfer}"] progress`);
        return bar !== null && bar.value > 0;
      },
      { timeout: 20_000, polling: 20 },
      id,
    );
    await click(customerPage, 'button', 'Cancel sender-cancelled.bin');
    await waitForText(dashboard, `${CUSTOMER} cancelled it`);
    expect(await dashboard.$(`::-p-aria([name="Save sender-cancelled.bin"][role="button"])`)).toBeNull();
    for (let i = 0; i < 50 && (await opfsNames(dashboard)).includes(`in-${id}`); i++) await new Promise((r) => setTimeout(r, 100));
    expect(await opfsNames(dashboard)).not.toContain(`in-${id}`);
  });

  it('a declined file never arrives, and the sender is told', async () => {
    const file = randomFile('declined.bin', 1 * MB);
    await pick(dashboard, `Send a file to ${CUSTOMER}`, file.path);
    await waitForText(customerPage, `${REP.name} wants to send you a file: declined.bin (1.0 MB)`);
    const id = await transferId(customerPage, 'declined.bin');
    await click(customerPage, 'button', 'Decline declined.bin');
    await waitForText(customerPage, 'You declined it');
    await waitForText(dashboard, `${CUSTOMER} declined it`);
    expect(await opfsNames(customerPage)).not.toContain(`in-${id}`);
    expect(await customerPage.$(`::-p-aria([name="Save declined.bin"][role="button"])`)).toBeNull();
  });

  // The issue: "A 100 MB file goes through without the page's memory growing
  // with the file." JS heap plus ArrayBuffer backing stores (CDP
  // Runtime.getHeapUsage), sampled while the bytes flow, in the customer's page
  // and in the rep's offscreen document, each as sender and as receiver.
  it('a 100 MB file each way: the pages’ memory stays far below the file size', async () => {
    // A run that stalls says where each side waited (FilePeer warns after 10 s without progress).
    onTestFailed(() => console.error(consoleLines.slice(-200).join('\n')));
    const file = randomFile('big.bin', 100 * MB);
    const offscreenTarget = await rep.browser.waitForTarget((t) => t.url().endsWith('/offscreen/offscreen.html'), { timeout: 5_000 });
    const offscreen = await offscreenTarget.createCDPSession();
    const customerCdp = await customerPage.createCDPSession();
    const usage = async (cdp: typeof offscreen) => {
      const heap = (await cdp.send('Runtime.getHeapUsage')) as { usedSize: number; backingStorageSize?: number; embedderHeapUsedSize?: number };
      return heap.usedSize + (heap.backingStorageSize ?? 0) + (heap.embedderHeapUsedSize ?? 0);
    };
    /**
     * Peak memory above the baseline while `run` runs, sampled every 50 ms,
     * and what stays after a garbage collection (retained, not just not yet collected).
     */
    const peakDuring = async (cdp: typeof offscreen, run: () => Promise<void>) => {
      await cdp.send('HeapProfiler.collectGarbage');
      const base = await usage(cdp);
      let peak = base;
      let running = true;
      const sampler = (async () => {
        while (running) {
          peak = Math.max(peak, await usage(cdp));
          await new Promise((resolve) => setTimeout(resolve, 50));
        }
      })();
      try {
        await run();
      } finally {
        running = false;
        await sampler;
      }
      await cdp.send('HeapProfiler.collectGarbage');
      retained.push(Math.max(0, (await usage(cdp)) - base));
      return peak - base;
    };
    const retained: number[] = [];

    // rep → customer: the offscreen document sends, the customer's page receives.
    let offscreenGrowth = 0;
    const started = performance.now();
    const customerAsReceiver = await peakDuring(customerCdp, async () => {
      offscreenGrowth = await peakDuring(offscreen, async () => {
        await pick(dashboard, `Send a file to ${CUSTOMER}`, file.path);
        await waitForText(customerPage, `${REP.name} wants to send you a file: big.bin (100 MB)`);
        await click(customerPage, 'button', 'Accept big.bin');
        await waitForTransfer(dashboard, 'big.bin', 'out', 'done', 120_000);
      });
    });
    const inId = await transferId(customerPage, 'big.bin');
    expect(await customerPage.$eval(`li[data-transfer-id="${inId}"]`, (li) => (li as HTMLElement).dataset.state)).toBe('done');

    const repToCustomerMs = performance.now() - started;

    // customer → rep: the customer's page sends.
    const turned = performance.now();
    await click(customerPage, 'button', 'Remove big.bin from the list');
    let offscreenAsReceiver = 0;
    const customerAsSender = await peakDuring(customerCdp, async () => {
      offscreenAsReceiver = await peakDuring(offscreen, async () => {
        await pick(customerPage, `Send a file to ${REP.name}`, file.path);
        await waitForText(dashboard, `${CUSTOMER} wants to send you a file: big.bin (100 MB)`);
        await click(dashboard, 'button', 'Accept big.bin');
        await waitForTransfer(dashboard, 'big.bin', 'in', 'done', 120_000);
      });
    });
    const customerToRepMs = performance.now() - turned;
    const repId = await transferId(dashboard, 'big.bin', 'in');
    expect(await opfsSha256(dashboard, `in-${repId}`)).toBe(file.sha256);

    const report = { customerAsReceiver, customerAsSender, offscreenAsSender: offscreenGrowth, offscreenAsReceiver };
    console.info('[files] peak memory growth during 100 MB transfers (bytes):', report, 'retained after GC:', retained);
    console.info('[files] 100 MB took (ms):', { repToCustomerMs: Math.round(repToCustomerMs), customerToRepMs: Math.round(customerToRepMs) });
    console.info('[files] stall reports:', consoleLines.filter((line) => line.includes('has not moved')));
    // Peaks measured here: ~5-9 MB (customer sending), ~15-20 MB (receiving,
    // either side), ~23-42 MB (offscreen sending, the higher figures on a
    // loaded machine where V8 collects later): chunks not yet collected,
    // bounded by the channel's high-water mark, the ack window and V8's GC, not
    // by the file. Half the file is the bound; nothing of it stays once collected.
    for (const [where, growth] of Object.entries(report)) expect(growth, where).toBeLessThan(50 * MB);
    for (const bytes of retained) expect(bytes).toBeLessThan(8 * MB);
  }, 300_000); // two 100 MB transfers: ~35 s here, but one CI run of four took over 120 s
});
