// Slows guessing session numbers (DESIGN.md, Security: "failed number
// look-ups are rate limited per client address"; issue #5). A customer.join or
// assistant.join naming a number with no live session is a failed look-up.
// After five from one address within ten minutes, every join attempt from
// that address, whatever number it names, waits: two seconds after the fifth
// failure, twice as long after each further one, at most five minutes.
//
// Successful joins do not forgive failures: an attacker who knows one live
// number could otherwise interleave it with guesses and never be slowed.
// Addresses are shared (offices, mobile carriers), so this slows rather than
// locks out; the audit log (session.lookup_failed) shows who was guessing.
// IPv6 clients count per /64, the block one subscriber typically holds.
//
// The counting is the sign-in throttle's (auth/sign-in-throttle.ts) with its
// own limits, so the two cannot drift apart in how they count and forget.
import { SignInThrottle, type FailureMirror, type ThrottleOptions } from '../auth/sign-in-throttle.ts';
import type { Clock } from '../clock.ts';

export const DEFAULT_LOOKUP_THROTTLE: ThrottleOptions = {
  freeFailures: 5,
  windowMs: 10 * 60_000,
  firstDelayMs: 2_000,
  maxDelayMs: 5 * 60_000,
  maxKeys: 10_000,
};

/**
 * The /64 an IPv6 address belongs to, e.g. "2001:db8:1:2::/64". One IPv6
 * subscriber usually holds a whole /64, so counting single addresses would
 * let them draw a fresh one for every few guesses.
 */
export function ipv6Prefix64(ip: string): string | undefined {
  const address = ip.split('%')[0] ?? '';
  if (!address.includes(':')) return undefined;
  const halves = address.split('::');
  if (halves.length > 2) return undefined;
  const head = halves[0] ? halves[0].split(':') : [];
  const tail = halves[1] ? halves[1].split(':') : [];
  const groups = halves.length === 2 ? [...head, ...Array<string>(Math.max(0, 8 - head.length - tail.length)).fill('0'), ...tail] : head;
  const prefix = groups.slice(0, 4).map((group) => Number.parseInt(group, 16));
  if (prefix.length < 4 || prefix.some((group) => !Number.isInteger(group) || group < 0 || group > 0xffff)) return undefined;
  return `${prefix.map((group) => group.toString(16)).join(':')}::/64`;
}

/** A socket whose address could not be read (it has closed meanwhile) still counts, under one shared key. */
function keyOf(ip: string | null): string {
  if (ip === null) return 'ip:unknown';
  return `ip:${ipv6Prefix64(ip) ?? ip}`;
}

export class LookupThrottle {
  readonly #throttle: SignInThrottle;

  constructor(clock: Pick<Clock, 'now'>, options: ThrottleOptions = DEFAULT_LOOKUP_THROTTLE, mirror?: FailureMirror) {
    this.#throttle = new SignInThrottle(clock, options, mirror);
  }

  /** Several nodes: takes in this address's misses counted on the others (before waitMs). */
  sync(ip: string | null): Promise<void> {
    return this.#throttle.sync([keyOf(ip)]);
  }

  /** Milliseconds this address must still wait before its next join attempt; 0 = go ahead. */
  waitMs(ip: string | null): number {
    return this.#throttle.waitMs([keyOf(ip)]);
  }

  /** Counts a join that named a number with no live session. */
  failed(ip: string | null): void {
    this.#throttle.failed([keyOf(ip)]);
  }
}
