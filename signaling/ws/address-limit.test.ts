import { describe, expect, it } from 'vitest';
import { AddressLimit } from './address-limit.ts';

describe('AddressLimit', () => {
  it('refuses an address its next socket once it holds the most, and only that address', () => {
    const limit = new AddressLimit(2);
    expect(limit.acquire('198.51.100.7')).toBe(true);
    expect(limit.acquire('198.51.100.7')).toBe(true);
    expect(limit.acquire('198.51.100.7')).toBe(false);
    expect(limit.openFrom('198.51.100.7')).toBe(2);
    expect(limit.acquire('198.51.100.8')).toBe(true);
  });

  it('frees a slot when a socket closes, and forgets an address with none', () => {
    const limit = new AddressLimit(1);
    expect(limit.acquire('2001:db8::1')).toBe(true);
    limit.release('2001:db8::1');
    expect(limit.addresses).toBe(0);
    expect(limit.acquire('2001:db8::1')).toBe(true);
  });

  it('does not count a socket without an address', () => {
    const limit = new AddressLimit(1);
    expect(limit.acquire(null)).toBe(true);
    expect(limit.acquire(null)).toBe(true);
    limit.release(null);
    expect(limit.addresses).toBe(0);
  });
});
