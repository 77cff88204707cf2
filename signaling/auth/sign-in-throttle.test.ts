import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../test/helpers/manual-clock.ts';
import { DEFAULT_THROTTLE, SignInThrottle, type FailureMirror } from './sign-in-throttle.ts';

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

  describe('with a mirror shared by several nodes (issue #11)', () => {
    /** An in-memory stand-in for Redis that two throttles (two nodes) share. */
    function sharedMirror(): FailureMirror & { times: Map<string, Map<string, number>> } {
      const times = new Map<string, Map<string, number>>();
      let n = 0;
      return {
        times,
        add(keys, at) {
          const handle = `h${++n}`;
          for (const key of keys) times.set(key, (times.get(key) ?? new Map()).set(handle, at));
          return handle;
        },
        remove(keys, handle) {
          for (const key of keys) times.get(key)?.delete(handle);
        },
        clear(key) {
          times.delete(key);
        },
        async load(keys, since) {
          return new Map(keys.map((key) => [key, [...(times.get(key)?.values() ?? [])].filter((t) => t >= since).sort((a, b) => a - b)]));
        },
      };
    }

    it('counts failures made on another node once synced, and forgives and clears there too', async () => {
      const clock = new ManualClock();
      const mirror = sharedMirror();
      const nodeA = new SignInThrottle(clock, DEFAULT_THROTTLE, mirror);
      const nodeB = new SignInThrottle(clock, DEFAULT_THROTTLE, mirror);
      for (let i = 0; i < 3; i++) nodeA.failed(['ip:1']);
      for (let i = 0; i < 2; i++) nodeB.failed(['ip:1']);
      // Each alone has seen fewer than five.
      expect(nodeB.waitMs(['ip:1'])).toBe(0);
      await nodeB.sync(['ip:1']);
      expect(nodeB.waitMs(['ip:1'])).toBe(1000);
      // A failure taken back (right password) leaves the shared count too.
      const forgive = nodeA.failed(['account:a']);
      expect(mirror.times.get('account:a')?.size).toBe(1);
      forgive();
      expect(mirror.times.get('account:a')?.size).toBe(0);
      nodeA.failed(['account:a']);
      nodeB.succeeded('account:a');
      expect(mirror.times.has('account:a')).toBe(false);
    });

    it('keeps its own count when the mirror cannot answer', async () => {
      const clock = new ManualClock();
      const throttle = new SignInThrottle(clock, DEFAULT_THROTTLE, { ...sharedMirror(), load: async () => undefined });
      for (let i = 0; i < 5; i++) throttle.failed(['ip:1']);
      await throttle.sync(['ip:1']);
      expect(throttle.waitMs(['ip:1'])).toBe(1000);
    });
  });
});
