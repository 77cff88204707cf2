// What a rep does in the extension, step by step, as the browser suites need it.
import type { Page, Target } from 'puppeteer-core';
import { EXTENSION_ID, type launchRepBrowser } from './browsers.ts';
import { byRole, click, fill, waitForText } from './ui.ts';

export const DASHBOARD_URL = `chrome-extension://${EXTENSION_ID}/popup/popup.html`;
type RepBrowser = Awaited<ReturnType<typeof launchRepBrowser>>;

/** The dashboard opened as a tab (as a side panel would show it). */
export async function openDashboard(rep: RepBrowser): Promise<Page> {
  const page = await rep.browser.newPage();
  await page.setViewport({ width: 420, height: 720 });
  await page.goto(DASHBOARD_URL);
  return page;
}

/** Click the toolbar button on `page` (grants activeTab) and return the popup that opens. */
export async function openActionPopup(rep: RepBrowser, page: Page): Promise<Page> {
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

/** The dashboard lists this customer as having left (greyed, no actions). */
export async function waitForLeft(dashboard: Page, name: string): Promise<void> {
  await dashboard.waitForFunction(
    (n) => [...document.querySelectorAll('li.participant[data-state="left"]')].some((li) => li.textContent?.includes(n)),
    { timeout: 10_000, polling: 100 },
    name,
  );
}

export async function closeIfOpen(page: Page): Promise<void> {
  if (!page.isClosed()) await page.close().catch(() => {});
}

export async function signIn(dashboard: Page, serverUrl: string, email: string, password: string): Promise<void> {
  await fill(dashboard, 'Server', serverUrl);
  await fill(dashboard, 'Email', email);
  await fill(dashboard, 'Password', password);
  await click(dashboard, 'button', 'Sign in');
  await waitForText(dashboard, `Signed in as ${email}`);
}

/** Start a session; returns the join link shown on the dashboard. */
export async function startSession(dashboard: Page): Promise<string> {
  await click(dashboard, 'button', 'Start session');
  const link = await byRole(dashboard, 'textbox', 'Join link');
  return link.evaluate((el) => (el as HTMLInputElement).value);
}

/** Open `url` in a new tab, click the toolbar button on it, and share it. */
export async function shareTab(rep: RepBrowser, dashboard: Page, url: string, title: string): Promise<Page> {
  const shared = await rep.browser.newPage();
  await shared.goto(url);
  const popup = await openActionPopup(rep, shared);
  await click(popup, 'button', 'Share this tab');
  // Chrome may close the action popup once capture starts; the dashboard shows the result.
  await waitForText(dashboard, `Sharing: ${title}`);
  await closeIfOpen(popup);
  return shared;
}

/**
 * From now on the dashboard records every URL it would hand to the system
 * (mailto: invitations) instead of opening it: a headless browser has no mail
 * program. Uses the dashboard's own hook (src/popup/open-url.ts).
 */
export async function recordOpenedUrls(dashboard: Page): Promise<void> {
  await dashboard.evaluate(() => {
    const recorder = window as unknown as { peerassistOpened?: string[] };
    if (recorder.peerassistOpened) return;
    recorder.peerassistOpened = [];
    window.addEventListener('peerassist:open-url', (event) => {
      event.preventDefault();
      recorder.peerassistOpened!.push((event as CustomEvent<string>).detail);
    });
  });
}

/** The URLs the dashboard opened since recordOpenedUrls, oldest first. */
export async function openedUrls(dashboard: Page): Promise<string[]> {
  return dashboard.evaluate(() => [...((window as unknown as { peerassistOpened?: string[] }).peerassistOpened ?? [])]);
}

/** A mailto: URL read back as a mail program would: address, subject and body, decoded. */
export function readMailto(url: string): { to: string; subject: string; body: string } {
  const parsed = new URL(url);
  if (parsed.protocol !== 'mailto:') throw new Error(`not a mailto: URL: ${url}`);
  const params = new Map(parsed.search.slice(1).split('&').map((pair) => pair.split('=').map(decodeURIComponent) as [string, string]));
  return { to: decodeURIComponent(parsed.pathname), subject: params.get('subject') ?? '', body: params.get('body') ?? '' };
}
