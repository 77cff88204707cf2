// The short markdown table `npm run bench` prints and writes to
// bench/results/latest.md, from the JSON in bench/results/latest.json.
// Ratio = PeerAssist ÷ reference: above 1 is slower/bigger for times and
// memory, below 1 is less for rates.
import type { ClusterResult } from '../cluster/run.ts';
import type { ExtensionResult } from '../extension/run.ts';
import type { FanoutResult } from '../media/fanout.ts';
import type { JoinResult } from '../media/join.ts';
import type { SignalingResult } from '../signaling/run.ts';
import type { ChurnResult } from '../signaling/churn.ts';
import type { Machine } from './machine.ts';
import { ratio } from './stats.ts';

interface Measured<T> {
  measuredAt: string;
  /** The command that measured this group (a run of some groups keeps the others' figures). */
  command?: string;
  /** Share of CPU idle just before the group started (other work shares the machine). */
  idleBefore: number;
  quick: boolean;
  result: T;
}

export interface Results {
  command: string;
  machine: Machine;
  groups: {
    media?: Measured<JoinResult>;
    fanout?: Measured<FanoutResult>;
    signaling?: Measured<SignalingResult>;
    extension?: Measured<ExtensionResult>;
    churn?: Measured<ChurnResult>;
    cluster?: Measured<ClusterResult>;
  };
}

const num = (v: number | null | undefined, digits = 0) =>
  v === null || v === undefined || !Number.isFinite(v)
    ? '—'
    : v.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
const ms = (v: number | null | undefined) => num(v, v !== null && v !== undefined && Math.abs(v) < 10 ? 2 : 0);
const x = (ours: number, reference: number) => {
  const r = ratio(ours, reference);
  return Number.isFinite(r) ? `${r.toFixed(2)}×` : '—';
};
const pair = (a: string, b: string) => `${a} / ${b}`;
const row = (cells: string[]) => `| ${cells.join(' | ')} |`;
const table = (head: string[], rows: string[][]) => [row(head), row(head.map(() => '---')), ...rows.map(row)].join('\n');

function media(join?: Results['groups']['media'], fanout?: Results['groups']['fanout']): string[] {
  if (!join && !fanout) return [];
  const rows: string[][] = [];
  if (join) {
    const { product: p, reference: r } = join.result;
    rows.push([
      `Join click → first frame, p50 / p90 (ms, ${p.joins} joins)`,
      pair(ms(p.joinToFirstFrameMs.p50), ms(p.joinToFirstFrameMs.p90)),
      pair(ms(r.joinToFirstFrameMs.p50), ms(r.joinToFirstFrameMs.p90)),
      pair(x(p.joinToFirstFrameMs.p50, r.joinToFirstFrameMs.p50), x(p.joinToFirstFrameMs.p90, r.joinToFirstFrameMs.p90)),
    ]);
    rows.push([
      'Glass to glass, p50 / p90 (ms)',
      pair(ms(p.glassToGlassMs.p50), ms(p.glassToGlassMs.p90)),
      pair(ms(r.glassToGlassMs.p50), ms(r.glassToGlassMs.p90)),
      pair(x(p.glassToGlassMs.p50, r.glassToGlassMs.p50), x(p.glassToGlassMs.p90, r.glassToGlassMs.p90)),
    ]);
  }
  if (fanout) {
    const { product, reference } = fanout.result;
    for (const level of product) {
      const ref = reference.find((l) => l.customers === level.customers);
      rows.push([
        `Fan-out, ${level.customers} customer${level.customers > 1 ? 's' : ''}: fps each (lowest)`,
        `${num(level.minFps, 1)} (source ${num(level.sourceFps, 0)})`,
        ref ? `${num(ref.minFps, 1)} (source ${num(ref.sourceFps, 0)})` : '—',
        ref ? x(level.minFps, ref.minFps) : '—',
      ]);
    }
  }
  return [
    '### Media (reference: a bare RTCPeerConnection pair with the same tab capture)',
    '',
    table(['metric', 'PeerAssist', 'reference', 'ratio'], rows),
    '',
  ];
}

