// The signaling server restarts mid-session, with the real clients (issue #10):
// the rep's extension shares a tab, a customer watches it; the server stops
// and starts again on the same port and DATA_DIR. The picture keeps moving
// while the server is down (media is peer to peer); the extension and the join
// page reconnect on their own (jittered back-off) and re-assert the session;
// the customer is back under the same participant id (the same peer
// connection), watching the same tab (pixel check), under the same number,
// listed once. The time from the new process
// listening to the customer's picture is printed (the target is 5 s).
import { fileURLToPath } from 'node:url';
import type { Page } from 'puppeteer-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../helpers/server.ts';
import { launchCustomerBrowser, launchRepBrowser, type LaunchedBrowser } from './harness/browsers.ts';
import { expectPatternOnVideo, startPatternServer } from './harness/pattern.ts';
import { openDashboard, shareTab, signIn, startSession } from './harness/rep.ts';
import { click, fill, waitForRemoteState, waitForText } from './harness/ui.ts';
import { freePort } from '../helpers/ports.ts';

const REP = { email: 'remi-restart@example.test', password: 'a long test password 11', name: 'Remi Restart' };
const webRoot = fileURLToPath(new URL('../../dist/web/', import.meta.url));

let port: number;
let server: TestServer | undefined;
let dataDir: string;
let pattern: Awaited<ReturnType<typeof startPatternServer>>;
let repBrowser: Awaited<ReturnType<typeof launchRepBrowser>>;
let customerBrowser: LaunchedBrowser;


const startServer = (dir?: string) => startTestServer({ webRoot, keepDataDir: true, ...(dir && { dataDir: dir }), env: { PORT: String(port) } });

beforeAll(async () => {
  port = await freePort();
  server = await startServer();
  dataDir = server.dataDir;
  await server.createUser(REP.email, REP.password, REP.name);
  pattern = await startPatternServer();
  [repBrowser, customerBrowser] = await Promise.all([launchRepBrowser(), launchCustomerBrowser()]);
});

afterAll(async () => {
  await Promise.all([repBrowser?.close(), customerBrowser?.close()]);
  await pattern?.close();
  await server?.stop();
});

it('the session survives a server restart: same number, the customer sees the tab again, listed once', async () => {
  const dashboard = await openDashboard(repBrowser);
  await signIn(dashboard, server!.url, REP.email, REP.password);
  const joinUrl = await startSession(dashboard);
  const number = new URL(joinUrl).pathname.split('/').at(-1)!;
  await shareTab(repBrowser, dashboard, pattern.url, 'Shared test pattern');
  const customer: Page = await customerBrowser.browser.newPage();
  await customer.setViewport({ width: 1280, height: 720 });
  await customer.goto(joinUrl);
  await fill(customer, 'Your name', 'Rae Restart');
  await click(customer, 'button', 'Join');
  await waitForRemoteState(customer, 'viewing');
  await expectPatternOnVideo(customer);
  const before = server!.server.registry.byNumber(number)!;
  const customerId = [...before.participants.values()].find((p) => p.role === 'customer')!.id;
  const frames = () => customer.evaluate(() => document.querySelector('video')?.getVideoPlaybackQuality().totalVideoFrames ?? 0);

  await server!.stop();
  server = undefined;
  // Both clients notice: the rep's dashboard and the customer's page say they are reconnecting.
  await dashboard.waitForFunction(() => !document.body.innerText.includes('Connected to the server'), { timeout: 10_000, polling: 100 });
  // Media never went through the server: the picture keeps moving while it is down.
  const whileDown = await frames();
  await new Promise((resolve) => setTimeout(resolve, 1000));
  expect(await frames(), 'frames while the server is down').toBeGreaterThan(whileDown + 5);

  server = await startServer(dataDir);
  const restartedAt = Date.now();
  await waitForText(dashboard, 'Connected to the server', 15_000);
  await waitForRemoteState(customer, 'viewing', 15_000);
  await expectPatternOnVideo(customer);
  const backMs = Date.now() - restartedAt;
  console.log(`server restart (browsers): the customer sees the tab again ${backMs} ms after the new process started`);

  // The same session, the same number, the rep its controller, the customer once.
  await waitForText(dashboard, `${number.slice(0, 3)} ${number.slice(3, 6)} ${number.slice(6)}`);
  const session = server.server.registry.byNumber(number);
  expect(session).toBeDefined();
  const present = server.server.registry.listParticipants(session!.id).filter((p) => p.state !== 'left');
  expect(present.map((p) => [p.name, p.role])).toEqual([
    [REP.name, 'controller'],
    ['Rae Restart', 'customer'],
  ]);
  // Back under the same participant id: the rep's peer connection to the customer went on.
  expect(present[1]!.id).toBe(customerId);
  const listed = await dashboard.$$eval('li.participant:not([data-state="left"])', (items) => items.map((li) => li.textContent ?? ''));
  expect(listed.filter((text) => text.includes('Rae Restart'))).toHaveLength(1);
  // The target (issue #10) is 5 s; this bound leaves room for a loaded CI machine, the figure above says what it was.
  expect(backMs).toBeLessThan(10_000);
});
