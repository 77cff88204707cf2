// The extension's cost to the rep: bundle sizes, popup first paint and
// interactive, and the service worker's cold start to reconnected.
import { openDashboard, signIn, startSession } from '../../test/browser/harness/rep.ts';
import { launchRep } from '../lib/browsers.ts';
import { Child } from '../lib/proc.ts';
import type { BuildSnapshot } from '../lib/snapshot.ts';
import type { ServerInfo } from '../signaling/servers/common.ts';
import { bundleSizes } from './bundles.ts';
import { popupTimings } from './popup.ts';
import { workerRestart } from './worker-restart.ts';

export interface ExtensionPlan {
  warmup: number;
  popupRuns: number;
  restartRuns: number;
}

export const EXTENSION_PLAN: ExtensionPlan = { warmup: 2, popupRuns: 10, restartRuns: 6 };
export const QUICK_EXTENSION_PLAN: ExtensionPlan = { warmup: 1, popupRuns: 3, restartRuns: 2 };

export async function runExtension(snapshot: BuildSnapshot, plan: ExtensionPlan, log: (line: string) => void) {
  const bundles = await bundleSizes(snapshot.chromeDir, snapshot.webDir);
  const server = await Child.start<ServerInfo>(new URL('../signaling/servers/peerassist.ts', import.meta.url));
  const rep = await launchRep(snapshot.chromeDir);
  try {
    const popup = await popupTimings(rep, plan.warmup, plan.popupRuns);
    log(`  popup: first paint ${popup.popup.firstPaintMs.p50} ms, interactive ${popup.popup.interactiveMs.p50} ms`);
    const dashboard = await openDashboard(rep);
    await signIn(dashboard, server.info.url, server.info.email!, server.info.password!);
    await startSession(dashboard);
    const restart = await workerRestart(rep, dashboard, plan.warmup, plan.restartRuns);
    log(`  service worker: cold ${restart.coldMs.p50} ms, warm ${restart.warmMs.p50} ms to connected`);
    return { plan, bundles, popup, restart };
  } finally {
    await rep.close();
    await server.stop();
  }
}

export type ExtensionResult = Awaited<ReturnType<typeof runExtension>>;
