// The two ways a customer gets the rep's tab, set up the same way for every
// media benchmark:
//
//   reference  the floor: the same tab capture (tabCapture stream id →
//              getUserMedia in the extension's offscreen document), one plain
//              RTCPeerConnection per receiver, signalled through the bare relay
//              (pages/sender.js → pages/receiver.js)
//   product    PeerAssist: the rep signs in on the dashboard, starts a session
//              and shares the tab from the toolbar popup; the customer opens the
//              join link, types a name and clicks Join (the real pages, server,
//              extension, offscreen MediaEngine)
//
// Each pipeline owns a rep browser (one offscreen document per extension) and
// its server process; receiving pages are opened by the caller, in customer
// browsers, with the probe (pages/probe.js) injected before the page's scripts.
import type { Page } from 'puppeteer-core';
import { closeIfOpen, openActionPopup, openDashboard, shareTab, signIn, startSession } from '../../test/browser/harness/rep.ts';
import { click, fill } from '../../test/browser/harness/ui.ts';
import { launchRep } from '../lib/browsers.ts';
import { Child } from '../lib/proc.ts';
import type { BuildSnapshot } from '../lib/snapshot.ts';
import type { ServerInfo } from '../signaling/servers/common.ts';

export const PATTERN_TITLE = 'Bench pattern';

export interface MediaContext {
  snapshot: BuildSnapshot;
  /** The bench page server (pattern.html, receiver.html). */
  pagesUrl: string;
  probe: string;
}

export interface Pipeline {
  name: 'reference' | 'product';
  /** Loads the receiving page (probe injected) up to the moment before Join. */
  open(page: Page, name: string): Promise<void>;
  /** Clicks Join, as a person would. */
  join(page: Page): Promise<void>;
  /** Leaves the session and closes the page. */
  leave(page: Page): Promise<void>;
  /** The page holding the rep's peer connections (the offscreen document). */
  senderPage(): Promise<Page>;
  close(): Promise<void>;
}

const serverModule = (name: string) => new URL(`../signaling/servers/${name}`, import.meta.url);

async function preparePage(page: Page, probe: string): Promise<void> {
  await page.evaluateOnNewDocument(probe);
}

/** The rep's offscreen document (the reference's sender or the product's MediaEngine) as a Page. */
async function offscreenPage(rep: Awaited<ReturnType<typeof launchRep>>, urlPart: string): Promise<Page> {
  const target = await rep.browser.waitForTarget((t) => t.url().includes(urlPart), { timeout: 10_000 });
  return target.asPage();
}

export async function startReference(ctx: MediaContext): Promise<Pipeline> {
  const relay = await Child.start<ServerInfo>(serverModule('bare-relay.ts'));
  const rep = await launchRep(ctx.snapshot.chromeDir);
  try {
    const patternUrl = `${ctx.pagesUrl}/pattern.html`;
    const tab = await rep.browser.newPage();
    await tab.goto(patternUrl);
    // The toolbar click grants activeTab for the tab, as it does for the product.
    const popup = await openActionPopup(rep, tab);
    await closeIfOpen(popup);
    const worker = await rep.worker();
    await worker.evaluate(
      async (url, relayUrl) => {
        const [target] = await chrome.tabs.query({ url });
        if (target?.id === undefined) throw new Error('pattern tab not found');
        const streamId = await chrome.tabCapture.getMediaStreamId({ targetTabId: target.id });
        // The tab's own size, as the product passes it (src/background/tab-capture.ts sizeOf).
        const size = { width: String(target.width ?? 1920), height: String(target.height ?? 1080) };
        const query = new URLSearchParams({ streamId, relay: relayUrl, room: 'media', ...size });
        await chrome.offscreen.createDocument({
          url: `bench/sender.html?${query}`,
          reasons: ['USER_MEDIA' as chrome.offscreen.Reason],
          justification: 'benchmark reference sender',
        });
      },
      patternUrl,
      relay.info.wsUrl,
    );
    const sender = await offscreenPage(rep, 'bench/sender.html');
    for (let i = 0; ; i++) {
      const state = await sender.evaluate(() => (window as unknown as { senderState: string }).senderState);
      if (state === 'ready') break;
      if (state.startsWith('failed') || i > 100) throw new Error(`reference sender: ${state}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    await tab.bringToFront();
  } catch (error) {
    await rep.close();
    await relay.stop();
    throw error;
  }
  const receiverUrl = `${ctx.pagesUrl}/receiver.html?${new URLSearchParams({ relay: relay.info.wsUrl, room: 'media' })}`;
  return {
    name: 'reference',
    async open(page) {
      await preparePage(page, ctx.probe);
      await page.goto(receiverUrl);
    },
    async join(page) {
      await click(page, 'button', 'Join');
    },
    async leave(page) {
      await page.evaluate(() => (window as unknown as { leave: () => void }).leave()).catch(() => {});
      await page.close();
    },
    senderPage: () => offscreenPage(rep, 'bench/sender.html'),
    async close() {
      await rep.close();
      await relay.stop();
    },
  };
}

export async function startProduct(ctx: MediaContext): Promise<Pipeline> {
  const server = await Child.start<ServerInfo>(serverModule('peerassist.ts'), { args: ['--web-root', ctx.snapshot.webDir] });
  const rep = await launchRep(ctx.snapshot.chromeDir);
  let joinUrl: string;
  try {
    const dashboard = await openDashboard(rep);
    await signIn(dashboard, server.info.url, server.info.email!, server.info.password!);
    joinUrl = await startSession(dashboard);
    const tab = await shareTab(rep, dashboard, `${ctx.pagesUrl}/pattern.html`, PATTERN_TITLE);
    await tab.bringToFront();
  } catch (error) {
    await rep.close();
    await server.stop();
    throw error;
  }
  return {
    name: 'product',
    async open(page, name) {
      await preparePage(page, ctx.probe);
      await page.goto(joinUrl);
      await fill(page, 'Your name', name);
    },
    async join(page) {
      await click(page, 'button', 'Join');
    },
    async leave(page) {
      // Closing the page is how a customer usually leaves: the server sees the socket close.
      await page.close();
    },
    senderPage: () => offscreenPage(rep, 'offscreen/offscreen.html'),
    async close() {
      await rep.close();
      await server.stop();
    },
  };
}

