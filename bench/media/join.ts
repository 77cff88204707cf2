// Join → first frame and glass to glass, for the reference (the floor) and
// for PeerAssist, in blocks ordered reference, PeerAssist, PeerAssist,
// reference (each block a fresh pipeline whose first join is a warm-up), with
// the same customer browser throughout.
//
//   join → first frame  the Join click's event.timeStamp to the presentation
//                       time of the first frame the customer's <video> shows
//                       (requestVideoFrameCallback), one page clock
//   glass to glass      per shown frame: receiver wall clock at presentation
//                       minus the time drawn into the shared tab, over a window
//                       that starts once the picture has settled
import type { Page } from 'puppeteer-core';
import { launchCustomer } from '../lib/browsers.ts';
import { median, percentile, round, sleep } from '../lib/stats.ts';
import { startProduct, startReference, type MediaContext, type Pipeline } from './pipelines.ts';

export interface JoinPlan {
  /** Joins excluded after each pipeline start (the first pays for cold code paths). */
  warmupJoins: number;
  /** Measured joins per pipeline, over all blocks. */
  joins: number;
  /** Each pipeline is started this many times, in the order A B B A…, so drift in the machine's load hits both alike. */
  blocks: number;
  /** After the first frame, before glass-to-glass samples count (bitrate ramp-up). */
  settleMs: number;
  g2gMs: number;
}

export const JOIN_PLAN: JoinPlan = { warmupJoins: 1, joins: 10, blocks: 2, settleMs: 1000, g2gMs: 2000 };
export const QUICK_JOIN_PLAN: JoinPlan = { warmupJoins: 1, joins: 4, blocks: 2, settleMs: 500, g2gMs: 1000 };

interface Bench {
  joinAt: number | null;
  socketOpenAt: number | null;
  offerAt: number | null;
  firstFrameAt: number | null;
  displaySize: string | null;
  frames: number;
  samples: number[];
  misses: number;
  g2g: boolean;
}
const benchOf = (page: Page) => page.evaluate(() => (window as unknown as { __bench: Bench }).__bench);

interface JoinSample {
  joinToFirstFrameMs: number;
  /** Where that time went: click → socket open → offer received → first frame. */
  toSocketOpenMs: number;
  toOfferMs: number;
  offerToFirstFrameMs: number;
  g2gP50Ms: number;
  g2gP90Ms: number;
  g2gFrames: number;
  /** Frames whose timestamp failed its checksum (caught mid-update or blurred). */
  g2gMisses: number;
  shownFps: number;
  displaySize: string;
}

async function oneJoin(pipeline: Pipeline, page: Page, plan: JoinPlan, n: number): Promise<JoinSample> {
  await pipeline.open(page, `Bench Customer ${n}`);
  await pipeline.join(page);
  await page.waitForFunction(() => (window as unknown as { __bench: Bench }).__bench.firstFrameAt !== null, {
    timeout: 30_000,
    polling: 50,
  });
  const first = await benchOf(page);
  await sleep(plan.settleMs);
  const framesBefore = (await benchOf(page)).frames;
  await page.evaluate(() => ((window as unknown as { __bench: Bench }).__bench.g2g = true));
  await sleep(plan.g2gMs);
  const after = await page.evaluate(() => {
    const bench = (window as unknown as { __bench: Bench }).__bench;
    bench.g2g = false;
    return bench;
  });
  return {
    joinToFirstFrameMs: first.firstFrameAt! - first.joinAt!,
    toSocketOpenMs: (first.socketOpenAt ?? Number.NaN) - first.joinAt!,
    toOfferMs: (first.offerAt ?? Number.NaN) - first.joinAt!,
    offerToFirstFrameMs: first.firstFrameAt! - (first.offerAt ?? Number.NaN),
    g2gP50Ms: median(after.samples),
    g2gP90Ms: percentile(after.samples, 90),
    g2gFrames: after.samples.length,
    g2gMisses: after.misses,
    shownFps: ((after.frames - framesBefore) * 1000) / plan.g2gMs,
    displaySize: after.displaySize ?? '?',
  };
}

