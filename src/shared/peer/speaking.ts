// "Speaking" from an audio level (0..1, as getSynchronizationSources() and
// getStats() report it): on at once above the threshold, off only after the
// level stayed below it for `holdMs`, so the indicator does not flicker
// between words. Pure: the caller passes the clock.
export interface SpeakingOptions {
  threshold?: number;
  holdMs?: number;
}

export class SpeakingDetector {
  #speaking = false;
  #lastLoud = -Infinity;
  readonly #threshold: number;
  readonly #holdMs: number;

  constructor({ threshold = 0.02, holdMs = 700 }: SpeakingOptions = {}) {
    this.#threshold = threshold;
    this.#holdMs = holdMs;
  }

  /** Feed one level at time `now` (ms); returns whether the person speaks. */
  update(level: number, now: number): boolean {
    if (Number.isFinite(level) && level >= this.#threshold) this.#lastLoud = now;
    this.#speaking = now - this.#lastLoud < this.#holdMs;
    return this.#speaking;
  }

  get speaking(): boolean {
    return this.#speaking;
  }
}
