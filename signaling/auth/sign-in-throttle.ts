// Slows password guessing (DESIGN.md, Security; issue #3: "rate limited per
// account and per address"). Each key (a client address, an account) may fail
// five times in fifteen minutes; after that each further attempt must wait,
// one second after the fifth failure and twice as long after each one more,
// up to fifteen minutes. A delay, not a lock-out: the rightful owner of an
// account under attack can still sign in once the wait is over.
import type { Clock } from '../clock.ts';

export interface ThrottleOptions {
  freeFailures: number;
  windowMs: number;
  firstDelayMs: number;
  maxDelayMs: number;
  /** Keys remembered at most; the oldest are forgotten first, so a flood of addresses cannot exhaust memory. */
  maxKeys: number;
}

/**
 * Failures counted by other server nodes too (issue #11, cluster/shared-failures.ts):
 * each failure is written there, and sync() reads the keys' failures back
 * before a decision, so a guesser spreading attempts over several nodes is
 * slowed as on one.
 */
export interface FailureMirror {
  /** Records a failure of each key at `at`; returns a handle to take it back. */
  add(keys: readonly string[], at: number): string;
  remove(keys: readonly string[], handle: string): void;
  clear(key: string): void;
  /** Every node's failure times of each key since `since`, oldest first; undefined when the mirror cannot answer now. */
  load(keys: readonly string[], since: number): Promise<Map<string, number[]> | undefined>;
}

export const DEFAULT_THROTTLE: ThrottleOptions = {
  freeFailures: 5,
  windowMs: 15 * 60_000,
  firstDelayMs: 1000,
  maxDelayMs: 15 * 60_000,
  maxKeys: 10_000,
};

export class SignInThrottle {
  readonly #clock: Pick<Clock, 'now'>;
  readonly #options: ThrottleOptions;
  /** Key → times of its recent failures, oldest first. */
  readonly #failures = new Map<string, number[]>();

  readonly #mirror: FailureMirror | undefined;

  constructor(clock: Pick<Clock, 'now'>, options: ThrottleOptions = DEFAULT_THROTTLE, mirror?: FailureMirror) {
    this.#clock = clock;
    this.#options = options;
    this.#mirror = mirror;
  }

  /**
   * With a mirror (several nodes): takes in the keys' failures counted on
   * every node, before waitMs(). Without one, or when it cannot answer, the
   * local count stands.
   */
  async sync(keys: readonly string[]): Promise<void> {
    if (!this.#mirror) return;
    const now = this.#clock.now();
    const shared = await this.#mirror.load(keys, now - this.#options.windowMs);
    for (const [key, times] of shared ?? []) {
      // The shared list includes this node's own failures once they landed; the longer list is the truer one.
      if (times.length > this.#recent(key, now).length) {
        this.#failures.delete(key);
        this.#failures.set(key, times);
      }
    }
  }

  #recent(key: string, now: number): number[] {
    const times = (this.#failures.get(key) ?? []).filter((t) => now - t < this.#options.windowMs);
    if (times.length) this.#failures.set(key, times);
    else this.#failures.delete(key);
    return times;
  }

  /** Milliseconds before any of `keys` may try again; 0 = go ahead. */
  waitMs(keys: readonly string[]): number {
    const now = this.#clock.now();
    let wait = 0;
    for (const key of keys) {
      const times = this.#recent(key, now);
      const over = times.length - this.#options.freeFailures;
      if (times.length === 0 || over < 0) continue;
      const delay = Math.min(this.#options.firstDelayMs * 2 ** over, this.#options.maxDelayMs);
      wait = Math.max(wait, (times[times.length - 1] ?? now) + delay - now);
    }
    return Math.max(0, wait);
  }

  /**
   * Counts a failure for each key. Sign-in calls this before checking the
   * password, so guesses sent in parallel cannot all pass waitMs() while the
   * first ones are still hashing; the returned function takes it back when
   * the password turns out right.
   */
  failed(keys: readonly string[]): () => void {
    const now = this.#clock.now();
    for (const key of keys) {
      const times = this.#recent(key, now);
      // Re-inserted at the end of the map: the map's order is "least recently failed first".
      this.#failures.delete(key);
      this.#failures.set(key, [...times, now]);
    }
    for (const key of this.#failures.keys()) {
      if (this.#failures.size <= this.#options.maxKeys) break;
      this.#failures.delete(key);
    }
    const handle = this.#mirror?.add(keys, now);
    let undone = false;
    return () => {
      if (undone) return;
      undone = true;
      if (handle !== undefined) this.#mirror?.remove(keys, handle);
      for (const key of keys) {
        const times = this.#failures.get(key);
        const index = times?.lastIndexOf(now) ?? -1;
        if (times && index >= 0) times.splice(index, 1);
        if (times?.length === 0) this.#failures.delete(key);
      }
    };
  }

  /** A right password clears that key's failures (only ever the account's: an address is shared by many). */
  succeeded(key: string): void {
    this.#failures.delete(key);
    this.#mirror?.clear(key);
  }
}
