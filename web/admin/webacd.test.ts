import { describe, expect, it } from 'vitest';
import { translator } from '../../src/shared/i18n/index.ts';
import type { WebacdQueue } from '../../src/shared/protocol/admin.ts';
import { liveSummary, placeOf, waitedFor } from './webacd.ts';

const en = translator('en');
const ko = translator('ko');

describe('waitedFor', () => {
  it('says seconds, then minutes and seconds, then hours and minutes; never negative', () => {
    expect(waitedFor(0, en)).toBe('0 s');
    expect(waitedFor(59_999, en)).toBe('59 s');
    expect(waitedFor(185_000, en)).toBe('3 min 5 s');
    expect(waitedFor(4_800_000, en)).toBe('1 h 20 min');
    expect(waitedFor(-5_000, en)).toBe('0 s');
    expect(waitedFor(185_000, ko)).toBe('3분 5초');
  });
});

describe('placeOf', () => {
  it('gives the place of a queued session, or why there is none', () => {
    expect(placeOf({ state: 'queued', position: 2 }, en)).toBe('Place 2');
    expect(placeOf({ state: 'offered', position: null }, en)).toBe('Being offered to an agent');
    expect(placeOf({ state: 'dormant', position: null }, en)).toBe('Held since the server restarted');
  });
});

describe('liveSummary', () => {
  const queue = (waitingSince: number[]): WebacdQueue => ({
    id: 'queue_00001',
    name: 'Billing',
    waiting: waitingSince.map((since, i) => ({ state: 'queued', position: i + 1, sessionNumber: '123456789', customers: [], from: 'Sam', since })),
    agents: [
      { userId: 'user_000001', name: 'Ann', status: 'available' },
      { userId: 'user_000002', name: 'Ben', status: 'away' },
    ],
  });

  it('counts per queue, and does not change while only the waiting times move', () => {
    expect(liveSummary([queue([1, 2])], en)).toBe('Billing: 2 waiting, 1 of 2 agents available.');
    expect(liveSummary([queue([1000, 2000])], en)).toBe(liveSummary([queue([1, 2])], en));
    expect(liveSummary([], en)).toBe('');
  });
});
