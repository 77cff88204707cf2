// The churn load (issue #10, "Load"): many concurrent sessions on one server,
// customers joining and leaving all the time, and every relayed message
// counted. Each session is one rep socket that stays for the whole run; its
// customer slot is a loop of
//
//   connect → customer.join (the link's token) → exchange signals both ways
//   for a random lifetime → wait until what was sent has arrived (or drainMs)
//   → close the socket (the server marks the customer left) → again
//
// Every signal carries a stamp "s<session>d<direction>n<seq>" in its ICE
// candidate's usernameFragment, recorded when sent. A receipt is
//   delivered   the stamp was outstanding, for this session, in this direction
//   misrouted   the stamp belongs to another session or the other direction
//   duplicated  the stamp was already delivered (or was never sent)
// and whatever is still outstanding at the end is lost. Latency is receive −
// send on this process's clock (one-way, loopback).
//
// Sockets are spread over 127.0.0.0/8 source addresses (Linux answers the whole
// block), as real clients come from many addresses, so the server's
// connections-per-address bound applies as it would in the field.
import WebSocket, { type RawData } from 'ws';
import { summarize, type Summary } from '../lib/stats.ts';
import { next } from './clients.ts';
import type { ServerInfo } from './servers/common.ts';

export interface ChurnPlan {
  sessions: number;
  durationMs: number;
  /** Signals per second per direction while a customer is in. */
  perSecond: number;
  /** A customer stays between these many ms, then leaves and a new one joins. */
  lifeMs: readonly [number, number];
  /** How long a leaving customer waits for its outstanding messages. */
  drainMs: number;
  /** How many loopback source addresses the sockets spread over. */
  addresses: number;
  /** Sessions set up (or customers joining at the start) at a time. */
  concurrency: number;
}

export const CHURN_PLAN: ChurnPlan = {
  sessions: 1000,
  durationMs: 60_000,
  perSecond: 1,
  lifeMs: [3000, 9000],
  drainMs: 3000,
  addresses: 200,
  concurrency: 50,
};

export const QUICK_CHURN_PLAN: ChurnPlan = { ...CHURN_PLAN, sessions: 100, durationMs: 8000 };

export interface ChurnResult {
  sessions: number;
  seconds: number;
  joins: number;
  leaves: number;
  sent: number;
  delivered: number;
  lost: number;
  misrouted: number;
  duplicated: number;
  /** `error` messages any socket received (none expected). */
  serverErrors: number;
  /** Sockets the server closed on us (none expected). */
  droppedSockets: number;
  peakSockets: number;
  latencyMs: Summary;
}

const CANDIDATE = 'candidate:842163049 1 udp 1677729535 192.0.2.10 54321 typ srflx raddr 10.0.0.12 rport 54321 generation 0 ufrag 4ZcD';
const payload = (stamp: string) =>
  `{"kind":"candidate","candidate":{"candidate":"${CANDIDATE}","sdpMid":"0","sdpMLineIndex":0,"usernameFragment":"${stamp}"}}`;
const STAMP = /"usernameFragment":"s(\d+)d([rc])n(\d+)"/;

/** A loopback source address for socket number `i`: 127.0.1.1, 127.0.1.2, … */
function sourceAddress(i: number, addresses: number): string {
  const n = i % addresses;
  return `127.0.${1 + Math.floor(n / 250)}.${1 + (n % 250)}`;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

function open(url: string, origin: string, localAddress: string): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, { perMessageDeflate: false, origin, localAddress });
    ws.once('open', () => {
      ws.off('error', reject);
      ws.on('error', () => {});
      resolve(ws);
    });
    ws.once('error', reject);
  });
}

class Ledger {
  readonly outstanding = new Map<string, number>();
  readonly latencies: number[] = [];
  sent = 0;
  delivered = 0;
  misrouted = 0;
  duplicated = 0;
  serverErrors = 0;

  send(ws: WebSocket, to: string, stamp: string): void {
    this.outstanding.set(stamp, performance.now());
    this.sent++;
    ws.send(`{"type":"signal","to":"${to}","payload":${payload(stamp)}}`);
  }

  /** A `signal` arrived at session `session`'s `side` (r: the rep, c: the customer). */
  receive(data: RawData, session: number, side: 'r' | 'c'): void {
    const text = data.toString();
    const match = STAMP.exec(text);
    if (!match) {
      if (text.includes('"type":"error"')) this.serverErrors++;
      return;
    }
    const [stamp, from, direction] = [match[0].slice(20, -1), Number(match[1]), match[2]];
    // A signal the rep sent (direction r) must reach this session's customer, and the other way round.
    if (from !== session || direction === side) return void this.misrouted++;
    const sentAt = this.outstanding.get(stamp);
    if (sentAt === undefined) return void this.duplicated++;
    this.outstanding.delete(stamp);
    this.delivered++;
    this.latencies.push(performance.now() - sentAt);
  }

