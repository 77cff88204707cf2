// The signaling benchmark group: PeerAssist on its real path against the
// PeerJS server and the bare `ws` relay, each server in a process of its own
// with its own load generator (loadgen.ts) in another.
//
// The machine is shared, so the targets are measured interleaved: window 1 of
// every target, then window 2 of every target, and so on, each after a short
// warm-up. A burst of outside load then lands on one window of one target, and
// the median of its windows leaves it out, instead of on all of one target's
// windows. Server CPU is read inside the server's own process.
import type { Child } from '../lib/proc.ts';
import { median, round, sleep } from '../lib/stats.ts';
import { memoryPerSession } from './memory.ts';
import { TARGETS, type Plan, type Target } from './plan.ts';
import { repTokens, startLoadgen, startServer } from './processes.ts';
import type { ServerInfo } from './servers/common.ts';

interface Window {
  seconds: number;
  count: number;
  perSecond: number;
  unexpected: number;
  latencyMs?: { n: number; p50: number; p90: number; p99: number };
  p999Ms?: number;
}

/** One target's server and load generator, alive for the whole load part of the group. */
interface Rig {
  target: Target;
  server: Child<ServerInfo>;
  loadgen: Child;
  tokens: string[];
}

type Start = (rig: Rig) => Promise<unknown>;

async function startRig(target: Target, plan: Plan): Promise<Rig> {
  const server = await startServer(target);
  const loadgen = await startLoadgen();
  return { target, server, loadgen, tokens: await repTokens(target, server, plan.pacedPairs) };
}

/** Starts a load, warms up, measures one window (with the server's CPU time), stops the load. */
async function oneWindow(plan: Plan, rig: Rig, start: Start) {
  await start(rig);
  await sleep(plan.warmupMs);
  await rig.loadgen.call('mark');
  const cpuBefore = await rig.server.call<NodeJS.CpuUsage>('cpu');
  await sleep(plan.windowMs);
  const window = await rig.loadgen.call<Window>('mark');
  const cpuAfter = await rig.server.call<NodeJS.CpuUsage>('cpu');
  await rig.loadgen.call('stopLoad');
  const cpuUs = cpuAfter.user - cpuBefore.user + cpuAfter.system - cpuBefore.system;
  return { ...window, serverCpuUsPerMsg: window.count ? cpuUs / window.count : Number.NaN };
}

type WindowResult = Awaited<ReturnType<typeof oneWindow>>;

function summarize(windows: WindowResult[]) {
  return {
    perSecond: round(median(windows.map((w) => w.perSecond)), 0),
    /** For connects: per connection. */
    serverCpuUsPerMsg: round(median(windows.map((w) => w.serverCpuUsPerMsg)), 2),
    unexpected: windows.reduce((sum, w) => sum + w.unexpected, 0),
    p50Ms: round(median(windows.map((w) => w.latencyMs?.p50 ?? Number.NaN)), 3),
    p99Ms: round(median(windows.map((w) => w.latencyMs?.p99 ?? Number.NaN)), 3),
    p999Ms: round(median(windows.map((w) => w.p999Ms ?? Number.NaN)), 3),
    windows: windows.map((w) => ({
      perSecond: round(w.perSecond, 0),
      serverCpuUsPerMsg: round(w.serverCpuUsPerMsg, 2),
      ...(w.latencyMs && { p50Ms: round(w.latencyMs.p50, 3), p99Ms: round(w.latencyMs.p99, 3), n: w.latencyMs.n }),
    })),
  };
}

type Measured = ReturnType<typeof summarize>;

/** `plan.windows` rounds; in each, one window per rig, in turn. */
async function interleaved(plan: Plan, rigs: Rig[], start: Start, label: string, log: (line: string) => void) {
  const windows = new Map<Rig, WindowResult[]>(rigs.map((rig) => [rig, []]));
  for (let round = 0; round < plan.windows; round++) {
    for (const rig of rigs) windows.get(rig)!.push(await oneWindow(plan, rig, start));
  }
  const result: Partial<Record<Target['name'], Measured>> = {};
  for (const rig of rigs) {
    result[rig.target.name] = summarize(windows.get(rig)!);
    log(`  ${label}, ${rig.target.label}: ${result[rig.target.name]!.perSecond}/s` + latencyNote(result[rig.target.name]!));
  }
  return result;
}

const latencyNote = (m: Measured) => (Number.isFinite(m.p50Ms) ? `, p50 ${m.p50Ms} ms, p99 ${m.p99Ms} ms` : '');

const connectPairs = (rig: Rig, from: number, to: number) =>
  rig.loadgen.call('connectPairs', { protocol: rig.target.protocol, info: rig.server.info, count: to - from, tokens: rig.tokens.slice(from, to) });

export async function runSignaling(plan: Plan, log: (line: string) => void) {
  const rigs: Rig[] = [];
  const only = (names: Target['name'][]) => rigs.filter((rig) => names.includes(rig.target.name));
  let load: Record<'latency' | 'unpaced' | 'paced' | 'connects', Partial<Record<Target['name'], Measured>>>;
  try {
    for (const target of TARGETS) rigs.push(await startRig(target, plan));
    for (const rig of rigs) await connectPairs(rig, 0, plan.latencyPairs);
    log(`signaling: ${rigs.length} servers up, ${plan.latencyPairs} pairs each`);
    const latency = await interleaved(
      plan,
      only(['peerassist', 'peerjs', 'bare']),
      (rig) => rig.loadgen.call('startOpenLoop', { totalRate: plan.latencyRate }),
      `${plan.latencyRate} msg/s offered`,
      log,
    );
    const unpaced = await interleaved(
      plan,
      only(['peerassist-unlimited', 'peerjs', 'bare']),
      (rig) => rig.loadgen.call('startClosedLoop', { perSocketRate: null }),
      `${plan.unpacedPairs} pairs flat out`,
      log,
    );
    for (const rig of rigs) await connectPairs(rig, plan.latencyPairs, plan.pacedPairs);
    const paced = await interleaved(
      plan,
      rigs,
      (rig) => rig.loadgen.call('startClosedLoop', { perSocketRate: plan.pacedRate }),
      `${plan.pacedPairs} pairs at ≤${plan.pacedRate}/s per socket`,
      log,
    );
    for (const rig of rigs) await rig.loadgen.call('closePairs');
    await sleep(500);
    const connects = await interleaved(
      plan,
      only(['peerassist', 'peerjs', 'bare']),
      (rig) =>
        rig.loadgen.call('startConnects', {
          protocol: rig.target.protocol,
          info: rig.server.info,
          concurrency: plan.connectConcurrency,
          token: rig.tokens[0] ?? '',
        }),
      'connects',
      log,
    );
    load = { latency, unpaced, paced, connects };
  } finally {
    for (const rig of rigs) {
      await rig.loadgen.stop();
      await rig.server.stop();
    }
  }
  const memory = await memoryPerSession(plan, TARGETS.filter((t) => t.name !== 'peerassist-unlimited'));
  for (const [name, m] of Object.entries(memory)) log(`  memory, ${name}: ${m.rssPerSessionBytes} B RSS per idle session`);
  return { plan, targets: TARGETS.map(({ name, label }) => ({ name, label })), load, memory };
}

export type SignalingResult = Awaited<ReturnType<typeof runSignaling>>;
