// The cluster benchmark group (issue #11): relay throughput and latency of
// `signal` messages with 1, 2 and 3 server nodes on one real redis-server.
// Each pair is a rep and a customer; with N nodes the rep is on node i mod N
// and the customer on node (i + 1) mod N, so with 2 or 3 nodes every message
// crosses nodes (edge → Redis stream → owner → Redis stream → edge), and with
// one node none does. Every rep sends at a fixed pace under the per-socket rate
// limit (open loop); what arrives, and how late, is counted at the customers.
//
// All of it — redis-server, the nodes, this load generator — shares the
// machine's cores: on 2 cores this measures what relaying through Redis costs
// per message, not how far more machines would scale (see the README).
import { WebSocket } from 'ws';
import { hashPassword } from '../../signaling/auth/password.ts';
import { loadConfig } from '../../signaling/config.ts';
import { startCluster, type TestCluster } from '../../test/helpers/cluster.ts';
import { median, round, sleep, summarize, type Summary } from '../lib/stats.ts';

export interface ClusterPlan {
  nodes: number[];
  pairs: number;
  /** Messages per second each rep sends (the per-socket limit is 50/s sustained). */
  rate: number;
  windows: number;
  windowMs: number;
  warmupMs: number;
}

export const CLUSTER_PLAN: ClusterPlan = { nodes: [1, 2, 3], pairs: 150, rate: 40, windows: 3, windowMs: 5000, warmupMs: 2000 };
export const QUICK_CLUSTER_PLAN: ClusterPlan = { nodes: [1, 2], pairs: 20, rate: 20, windows: 1, windowMs: 2000, warmupMs: 500 };

export interface ClusterRow {
  nodes: number;
  pairs: number;
  offeredPerSecond: number;
  /** What the load generator managed to send (it shares the cores too). */
  sentPerSecond: number;
  /** Median over the windows of messages delivered per second. */
  deliveredPerSecond: number;
  /** Send → arrival at the customer, over every window. */
  latencyMs: Summary;
  /** Messages sent in the windows that never arrived (while the run lasted). */
  lost: number;
}

export interface ClusterResult {
  plan: ClusterPlan;
  rows: ClusterRow[];
}

/** The built extension's origin, which the nodes allow by default. */
const EXTENSION_ORIGIN = `chrome-extension://${loadConfig({}).extensionIds[0] ?? ''}`;

interface Pair {
  rep: WebSocket;
  customer: WebSocket;
  customerId: string;
}

function open(url: string, origin: string): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, { origin });
    ws.once('open', () => resolve(ws));
    ws.once('error', reject);
  });
}

