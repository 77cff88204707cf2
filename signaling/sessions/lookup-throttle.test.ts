import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../test/helpers/manual-clock.ts';
import { ipv6Prefix64, LookupThrottle } from './lookup-throttle.ts';

const MINUTE = 60_000;

describe('LookupThrottle', () => {
  it('lets five failures through, then makes the address wait 2 s, 4 s, 8 s …', () => {
    const clock = new ManualClock();
    const throttle = new LookupThrottle(clock);
    for (let i = 0; i < 5; i++) {
      expect(throttle.waitMs('192.0.2.1')).toBe(0);
      throttle.failed('192.0.2.1');
    }
    expect(throttle.waitMs('192.0.2.1')).toBe(2000);
    clock.advance(1500);
    expect(throttle.waitMs('192.0.2.1')).toBe(500);
    clock.advance(500);
    expect(throttle.waitMs('192.0.2.1')).toBe(0);
    throttle.failed('192.0.2.1');
    expect(throttle.waitMs('192.0.2.1')).toBe(4000);
    clock.advance(4000);
    throttle.failed('192.0.2.1');
    expect(throttle.waitMs('192.0.2.1')).toBe(8000);
  });

  it('never asks for more than five minutes', () => {
    const clock = new ManualClock();
    const throttle = new LookupThrottle(clock);
    for (let i = 0; i < 40; i++) throttle.failed('192.0.2.1');
    expect(throttle.waitMs('192.0.2.1')).toBe(5 * MINUTE);
  });

  it('counts only failures of the last ten minutes', () => {
    const clock = new ManualClock();
    const throttle = new LookupThrottle(clock);
    for (let i = 0; i < 4; i++) throttle.failed('192.0.2.1');
    clock.advance(10 * MINUTE);
    // The four old ones have expired: this is the first failure of a new window.
    throttle.failed('192.0.2.1');
    expect(throttle.waitMs('192.0.2.1')).toBe(0);
    for (let i = 0; i < 4; i++) throttle.failed('192.0.2.1');
    expect(throttle.waitMs('192.0.2.1')).toBe(2000);
  });

  it('keeps addresses apart; an unknown address is one key of its own', () => {
    const clock = new ManualClock();
    const throttle = new LookupThrottle(clock);
    for (let i = 0; i < 6; i++) throttle.failed('192.0.2.1');
    expect(throttle.waitMs('192.0.2.1')).toBe(4000);
    expect(throttle.waitMs('192.0.2.2')).toBe(0);
    expect(throttle.waitMs(null)).toBe(0);
    for (let i = 0; i < 5; i++) throttle.failed(null);
    expect(throttle.waitMs(null)).toBe(2000);
    expect(throttle.waitMs('192.0.2.2')).toBe(0);
  });

  it('counts IPv6 clients per /64, so drawing new addresses from one block does not help', () => {
    const clock = new ManualClock();
    const throttle = new LookupThrottle(clock);
    for (let i = 1; i <= 5; i++) throttle.failed(`2001:db8:1:2::${i}`);
    expect(throttle.waitMs('2001:db8:1:2:ffff:eeee:dddd:cccc')).toBe(2000);
    expect(throttle.waitMs('2001:db8:1:3::1')).toBe(0);
  });
});

describe('ipv6Prefix64', () => {
  it.each([
    ['2001:db8:1:2::1', '2001:db8:1:2::/64'],
    ['2001:0db8:0001:0002:aaaa:bbbb:cccc:dddd', '2001:db8:1:2::/64'],
    ['2001:db8::', '2001:db8:0:0::/64'],
    ['::1', '0:0:0:0::/64'],
    ['fe80::1%eth0', 'fe80:0:0:0::/64'],
  ])('%s → %s', (ip, prefix) => {
    expect(ipv6Prefix64(ip)).toBe(prefix);
  });

  it.each(['192.0.2.1', '1::2::3', 'zz::1', '2001:db8'])('%s is not an IPv6 address it can shorten', (ip) => {
    expect(ipv6Prefix64(ip)).toBeUndefined();
  });
});

