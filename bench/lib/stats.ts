// Small statistics for benchmark samples: medians and percentiles by the
// nearest-rank method (no interpolation, so a reported p90 is a value that was
// really observed), and ratios against a reference.

/** Nearest-rank percentile of `values` (0 < p ≤ 100); NaN when there are none. */
export function percentile(values: readonly number[], p: number): number {
  const finite = values.filter(Number.isFinite);
  if (finite.length === 0) return Number.NaN;
  const sorted = [...finite].sort((a, b) => a - b);
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1]!;
}

/** The median; for an even count, the mean of the two middle values. */
export function median(values: readonly number[]): number {
  const sorted = values.filter(Number.isFinite).sort((a, b) => a - b);
  const n = sorted.length;
  if (n === 0) return Number.NaN;
  return n % 2 === 1 ? sorted[(n - 1) / 2]! : (sorted[n / 2 - 1]! + sorted[n / 2]!) / 2;
}

export interface Summary {
  n: number;
  p50: number;
  p90: number;
  p99: number;
  min: number;
  max: number;
}

export function summarize(values: readonly number[]): Summary {
  const finite = values.filter(Number.isFinite);
  return {
    n: finite.length,
    p50: median(finite),
    p90: percentile(finite, 90),
    p99: percentile(finite, 99),
    // A loop, not Math.min(...values): a spread of 100,000+ samples overflows the stack.
    min: finite.length ? finite.reduce((a, b) => Math.min(a, b)) : Number.NaN,
    max: finite.length ? finite.reduce((a, b) => Math.max(a, b)) : Number.NaN,
  };
}

/** Rounds for JSON output: enough digits to read, not float noise. */
export function round(value: number, digits = 2): number {
  if (!Number.isFinite(value)) return value;
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}

/** `ours / reference`, NaN when either is missing. */
export function ratio(ours: number, reference: number): number {
  return Number.isFinite(ours) && Number.isFinite(reference) && reference !== 0 ? ours / reference : Number.NaN;
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
