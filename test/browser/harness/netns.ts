// A customer on a network of their own, to cut for real (issue #10, "Network
// blip"): a Linux network namespace joined to this one by a veth pair, and a
// Chromium started inside it. Cutting the link is a qdisc dropping every packet
// on both ends of the pair, so the browser, its WebSocket and its WebRTC
// transport all lose the network at once, as when Wi-Fi drops; the interfaces
// stay up, as they do then. Needs root (CAP_NET_ADMIN), as CI has.
//
//   host ── veth pa-hN 10.213.N.1/24 ══ veth pa-cN 10.213.N.2/24 ── namespace pa-nsN (customer)
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import puppeteer from 'puppeteer-core';
import { chromiumPath, COMMON_FLAGS, type LaunchedBrowser } from './browsers.ts';

const run = promisify(execFile);
/**
 * A token bucket whose bucket holds one byte: no packet ever fits, so every
 * packet leaving the interface is dropped (the kernels here have no netem,
 * and tbf is always there).
 */
const DROP_ALL = ['tbf', 'rate', '8bit', 'burst', '1', 'latency', '1ms'];

export interface CustomerNetwork {
  /** The host's address on the link: where the customer reaches the server and the rep. */
  hostAddress: string;
  customerAddress: string;
  cut(): Promise<void>;
  restore(): Promise<void>;
  /** Chromium inside the namespace (DevTools over a pipe: no port to reach across namespaces). */
  launchCustomerBrowser(): Promise<LaunchedBrowser>;
  /** A program that runs Chromium inside the namespace (for launchRepBrowser). */
  chromiumPath: string;
  /**
   * Makes 127.0.0.1:`port` inside the namespace reach the host's `port` (a
   * small TCP forwarder in the namespace), so an extension that may talk to
   * loopback servers reaches the server on the host.
   */
  forwardLoopback(port: number): Promise<void>;
  remove(): Promise<void>;
}

/** A namespace on a subnet of its own (`n` picks it; random by default, so runs never collide). */
export async function createCustomerNetwork(n = 10 + Math.floor(Math.random() * 200)): Promise<CustomerNetwork> {
  const ns = `pa-ns${n}`;
  const [hostIf, nsIf] = [`pa-h${n}`, `pa-c${n}`];
  const [hostAddress, customerAddress] = [`10.213.${n}.1`, `10.213.${n}.2`];
  const inNs = (...args: string[]) => run('ip', ['netns', 'exec', ns, ...args]);
  // Leftovers of an interrupted run with the same number would make the adds fail.
  await run('ip', ['netns', 'del', ns]).catch(() => {});
  await run('ip', ['link', 'del', hostIf]).catch(() => {});
  await run('ip', ['netns', 'add', ns]);
  await run('ip', ['link', 'add', hostIf, 'type', 'veth', 'peer', 'name', nsIf]);
  await run('ip', ['link', 'set', nsIf, 'netns', ns]);
  await run('ip', ['addr', 'add', `${hostAddress}/24`, 'dev', hostIf]);
  await run('ip', ['link', 'set', hostIf, 'up']);
  await inNs('ip', 'addr', 'add', `${customerAddress}/24`, 'dev', nsIf);
  await inNs('ip', 'link', 'set', nsIf, 'up');
  await inNs('ip', 'link', 'set', 'lo', 'up');

  const wrapperDir = await mkdtemp(join(tmpdir(), 'peerassist-netns-'));
  const wrapper = join(wrapperDir, 'chromium-in-netns');
  await writeFile(wrapper, `#!/bin/sh\nexec ip netns exec ${ns} ${chromiumPath()} "$@"\n`);
  await chmod(wrapper, 0o755);

  const forwarders: ChildProcess[] = [];
  let cut = false;
  return {
    hostAddress,
    customerAddress,
    chromiumPath: wrapper,
    async forwardLoopback(port) {
      const script = `const net = require('node:net');
        net.createServer((c) => { const s = net.connect(${port}, '${hostAddress}'); c.pipe(s).pipe(c); c.on('error', () => s.destroy()); s.on('error', () => c.destroy()); })
          .listen(${port}, '127.0.0.1', () => console.log('ready'));`;
      const child = spawn('ip', ['netns', 'exec', ns, process.execPath, '-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
      forwarders.push(child);
      await new Promise<void>((resolve, reject) => {
        child.stdout?.once('data', () => resolve());
        child.once('exit', (code) => reject(new Error(`the loopback forwarder in ${ns} exited (${code})`)));
      });
    },
    async cut() {
      if (cut) return;
      cut = true;
      await Promise.all([run('tc', ['qdisc', 'add', 'dev', hostIf, 'root', ...DROP_ALL]), inNs('tc', 'qdisc', 'add', 'dev', nsIf, 'root', ...DROP_ALL)]);
    },
    async restore() {
      if (!cut) return;
      cut = false;
      await Promise.all([run('tc', ['qdisc', 'del', 'dev', hostIf, 'root']), inNs('tc', 'qdisc', 'del', 'dev', nsIf, 'root')]);
    },
    async launchCustomerBrowser() {
      const profile = await mkdtemp(join(tmpdir(), 'peerassist-netns-profile-'));
      const browser = await puppeteer.launch({
        executablePath: wrapper,
        headless: true,
        pipe: true,
        userDataDir: profile,
        args: [...COMMON_FLAGS, '--window-size=1280,800', '--use-fake-device-for-media-stream', '--use-fake-ui-for-media-stream'],
      });
      return {
        browser,
        close: async () => {
          await browser.close().catch(() => {});
          await rm(profile, { recursive: true, force: true });
        },
      };
    },
    async remove() {
      for (const child of forwarders) child.kill('SIGTERM');
      await run('ip', ['netns', 'del', ns]).catch(() => {});
      await run('ip', ['link', 'del', hostIf]).catch(() => {});
      await rm(wrapperDir, { recursive: true, force: true });
    },
  };
}