  pendingWith(prefix: string): number {
    let n = 0;
    for (const stamp of this.outstanding.keys()) if (stamp.startsWith(prefix)) n++;
    return n;
  }
}

interface Session {
  index: number;
  rep: WebSocket;
  number: string;
  joinToken: string;
}

export async function runChurn(info: ServerInfo, tokens: string[], plan: ChurnPlan, log: (line: string) => void = () => {}): Promise<ChurnResult> {
  if (tokens.length < plan.sessions) throw new Error(`${plan.sessions} sessions need ${plan.sessions} rep tokens`);
  if (!info.extensionOrigin) throw new Error('the server did not say its extension origin');
  const ledger = new Ledger();
  const sessions: Session[] = [];
  let sockets = 0;
  let peakSockets = 0;
  let joins = 0;
  let leaves = 0;
  let droppedSockets = 0;
  let stopping = false;
  const opened = () => (sockets++, (peakSockets = Math.max(peakSockets, sockets)));
  const watchClose = (ws: WebSocket) =>
    ws.once('close', (code) => {
      sockets--;
      // 1000: we closed it; anything else while running is the server dropping a client.
      if (!stopping && code !== 1000 && code !== 1005) droppedSockets++;
    });

  // 1. The sessions: one rep each, all up before the churn starts.
  let nextSession = 0;
  const setUp = async () => {
    while (nextSession < plan.sessions) {
      const index = nextSession++;
      const rep = await open(info.wsUrl, info.extensionOrigin!, sourceAddress(index, plan.addresses));
      opened();
      watchClose(rep);
      const welcome = next(rep, 'rep.welcome');
      rep.send(JSON.stringify({ type: 'rep.hello', accessToken: tokens[index] }));
      await welcome;
      const started = next(rep, 'session.started');
      rep.send(JSON.stringify({ type: 'session.start' }));
      const { session } = (await started) as unknown as { session: { number: string; joinToken: string } };
      rep.on('message', (data: RawData) => ledger.receive(data, index, 'r'));
      sessions[index] = { index, rep, number: session.number, joinToken: session.joinToken };
    }
  };
  await Promise.all(Array.from({ length: plan.concurrency }, setUp));
  log(`churn: ${plan.sessions} sessions up; churning customers for ${plan.durationMs / 1000} s`);

  // 2. The churn: each session's customer slot joins, talks, drains, leaves, again.
  const started = performance.now();
  const deadline = started + plan.durationMs;
  let customerCount = 0;
  const slot = async (session: Session, startDelayMs: number) => {
    await sleep(startDelayMs);
    let seq = 0;
    while (performance.now() < deadline) {
      const customer = await open(info.wsUrl, info.url, sourceAddress(plan.sessions + customerCount++, plan.addresses));
      opened();
      watchClose(customer);
      const joined = next(customer, 'customer.joined');
      const firstSignal = next(customer, 'signal');
      customer.send(JSON.stringify({ type: 'customer.join', number: session.number, token: session.joinToken, name: `Churn ${session.index}` }));
      const { participantId } = (await joined) as unknown as { participantId: string };
      joins++;
      // The rep speaks first, as the extension does (its offer); the customer learns the rep's id from it.
      ledger.send(session.rep, participantId, `s${session.index}dr` + `n${seq++}`);
      const { from: repId } = (await firstSignal) as unknown as { from: string };
      // next() consumed that first signal before the ledger's listener existed: count it here.
      ledger.receive(Buffer.from(`"usernameFragment":"s${session.index}drn${seq - 1}"`), session.index, 'c');
      customer.on('message', (data: RawData) => ledger.receive(data, session.index, 'c'));

      const life = plan.lifeMs[0] + Math.random() * (plan.lifeMs[1] - plan.lifeMs[0]);
      const leaveAt = Math.min(performance.now() + life, deadline);
      const every = 1000 / plan.perSecond;
      while (performance.now() + every < leaveAt) {
        await sleep(every * (0.5 + Math.random()));
        ledger.send(session.rep, participantId, `s${session.index}drn${seq++}`);
        ledger.send(customer, repId, `s${session.index}dcn${seq++}`);
      }
      const drainUntil = performance.now() + plan.drainMs;
      while (ledger.pendingWith(`s${session.index}d`) > 0 && performance.now() < drainUntil) await sleep(50);
      customer.close(1000);
      leaves++;
    }
  };
  await Promise.all(sessions.map((session, i) => slot(session, (i / sessions.length) * plan.lifeMs[0])));
  const seconds = (performance.now() - started) / 1000;

  stopping = true;
  for (const { rep } of sessions) rep.close(1000);
  return {
    sessions: plan.sessions,
    seconds: Math.round(seconds * 10) / 10,
    joins,
    leaves,
    sent: ledger.sent,
    delivered: ledger.delivered,
    lost: ledger.outstanding.size,
    misrouted: ledger.misrouted,
    duplicated: ledger.duplicated,
    serverErrors: ledger.serverErrors,
    droppedSockets,
    peakSockets,
    latencyMs: summarize(ledger.latencies),
  };
}
