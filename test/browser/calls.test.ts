// Voice, video and recording (issue #9), end to end in real browsers: the rep
// (built extension, fake microphone and camera, tab capture) and a customer
// (plain Chromium with fake devices) talk and see each other over the
// session's existing peer connection while the shared tab stays on the stage;
// mute silences the rep's voice at the customer's end; a recording of the
// stage and voices is a file the browser's own decoders can play.
//
// Audio and video are proven by the receivers' own statistics
// (getStats inbound-rtp: audioLevel, framesDecoded), read from the customer's
// page and from the rep's offscreen document, where the rep's peers live. Both
// are found with DevTools' queryObjects(RTCPeerConnection.prototype): no
// test-only hook in the product.
import { fileURLToPath } from 'node:url';
import type { Browser, Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../helpers/server.ts';
import { EXTENSION_ID, launchCustomerBrowser, launchRepBrowser, type LaunchedBrowser } from './harness/browsers.ts';
import { decodeRecording } from './harness/recording.ts';
import { inbound, until } from './harness/rtc-stats.ts';
import { expectPatternOnVideo, startPatternServer } from './harness/pattern.ts';
import { openDashboard, shareTab, signIn, startSession } from './harness/rep.ts';
import { byRole, click, fill, waitForRemoteState, waitForText } from './harness/ui.ts';

const REP = { email: 'caller@example.test', password: 'a long test password 9' };
const EXTENSION_ORIGIN = `chrome-extension://${EXTENSION_ID}`;

let server: TestServer;
let pattern: Awaited<ReturnType<typeof startPatternServer>>;
let rep: Awaited<ReturnType<typeof launchRepBrowser>>;
let customer: LaunchedBrowser;

beforeAll(async () => {
  server = await startTestServer({ webRoot: fileURLToPath(new URL('../../dist/web/', import.meta.url)) });
  await server.createUser(REP.email, REP.password, 'Alex Rep');
  pattern = await startPatternServer();
  [rep, customer] = await Promise.all([launchRepBrowser({ fakeDevices: true }), launchCustomerBrowser()]);
});

afterAll(async () => {
  await Promise.all([rep?.close(), customer?.close()]);
  await pattern?.close();
  await server?.stop();
});

async function offscreenPage(browser: Browser): Promise<Page> {
  const target = await browser.waitForTarget((t) => t.url() === `${EXTENSION_ORIGIN}/offscreen/offscreen.html`, { timeout: 10_000 });
  return target.asPage();
}

/** A video element named `label` shows frames that keep coming. */
async function expectMovingVideo(page: Page, label: string): Promise<void> {
  // Found by its accessible name (a <video> has no ARIA role to query by).
  const video = await page.waitForSelector(`video[aria-label="${label}"]`, { timeout: 15_000 });
  if (!video) throw new Error(`no video "${label}"`);
  const frames = () => video.evaluate((el) => (el as HTMLVideoElement).getVideoPlaybackQuality().totalVideoFrames);
  await page.waitForFunction((el) => (el as HTMLVideoElement).videoWidth > 0, { timeout: 15_000 }, video);
  const first = await frames();
  await page.waitForFunction((el, n) => (el as HTMLVideoElement).getVideoPlaybackQuality().totalVideoFrames > n + 5, { timeout: 10_000 }, video, first);
}

describe('voice, video and recording between the rep and a customer', () => {
  let dashboard: Page;
  let customerPage: Page;
  let offscreen: Page;

  it('sets up: the rep shares a tab and a customer watches it', async () => {
    dashboard = await openDashboard(rep);
    await signIn(dashboard, server.url, REP.email, REP.password);
    const joinUrl = await startSession(dashboard);
    await shareTab(rep, dashboard, pattern.url, 'Shared test pattern');
    customerPage = await customer.browser.newPage();
    await customerPage.goto(joinUrl);
    await fill(customerPage, 'Your name', 'Kim Customer');
    await click(customerPage, 'button', 'Join');
    await waitForRemoteState(customerPage, 'viewing');
    await expectPatternOnVideo(customerPage);
    await waitForText(dashboard, 'media connected');
    offscreen = await offscreenPage(rep.browser);
  });

  it('without the microphone permission the rep is told what to do, and the permission page asks for it', async () => {
    await click(dashboard, 'button', 'Start voice call');
    await waitForText(dashboard, 'Your browser needs your permission to use the microphone and camera');
    // The permission page is a visible extension page, where Chrome can ask.
    const opened = rep.browser.waitForTarget((t) => t.url() === `${EXTENSION_ORIGIN}/calls/permission.html`, { timeout: 10_000 });
    await click(dashboard, 'button', 'Allow microphone and camera');
    const permissionPage = await (await opened).asPage();
    await waitForText(permissionPage, 'Your browser asks here, once');
    // What the rep's "Allow" in Chrome's prompt does (headless shows no prompt); then the page asks again.
    await rep.browser.defaultBrowserContext().overridePermissions(EXTENSION_ORIGIN, ['microphone', 'camera']);
    await permissionPage.reload();
    await waitForText(permissionPage, 'Allowed. You can close this tab');
    await permissionPage.close();
  });

  it('voice both ways: each side hears the other (inbound audio level above zero)', async () => {
    await dashboard.bringToFront();
    // Nothing more to click: the dashboard retried on its own once the permission was granted.
    await waitForText(dashboard, 'You: In the call');
    await byRole(dashboard, 'button', 'End voice call');

    await click(customerPage, 'button', 'Start voice call');
    await waitForText(customerPage, 'You: In the call');
    await waitForText(customerPage, 'Alex Rep: In the call');
    await waitForText(dashboard, 'Kim Customer: In the call');

    await until(() => inbound(customerPage), (s) => s.audioLevel > 0.001, 'the rep’s voice reaches the customer');
    await until(() => inbound(offscreen), (s) => s.audioLevel > 0.001, 'the customer’s voice reaches the rep');
    // The stage is still the shared tab: the call's tracks did not replace it.
    await expectPatternOnVideo(customerPage);
  });

  it('the speaking indicator follows the audio level', async () => {
    // Chromium's fake microphone beeps: the indicator turns on at a beep.
    await dashboard.waitForFunction(() => document.querySelector('.calls .presence[data-speaking="true"]') !== null, { timeout: 15_000 });
    await customerPage.waitForFunction(() => document.querySelector('.call-presence[data-who="rep"][data-speaking="true"]') !== null, { timeout: 15_000 });
    await waitForText(customerPage, 'Speaking', 15_000);
  });

  it('mute stops the rep’s voice at the customer’s end, and unmute brings it back', async () => {
    await click(dashboard, 'button', 'Mute');
    await waitForText(dashboard, 'You: In the call · Muted');
    await waitForText(customerPage, 'Alex Rep: In the call · Muted');
    // Silence for a second and a half in a row (the level decays over a few packets).
    let quietSince = 0;
    await until(
      () => inbound(customerPage),
      (s) => {
        if (s.audioLevel > 0.0005) quietSince = 0;
        else quietSince ||= Date.now();
        return quietSince > 0 && Date.now() - quietSince > 1500;
      },
      'the muted voice goes silent',
    );
    const packets = (await inbound(customerPage)).audioPackets;
    expect(packets, 'packets still flow (silence, not a renegotiation)').toBeGreaterThan(0);
    await click(dashboard, 'button', 'Unmute');
    await waitForText(dashboard, 'You: In the call');
    await until(() => inbound(customerPage), (s) => s.audioLevel > 0.001, 'the voice comes back after unmute');
  });

  it('video both ways: each side turns the camera on and the other sees frames arrive', async () => {
    const customerFrames = (await inbound(customerPage)).framesDecoded;
    const repFrames = (await inbound(offscreen)).framesDecoded;
    await click(dashboard, 'button', 'Turn camera on');
    await byRole(dashboard, 'button', 'Turn camera off');
    await click(customerPage, 'button', 'Turn camera on');
    await byRole(customerPage, 'button', 'Turn camera off');

    await expectMovingVideo(customerPage, 'Alex Rep’s camera');
    await expectMovingVideo(dashboard, 'Kim Customer’s camera');
    await expectMovingVideo(customerPage, 'Your camera');
    // The customer decodes the stage and the rep's camera; the rep decodes the customer's camera.
    const a = await until(() => inbound(customerPage), (s) => s.framesDecoded > customerFrames + 30, 'camera frames reach the customer');
    await until(() => inbound(offscreen), (s) => s.framesDecoded > repFrames + 30, 'camera frames reach the rep');
    await until(() => inbound(customerPage), (s) => s.framesDecoded > a.framesDecoded + 10, 'frames keep coming');
    // The stage is still the shared tab, not a camera.
    await expectPatternOnVideo(customerPage);
    await waitForText(customerPage, 'Alex Rep: In the call · Camera on');
  });

  it('a side that turns its camera off stops showing it', async () => {
    await click(customerPage, 'button', 'Turn camera off');
    await byRole(customerPage, 'button', 'Turn camera on');
    await dashboard.waitForFunction(() => !document.querySelector('video[aria-label="Kim Customer’s camera"]'), { timeout: 10_000 });
    await expectPatternOnVideo(customerPage);
  });

  it('recording: everyone sees "Recording" from start to stop, and the file plays with a duration', async () => {
    await click(dashboard, 'button', 'Start recording');
    await byRole(dashboard, 'button', 'Stop recording');
    await waitForText(dashboard, 'Recording');
    await waitForText(customerPage, 'Recording: Alex Rep is recording this session.');
    await new Promise((resolve) => setTimeout(resolve, 4000));
    await click(dashboard, 'button', 'Stop recording');
    await customerPage.waitForFunction(() => document.querySelector('.recording-banner')?.getAttribute('data-recording') === 'false', { timeout: 10_000 });
    const link = await byRole(dashboard, 'link', 'Download recording', 15_000);
    const fileName = await link.evaluate((a) => (a as HTMLAnchorElement).download);
    expect(fileName).toMatch(/^peerassist-\d{9}-\d{4}-\d{2}-\d{2}-\d{6}\.webm$/);

    // Decoded with the browser's own decoders, in the dashboard (the file's origin).
    const decoded = await decodeRecording(link, { audio: true });
    expect(decoded.size).toBeGreaterThan(10_000);
    expect(decoded.width).toBeGreaterThan(0);
    expect(decoded.height).toBeGreaterThan(0);
    expect(decoded.duration).toBeGreaterThan(2);
    expect(decoded.audioDuration).toBeGreaterThan(2);
  });

  it('the rep turns the camera off and ends the call: the customer sees both go', async () => {
    await click(dashboard, 'button', 'Turn camera off');
    await customerPage.waitForFunction(() => !document.querySelector('video[aria-label="Alex Rep’s camera"]'), { timeout: 10_000 });
    await click(dashboard, 'button', 'End voice call');
    await waitForText(customerPage, 'Alex Rep: Not in the call');
    await byRole(dashboard, 'button', 'Start voice call');
    // The stage never moved.
    await expectPatternOnVideo(customerPage);
  });
});

// FEATURES.md S20: at a transfer of control, video and recording end, and
// everyone is told; a voice call continues where both ends support voice. The
// customer keeps their microphone and sends it on the new controller's link;
// the new controller's engine joins the call on arrival (here first asking
// for the microphone permission, which its browser has not given yet).
describe('a transfer of control ends video and recording, everyone is told, and the voice call continues', () => {
  const HELPER = { email: 'helper-call@example.test', password: 'a long test password 10', name: 'Helen Helper' };
  let helperBrowser: Awaited<ReturnType<typeof launchRepBrowser>>;
  let dashboard: Page;
  let helper: Page;
  let customerPage: Page;

  beforeAll(async () => {
    await server.createUser(HELPER.email, HELPER.password, HELPER.name);
    helperBrowser = await launchRepBrowser({ fakeDevices: true });
  });
  afterAll(async () => {
    await helperBrowser?.close();
  });

  it('sets up: a new session with a customer in a call and on camera, an assistant, and a recording running', async () => {
    dashboard = (await rep.browser.pages()).find((p) => p.url().endsWith('/popup/popup.html'))!;
    await click(dashboard, 'button', 'End session');
    const joinUrl = await startSession(dashboard);
    const number = new URL(joinUrl).pathname.split('/').at(-1)!;
    customerPage = await customer.browser.newPage();
    await customerPage.goto(joinUrl);
    await fill(customerPage, 'Your name', 'Lee Customer');
    await click(customerPage, 'button', 'Join');
    await waitForRemoteState(customerPage, 'connected');

    helper = await openDashboard(helperBrowser);
    await signIn(helper, server.url, HELPER.email, HELPER.password);
    await fill(helper, 'Session number', number);
    await click(helper, 'button', 'Join as assistant');
    await waitForText(dashboard, `${HELPER.name} (assistant)`);

    await shareTab(rep, dashboard, pattern.url, 'Shared test pattern');
    await waitForRemoteState(customerPage, 'viewing');
    await click(dashboard, 'button', 'Start voice call');
    await waitForText(dashboard, 'You: In the call');
    await click(customerPage, 'button', 'Start voice call');
    await click(customerPage, 'button', 'Turn camera on');
    await waitForText(dashboard, 'Lee Customer: In the call');
    await click(dashboard, 'button', 'Start recording');
    // Every participant sees it: the customer and the assistant.
    await waitForText(customerPage, 'Recording: Alex Rep is recording this session.');
    await waitForText(helper, 'Recording: Alex Rep is recording this session.');
  });

  it('after the transfer the camera and the recording have ended with the reason shown, and the customer is still in the call', async () => {
    await click(dashboard, 'button', 'Transfer session');
    await click(dashboard, 'menuitem', 'Transfer control');
    await byRole(dashboard, 'dialog', 'Transfer control');
    await click(dashboard, 'radio', HELPER.name);
    await click(dashboard, 'button', 'Transfer');

    await waitForText(customerPage, 'Video and recording ended: control passed to another representative. Your voice call continues with them.');
    await customerPage.waitForFunction(() => document.querySelector('.recording-banner')?.getAttribute('data-recording') === 'false', { timeout: 10_000 });
    // Still in the call (the button ends it), the camera off.
    await waitForText(customerPage, 'You: In the call');
    await byRole(customerPage, 'button', 'End voice call');
    await byRole(customerPage, 'button', 'Turn camera on');
    // The old controller is told too, and keeps the recording to download.
    await waitForText(dashboard, 'Video and recording ended: control passed to another representative. The voice call continues with them; as an assistant you hear them.');
    await byRole(dashboard, 'link', 'Download recording', 15_000);
    // The new controller's dashboard: nothing recording.
    await helper.waitForFunction(() => !document.body.innerText.includes('is recording this session'), { timeout: 10_000 });
    await byRole(helper, 'button', 'Start recording');
  });

  it('the new controller joins the call once they allow the microphone; each hears the other', async () => {
    // Their browser has not given the extension the microphone yet: told so, with the usual way to allow it.
    await waitForText(helper, 'A voice call was running when control came to you. It continues as soon as you allow the microphone.');
    const opened = helperBrowser.browser.waitForTarget((t) => t.url() === `${EXTENSION_ORIGIN}/calls/permission.html`, { timeout: 10_000 });
    await click(helper, 'button', 'Allow microphone and camera');
    const permissionPage = await (await opened).asPage();
    await helperBrowser.browser.defaultBrowserContext().overridePermissions(EXTENSION_ORIGIN, ['microphone', 'camera']);
    await permissionPage.reload();
    await waitForText(permissionPage, 'Allowed. You can close this tab');
    await permissionPage.close();
    await helper.bringToFront();
    // Nothing more to click: the call continues by itself.
    await waitForText(helper, 'You: In the call');
    await waitForText(helper, 'Lee Customer: In the call');
    await waitForText(customerPage, `${HELPER.name}: In the call`);
    // The customer's voice reaches the new controller's engine, and theirs the customer.
    const helperOffscreen = await offscreenPage(helperBrowser.browser);
    await until(() => inbound(helperOffscreen), (s) => s.audioLevel > 0.001, 'the customer’s voice reaches the new controller');
    await until(() => inbound(customerPage), (s) => s.audioLevel > 0.001, 'the new controller’s voice reaches the customer');
    // Still the customer's first call: they never pressed "Start voice call" again.
    await byRole(customerPage, 'button', 'End voice call');
  });
});
