// A customer's network drops for 2 s and for 10 s, for real (issue #10): the
// customer's Chromium runs in a network namespace of its own whose link netem
// cuts in both directions (harness/netns.ts: a qdisc that drops every packet), while the rep shares a tab. The
// customer's page must say "reconnecting" within 2 s instead of showing a
// frozen picture, and the picture must move again soon after the network
// returns, over the same session (no rejoin, no second participant). The
// measured times are printed and written to test-results/network-blip.json.
import { mkdir, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import type { Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../helpers/server.ts';
import { launchRepBrowser, type LaunchedBrowser } from './harness/browsers.ts';
import { createCustomerNetwork, type CustomerNetwork } from './harness/netns.ts';
import { expectPatternOnVideo, startPatternServer } from './harness/pattern.ts';
import { openDashboard, shareTab, signIn, startSession } from './harness/rep.ts';
import { click, fill, waitForRemoteState, waitForText } from './harness/ui.ts';
import { freePort } from '../helpers/ports.ts';

const REP = { email: 'nina-net@example.test', password: 'a long test password 9', name: 'Nina Network' };

let net: CustomerNetwork;
let server: TestServer;
let serverUrl: string;
let pattern: Awaited<ReturnType<typeof startPatternServer>>;
let repBrowser: Awaited<ReturnType<typeof launchRepBrowser>>;
let customerBrowser: LaunchedBrowser;
const figures: Record<string, { noticedMs: number | null; recoveredMs: number | null; states: string[] }> = {};


beforeAll(async () => {
  // The namespace first: the rep's browser must see the link's address when it starts.
  net = await createCustomerNetwork();
  const port = await freePort('0.0.0.0');
  serverUrl = `http://127.0.0.1:${port}`;
  server = await startTestServer({
    webRoot: fileURLToPath(new URL('../../dist/web/', import.meta.url)),
    env: { HOST: '0.0.0.0', PORT: String(port), PUBLIC_URL: serverUrl, ALLOWED_ORIGINS: `http://${net.hostAddress}:${port}` },
  });
  await server.createUser(REP.email, REP.password, REP.name);
  pattern = await startPatternServer();
  [repBrowser, customerBrowser] = await Promise.all([launchRepBrowser(), net.launchCustomerBrowser()]);
});

afterAll(async () => {
  await net?.restore().catch(() => {});
  await Promise.all([repBrowser?.close(), customerBrowser?.close()]);
  await pattern?.close();
  await server?.stop();
  await net?.remove();
  if (Object.keys(figures).length) {
    await mkdir('test-results', { recursive: true });
    await writeFile('test-results/network-blip.json', `${JSON.stringify(figures, null, 2)}\n`);
  }
});

/** Every 50 ms the page notes the time, its state and how many frames its video has shown. */
async function startRecording(page: Page): Promise<void> {
  await page.evaluate(() => {
    const w = window as unknown as { __blip?: { t: number; state: string; frames: number }[]; __blipTimer?: number };
    if (w.__blipTimer) clearInterval(w.__blipTimer);
    w.__blip = [];
    w.__blipTimer = window.setInterval(() => {
      const video = document.querySelector('video');
      w.__blip!.push({
        t: Date.now(),
        state: document.documentElement.dataset.remoteState ?? '',
        frames: video?.getVideoPlaybackQuality().totalVideoFrames ?? 0,
      });
    }, 50);
  });
}

const recording = (page: Page) =>
  page.evaluate(() => (window as unknown as { __blip: { t: number; state: string; frames: number }[] }).__blip);

/** Cuts the customer's link for `cutMs`; returns when the picture moves again (or fails the test). */
async function blip(page: Page, cutMs: number) {
  await startRecording(page);
  await new Promise((resolve) => setTimeout(resolve, 500));
  const cutAt = Date.now();
  await net.cut();
  await new Promise((resolve) => setTimeout(resolve, cutMs));
  await net.restore();
  const restoredAt = Date.now();
  // Frames moving again, and the page back to showing the screen.
  await page.waitForFunction(
    (since) => {
      const log = (window as unknown as { __blip: { t: number; state: string; frames: number }[] }).__blip;
      const before = log.filter((s) => s.t <= since).at(-1)?.frames ?? 0;
      const last = log.at(-1);
      return last !== undefined && last.frames > before + 5 && last.state === 'viewing';
    },
    { timeout: 30_000, polling: 100 },
    restoredAt,
  );
  const log = await recording(page);
  const noticed = log.find((s) => s.t >= cutAt && s.state === 'reconnecting');
  const framesAtRestore = log.filter((s) => s.t <= restoredAt).at(-1)?.frames ?? 0;
  const moving = log.find((s) => s.t > restoredAt && s.frames > framesAtRestore);
  const states = [...new Set(log.filter((s) => s.t >= cutAt).map((s) => s.state))];
  return {
    noticedMs: noticed ? noticed.t - cutAt : null,
    recoveredMs: moving ? moving.t - restoredAt : null,
    states,
  };
}

describe('a customer’s network drops (netns + netem)', () => {
  let customer: Page;
  let dashboard: Page;

  it('a session runs across the namespaces: the customer sees the rep’s tab', async () => {
    dashboard = await openDashboard(repBrowser);
    await signIn(dashboard, serverUrl, REP.email, REP.password);
    const joinUrl = new URL(await startSession(dashboard));
    joinUrl.hostname = net.hostAddress;
    customer = await customerBrowser.browser.newPage();
    await customer.setViewport({ width: 1280, height: 720 });
    await customer.goto(joinUrl.href);
    // The connection check before joining: the server answers over the WebSocket; no STUN or TURN is set up here.
    await waitForText(customer, 'PeerAssist server: reachable');
    await waitForText(customer, 'Relay (TURN): not set up');
    await fill(customer, 'Your name', 'Bo Blip');
    await click(customer, 'button', 'Join');
    await waitForRemoteState(customer, 'connected');
    await shareTab(repBrowser, dashboard, pattern.url, 'Shared test pattern');
    await waitForRemoteState(customer, 'viewing');
    await expectPatternOnVideo(customer);
    await waitForText(customer, 'Direct connection');
  });

  for (const cutMs of [2000, 10_000]) {
    it(`cut for ${cutMs / 1000} s: "reconnecting" within 2 s, the picture back soon after, same session`, async () => {
      const result = await blip(customer, cutMs);
      figures[`cut ${cutMs / 1000} s`] = result;
      console.log(`network blip ${cutMs / 1000} s: reconnecting shown after ${result.noticedMs} ms; picture moving ${result.recoveredMs} ms after the network returned; states ${result.states.join(' → ')}`);
      expect(result.noticedMs, 'the page said "reconnecting" while the link was cut').not.toBeNull();
      expect(result.noticedMs!).toBeLessThanOrEqual(2000);
      // The target is 3 s (issue #10); the bound leaves room for a loaded CI machine, the figure above says what it was.
      expect(result.recoveredMs).not.toBeNull();
      expect(result.recoveredMs!).toBeLessThanOrEqual(4000);
      // Same session, same participant: no rejoin happened.
      expect(result.states).not.toContain('joining');
      await expectPatternOnVideo(customer);
      const listed = await dashboard.$$eval('li.participant', (items) => items.map((li) => li.textContent ?? '').filter((t) => t.includes('Bo Blip')));
      expect(listed).toHaveLength(1);
    });
  }
});
