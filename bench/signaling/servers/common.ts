// What every server under test answers besides 'stop': its memory (after a
// full GC, so the figure is what live objects hold) and its CPU time, read
// inside the server's own process.
import { sleep } from '../../lib/stats.ts';

export interface ServerInfo {
  /** ws:// URL clients connect to (each protocol adds its own path/query). */
  wsUrl: string;
  /** http:// base URL. */
  url: string;
  /** PeerAssist: an account to sign in with. */
  email?: string;
  password?: string;
  /** PeerAssist: the Origin header the extension sends. */
  extensionOrigin?: string;
}

export interface MemorySample {
  rss: number;
  heapUsed: number;
  external: number;
  arrayBuffers: number;
  /** heapUsed + external: JS objects plus the Buffers they hold (arrayBuffers is part of external). */
  live: number;
}

const gc = (globalThis as { gc?: () => void }).gc;

export const measurementHandlers = {
  async memory(): Promise<MemorySample> {
    if (!gc) throw new Error('start the server with --expose-gc');
    // Twice, with a pause: weak callbacks and finalizers from the first pass free more in the second.
    gc();
    await sleep(100);
    gc();
    const m = process.memoryUsage();
    return { rss: m.rss, heapUsed: m.heapUsed, external: m.external, arrayBuffers: m.arrayBuffers, live: m.heapUsed + m.external };
  },
  cpu(): NodeJS.CpuUsage {
    return process.cpuUsage();
  },
};
