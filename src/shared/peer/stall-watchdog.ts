// Notices a link that stopped carrying bytes (issue #10, "Network blip"). ICE
// itself takes 5 s or more to call a silent path "disconnected"; counting the
// transport's received bytes every `sampleMs` notices within `stallMs`. Bytes
// always flow on a healthy link: each end sends a heartbeat on a data channel
// of its own (peer-link.ts), so a still shared screen does not look stalled.
//
//   flowing ──no new bytes for stallMs (1 s: noticed well within 2 s)──► stalled: onStall
//   stalled ──still none after restartAfterMs, then every retryMs──► onRetry(1…maxAttempts)
//   stalled ──attempts spent, retryMs more──► onGiveUp (the owner rejoins)
//   stalled ──bytes again──► flowing: onRecover
//
// Why wait before the first retry (an ICE restart): a blip of a few seconds
// heals by itself once the network is back (ICE consent checks resume on the
// same path; measured in test/browser/network-blip.test.ts). An ICE restart
// sent during the outage sits in the signaling socket's TCP retransmission
// back-off and delays that recovery: in the 10 s cut it took 14 s instead of 2.

export interface StallWatchdogOptions {
  /** Total bytes received so far on the link; null while it cannot say (no transport yet). */
  bytesReceived: () => Promise<number | null>;
  onStall: () => void;
  onRetry: (attempt: number) => void;
  onRecover: () => void;
  onGiveUp: () => void;
  sampleMs?: number;
  stallMs?: number;
  restartAfterMs?: number;
  retryMs?: number;
  maxAttempts?: number;
  now?: () => number;
  signal: AbortSignal;
  setInterval?: (callback: () => void, ms: number) => unknown;
  clearInterval?: (handle: unknown) => void;
}

export const STALL_DEFAULTS = { sampleMs: 250, stallMs: 1000, restartAfterMs: 8000, retryMs: 5000, maxAttempts: 3 } as const;

export class StallWatchdog {
  #lastBytes = -1;
  #lastProgressAt: number;
  #stalledAt: number | null = null;
  #attempts = 0;
  #gaveUp = false;
  #sampling = false;
  readonly #options: StallWatchdogOptions;
  readonly #now: () => number;

  constructor(options: StallWatchdogOptions) {
    this.#options = options;
    this.#now = options.now ?? (() => performance.now());
    this.#lastProgressAt = this.#now();
    const every = options.sampleMs ?? STALL_DEFAULTS.sampleMs;
    const set = options.setInterval ?? ((callback, ms) => setInterval(callback, ms));
    const clear = options.clearInterval ?? ((handle) => clearInterval(handle as ReturnType<typeof setInterval>));
    const handle = set(() => void this.sample(), every);
    options.signal.addEventListener('abort', () => clear(handle), { once: true });
  }

  get stalled(): boolean {
    return this.#stalledAt !== null;
  }

  /** One look at the byte count (the interval calls it; tests may too). */
  async sample(): Promise<void> {
    if (this.#sampling || this.#options.signal.aborted) return;
    this.#sampling = true;
    try {
      const bytes = await this.#options.bytesReceived().catch(() => null);
      if (this.#options.signal.aborted) return;
      this.#observe(bytes);
    } finally {
      this.#sampling = false;
    }
  }

  #observe(bytes: number | null): void {
    const now = this.#now();
    if (bytes !== null && bytes > this.#lastBytes) {
      this.#lastBytes = bytes;
      this.#lastProgressAt = now;
      if (this.#stalledAt !== null) {
        this.#stalledAt = null;
        this.#attempts = 0;
        this.#gaveUp = false;
        this.#options.onRecover();
      }
      return;
    }
    const o = { ...STALL_DEFAULTS, ...this.#options };
    if (this.#stalledAt === null) {
      if (now - this.#lastProgressAt < o.stallMs) return;
      this.#stalledAt = now;
      this.#options.onStall();
      return;
    }
    if (this.#gaveUp) return;
    const nextAt = this.#stalledAt + o.restartAfterMs + this.#attempts * o.retryMs;
    if (now < nextAt) return;
    if (this.#attempts < o.maxAttempts) {
      this.#attempts++;
      this.#options.onRetry(this.#attempts);
    } else {
      this.#gaveUp = true;
      this.#options.onGiveUp();
    }
  }
}

interface ByteCountReport {
  type: string;
  bytesReceived?: number;
}

/**
 * Bytes received on a link so far, from its getStats() reports: the
 * transport's count (Chrome), else the candidate pairs' (Firefox has a
 * transport report without bytesReceived; its pairs count them). Null while
 * neither says (no transport yet).
 */
export function linkBytesReceived(reports: Iterable<ByteCountReport>): number | null {
  let transport: number | null = null;
  let pairs: number | null = null;
  for (const report of reports) {
    if (typeof report.bytesReceived !== 'number') continue;
    if (report.type === 'transport') transport = (transport ?? 0) + report.bytesReceived;
    else if (report.type === 'candidate-pair') pairs = (pairs ?? 0) + report.bytesReceived;
  }
  return transport ?? pairs;
}
