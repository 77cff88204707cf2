// The relayed path, for real (issue #10, TURN): the rep's Chromium (with the
// extension) and the customer's run in two network namespaces that cannot
// reach each other: each has a link to this host only, and no route beyond
// it. The only way between them is a real coturn on the host, with the
// credentials the server mints per participant (TURN_SECRET). The customer's
// connection check finds the relay before joining, the rep's tab reaches the
// customer's screen (pixel check), and the page says the session is relayed.
//
//   ns A (rep)  10.213.a.2 ── 10.213.a.1 ┐
//                                        host: signaling server, turnserver (relaying from both link addresses)
//   ns B (cust) 10.213.b.2 ── 10.213.b.1 ┘
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { freeUdpPort, startCoturn, type Coturn } from '../helpers/coturn.ts';
import { startTestServer, type TestServer } from '../helpers/server.ts';
import { launchRepBrowser, type LaunchedBrowser } from './harness/browsers.ts';
import { createCustomerNetwork, type CustomerNetwork } from './harness/netns.ts';
import { expectPatternOnVideo, startPatternServer } from './harness/pattern.ts';
import { openDashboard, shareTab, signIn, startSession } from './harness/rep.ts';
import { click, fill, waitForRemoteState, waitForText } from './harness/ui.ts';
import { freePort } from '../helpers/ports.ts';

const REP = { email: 'rita-relay@example.test', password: 'a long test password 10', name: 'Rita Relay' };
const SECRET = 'relayed-path-secret';

let repNet: CustomerNetwork;
let customerNet: CustomerNetwork;
let coturn: Coturn;
let server: TestServer;
let pattern: Awaited<ReturnType<typeof startPatternServer>>;
let repBrowser: Awaited<ReturnType<typeof launchRepBrowser>>;
let customerBrowser: LaunchedBrowser;
let port: number;


beforeAll(async () => {
  const a = 10 + Math.floor(Math.random() * 100);
  [repNet, customerNet] = await Promise.all([createCustomerNetwork(a), createCustomerNetwork(a + 100)]);
  const turnPort = await freeUdpPort();
  // Relays on the host's link addresses: from there coturn reaches both namespaces.
  const links = [repNet.hostAddress, customerNet.hostAddress];
  coturn = await startCoturn(turnPort, SECRET, { listeningIps: links, relayIps: links });
  port = await freePort('0.0.0.0');
  server = await startTestServer({
    webRoot: fileURLToPath(new URL('../../dist/web/', import.meta.url)),
    env: {
      HOST: '0.0.0.0',
      PORT: String(port),
      PUBLIC_URL: `http://127.0.0.1:${port}`,
      ALLOWED_ORIGINS: `http://${customerNet.hostAddress}:${port}`,
      // Each side reaches the relay on its own link's address; the other URL simply fails for it.
      TURN_URLS: `turn:${repNet.hostAddress}:${turnPort}?transport=udp,turn:${customerNet.hostAddress}:${turnPort}?transport=udp`,
      TURN_SECRET: SECRET,
    },
  });
  await server.createUser(REP.email, REP.password, REP.name);
  // The rep's extension talks to a loopback server, as with `npm start`: loopback in ns A leads to the host.
  await repNet.forwardLoopback(port);
  // The rep's browser in ns A opens the pattern page through its link to the host.
  pattern = await startPatternServer('0.0.0.0');
  [repBrowser, customerBrowser] = await Promise.all([launchRepBrowser({ executablePath: repNet.chromiumPath }), customerNet.launchCustomerBrowser()]);
});

afterAll(async () => {
  await Promise.all([repBrowser?.close(), customerBrowser?.close()]);
  await pattern?.close();
  await server?.stop();
  await coturn?.stop();
  await Promise.all([repNet?.remove(), customerNet?.remove()]);
});

it('the two namespaces cannot reach each other directly, only the host', async () => {
  const run = promisify(execFile);
  const ns = (net: CustomerNetwork) => `pa-ns${net.customerAddress.split('.')[2]}`;
  // A TCP connect from the customer's namespace: the server on the host answers; the rep's address has no route.
  const connect = (address: string, to: number) =>
    run('ip', ['netns', 'exec', ns(customerNet), process.execPath, '-e',
      `require('node:net').connect(${to}, '${address}').on('connect', () => { console.log('connected'); process.exit(0); }).on('error', (e) => { console.log(e.code); process.exit(0); })`,
    ]).then(({ stdout }) => stdout.trim());
  expect(await connect(customerNet.hostAddress, port)).toBe('connected');
  expect(await connect(repNet.customerAddress, port)).toMatch(/^(ENETUNREACH|EHOSTUNREACH)$/);
});

it('the customer’s connection check finds the relay, and the rep’s tab reaches them through it', async () => {
  const dashboard = await openDashboard(repBrowser);
  await signIn(dashboard, `http://127.0.0.1:${port}`, REP.email, REP.password);
  const joinUrl = new URL(await startSession(dashboard));
  joinUrl.hostname = customerNet.hostAddress;

  const customer = await customerBrowser.browser.newPage();
  await customer.setViewport({ width: 1280, height: 720 });
  await customer.goto(joinUrl.href);
  await waitForText(customer, 'PeerAssist server: reachable');
  await waitForText(customer, 'Relay (TURN): reachable', 20_000);
  await fill(customer, 'Your name', 'Remy Remote');
  await click(customer, 'button', 'Join');
  await waitForRemoteState(customer, 'connected', 30_000);

  await shareTab(repBrowser, dashboard, `http://${repNet.hostAddress}:${pattern.port}/pattern`, 'Shared test pattern');
  await waitForRemoteState(customer, 'viewing', 30_000);
  await expectPatternOnVideo(customer, { timeoutMs: 20_000 });
  await waitForText(customer, 'Relayed through a TURN server');
  // coturn saw the allocations of both sides.
  expect(coturn.log()).toMatch(/ALLOCATE/);
});
