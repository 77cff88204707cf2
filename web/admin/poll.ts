// Polls while the page is visible (issue #8, the Queues tab's live view): one
// run at a time, the next `intervalMs` after the last one ended, none while
// the page is hidden (the next starts at once when it shows again). Everything
// hangs off one AbortSignal: abort() stops the timer, the visibility listener
// and, through `run`'s signal, the request in flight (STYLE.md habit 6).
// Timers and visibility are injected, so tests drive them.

export interface PollTimers {
  set(callback: () => void, ms: number): unknown;
  clear(handle: unknown): void;
}

export interface PollOptions {
  intervalMs: number;
  signal: AbortSignal;
  /** One refresh; handles its own failures (a throw is ignored and the polling goes on). */
  run: (signal: AbortSignal) => Promise<void>;
  timers: PollTimers;
  /** Whether the page can be seen (document.visibilityState === 'visible'). */
  visible: () => boolean;
  /** Calls `listener` when the visibility changes, until `signal` aborts. */
  onVisibilityChange: (listener: () => void, signal: AbortSignal) => void;
}

export function poll(options: PollOptions): void {
  const { intervalMs, signal, run, timers, visible } = options;
  let timer: unknown;
  let running = false;

  const stopTimer = () => {
    if (timer !== undefined) timers.clear(timer);
    timer = undefined;
  };

  async function tick(): Promise<void> {
    timer = undefined;
    if (signal.aborted || !visible()) return;
    running = true;
    try {
      await run(signal);
    } catch {
      // `run` reports its own failures; the next poll may well succeed.
    } finally {
      running = false;
    }
    if (!signal.aborted && visible() && timer === undefined) timer = timers.set(() => void tick(), intervalMs);
  }

  options.onVisibilityChange(() => {
    if (!visible()) stopTimer();
    else if (timer === undefined && !running) void tick();
  }, signal);
  signal.addEventListener('abort', stopTimer, { once: true });
  void tick();
}
