// Per-socket message rate limit (DESIGN.md, Security: "the server checks
// origin, message size and rate on every WebSocket"). A token bucket lets a
// client burst (a page load sends a few messages at once, ICE gathering sends
// dozens of candidates) while capping the sustained rate.
import type { Clock } from '../clock.ts';

export interface RateLimitOptions {
  capacity: number;
  refillPerSecond: number;
  /** Drops after which the socket is closed: a client that keeps flooding is not a browser following the protocol. */
  maxDrops: number;
  /** At most one rate_limited reply per this interval, so the replies cannot become a flood of their own. */
  notifyIntervalMs: number;
}

export const DEFAULT_RATE_LIMIT: RateLimitOptions = {
  capacity: 100,
  refillPerSecond: 50,
  maxDrops: 1000,
  notifyIntervalMs: 1000,
};

export class TokenBucket {
  readonly #capacity: number;
  readonly #refillPerSecond: number;
  readonly #clock: Pick<Clock, 'now'>;
  #tokens: number;
  #updatedAt: number;

  constructor(capacity: number, refillPerSecond: number, clock: Pick<Clock, 'now'>) {
    this.#capacity = capacity;
    this.#refillPerSecond = refillPerSecond;
    this.#clock = clock;
    this.#tokens = capacity;
    this.#updatedAt = clock.now();
  }

  /** Takes one token if there is one. */
  take(): boolean {
    const now = this.#clock.now();
    const elapsed = Math.max(0, now - this.#updatedAt);
    this.#tokens = Math.min(this.#capacity, this.#tokens + (elapsed * this.#refillPerSecond) / 1000);
    this.#updatedAt = now;
    if (this.#tokens < 1) return false;
    this.#tokens -= 1;
    return true;
  }
}

/**
 * - 'accept': handle the message
 * - 'drop': ignore it silently
 * - 'drop_and_notify': ignore it and reply error{rate_limited}
 * - 'close': ignore it and close the socket (1008, policy violation)
 */
export type RateDecision = 'accept' | 'drop' | 'drop_and_notify' | 'close';

export class MessageRateLimiter {
  readonly #clock: Pick<Clock, 'now'>;
  readonly #options: RateLimitOptions;
  readonly #bucket: TokenBucket;
  #drops = 0;
  #lastNotifiedAt = Number.NEGATIVE_INFINITY;

  constructor(clock: Pick<Clock, 'now'>, options: RateLimitOptions = DEFAULT_RATE_LIMIT) {
    this.#clock = clock;
    this.#options = options;
    this.#bucket = new TokenBucket(options.capacity, options.refillPerSecond, clock);
  }

  /** Total messages dropped on this socket. */
  get drops(): number {
    return this.#drops;
  }

  check(): RateDecision {
    if (this.#bucket.take()) return 'accept';
    this.#drops += 1;
    if (this.#drops >= this.#options.maxDrops) return 'close';
    const now = this.#clock.now();
    if (now - this.#lastNotifiedAt < this.#options.notifyIntervalMs) return 'drop';
    this.#lastNotifiedAt = now;
    return 'drop_and_notify';
  }
}
