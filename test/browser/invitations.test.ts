// Every way into a session, in real browsers (issue #5; FEATURES.md S2, S4–S10,
// S16): the rep's extension in Chromium against the real server, whose mail
// goes to a real SMTP sink (smtp-server) on loopback.
//   (a) Start session with "Send email invitation": the mailto: carries the join link;
//   (e) the server sends an invitation (listed as Sent; the sink receives it),
//       and a refused one offers the rep's own mail program instead;
//   (b) Copy join link puts a ready-to-paste message on the clipboard;
//   (c) a customer with the number alone waits in the lobby until admitted; a denied one is told;
//   (d) a second rep assists from the site's Support session page through the
//       extension's content script, and shows up as "NAME (assistant)".
import { fileURLToPath } from 'node:url';
import type { Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../helpers/server.ts';
import { SmtpSink } from '../helpers/smtp-sink.ts';
import { EXTENSION_ID, launchCustomerBrowser, launchRepBrowser, type LaunchedBrowser } from './harness/browsers.ts';
import { DASHBOARD_URL, openDashboard, openedUrls, readMailto, recordOpenedUrls, signIn, startSession, waitForLeft } from './harness/rep.ts';
import { byRole, click, fill, waitForRemoteState, waitForText } from './harness/ui.ts';

const CONTROLLER = { email: 'alex@example.test', password: 'controller password 1', name: 'Alex Rep' };
const HELPER = { email: 'bo@example.test', password: 'helper password 12', name: 'Bo Helper' };
const REFUSED = 'bounce@example.test';

const spaced = (n: string) => `${n.slice(0, 3)} ${n.slice(3, 6)} ${n.slice(6)}`;
const numberOf = (joinUrl: string) => new URL(joinUrl).pathname.split('/').pop()!;

let smtp: SmtpSink;
let server: TestServer;
let rep: Awaited<ReturnType<typeof launchRepBrowser>>;
let customer: LaunchedBrowser;
let dashboard: Page;

beforeAll(async () => {
  // A real SMTP server on loopback that keeps what it receives and refuses mail to REFUSED.
  smtp = await SmtpSink.start();
  smtp.refuse(REFUSED, { at: 'rcpt', code: 550, message: 'mailbox unavailable' });
  server = await startTestServer({
    webRoot: fileURLToPath(new URL('../../dist/web/', import.meta.url)),
    env: { SMTP_URL: smtp.url },
  });
  await server.createUser(CONTROLLER.email, CONTROLLER.password, CONTROLLER.name);
  await server.createUser(HELPER.email, HELPER.password, HELPER.name);
  rep = await launchRepBrowser();
  customer = await launchCustomerBrowser();
  dashboard = await openDashboard(rep);
  await recordOpenedUrls(dashboard);
  await signIn(dashboard, server.url, CONTROLLER.email, CONTROLLER.password);
});

afterAll(async () => {
  await Promise.all([rep?.close(), customer?.close()]);
  await server?.stop();
  await smtp?.stop();
});

describe('invitations and every way in', () => {
  let joinUrl: string;
  let number: string;

  it('(a) Start session with "Send email invitation" opens the rep’s mail program with the session’s exact join link', async () => {
    // The site's default: invitations go through the rep's own mail program.
    expect((await server.store.settings.get()).emailMode).toBe('client');
    await click(dashboard, 'checkbox', 'Send email invitation');
    joinUrl = await startSession(dashboard);
    number = numberOf(joinUrl);

    await dashboard.waitForFunction(() => ((window as unknown as { peerassistOpened?: string[] }).peerassistOpened ?? []).length > 0, {
      timeout: 10_000,
    });
    const opened = await openedUrls(dashboard);
    expect(opened).toHaveLength(1);
    const mail = readMailto(opened[0]!);
    expect(mail.to).toBe('');
    expect(mail.subject).toBe(`Join my remote support session ${spaced(number)}`);
    expect(mail.body.split('\r\n')).toContain(joinUrl);
    expect(mail.body).toContain(spaced(number));

    // It is listed under Tools → Invite, and the form forces the mail program on this site.
    await click(dashboard, 'tab', 'Tools');
    await waitForText(dashboard, 'Opened in your email program');
    const own = await byRole(dashboard, 'checkbox', 'Send using my email program');
    expect(await own.evaluate((el) => [(el as HTMLInputElement).checked, (el as HTMLInputElement).disabled])).toEqual([true, true]);
    await waitForText(dashboard, 'This site does not send email');

    await click(dashboard, 'tab', 'Session');
    await click(dashboard, 'button', 'End session');
    await waitForText(dashboard, 'Start session');
  });

  it('(e) with the server sending mail, Start asks for the address; the invitation is sent, and a refused one falls back to the mail program', async () => {
    await server.store.settings.update({ emailMode: 'server' });
    await click(dashboard, 'checkbox', 'Send email invitation');
    await click(dashboard, 'button', 'Start session');

    // The Tools tab opens with the Invite form, Customer chosen, asking for the address.
    await waitForText(dashboard, 'Type your customer’s email address');
    const tools = await byRole(dashboard, 'tab', 'Tools');
    expect(await tools.evaluate((el) => el.getAttribute('aria-selected'))).toBe('true');
    expect(await dashboard.evaluate(() => document.activeElement?.getAttribute('type'))).toBe('email');
    await click(dashboard, 'tab', 'Session');
    joinUrl = await (await byRole(dashboard, 'textbox', 'Join link')).evaluate((el) => (el as HTMLInputElement).value);
    number = numberOf(joinUrl);
    await click(dashboard, 'tab', 'Tools');
    const customerKind = await byRole(dashboard, 'radio', 'Customer');
    expect(await customerKind.evaluate((el) => (el as HTMLInputElement).checked)).toBe(true);
    const own = await byRole(dashboard, 'checkbox', 'Send using my email program');
    expect(await own.evaluate((el) => [(el as HTMLInputElement).checked, (el as HTMLInputElement).disabled])).toEqual([false, false]);
    expect(await openedUrls(dashboard)).toHaveLength(1); // nothing new opened

    await fill(dashboard, 'Email', 'kim@example.test');
    await click(dashboard, 'button', 'OK');
    await dashboard.waitForFunction(
      () => [...document.querySelectorAll('.invitation')].some((li) => li.textContent?.includes('kim@example.test') && li.textContent.includes('Sent')),
      { timeout: 15_000, polling: 100 },
    );
    const mail = smtp.unread.find((m) => m.envelope.to.includes('kim@example.test'));
    expect(mail, 'the sink received the invitation').toBeDefined();
    expect(mail!.parsed.text).toContain(joinUrl);

    // A mailbox the mail server refuses: the dashboard says why and offers the rep's own program.
    await fill(dashboard, 'Email', REFUSED);
    await click(dashboard, 'button', 'OK');
    await waitForText(dashboard, 'Not sent: The server could not send the invitation.');
    await click(dashboard, 'button', 'Send with my email program instead');
    await waitForText(dashboard, 'Opened in your email program');
    const fallback = readMailto((await openedUrls(dashboard)).at(-1)!);
    expect(fallback.to).toBe(REFUSED);
    expect(fallback.body.split('\r\n')).toContain(joinUrl);

    // A support rep's invitation by the mail program carries the assist link, never the customer's token.
    await click(dashboard, 'radio', 'Support rep');
    await click(dashboard, 'checkbox', 'Send using my email program');
    await fill(dashboard, 'Email', HELPER.email);
    await click(dashboard, 'button', 'OK');
    const toRep = readMailto((await openedUrls(dashboard)).at(-1)!);
    expect(toRep.to).toBe(HELPER.email);
    expect(toRep.body).toContain(`${server.url}/support/${number}`);
    expect(toRep.body).not.toContain('?t=');
  });

  it('(b) Copy join link puts a ready-to-paste message with the link and the number on the clipboard', async () => {
    await rep.browser
      .defaultBrowserContext()
      .overridePermissions(`chrome-extension://${EXTENSION_ID}`, ['clipboard-read', 'clipboard-write', 'clipboard-sanitized-write']);
    await click(dashboard, 'tab', 'Session');
    await click(dashboard, 'button', 'Copy join link');
    await waitForText(dashboard, 'Join link copied');
    const pasted = await dashboard.evaluate(() => navigator.clipboard.readText());
    expect(pasted).toBe(`Join my support session: ${joinUrl} (session ${spaced(number)})`);
  });

  it('(c) a customer with the number alone waits in the lobby until admitted; a denied one is told so', async () => {
    const lobby = await customer.browser.newPage();
    await lobby.goto(`${server.url}/join`);
    await fill(lobby, 'Session number', spaced(number));
    await fill(lobby, 'Your name', 'Lee Lobby');
    await click(lobby, 'button', 'Join');
    await waitForRemoteState(lobby, 'lobby');
    await waitForText(lobby, 'Waiting for the representative to admit you');
    await click(dashboard, 'button', 'Admit Lee Lobby');
    await waitForRemoteState(lobby, 'connected');

    const denied = await customer.browser.newPage();
    await denied.goto(`${server.url}/join`);
    await fill(denied, 'Session number', number);
    await fill(denied, 'Your name', 'Dee Denied');
    await click(denied, 'button', 'Join');
    await waitForRemoteState(denied, 'lobby');
    await click(dashboard, 'button', 'Deny Dee Denied');
    await waitForRemoteState(denied, 'denied');
    await waitForText(denied, 'The representative declined your request to join.');
    await waitForLeft(dashboard, 'Dee Denied');
    await denied.close(); // Lee stays, to be seen by the assistant below
  });

  describe('(d) another rep assists from the support site', () => {
    let helper: Awaited<ReturnType<typeof launchRepBrowser>>;
    let helperDashboard: Page;
    let site: Page;

    beforeAll(async () => {
      helper = await launchRepBrowser();
    });
    afterAll(async () => {
      await helper?.close();
    });

    it('without the extension, the Support session page says it is needed and how to install it', async () => {
      const page = await customer.browser.newPage();
      await page.goto(`${server.url}/support`);
      await waitForText(page, 'The PeerAssist extension is needed');
      await waitForText(page, 'Load unpacked');
      await page.close();
    });

    it('with the extension signed out, it says to sign in first', async () => {
      site = await helper.browser.newPage();
      await site.goto(`${server.url}/support/${number}`);
      // A rep's invitation link fills the number in.
      const field = await byRole(site, 'textbox', 'Session number');
      expect(await field.evaluate((el) => (el as HTMLInputElement).value)).toBe(spaced(number));
      // The extension is still set to its default server: the page names this one.
      await waitForText(site, `Sign in to the PeerAssist extension first (its toolbar button), with ${server.url} as the server`);
    });

    it('signed in, Join on the site makes the rep an assistant: their dashboard says so, the controller lists them', async () => {
      helperDashboard = await openDashboard(helper);
      await signIn(helperDashboard, server.url, HELPER.email, HELPER.password);

      await site.goto(`${server.url}/support`);
      await fill(site, 'Session number', number);
      await click(site, 'button', 'Join');
      await waitForText(site, `You are assisting session ${spaced(number)}`);

      await waitForText(helperDashboard, `Assisting session ${spaced(number)} (controlled by ${CONTROLLER.name})`);
      await waitForText(helperDashboard, `${CONTROLLER.name} (controlling)`);
      await waitForText(helperDashboard, `${HELPER.name} (you, assistant)`);
      await waitForText(helperDashboard, 'Lee Lobby (customer)');
      await helperDashboard.bringToFront(); // visibility checks need animation frames: a front tab
      await byRole(helperDashboard, 'button', 'Leave session');
      // No control features for an assistant.
      const controls = await helperDashboard.evaluate(() =>
        [...document.querySelectorAll('button, [role="tab"]')].map((el) => el.textContent?.trim()),
      );
      for (const control of ['End session', 'Share this tab', 'Start session', 'Invite', 'Tools', 'Copy join link']) {
        expect(controls).not.toContain(control);
      }
      expect(await helperDashboard.evaluate(() => document.querySelectorAll('[aria-label^="Admit"]').length)).toBe(0);

      await waitForText(dashboard, `${HELPER.name} (assistant)`);
      expect(await dashboard.evaluate(() => document.querySelectorAll('[aria-label="Admit Bo Helper"]').length)).toBe(0);
    });

    it('the assisted session survives a stopped service worker: restored from storage, re-asserted on reconnect', async () => {
      // No dashboard open (its port would wake the worker at once); stop the worker through DevTools.
      await helperDashboard.close();
      await site.close();
      const workerAlive = () => helper.browser.targets().some((t) => t.type() === 'service_worker' && t.url().includes(EXTENSION_ID));
      await (await helper.worker()).close();
      for (let i = 0; i < 50 && workerAlive(); i++) await new Promise((resolve) => setTimeout(resolve, 100));
      expect(workerAlive(), 'the service worker was stopped').toBe(false);

      helperDashboard = await helper.browser.newPage();
      await helperDashboard.goto(DASHBOARD_URL);
      await waitForText(helperDashboard, `Assisting session ${spaced(number)} (controlled by ${CONTROLLER.name})`);
      await waitForText(helperDashboard, 'Connected to the server');
      // The server kept the same participant: the controller still lists one assistant.
      await waitForText(dashboard, `${HELPER.name} (assistant)`);
      expect(await dashboard.evaluate((name) => document.body.innerText.split(name).length - 1, `${HELPER.name} (assistant)`)).toBe(1);
    });

    it('when the controller ends the session, the assistant is back on the start screen and told why', async () => {
      await click(dashboard, 'button', 'End session');
      await waitForText(helperDashboard, `Session ${spaced(number)} has ended: the controlling rep ended it.`);
      await helperDashboard.bringToFront();
      await byRole(helperDashboard, 'button', 'Join as assistant');
      await byRole(helperDashboard, 'button', 'Start session');
    });
  });
});
