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
