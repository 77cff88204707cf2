// When a rep's socket drops (MV3 service-worker restart, network change, laptop
// lid), their sessions wait REP_GRACE_MS for session.resume; then each goes to
// its longest-present assistant or ends with 'rep_gone' (rep-socket-gone.ts).
// One timer per session, keyed by session id.
import type { CancelTimer, Clock } from '../clock.ts';

export class RepGraceTimers {
  readonly #clock: Clock;
  readonly #timers = new Map<string, CancelTimer>();

  constructor(clock: Clock) {
    this.#clock = clock;
  }

  /** (Re)starts the session's countdown. */
  start(sessionId: string, ms: number, onExpire: () => void): void {
    this.cancel(sessionId);
    const cancel = this.#clock.setTimeout(() => {
      this.#timers.delete(sessionId);
      onExpire();
    }, ms);
    this.#timers.set(sessionId, cancel);
  }

  /** Stops the countdown; true when there was one. */
  cancel(sessionId: string): boolean {
    const cancel = this.#timers.get(sessionId);
    if (!cancel) return false;
    cancel();
    this.#timers.delete(sessionId);
    return true;
  }

  has(sessionId: string): boolean {
    return this.#timers.has(sessionId);
  }

  cancelAll(): void {
    for (const cancel of this.#timers.values()) cancel();
    this.#timers.clear();
  }
}
