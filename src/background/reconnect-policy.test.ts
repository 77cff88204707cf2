import { afterEach, describe, expect, it, vi } from 'vitest';
import { JitteredBackoff } from './reconnect-policy.ts';

const attempts = [1, 2, 3, 4, 5, 6, 7, 8, 20];
/** The ceiling for each attempt with the defaults: 0.5 s doubling, capped at 15 s. */
const ceilings = [500, 1_000, 2_000, 4_000, 8_000, 15_000, 15_000, 15_000, 15_000];

describe('JitteredBackoff', () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it('doubles from 0.5 s and caps at 15 s (shown at the top of the jitter range)', () => {
    // random → 1 - ε puts each delay just under its ceiling (floored to the millisecond).
    const policy = new JitteredBackoff(undefined, undefined, () => 0.999_999);
    expect(attempts.map((a) => policy.nextDelay(a))).toEqual(ceilings.map((c) => c - 1));
  });

  it('never goes below half the ceiling', () => {
    const policy = new JitteredBackoff(undefined, undefined, () => 0);
    expect(attempts.map((a) => policy.nextDelay(a))).toEqual(ceilings.map((c) => c / 2));
  });

  it('scales the ceiling by 0.5 + random / 2', () => {
    const policy = new JitteredBackoff(undefined, undefined, () => 0.5);
    expect(attempts.map((a) => policy.nextDelay(a))).toEqual(ceilings.map((c) => c * 0.75));
  });

  it('keeps every delay within [0.5, 1.0) of the ceiling for random draws 0, 0.01 … 0.99', () => {
    let r = 0;
    const policy = new JitteredBackoff(500, 15_000, () => r);
    for (let i = 0; i < 100; i++) {
      r = i / 100;
      attempts.forEach((attempt, k) => {
        const ceiling = ceilings[k]!;
        const delay = policy.nextDelay(attempt);
        expect(delay).toBeGreaterThanOrEqual(ceiling / 2);
        // Rounding to whole milliseconds: below the ceiling until random is within 1/ceiling of 1.
        expect(delay).toBeLessThan(ceiling);
        expect(Number.isInteger(delay)).toBe(true);
      });
    }
  });

  it('spreads clients apart: different random draws give different delays', () => {
    const draws = [0.1, 0.4, 0.9];
    const delays = draws.map((d) => new JitteredBackoff(500, 15_000, () => d).nextDelay(3));
    expect(new Set(delays).size).toBe(3);
  });

  it('takes its base and cap from the constructor', () => {
    const policy = new JitteredBackoff(100, 1_000, () => 0);
    expect([1, 2, 3, 4, 5, 6].map((a) => policy.nextDelay(a))).toEqual([50, 100, 200, 400, 500, 500]);
  });

  it('treats attempt 0 or less as the first attempt, and huge attempts as capped', () => {
    const policy = new JitteredBackoff(500, 15_000, () => 0);
    expect(policy.nextDelay(0)).toBe(250);
    expect(policy.nextDelay(-3)).toBe(250);
    expect(policy.nextDelay(5_000)).toBe(7_500); // 2 ** 4999 is Infinity; still capped, not NaN
  });

  it('uses Math.random by default', () => {
    vi.spyOn(Math, 'random').mockReturnValue(0);
    expect(new JitteredBackoff().nextDelay(2)).toBe(500);
  });
});
