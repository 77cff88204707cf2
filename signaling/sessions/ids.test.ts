import { describe, expect, it } from 'vitest';
import { Id, JoinToken, SessionNumber } from '../../src/shared/protocol/common.ts';
import { newId, newJoinToken, newSessionNumber } from './ids.ts';

describe('newSessionNumber', () => {
  it('asks for 100000000 ≤ n < 1000000000 and formats nine digits', () => {
    const calls: [number, number][] = [];
    const number = newSessionNumber((min, max) => {
      calls.push([min, max]);
      return min;
    });
    expect(calls).toEqual([[100_000_000, 1_000_000_000]]);
    expect(number).toBe('100000000');
    expect(newSessionNumber((_min, max) => max - 1)).toBe('999999999');
  });

  it('matches the SessionNumber schema and varies', () => {
    const numbers = new Set(Array.from({ length: 1000 }, () => newSessionNumber()));
    for (const number of numbers) expect(SessionNumber.safeParse(number).success).toBe(true);
    expect(numbers.size).toBeGreaterThan(990);
  });
});

describe('newJoinToken', () => {
  it('is 22 base64url characters, valid for JoinToken, unique over 10k', () => {
    const tokens = new Set(Array.from({ length: 10_000 }, () => newJoinToken()));
    expect(tokens.size).toBe(10_000);
    for (const token of tokens) expect(JoinToken.safeParse(token).success).toBe(true);
  });
});

describe('newId', () => {
  it('matches the Id schema with and without a prefix, unique over 10k', () => {
    const ids = new Set(Array.from({ length: 10_000 }, () => newId()));
    expect(ids.size).toBe(10_000);
    for (const id of ids) expect(Id.safeParse(id).success).toBe(true);
    const prefixed = newId('s');
    expect(prefixed).toMatch(/^s_[A-Za-z0-9_-]{16}$/);
    expect(Id.safeParse(prefixed).success).toBe(true);
  });

  it('refuses a prefix that would make an invalid id', () => {
    expect(() => newId('bad prefix')).toThrow(/bad id prefix/);
    expect(() => newId('waytoolongprefix')).toThrow(/bad id prefix/);
  });
});
