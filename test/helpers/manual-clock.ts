// A clock for tests that moves only when told to: the rate limiter sees frozen
// time, and a rep's grace timer fires exactly when the test advances past it.
import type { CancelTimer, Clock } from '../../signaling/clock.ts';

interface Pending {
  id: number;
  at: number;
  delay: number;
  callback: () => void;
}

export class ManualClock implements Clock {
  #now: number;
  #nextId = 1;
  readonly #pending = new Map<number, Pending>();
  readonly #waiters: { delay: number; resolve: () => void }[] = [];

  constructor(start = 1_700_000_000_000) {
    this.#now = start;
  }

  now(): number {
    return this.#now;
  }

  setTimeout(callback: () => void, ms: number): CancelTimer {
    const timer: Pending = { id: this.#nextId++, at: this.#now + ms, delay: ms, callback };
    this.#pending.set(timer.id, timer);
    for (const waiter of this.#waiters.filter((w) => w.delay === ms)) {
      this.#waiters.splice(this.#waiters.indexOf(waiter), 1);
      waiter.resolve();
    }
    return () => this.#pending.delete(timer.id);
  }

  /** Moves time forward, firing due timers in order (including ones they schedule). */
  advance(ms: number): void {
    const target = this.#now + ms;
    for (;;) {
      const due = [...this.#pending.values()].filter((t) => t.at <= target).sort((a, b) => a.at - b.at || a.id - b.id)[0];
      if (!due) break;
      this.#pending.delete(due.id);
      this.#now = due.at;
      due.callback();
    }
    this.#now = target;
  }

  /** Timers scheduled with exactly `delay` ms that have not fired or been cancelled. */
  pendingWithDelay(delay: number): number {
    return [...this.#pending.values()].filter((t) => t.delay === delay).length;
  }

  /** Resolves once a timer with exactly `delay` ms is pending (at once if one already is). */
  whenScheduled(delay: number): Promise<void> {
    if (this.pendingWithDelay(delay) > 0) return Promise.resolve();
    return new Promise((resolve) => this.#waiters.push({ delay, resolve }));
  }
}
