// Progress and speed of a transfer, from (time, bytes) samples. Pure: the
// caller passes the clock, so tests need no timers (STYLE.md habit 8).

/** Speed over the last `windowMs`, so a stall shows as a falling number, not a lifetime average. */
export class SpeedMeter {
  readonly #samples: { at: number; bytes: number }[] = [];
  constructor(private readonly windowMs = 2000) {}

  /** Record that `bytes` (a running total) were reached at time `at` (ms). */
  add(at: number, bytes: number): void {
    this.#samples.push({ at, bytes });
    // Keep one sample older than the window as the baseline.
    while (this.#samples.length > 2 && this.#samples[1]!.at <= at - this.windowMs) this.#samples.shift();
  }

  /** Bytes per second between the oldest kept sample and `now`'s total. */
  bytesPerSecond(now: number): number {
    const first = this.#samples[0];
    const last = this.#samples[this.#samples.length - 1];
    if (!first || !last || last === first) return 0;
    const ms = Math.max(now, last.at) - first.at;
    if (ms <= 0) return 0;
    return ((last.bytes - first.bytes) * 1000) / ms;
  }
}

/** Whole percent done, 0–100; an empty file is done at once. */
export function percentOf(bytes: number, size: number): number {
  if (size <= 0) return 100;
  return Math.max(0, Math.min(100, Math.floor((bytes * 100) / size)));
}

const UNITS = ['B', 'KB', 'MB', 'GB'] as const;

/** 1536 → "1.5 KB": decimal-free above 100, one decimal below (1024-based, as file managers show). */
export function formatBytes(bytes: number): string {
  let value = Math.max(0, bytes);
  let unit = 0;
  while (value >= 1024 && unit < UNITS.length - 1) {
    value /= 1024;
    unit += 1;
  }
  const text = unit === 0 || value >= 100 ? String(Math.round(value)) : value.toFixed(1);
  return `${text} ${UNITS[unit]}`;
}

/** A throttle by time: true at most once per `intervalMs` (the last change always goes out with `force`). */
export class Throttle {
  #last = -Infinity;
  constructor(private readonly intervalMs: number) {}
  due(now: number, force = false): boolean {
    if (!force && now - this.#last < this.intervalMs) return false;
    this.#last = now;
    return true;
  }
}