/** One block: `joins` measured joins after the warm-up, on a freshly started pipeline. */
async function block(
  pipeline: Pipeline,
  customer: Awaited<ReturnType<typeof launchCustomer>>,
  plan: JoinPlan,
  joins: number,
  failures: string[],
  log: (line: string) => void,
): Promise<JoinSample[]> {
  const samples: JoinSample[] = [];
  for (let i = 0; samples.length < joins; i++) {
    const page = await customer.browser.newPage();
    try {
      const sample = await oneJoin(pipeline, page, plan, i).catch((error: unknown) => {
        // A join that never shows a frame is reported, not hidden; a few in a row means something is broken.
        failures.push(error instanceof Error ? error.message : String(error));
        log(`  ${pipeline.name} join ${i + 1} failed: ${failures.at(-1)}`);
        if (failures.length > 3) throw new Error(`${pipeline.name}: ${failures.length} joins failed; last: ${failures.at(-1)}`);
        return undefined;
      });
      if (!sample) continue;
      if (i >= plan.warmupJoins) samples.push(sample);
      log(
        `  ${pipeline.name} join ${i + 1}${i < plan.warmupJoins ? ' (warm-up)' : ''}: first frame ${round(sample.joinToFirstFrameMs, 1)} ms ` +
          `(offer after ${round(sample.toOfferMs, 1)} ms), ` +
          `g2g p50 ${round(sample.g2gP50Ms, 1)} ms (${sample.g2gFrames} frames, ${round(sample.shownFps, 1)} fps)`,
      );
    } finally {
      await pipeline.leave(page).catch(() => page.close().catch(() => {}));
    }
    // Let the rep side tear the peer down before the next customer arrives.
    await sleep(500);
  }
  return samples;
}

function summarize(samples: JoinSample[], failures: string[]) {
  const firstFrame = samples.map((s) => s.joinToFirstFrameMs);
  return {
    joins: samples.length,
    failedJoins: failures,
    joinToFirstFrameMs: { p50: round(median(firstFrame), 1), p90: round(percentile(firstFrame, 90), 1) },
    /** Medians of each part of the join. */
    breakdownMs: {
      clickToSocketOpen: round(median(samples.map((s) => s.toSocketOpenMs)), 1),
      clickToOffer: round(median(samples.map((s) => s.toOfferMs)), 1),
      offerToFirstFrame: round(median(samples.map((s) => s.offerToFirstFrameMs)), 1),
    },
    /** Median over joins of each join's p50 and p90. */
    glassToGlassMs: { p50: round(median(samples.map((s) => s.g2gP50Ms)), 1), p90: round(median(samples.map((s) => s.g2gP90Ms)), 1) },
    shownFps: round(median(samples.map((s) => s.shownFps)), 1),
    /** CSS pixels the video was shown at (frames are larger: tab capture sends 1920x1080). */
    displaySize: samples[0]?.displaySize ?? '?',
    samples: samples.map((s) => ({
      joinToFirstFrameMs: round(s.joinToFirstFrameMs, 1),
      toSocketOpenMs: round(s.toSocketOpenMs, 1),
      toOfferMs: round(s.toOfferMs, 1),
      g2gP50Ms: round(s.g2gP50Ms, 1),
      g2gP90Ms: round(s.g2gP90Ms, 1),
      g2gFrames: s.g2gFrames,
      g2gMisses: s.g2gMisses,
      shownFps: round(s.shownFps, 1),
    })),
  };
}

export async function runJoin(ctx: MediaContext, plan: JoinPlan, log: (line: string) => void) {
  const customer = await launchCustomer();
  const starts = { reference: startReference, product: startProduct };
  const samples: Record<Pipeline['name'], JoinSample[]> = { reference: [], product: [] };
  const failures: Record<Pipeline['name'], string[]> = { reference: [], product: [] };
  try {
    for (let b = 0; b < plan.blocks; b++) {
      const order: Pipeline['name'][] = b % 2 === 0 ? ['reference', 'product'] : ['product', 'reference'];
      for (const name of order) {
        const pipeline = await starts[name](ctx);
        try {
          const joins = Math.ceil((plan.joins - samples[name].length) / (plan.blocks - b));
          samples[name].push(...(await block(pipeline, customer, plan, joins, failures[name], log)));
        } finally {
          await pipeline.close();
        }
      }
    }
    return { plan, reference: summarize(samples.reference, failures.reference), product: summarize(samples.product, failures.product) };
  } finally {
    await customer.close();
  }
}

export type JoinResult = Awaited<ReturnType<typeof runJoin>>;
