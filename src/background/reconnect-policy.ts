// How long to wait before the next reconnect attempt. An injectable policy
// (after livekit's ReconnectPolicy) so tests can make it instant and a later
// change can tune it without touching the socket code.

export interface ReconnectPolicy {
  /** Delay before attempt number `attempt` (1-based), in ms. */
  nextDelay(attempt: number): number;
}

/**
 * Exponential back-off with full jitter: 0.5 s, 1 s, 2 s … capped at 15 s, each
 * scaled by a random factor in [0.5, 1.0) so that after a server restart the
 * clients don't all come back in the same millisecond.
 */
export class JitteredBackoff implements ReconnectPolicy {
  constructor(
    private readonly baseMs = 500,
    private readonly maxMs = 15_000,
    private readonly random: () => number = Math.random,
  ) {}

  nextDelay(attempt: number): number {
    const ceiling = Math.min(this.maxMs, this.baseMs * 2 ** Math.max(0, attempt - 1));
    return Math.floor(ceiling * (0.5 + this.random() / 2));
  }
}
