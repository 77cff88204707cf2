import { describe, expect, it } from 'vitest';
import { MessageRateLimiter, TokenBucket, type RateDecision } from './rate-limit.ts';

function fakeClock(start = 0) {
  let now = start;
  return {
    now: () => now,
    advance: (ms: number) => {
      now += ms;
    },
  };
}

describe('TokenBucket', () => {
  it('allows a burst of `capacity`, then refills at the given rate', () => {
    const clock = fakeClock();
    const bucket = new TokenBucket(100, 50, clock);
    for (let i = 0; i < 100; i++) expect(bucket.take()).toBe(true);
    expect(bucket.take()).toBe(false);
    clock.advance(19);
    expect(bucket.take()).toBe(false); // 0.95 of a token
    clock.advance(1);
    expect(bucket.take()).toBe(true); // 50/s → one token per 20 ms
    expect(bucket.take()).toBe(false);
  });

  it('never holds more than capacity', () => {
    const clock = fakeClock();
    const bucket = new TokenBucket(100, 50, clock);
    clock.advance(60_000);
    let taken = 0;
    while (bucket.take()) taken++;
    expect(taken).toBe(100);
  });
});

describe('MessageRateLimiter', () => {
  it('accepts 100, then drops, notifying at most once per second', () => {
    const clock = fakeClock();
    const limiter = new MessageRateLimiter(clock);
    const decisions: RateDecision[] = [];
    for (let i = 0; i < 150; i++) decisions.push(limiter.check());
    expect(decisions.filter((d) => d === 'accept')).toHaveLength(100);
    expect(decisions[100]).toBe('drop_and_notify');
    expect(decisions.slice(101)).toEqual(Array(49).fill('drop'));

    clock.advance(1000);
    // A second refills 50 tokens, and a second has passed since the last notice.
    for (let i = 0; i < 50; i++) expect(limiter.check()).toBe('accept');
    expect(limiter.check()).toBe('drop_and_notify');

    clock.advance(500);
    for (let i = 0; i < 25; i++) expect(limiter.check()).toBe('accept');
    // Half a second since the last notice: dropped quietly.
    expect(limiter.check()).toBe('drop');
  });

  it('asks to close the socket at the 1000th drop', () => {
    const limiter = new MessageRateLimiter(fakeClock());
    for (let i = 0; i < 100; i++) limiter.check();
    const drops: RateDecision[] = [];
    for (let i = 0; i < 1000; i++) drops.push(limiter.check());
    expect(drops.slice(0, 999).every((d) => d === 'drop' || d === 'drop_and_notify')).toBe(true);
    expect(drops[999]).toBe('close');
    expect(limiter.drops).toBe(1000);
  });
});
