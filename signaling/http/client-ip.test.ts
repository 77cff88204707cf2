import type { IncomingMessage } from 'node:http';
import { describe, expect, it } from 'vitest';
import { clientIp } from './client-ip.ts';

const request = (remoteAddress: string | undefined, forwarded?: string | string[]) =>
  ({ headers: forwarded === undefined ? {} : { 'x-forwarded-for': forwarded }, socket: { remoteAddress } }) as unknown as IncomingMessage;

describe('clientIp', () => {
  it('is the socket address, ignoring X-Forwarded-For unless TRUST_PROXY is set', () => {
    expect(clientIp(request('10.0.0.5', '1.2.3.4'), false)).toBe('10.0.0.5');
    expect(clientIp(request('::ffff:127.0.0.1'), false)).toBe('127.0.0.1');
    expect(clientIp(request('::1'), false)).toBe('::1');
    expect(clientIp(request(undefined), false)).toBeNull();
  });

  it('behind a trusted proxy: the last X-Forwarded-For entry, which the proxy wrote', () => {
    expect(clientIp(request('10.0.0.1', 'spoofed, 203.0.113.7'), true)).toBe('203.0.113.7');
    expect(clientIp(request('10.0.0.1', ['198.51.100.1', '203.0.113.9']), true)).toBe('203.0.113.9');
    expect(clientIp(request('10.0.0.1'), true)).toBe('10.0.0.1');
    expect(clientIp(request('10.0.0.1', ' , '), true)).toBe('10.0.0.1');
  });
});
