// The load generator: a child process of its own (it needs about a core), so
// it never shares an event loop with the server it loads. The signaling bench
// drives it over IPC: make pairs, start a load, read windows, stop.
//
//   closed loop (throughput): each pair keeps one message in flight, A→B then
//     B→A, at most `perSocketRate` messages/s per socket (Infinity: as fast as
//     the round trip allows). Counts relayed messages.
//   open loop (latency): every socket sends on its own schedule so the total is
//     `totalRate` messages/s, whatever the server does; one-way latency is
//     receive time − send time, both read here on one clock.
//   connects: `concurrency` loops of open → ready → close.
// Connected pairs send their protocol's keep-alives all along, as real clients do.
import type { RawData } from 'ws';
import { serve } from '../lib/proc.ts';
import { summarize } from '../lib/stats.ts';
import { connectOnce, connectPairs, stampOf, type Pair, type Protocol } from './clients.ts';
import type { ServerInfo } from './servers/common.ts';

let pairs: Pair[] = [];
let stopLoad: (() => void) | undefined;
let relayed = 0;
let unexpected = 0;
let latencies: number[] = [];
let windowStart = performance.now();

const stamp = () => performance.now().toFixed(3);

/** Keep-alives for every connected socket, each on its own phase so they never arrive together. */
const keepAlives: { ws: Pair['a']; message: string; everyMs: number; next: number }[] = [];
setInterval(() => {
  const now = performance.now();
  for (const k of keepAlives) {
    if (k.next > now) continue;
    k.next = now + k.everyMs;
    if (k.ws.readyState === k.ws.OPEN) k.ws.send(k.message);
  }
}, 250).unref();

function keepAlive(added: Pair[]): void {
  for (const pair of added) {
    if (!pair.keepAlive) continue;
    const { everyMs, message } = pair.keepAlive;
    for (const ws of [pair.a, pair.b]) keepAlives.push({ ws, message, everyMs, next: performance.now() + Math.random() * everyMs });
  }
}

function closedLoop(perSocketRate: number): () => void {
  const interval = Number.isFinite(perSocketRate) ? 1000 / perSocketRate : 0;
  let running = true;
  const timers = new Set<NodeJS.Timeout>();
  const pings = pairs.map((pair) => {
    let lastSent = 0;
    const ping = () => {
      lastSent = performance.now();
      pair.a.send(pair.aToB(stamp()));
    };
    pair.b.on('message', (data: RawData) => {
      if (!running) return;
      if (stampOf(data) === undefined) return void unexpected++;
      relayed++;
      pair.b.send(pair.bToA(stamp()));
    });
    pair.a.on('message', (data: RawData) => {
      if (!running) return;
      if (stampOf(data) === undefined) return void unexpected++;
      relayed++;
      const wait = lastSent + interval - performance.now();
      if (wait <= 0) return ping();
      const timer = setTimeout(() => {
        timers.delete(timer);
        if (running) ping();
      }, wait);
      timers.add(timer);
    });
    return ping;
  });
  // Start the pairs spread over one interval, not all in the same millisecond.
  pings.forEach((ping, i) => {
    const timer = setTimeout(() => running && ping(), interval ? (i / pings.length) * interval : 0);
    timers.add(timer);
  });
  return () => {
    running = false;
    for (const timer of timers) clearTimeout(timer);
    for (const pair of pairs) {
      pair.a.removeAllListeners('message');
      pair.b.removeAllListeners('message');
    }
  };
}

function openLoop(totalRate: number): () => void {
  const sockets = pairs.flatMap((pair) => [
    { ws: pair.a, message: pair.aToB },
    { ws: pair.b, message: pair.bToA },
  ]);
  const onMessage = (data: RawData) => {
    const sent = stampOf(data);
    if (sent === undefined) return void unexpected++;
    relayed++;
    latencies.push(performance.now() - Number(sent));
  };
  for (const { ws } of sockets) ws.on('message', onMessage);
  // One schedule: message k goes out at start + k/totalRate, from socket k mod n,
  // so every socket sends totalRate/n messages per second, evenly spaced.
  const start = performance.now();
  let k = 0;
  let running = true;
  const tick = () => {
    if (!running) return;
    const due = Math.floor(((performance.now() - start) * totalRate) / 1000);
    for (; k < due; k++) {
      const socket = sockets[k % sockets.length]!;
      socket.ws.send(socket.message(stamp()));
    }
    setTimeout(tick, 1);
  };
  tick();
  return () => {
    running = false;
    for (const { ws } of sockets) ws.off('message', onMessage);
  };
}

function connectLoops(protocol: Protocol, info: ServerInfo, accessToken: string, concurrency: number): () => void {
  let running = true;
  let n = 0;
  const loop = async (worker: number) => {
    while (running) {
      try {
        const ws = await connectOnce(protocol, info, accessToken, `c${process.pid}w${worker}n${n++}`);
        const closed = new Promise((resolve) => ws.once('close', resolve));
        ws.close();
        await closed;
        if (running) relayed++;
      } catch {
        unexpected++;
      }
    }
  };
  for (let w = 0; w < concurrency; w++) void loop(w);
  return () => {
    running = false;
  };
}

serve({
  async connectPairs({ protocol, info, count, tokens }: { protocol: Protocol; info: ServerInfo; count: number; tokens: string[] }) {
    const started = performance.now();
    const added = await connectPairs(protocol, info, count, tokens);
    keepAlive(added);
    pairs = pairs.concat(added);
    return { pairs: pairs.length, setupMs: performance.now() - started };
  },
  async closePairs() {
    keepAlives.length = 0;
    for (const pair of pairs) pair.close();
    pairs = [];
  },
  startClosedLoop({ perSocketRate }: { perSocketRate: number | null }) {
    stopLoad?.();
    stopLoad = closedLoop(perSocketRate ?? Number.POSITIVE_INFINITY);
  },
  startOpenLoop({ totalRate }: { totalRate: number }) {
    stopLoad?.();
    stopLoad = openLoop(totalRate);
  },
  startConnects({ protocol, info, concurrency, token }: { protocol: Protocol; info: ServerInfo; concurrency: number; token: string }) {
    stopLoad?.();
    stopLoad = connectLoops(protocol, info, token, concurrency);
  },
  stopLoad() {
    stopLoad?.();
    stopLoad = undefined;
  },
  /** Ends the current window: what happened since the previous mark. */
  mark() {
    const now = performance.now();
    const result = {
      seconds: (now - windowStart) / 1000,
      count: relayed,
      perSecond: relayed / ((now - windowStart) / 1000),
      unexpected,
      latencyMs: latencies.length ? summarize(latencies) : undefined,
      p999Ms: latencies.length ? [...latencies].sort((a, b) => a - b)[Math.ceil(latencies.length * 0.999) - 1] : undefined,
    };
    relayed = 0;
    unexpected = 0;
    latencies = [];
    windowStart = now;
    return result;
  },
  stop() {
    stopLoad?.();
    for (const pair of pairs) pair.close();
  },
});
