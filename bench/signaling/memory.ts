// Memory per idle session and socket, read inside the server's own process.
//
// Measured as a slope: sessions already connected (a quarter as many, the
// warm-up) stay, then `memorySessions` more are added, and the growth is
// divided by their number, so fixed costs (compiled code, the young generation
// growing under load) fall out of the difference. A session is two sockets and
// the server's record of them; idle means only the protocol's keep-alives.
// Every run is a fresh server process; runs go round the targets in turn.
import type { Child } from '../lib/proc.ts';
import { median, round, sleep } from '../lib/stats.ts';
import type { Plan, Target } from './plan.ts';
import { repTokens, startLoadgen, startServer } from './processes.ts';
import type { MemorySample } from './servers/common.ts';

interface Run {
  rssPerSession: number;
  livePerSession: number;
}

async function oneRun(plan: Plan, target: Target, loadgen: Child): Promise<Run> {
  const server = await startServer(target);
  try {
    const { protocol } = target;
    const info = server.info;
    const base = Math.ceil(plan.memorySessions / 4);
    // Accounts and tokens are made first: they exist whether or not their reps are connected.
    const tokens = await repTokens(target, server, base + plan.memorySessions);
    await loadgen.call('connectPairs', { protocol, info, count: base, tokens: tokens.slice(0, base) });
    await sleep(300);
    const before = await server.call<MemorySample>('memory');
    await loadgen.call('connectPairs', { protocol, info, count: plan.memorySessions, tokens: tokens.slice(base) });
    await sleep(300);
    const after = await server.call<MemorySample>('memory');
    await loadgen.call('closePairs');
    return {
      rssPerSession: (after.rss - before.rss) / plan.memorySessions,
      livePerSession: (after.live - before.live) / plan.memorySessions,
    };
  } finally {
    await server.stop();
  }
}

function summarize(plan: Plan, runs: Run[]) {
  const rssPerSession = median(runs.map((r) => r.rssPerSession));
  const livePerSession = median(runs.map((r) => r.livePerSession));
  return {
    sessions: plan.memorySessions,
    rssPerSessionBytes: round(rssPerSession, 0),
    livePerSessionBytes: round(livePerSession, 0),
    rssPerSocketBytes: round(rssPerSession / 2, 0),
    livePerSocketBytes: round(livePerSession / 2, 0),
    /**
     * From the JS heap (live objects after a full GC): precise and comparable, as
     * all three servers are Node + ws. The RSS slope also holds allocator and
     * heap slack, which depend on what the process did before (it varied by 2×
     * between runs here), so it is reported beside it but not divided into 1 GB.
     */
    sessionsPerGiB: Math.floor(2 ** 30 / livePerSession),
    sessionsPerGiBByRss: Math.floor(2 ** 30 / rssPerSession),
    runs: runs.map((r) => ({ rssPerSession: round(r.rssPerSession, 0), livePerSession: round(r.livePerSession, 0) })),
  };
}

export async function memoryPerSession(plan: Plan, targets: Target[]) {
  const runs = new Map<Target, Run[]>(targets.map((t) => [t, []]));
  const loadgen = await startLoadgen();
  try {
    for (let run = 0; run < plan.memoryRuns; run++) {
      for (const target of targets) runs.get(target)!.push(await oneRun(plan, target, loadgen));
    }
  } finally {
    await loadgen.stop();
  }
  const result: Partial<Record<Target['name'], ReturnType<typeof summarize>>> = {};
  for (const target of targets) result[target.name] = summarize(plan, runs.get(target)!);
  return result;
}
