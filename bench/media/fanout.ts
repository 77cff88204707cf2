// Fan-out: frames per second each customer receives while 1, 2 and 3
// customers watch one rep's 720p tab (the animated pattern), PeerAssist beside
// the reference doing the same with one plain peer connection per receiver.
// The rep's browser encodes once per customer (peer to peer, no SFU), so on
// two cores this is where the rep's machine runs out first.
//
// Per customer: inbound-rtp framesDecoded, read every second after the
// picture settles, from the customer's own page (the median of those
// one-second rates); per rep: media-source framesPerSecond (what tab capture
// delivers to the encoders). Pipelines run in blocks A B B A, as in join.ts.
// Each customer is a browser of its own, as real customers are.
import type { JSHandle, Page } from 'puppeteer-core';
import { launchCustomer, type BenchBrowser } from '../lib/browsers.ts';
import { median, round, sleep } from '../lib/stats.ts';
import { startProduct, startReference, type MediaContext, type Pipeline } from './pipelines.ts';
import { connectionsOf, videoStats } from './rtc-stats.ts';

export interface FanoutPlan {
  maxCustomers: number;
  settleMs: number;
  /** Seconds of one-second samples per level, over all blocks. */
  windowMs: number;
  /** Each pipeline is started this many times, in the order A B B A…, so drift in the machine's load hits both alike. */
  blocks: number;
}

export const FANOUT_PLAN: FanoutPlan = { maxCustomers: 3, settleMs: 2000, windowMs: 10_000, blocks: 2 };
export const QUICK_FANOUT_PLAN: FanoutPlan = { maxCustomers: 3, settleMs: 1500, windowMs: 3000, blocks: 2 };

/** One level of one block: per customer, its one-second frame rates; the rep's source rate each second. */
interface Samples {
  rates: number[][];
  sourceFps: number[];
  frameSize: string;
}

interface Level {
  customers: number;
  /** framesDecoded per second, one per customer. */
  perCustomerFps: number[];
  minFps: number;
  medianFps: number;
  /** What tab capture delivered to the rep's encoders (media-source framesPerSecond, median). */
  sourceFps: number;
  frameSize: string;
}

const decodedNow = async (connections: JSHandle<RTCPeerConnection[]>) =>
  (await videoStats(connections, 'inbound-rtp')).framesDecoded[0] ?? Number.NaN;

async function block(pipeline: Pipeline, customers: BenchBrowser[], plan: FanoutPlan, log: (line: string) => void): Promise<Samples[]> {
  const pages: Page[] = [];
  const receivers: JSHandle<RTCPeerConnection[]>[] = [];
  const levels: Samples[] = [];
  const seconds = Math.max(1, Math.round(plan.windowMs / 1000 / plan.blocks));
  try {
    for (let n = 1; n <= plan.maxCustomers; n++) {
      const page = await customers[n - 1]!.browser.newPage();
      pages.push(page);
      await pipeline.open(page, `Fan-out Customer ${n}`);
      await pipeline.join(page);
      await page.waitForFunction(() => (window as unknown as { __bench: { firstFrameAt: number | null } }).__bench.firstFrameAt !== null, {
        timeout: 30_000,
        polling: 100,
      });
      receivers.push(await connectionsOf(page));
      await sleep(plan.settleMs);
      const sender = await connectionsOf(await pipeline.senderPage());
      const rates: number[][] = receivers.map(() => []);
      const sourceFps: number[] = [];
      let before = await Promise.all(receivers.map(decodedNow));
      let at = performance.now();
      for (let i = 0; i < seconds; i++) {
        await sleep(1000);
        const now = await Promise.all(receivers.map(decodedNow));
        const t = performance.now();
        now.forEach((frames, c) => rates[c]!.push(((frames - before[c]!) * 1000) / (t - at)));
        [before, at] = [now, t];
        sourceFps.push(median((await videoStats(sender, 'media-source')).fps));
      }
      await sender.dispose();
      const frameSize = (await videoStats(receivers[n - 1]!, 'inbound-rtp')).frameSize[0] ?? '?';
      levels.push({ rates, sourceFps, frameSize });
      log(`  ${pipeline.name} with ${n} customer(s): ${rates.map((r) => round(median(r), 1)).join(', ')} fps each (source ${round(median(sourceFps), 1)} fps, ${frameSize})`);
    }
  } finally {
    await Promise.all(receivers.map((r) => r.dispose().catch(() => {})));
    for (const page of pages) await pipeline.leave(page).catch(() => {});
  }
  return levels;
}

/** Per level, over all blocks: each customer's median one-second rate, the lowest of them, the source's median. */
function summarize(blocks: Samples[][]): Level[] {
  return blocks[0]!.map((_, i) => {
    const customers = i + 1;
    const perCustomerFps = Array.from({ length: customers }, (_, c) => round(median(blocks.flatMap((b) => b[i]!.rates[c]!)), 1));
    return {
      customers,
      perCustomerFps,
      minFps: Math.min(...perCustomerFps),
      medianFps: round(median(perCustomerFps), 1),
      sourceFps: round(median(blocks.flatMap((b) => b[i]!.sourceFps)), 1),
      frameSize: blocks[0]![i]!.frameSize,
    };
  });
}

export async function runFanout(ctx: MediaContext, plan: FanoutPlan, log: (line: string) => void) {
  const customers = await Promise.all(Array.from({ length: plan.maxCustomers }, () => launchCustomer()));
  const starts = { reference: startReference, product: startProduct };
  const blocks: Record<Pipeline['name'], Samples[][]> = { reference: [], product: [] };
  try {
    for (let b = 0; b < plan.blocks; b++) {
      const order: Pipeline['name'][] = b % 2 === 0 ? ['reference', 'product'] : ['product', 'reference'];
      for (const name of order) {
        const pipeline = await starts[name](ctx);
        try {
          blocks[name].push(await block(pipeline, customers, plan, log));
        } finally {
          await pipeline.close();
        }
      }
    }
    return { plan, reference: summarize(blocks.reference), product: summarize(blocks.product) };
  } finally {
    await Promise.all(customers.map((c) => c.close()));
  }
}

export type FanoutResult = Awaited<ReturnType<typeof runFanout>>;
