import { describe, expect, it } from 'vitest';
import { SpeakingDetector } from './speaking.ts';

describe('SpeakingDetector', () => {
  it('turns on at once when the level reaches the threshold', () => {
    const d = new SpeakingDetector({ threshold: 0.05, holdMs: 500 });
    expect(d.update(0.01, 0)).toBe(false);
    expect(d.update(0.05, 100)).toBe(true);
    expect(d.speaking).toBe(true);
  });

  it('stays on through short pauses and turns off after the hold time', () => {
    const d = new SpeakingDetector({ threshold: 0.05, holdMs: 500 });
    d.update(0.2, 1000);
    expect(d.update(0, 1200)).toBe(true);
    expect(d.update(0, 1499)).toBe(true);
    expect(d.update(0, 1500)).toBe(false);
  });

  it('ignores levels that are not numbers (a stats gap)', () => {
    const d = new SpeakingDetector();
    expect(d.update(Number.NaN, 0)).toBe(false);
  });
});