/** Sends `message` and resolves with the first reply of `type`. */
function ask(ws: WebSocket, message: object, type: string): Promise<Record<string, unknown>> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no ${type} in 20 s`)), 20_000);
    const onMessage = (data: Buffer) => {
      const parsed = JSON.parse(data.toString('utf8')) as Record<string, unknown>;
      if (parsed.type === 'error') {
        clearTimeout(timer);
        ws.off('message', onMessage);
        reject(new Error(`refused: ${JSON.stringify(parsed)}`));
      } else if (parsed.type === type) {
        clearTimeout(timer);
        ws.off('message', onMessage);
        resolve(parsed);
      }
    };
    ws.on('message', onMessage);
    ws.send(JSON.stringify(message));
  });
}

async function makePairs(cluster: TestCluster, count: number): Promise<Pair[]> {
  const n = cluster.nodes.length;
  const passwordHash = await hashPassword('not used: tokens are issued directly');
  const pairs: Pair[] = [];
  for (let i = 0; i < count; i++) {
    const user = await cluster.store.users.create({ email: `bench${i}@example.test`, name: `Rep ${i}`, passwordHash, roles: ['rep'] });
    const { accessToken } = await cluster.store.tokens.issue(user.id, { accessMs: 3_600_000, refreshMs: 3_600_000 }, Date.now());
    const repNode = cluster.nodes[i % n];
    const customerNode = cluster.nodes[(i + 1) % n];
    if (!repNode || !customerNode) throw new Error('no node');
    const rep = await open(repNode.wsUrl, EXTENSION_ORIGIN);
    await ask(rep, { type: 'rep.hello', accessToken }, 'rep.welcome');
    const started = await ask(rep, { type: 'session.start' }, 'session.started');
    const session = started.session as { number: string; joinToken: string };
    const customer = await open(customerNode.wsUrl, customerNode.url);
    const joined = await ask(customer, { type: 'customer.join', number: session.number, token: session.joinToken, name: `Customer ${i}` }, 'customer.joined');
    pairs.push({ rep, customer, customerId: String(joined.participantId) });
  }
  return pairs;
}

async function measure(nodes: number, plan: ClusterPlan, log: (line: string) => void): Promise<ClusterRow> {
  const cluster = await startCluster(Array.from({ length: nodes }, (_, i) => `bench-${i + 1}`));
  try {
    const pairs = await makePairs(cluster, plan.pairs);
    let counting = false;
    let delivered = 0;
    let sentCounted = 0;
    const latencies: number[] = [];
    for (const pair of pairs) {
      pair.customer.on('message', (data: Buffer) => {
        const message = JSON.parse(data.toString('utf8')) as { type: string; payload?: { candidate?: { candidate?: string } } };
        if (message.type !== 'signal') return;
        const sentAt = Number(message.payload?.candidate?.candidate?.split(' ')[1]);
        if (!counting || !Number.isFinite(sentAt) || sentAt < countFrom) return;
        delivered++;
        latencies.push(performance.now() - sentAt);
      });
    }
    let countFrom = Number.POSITIVE_INFINITY;
    // One ticker for all reps: every 10 ms each rep sends what its pace owes.
    const tickMs = 10;
    const perTick = (plan.rate * tickMs) / 1000;
    let owed = 0;
    const ticker = setInterval(() => {
      owed += perTick;
      while (owed >= 1) {
        owed -= 1;
        for (const pair of pairs) {
          const now = performance.now();
          pair.rep.send(JSON.stringify({ type: 'signal', to: pair.customerId, payload: { kind: 'candidate', candidate: { candidate: `candidate:1 ${now}`, sdpMid: '0', sdpMLineIndex: 0 } } }));
          if (counting && now >= countFrom) sentCounted++;
        }
      }
    }, tickMs);
    await sleep(plan.warmupMs);
    const perSecond: number[] = [];
    const measuredFrom = performance.now();
    for (let w = 0; w < plan.windows; w++) {
      const before = delivered;
      countFrom = Math.min(countFrom, performance.now());
      counting = true;
      const started = performance.now();
      await sleep(plan.windowMs);
      const seconds = (performance.now() - started) / 1000;
      perSecond.push((delivered - before) / seconds);
    }
    clearInterval(ticker);
    const measuredSeconds = (performance.now() - measuredFrom) / 1000;
    // Late arrivals still count as delivered (not lost) for a second.
    await sleep(1000);
    counting = false;
    for (const pair of pairs) {
      pair.rep.terminate();
      pair.customer.terminate();
    }
    const row: ClusterRow = {
      nodes,
      pairs: plan.pairs,
      offeredPerSecond: plan.pairs * plan.rate,
      sentPerSecond: round(sentCounted / measuredSeconds, 0),
      deliveredPerSecond: round(median(perSecond), 0),
      latencyMs: summarize(latencies),
      lost: Math.max(0, sentCounted - delivered),
    };
    log(`  ${nodes} node(s): ${row.deliveredPerSecond}/s delivered of ${row.sentPerSecond}/s sent (${row.offeredPerSecond}/s planned); latency p50 ${round(row.latencyMs.p50)} ms, p99 ${round(row.latencyMs.p99)} ms; lost ${row.lost}`);
    return row;
  } finally {
    await cluster.stop();
  }
}

export async function runCluster(plan: ClusterPlan, log: (line: string) => void): Promise<ClusterResult> {
  const rows: ClusterRow[] = [];
  for (const nodes of plan.nodes) rows.push(await measure(nodes, plan, log));
  return { plan, rows };
}
