import { describe, expect, it } from 'vitest';
import { poll } from './poll.ts';
import { manualTimers } from './test-fakes.ts';

const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

function setup(options: { fail?: boolean } = {}) {
  const clock = manualTimers();
  const controller = new AbortController();
  let visible = true;
  let onChange: (() => void) | undefined;
  const runs: number[] = [];
  const signals: AbortSignal[] = [];
  poll({
    intervalMs: 2000,
    signal: controller.signal,
    timers: clock.timers,
    visible: () => visible,
    onVisibilityChange: (listener, signal) => {
      onChange = listener;
      signal.addEventListener('abort', () => (onChange = undefined));
    },
    run: async (signal) => {
      runs.push(clock.now());
      signals.push(signal);
      if (options.fail) throw new Error('offline');
    },
  });
  return {
    clock,
    controller,
    runs,
    signals,
    setVisible(value: boolean) {
      visible = value;
      onChange?.();
    },
    hasListener: () => onChange !== undefined,
  };
}

describe('poll', () => {
  it('runs at once, then every interval after the last run ended', async () => {
    const p = setup();
    await settle();
    expect(p.runs).toEqual([0]);
    p.clock.advance(1999);
    await settle();
    expect(p.runs).toEqual([0]);
    p.clock.advance(1);
    await settle();
    p.clock.advance(2000);
    await settle();
    expect(p.runs).toEqual([0, 2000, 4000]);
    expect(p.clock.pendingCount()).toBe(1);
  });

  it('goes on after a failed run', async () => {
    const p = setup({ fail: true });
    await settle();
    p.clock.advance(2000);
    await settle();
    expect(p.runs).toEqual([0, 2000]);
  });

  it('stops while the page is hidden and runs at once when it shows again', async () => {
    const p = setup();
    await settle();
    p.setVisible(false);
    expect(p.clock.pendingCount()).toBe(0);
    p.clock.advance(10_000);
    await settle();
    expect(p.runs).toEqual([0]);
    p.setVisible(true);
    await settle();
    expect(p.runs).toEqual([0, 10_000]);
    expect(p.clock.pendingCount()).toBe(1);
  });

  it('one abort() stops the timer, the listener and the run in flight', async () => {
    const p = setup();
    await settle();
    p.controller.abort();
    expect(p.signals[0]?.aborted).toBe(true);
    expect(p.clock.pendingCount()).toBe(0);
    expect(p.hasListener()).toBe(false);
    p.clock.advance(10_000);
    p.setVisible(true);
    await settle();
    expect(p.runs).toEqual([0]);
  });
});
