// Other work shares this 2-core machine (test suites, builds). Before each
// group the bench waits, for a while, for the CPUs to be mostly idle, and
// records how idle they were, so a figure taken on a busy machine says so.
import { readFileSync } from 'node:fs';
import { sleep } from './stats.ts';

function cpuTimes(): { idle: number; total: number } {
  const fields = readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/).slice(1).map(Number);
  // user nice system idle iowait irq softirq steal …
  return { idle: fields[3]! + fields[4]!, total: fields.reduce((sum, v) => sum + v, 0) };
}

/** Share of CPU time (all cores) spent idle over `ms`. */
export async function idleShare(ms = 1000): Promise<number> {
  const a = cpuTimes();
  await sleep(ms);
  const b = cpuTimes();
  return b.total > a.total ? (b.idle - a.idle) / (b.total - a.total) : 1;
}

/** Waits until the CPUs are at least `wanted` idle (over 1 s), for at most `maxWaitMs`. */
export async function waitForQuiet(wanted = 0.85, maxWaitMs = 15_000): Promise<{ idle: number; waitedMs: number }> {
  const started = performance.now();
  for (;;) {
    const idle = await idleShare();
    const waitedMs = Math.round(performance.now() - started);
    if (idle >= wanted || waitedMs >= maxWaitMs) return { idle: Math.round(idle * 100) / 100, waitedMs };
  }
}
