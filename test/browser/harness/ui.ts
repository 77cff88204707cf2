// Finding and using controls the way assistive tech sees them: by role and
// accessible name (puppeteer's aria/ selectors), never by CSS class.
import type { ElementHandle, Page } from 'puppeteer-core';

export async function byRole(page: Page, role: string, name: string, timeout = 10_000): Promise<ElementHandle<Element>> {
  const handle = await page.waitForSelector(`::-p-aria([name="${name}"][role="${role}"])`, { timeout, visible: true });
  if (!handle) throw new Error(`no ${role} named "${name}"`);
  return handle;
}

export async function click(page: Page, role: string, name: string): Promise<void> {
  // A background tab runs no animation frames, which visibility checks wait on: act like a person, on the front tab.
  await page.bringToFront();
  for (let attempt = 1; ; attempt++) {
    const handle = await byRole(page, role, name);
    // Wait until it is enabled: buttons are disabled while an action is under way.
    await page.waitForFunction((el) => !(el as HTMLButtonElement).disabled, { timeout: 10_000 }, handle);
    try {
      await handle.click();
      return;
    } catch (error) {
      // The page re-rendered between finding the control and clicking it (the element was
      // replaced or moved): find it again, as a person would look again.
      const replaced = error instanceof Error && /not clickable|detached|not an Element/i.test(error.message);
      if (!replaced || attempt >= 3) throw error;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
}

/** Replace a text field's value, typing like a person. */
export async function fill(page: Page, name: string, value: string, role = 'textbox'): Promise<void> {
  await page.bringToFront();
  const handle = await byRole(page, role, name);
  await handle.click({ count: 3 });
  await page.keyboard.press('Backspace');
  await handle.type(value);
}

/** Wait until the page's visible text contains `text`. */
export async function waitForText(page: Page, text: string, timeout = 15_000): Promise<void> {
  await page.waitForFunction((t) => document.body.innerText.includes(t), { timeout, polling: 100 }, text);
}

export async function waitForRemoteState(page: Page, state: string, timeout = 20_000): Promise<void> {
  await page.waitForFunction((s) => document.documentElement.dataset.remoteState === s, { timeout, polling: 100 }, state);
}
