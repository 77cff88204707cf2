// One benchmark group in a process of its own (bench/main.ts starts one per
// group): whatever it launches (browsers, servers, load generators) is closed
// when it returns, and killed with it if it dies.
import { pathToFileURL } from 'node:url';
import { CLUSTER_PLAN, QUICK_CLUSTER_PLAN, runCluster } from '../cluster/run.ts';
import { runExtension, EXTENSION_PLAN, QUICK_EXTENSION_PLAN } from '../extension/run.ts';
import { FANOUT_PLAN, QUICK_FANOUT_PLAN, runFanout } from '../media/fanout.ts';
import { JOIN_PLAN, QUICK_JOIN_PLAN, runJoin } from '../media/join.ts';
import { probeScript, startPageServer } from '../media/page-server.ts';
import { FULL_PLAN, QUICK_PLAN } from '../signaling/plan.ts';
import { runSignaling } from '../signaling/run.ts';
import { runChurnGroup } from '../signaling/churn-group.ts';
import { serve } from './proc.ts';
import { snapshotBuild } from './snapshot.ts';

export const GROUPS = ['media', 'fanout', 'signaling', 'extension', 'churn', 'cluster'] as const;
export type Group = (typeof GROUPS)[number];

const log = (line: string) => console.log(line);

async function withMedia<T>(run: (ctx: Parameters<typeof runJoin>[0]) => Promise<T>): Promise<T> {
  const snapshot = await snapshotBuild();
  const pages = await startPageServer();
  try {
    return await run({ snapshot, pagesUrl: pages.url, probe: await probeScript() });
  } finally {
    await pages.close();
    await snapshot.remove();
  }
}

async function runGroup(group: Group, quick: boolean): Promise<unknown> {
  switch (group) {
    case 'media':
      return withMedia((ctx) => runJoin(ctx, quick ? QUICK_JOIN_PLAN : JOIN_PLAN, log));
    case 'fanout':
      return withMedia((ctx) => runFanout(ctx, quick ? QUICK_FANOUT_PLAN : FANOUT_PLAN, log));
    case 'signaling':
      return runSignaling(quick ? QUICK_PLAN : FULL_PLAN, log);
    case 'churn':
      return runChurnGroup(quick, log);
    case 'cluster':
      return runCluster(quick ? QUICK_CLUSTER_PLAN : CLUSTER_PLAN, log);
    case 'extension': {
      const snapshot = await snapshotBuild();
      try {
        return await runExtension(snapshot, quick ? QUICK_EXTENSION_PLAN : EXTENSION_PLAN, log);
      } finally {
        await snapshot.remove();
      }
    }
  }
}

// Started by main.ts as a child process (main.ts also imports GROUPS from here).
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) serve({ run: ({ group, quick }: { group: Group; quick: boolean }) => runGroup(group, quick) });
