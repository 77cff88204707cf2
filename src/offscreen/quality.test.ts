import { describe, expect, it } from 'vitest';
import { levelOf, qualityOf, type LinkSample } from './quality.ts';

type Stat = Record<string, unknown> & { type: string; id: string };
const report = (stats: Stat[]) => ({ forEach: (callback: (stat: Stat) => void) => stats.forEach(callback) });

const pair = (rtt: number): Stat => ({ type: 'candidate-pair', id: 'CP1', state: 'succeeded', nominated: true, currentRoundTripTime: rtt });
const transport: Stat = { type: 'transport', id: 'T1', selectedCandidatePairId: 'CP1' };

describe('levelOf', () => {
  it('grades round trip and loss together: the worse one decides', () => {
    expect(levelOf(20, 0)).toBe('good');
    expect(levelOf(150, 2)).toBe('good');
    expect(levelOf(151, 0)).toBe('fair');
    expect(levelOf(20, 5)).toBe('fair');
    expect(levelOf(401, 0)).toBe('poor');
    expect(levelOf(20, 9)).toBe('poor');
    expect(levelOf(undefined, undefined)).toBe('good');
  });
});

describe('qualityOf', () => {
  it('is null before a candidate pair is selected, but still returns the totals', () => {
    const { quality, sample } = qualityOf(report([{ type: 'outbound-rtp', id: 'O', packetsSent: 10 }]), null);
    expect(quality).toBeNull();
    expect(sample).toEqual({ lost: 0, expected: 10 });
  });

  it('takes the round trip of the transport’s selected pair, in ms', () => {
    const other: Stat = { type: 'candidate-pair', id: 'CP2', state: 'succeeded', nominated: true, currentRoundTripTime: 0.9 };
    const { quality } = qualityOf(report([transport, other, pair(0.042)]), null);
    expect(quality).toEqual({ level: 'good', rttMs: 42, lossPct: 0 });
  });

  it('falls back to the nominated succeeded pair when the transport names none', () => {
    const { quality } = qualityOf(report([pair(0.2)]), null);
    expect(quality?.rttMs).toBe(200);
    expect(quality?.level).toBe('fair');
  });

  it('measures loss since the previous sample, both ways', () => {
    const previous: LinkSample = { lost: 10, expected: 1000 };
    const stats = [
      transport,
      pair(0.01),
      { type: 'outbound-rtp', id: 'O', packetsSent: 1100 }, // 100 more of ours sent
      { type: 'remote-inbound-rtp', id: 'RI', packetsLost: 15 }, // 5 of them lost
      { type: 'inbound-rtp', id: 'I', packetsReceived: 95, packetsLost: 5 }, // their 100: 5 lost
    ];
    const { quality, sample } = qualityOf(report(stats), previous);
    expect(sample).toEqual({ lost: 20, expected: 1200 });
    // 10 lost of 200 expected since the last sample.
    expect(quality).toEqual({ level: 'fair', rttMs: 10, lossPct: 5 });
  });

  it('ignores counters that went backwards (a renegotiated stream starts again at zero)', () => {
    const { quality } = qualityOf(report([transport, pair(0.01), { type: 'outbound-rtp', id: 'O', packetsSent: 5 }]), { lost: 50, expected: 5000 });
    expect(quality?.lossPct).toBe(0);
  });
});
