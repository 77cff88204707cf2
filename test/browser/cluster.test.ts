// Several nodes in real browsers (issue #11): the rep's extension signs in to
// node A of three sharing one real redis-server and shares a tab; customers
// open the join page on node B and on node C, and both see the tab's actual
// pixels. Every message between them crosses nodes through Redis; the media
// goes browser to browser.
import { fileURLToPath } from 'node:url';
import type { Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCluster, type TestCluster, type TestNode } from '../helpers/cluster.ts';
import { launchCustomerBrowser, launchRepBrowser, type LaunchedBrowser } from './harness/browsers.ts';
import { expectPatternOnVideo, startPatternServer } from './harness/pattern.ts';
import { openDashboard, shareTab, signIn, startSession } from './harness/rep.ts';
import { click, fill, waitForRemoteState, waitForText } from './harness/ui.ts';

const REP = { email: 'rep@example.test', password: 'a long test password 1' };

let cluster: TestCluster;
let a: TestNode;
let b: TestNode;
let c: TestNode;
let pattern: Awaited<ReturnType<typeof startPatternServer>>;
let rep: Awaited<ReturnType<typeof launchRepBrowser>>;
let customers: LaunchedBrowser;

beforeAll(async () => {
  cluster = await startCluster(['node-a', 'node-b', 'node-c'], { webRoot: fileURLToPath(new URL('../../dist/web/', import.meta.url)) });
  [a, b, c] = cluster.nodes as [TestNode, TestNode, TestNode];
  await cluster.createUser(REP.email, REP.password, 'Alex Rep');
  pattern = await startPatternServer();
  [rep, customers] = await Promise.all([launchRepBrowser(), launchCustomerBrowser()]);
});

afterAll(async () => {
  await Promise.all([rep?.close(), customers?.close()]);
  await pattern?.close();
  await cluster?.stop();
});

/** The same join link, on another node's address. */
function onNode(joinUrl: string, node: TestNode): string {
  const url = new URL(joinUrl);
  return `${node.url}${url.pathname}${url.search}`;
}

/** Each customer in a browser context of their own, as two people's browsers. */
async function join(url: string, name: string): Promise<Page> {
  const context = await customers.browser.createBrowserContext();
  const page = await context.newPage();
  await page.setViewport({ width: 1280, height: 800 });
  await page.goto(url);
  await fill(page, 'Your name', name);
  await click(page, 'button', 'Join');
  return page;
}

describe('a session across three nodes', () => {
  let dashboard: Page;
  let joinUrl: string;

  it('the rep signs in to node A, starts a session and shares a tab', async () => {
    dashboard = await openDashboard(rep);
    await signIn(dashboard, a.url, REP.email, REP.password);
    joinUrl = await startSession(dashboard);
    expect(joinUrl.startsWith(a.url)).toBe(true);
    await waitForText(dashboard, 'Connected to the server');
    await shareTab(rep, dashboard, pattern.url, 'Shared test pattern');
  });

  it('a customer on node B sees the shared tab’s pixels', async () => {
    const page = await join(onNode(joinUrl, b), 'Kim on B');
    await waitForRemoteState(page, 'viewing');
    await expectPatternOnVideo(page);
    await waitForText(dashboard, 'Kim on B');
    await waitForText(dashboard, 'media connected');
  });

  it('a customer on node C joins the same session and sees it too', async () => {
    const page = await join(onNode(joinUrl, c), 'Lee on C');
    await waitForText(dashboard, 'Lee on C');
    await waitForRemoteState(page, 'viewing');
    await expectPatternOnVideo(page);
  });
});