function signaling(group: Results['groups']['signaling'], peerVersion: string): string[] {
  if (!group) return [];
  const { load, memory, plan } = group.result;
  const { latency, unpaced, paced, connects } = load;
  const three = (label: string, ours: number, a: number, b: number, fmt: (v: number) => string = (v) => num(v)) => [
    label,
    fmt(ours),
    fmt(a),
    fmt(b),
    x(ours, a),
    x(ours, b),
  ];
  const kb = (v: number) => num(v / 1024, 1);
  const rows = [
    three(`Relayed msg/s, ${num(plan.pacedPairs)} pairs at ≤${plan.pacedRate} msg/s per socket`, paced.peerassist!.perSecond, paced.peerjs!.perSecond, paced.bare!.perSecond),
    three('Server CPU per relayed message (µs), same load', paced.peerassist!.serverCpuUsPerMsg, paced.peerjs!.serverCpuUsPerMsg, paced.bare!.serverCpuUsPerMsg, (v) => num(v, 1)),
    three('Same load, **rate limit lifted**: msg/s', paced['peerassist-unlimited']!.perSecond, paced.peerjs!.perSecond, paced.bare!.perSecond),
    three('Same load, **rate limit lifted**: server CPU per message (µs)', paced['peerassist-unlimited']!.serverCpuUsPerMsg, paced.peerjs!.serverCpuUsPerMsg, paced.bare!.serverCpuUsPerMsg, (v) =>
      num(v, 1),
    ),
    three(
      `Relayed msg/s, ${plan.unpacedPairs} pairs flat out, **rate limit lifted**`,
      unpaced['peerassist-unlimited']!.perSecond,
      unpaced.peerjs!.perSecond,
      unpaced.bare!.perSecond,
    ),
    (() => {
      const [pa, pj, bare] = [latency.peerassist!, latency.peerjs!, latency.bare!];
      return [
        `Relay latency at ${num(plan.latencyRate)} msg/s, p50 / p99 (ms)`,
        pair(ms(pa.p50Ms), ms(pa.p99Ms)),
        pair(ms(pj.p50Ms), ms(pj.p99Ms)),
        pair(ms(bare.p50Ms), ms(bare.p99Ms)),
        pair(x(pa.p50Ms, pj.p50Ms), x(pa.p99Ms, pj.p99Ms)),
        pair(x(pa.p50Ms, bare.p50Ms), x(pa.p99Ms, bare.p99Ms)),
      ];
    })(),
    [
      'Memory per idle socket, KB: JS heap (process RSS)',
      ...[memory.peerassist!, memory.peerjs!, memory.bare!].map((mem) => `${kb(mem.livePerSocketBytes)} (${kb(mem.rssPerSocketBytes)})`),
      x(memory.peerassist!.livePerSocketBytes, memory.peerjs!.livePerSocketBytes),
      x(memory.peerassist!.livePerSocketBytes, memory.bare!.livePerSocketBytes),
    ],
    three(
      'Sessions held in 1 GB of JS heap (rep + customer socket each)',
      ...([memory.peerassist!, memory.peerjs!, memory.bare!].map((mem) => Math.floor(2 ** 30 / mem.livePerSessionBytes)) as [number, number, number]),
    ),
    three('Connects/s (open → ready → close)', connects.peerassist!.perSecond, connects.peerjs!.perSecond, connects.bare!.perSecond),
  ];
  return [
    `### Signaling (references: PeerJS server \`peer\` ${peerVersion}, a bare \`ws\` relay)`,
    '',
    table(['metric', 'PeerAssist', 'PeerJS', 'bare relay', '÷ PeerJS', '÷ bare'], rows),
    '',
  ];
}

