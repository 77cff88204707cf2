// When to retry a dropped socket, as an injectable policy (STYLE.md: livekit's
// ReconnectPolicy). Exponential back-off with jitter so a server restart does
// not bring every customer back in the same millisecond.

/** Delay in ms before retry number `attempt` (1-based), or null to give up. */
export type ReconnectPolicy = (attempt: number) => number | null;

export interface BackoffOptions {
  initialMs?: number;
  maxMs?: number;
  maxAttempts?: number;
  /** 0..1; the delay is scaled by a random factor in [1 - jitter, 1]. */
  jitter?: number;
  random?: () => number;
}

export function exponentialBackoff({
  initialMs = 500,
  maxMs = 8_000,
  // 500 ms, 1 s, 2 s, 4 s, then 8 s: about a minute and a half in all.
  maxAttempts = 14,
  jitter = 0.3,
  random = Math.random,
}: BackoffOptions = {}): ReconnectPolicy {
  return (attempt) => {
    if (attempt < 1 || attempt > maxAttempts) return null;
    const base = Math.min(maxMs, initialMs * 2 ** (attempt - 1));
    return Math.round(base * (1 - jitter * random()));
  };
}
