// Time and timers behind one small interface (STYLE.md habit 8), so tests can
// freeze the clock for the rate limiter and fire a rep's grace timer on demand.

/** Cancels a pending timer; calling it after the timer fired is harmless. */
export type CancelTimer = () => void;

export interface Clock {
  now(): number;
  setTimeout(callback: () => void, ms: number): CancelTimer;
}

export const systemClock: Clock = {
  now: () => Date.now(),
  setTimeout(callback, ms) {
    const timer = setTimeout(callback, ms);
    return () => clearTimeout(timer);
  },
};
