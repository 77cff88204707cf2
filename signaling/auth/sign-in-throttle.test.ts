import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../test/helpers/manual-clock.ts';
import { DEFAULT_THROTTLE, SignInThrottle } from './sign-in-throttle.ts';

const MINUTE = 60_000;

describe('SignInThrottle', () => {
  it('lets five failures through, then asks for a wait that doubles with each failure', () => {
    const clock = new ManualClock();
    const throttle = new SignInThrottle(clock);
    for (let i = 0; i < 5; i++) {
      expect(throttle.waitMs(['ip:1'])).toBe(0);
      throttle.failed(['ip:1']);
    }
    expect(throttle.waitMs(['ip:1'])).toBe(1000);
    clock.advance(400);
    expect(throttle.waitMs(['ip:1'])).toBe(600);
    clock.advance(600);
    expect(throttle.waitMs(['ip:1'])).toBe(0);
    throttle.failed(['ip:1']);
    expect(throttle.waitMs(['ip:1'])).toBe(2000);
    clock.advance(2000);
    throttle.failed(['ip:1']);
    expect(throttle.waitMs(['ip:1'])).toBe(4000);
  });

  it('never asks for more than fifteen minutes, and forgets failures older than fifteen minutes', () => {
    const clock = new ManualClock();
    const throttle = new SignInThrottle(clock);
    for (let i = 0; i < 30; i++) throttle.failed(['ip:1']);
    expect(throttle.waitMs(['ip:1'])).toBe(15 * MINUTE);
    clock.advance(15 * MINUTE);
    expect(throttle.waitMs(['ip:1'])).toBe(0);
  });

  it('keeps keys apart and answers the longest wait among those asked', () => {
    const clock = new ManualClock();
    const throttle = new SignInThrottle(clock);
    for (let i = 0; i < 6; i++) throttle.failed(['ip:1', 'account:a@example.com']);
    expect(throttle.waitMs(['ip:2'])).toBe(0);
    expect(throttle.waitMs(['ip:2', 'account:a@example.com'])).toBe(2000);
    expect(throttle.waitMs(['ip:1', 'account:b@example.com'])).toBe(2000);
  });

  it('clears a key on success', () => {
    const clock = new ManualClock();
    const throttle = new SignInThrottle(clock);
    for (let i = 0; i < 6; i++) throttle.failed(['account:a@example.com']);
    throttle.succeeded('account:a@example.com');
    expect(throttle.waitMs(['account:a@example.com'])).toBe(0);
  });

  it('remembers at most maxKeys keys, forgetting the least recently failed', () => {
    const clock = new ManualClock();
    const throttle = new SignInThrottle(clock, { ...DEFAULT_THROTTLE, freeFailures: 0, maxKeys: 2 });
    throttle.failed(['a']);
    throttle.failed(['b']);
    throttle.failed(['a']);
    throttle.failed(['c']);
    expect(throttle.waitMs(['b'])).toBe(0);
    expect(throttle.waitMs(['a'])).toBeGreaterThan(0);
    expect(throttle.waitMs(['c'])).toBeGreaterThan(0);
  });

  it('takes back a failure counted ahead of a password check that succeeded', () => {
    const clock = new ManualClock();
    const throttle = new SignInThrottle(clock);
    for (let i = 0; i < 4; i++) throttle.failed(['ip:1']);
    const undo = throttle.failed(['ip:1']);
    expect(throttle.waitMs(['ip:1'])).toBe(1000);
    undo();
    expect(throttle.waitMs(['ip:1'])).toBe(0);
    undo();
    expect(throttle.waitMs(['ip:1'])).toBe(0);
    throttle.failed(['ip:1']);
    expect(throttle.waitMs(['ip:1'])).toBe(1000);
  });
});