function extension(group?: Results['groups']['extension']): string[] {
  if (!group) return [];
  const { popup, restart, bundles } = group.result;
  /** gzip kB of an entry, or of every entry under a folder ("content/"). */
  const gz = (entry: string) => {
    const found = [...bundles.chrome, ...bundles.web].filter((b) => (entry.endsWith('/') ? b.entry.startsWith(entry) : b.entry === entry));
    return found.length ? num(found.reduce((sum, b) => sum + b.gzipBytes, 0) / 1024, 1) : '—';
  };
  const rows = [
    [
      'Popup first contentful paint, p50 (ms)',
      ms(popup.popup.firstPaintMs.p50),
      `${ms(popup.blank.firstPaintMs.p50)} (blank extension page)`,
      x(popup.popup.firstPaintMs.p50, popup.blank.firstPaintMs.p50),
    ],
    [
      'Popup interactive (Sign in rendered), p50 (ms)',
      ms(popup.popup.interactiveMs.p50),
      `${ms(popup.blank.interactiveMs.p50)} (blank extension page)`,
      x(popup.popup.interactiveMs.p50, popup.blank.interactiveMs.p50),
    ],
    [
      'Service worker cold start → reconnected, p50 (ms)',
      ms(restart.coldMs.p50),
      `${ms(restart.warmMs.p50)} (worker running)`,
      x(restart.coldMs.p50, restart.warmMs.p50),
    ],
    [
      'Gzip kB: background · popup · offscreen · options · content scripts · web page',
      [
        gz('background.js'),
        gz('popup/popup.html'),
        gz('offscreen/offscreen.html'),
        gz('options/options.html'),
        gz('content/'),
        gz('index.html'),
      ].join(' · '),
      '—',
      '—',
    ],
  ];
  return ['### Extension', '', table(['metric', 'PeerAssist', 'reference', 'ratio'], rows), ''];
}

function churn(group?: Results['groups']['churn']): string[] {
  if (!group) return [];
  const r = group.result;
  const rows = [
    ['Concurrent sessions (rep + customer socket each), peak sockets', `${num(r.sessions)}, ${num(r.peakSockets)}`],
    ['Customer joins / leaves in the run', `${num(r.joins)} / ${num(r.leaves)} in ${num(r.seconds, 1)} s`],
    ['Signals relayed / sent', `${num(r.delivered)} / ${num(r.sent)}`],
    ['Lost · misrouted · duplicated · refused · clients dropped', [r.lost, r.misrouted, r.duplicated, r.serverErrors, r.droppedSockets].map((v) => num(v)).join(' · ')],
    ['Relay latency under churn, p50 / p99 (ms)', `${ms(r.latencyMs.p50)} / ${ms(r.latencyMs.p99)}`],
  ];
  return ['### Load with churn (one server process)', '', table(['metric', 'PeerAssist'], rows), ''];
}

/** Several nodes on one Redis (issue #11): relay rate and latency by node count, all on this machine's cores. */
function cluster(group: Results['groups']['cluster']): string[] {
  if (!group) return [];
  const { plan, rows } = group.result;
  return [
    `### Several nodes on one Redis (${num(plan.pairs)} pairs at ${plan.rate} msg/s each; with 2+ nodes every message crosses nodes)`,
    '',
    table(
      ['Nodes', 'Planned / sent msg/s', 'Delivered msg/s', 'Latency p50 / p90 / p99 (ms)', 'Lost'],
      rows.map((r) => [
        String(r.nodes),
        `${num(r.offeredPerSecond)} / ${num(r.sentPerSecond)}`,
        num(r.deliveredPerSecond),
        `${ms(r.latencyMs.p50)} / ${ms(r.latencyMs.p90)} / ${ms(r.latencyMs.p99)}`,
        num(r.lost),
      ]),
    ),
    '',
  ];
}

export function renderTable(results: Results): string {
  const m = results.machine;
  const when = Object.entries(results.groups)
    .map(
      ([name, g]) =>
        `${name} ${g.measuredAt.slice(0, 16).replace('T', ' ')} UTC by \`${g.command ?? results.command}\` ` +
        `(CPU ${Math.round(g.idleBefore * 100)}% idle before${g.quick ? ', --quick' : ''})`,
    )
    .join('; ');
  return [
    '## Performance',
    '',
    `${m.cpu}, ${m.cores} cores, ${m.memoryGiB} GiB · ${m.os} · Node ${m.node} · ${m.chromium} · commit ${m.commit}, dist built ${m.distBuiltAt.slice(0, 16).replace('T', ' ')} UTC`,
    '',
    `Measured: ${when}. Medians over several runs, warm-up excluded; ratio = PeerAssist ÷ reference.`,
    '',
    ...media(results.groups.media, results.groups.fanout),
    ...signaling(results.groups.signaling, m.packages.peer),
    ...extension(results.groups.extension),
    ...churn(results.groups.churn),
    ...cluster(results.groups.cluster),
  ].join('\n');
}
