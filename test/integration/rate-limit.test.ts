// The per-socket rate limit with a frozen clock, so the count is exact: 100
// messages pass, the rest are dropped with one rate_limited notice per second,
// and a socket that keeps flooding is closed with 1008.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ServerMessage } from '../../src/shared/protocol/wire.ts';
import { ManualClock } from '../helpers/manual-clock.ts';
import { startTestServer, type TestServer } from '../helpers/server.ts';

const clock = new ManualClock();
let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({ clock });
});
afterAll(() => server.stop());

describe('rate limit', () => {
  it('drops messages over the burst with one notice, then recovers as time passes', async () => {
    const client = await server.connect('site');
    for (let i = 0; i < 150; i++) client.send({ type: 'ping', rid: `p${i}` });
    const notice = await client.next('error');
    expect(notice).toMatchObject({ reason: 'rate_limited' });
    // The notice is queued behind the 100 accepted pings, so they all arrived before it.
    const received = [...client.unconsumed] as ServerMessage[];
    expect(received.map((m) => (m.type === 'pong' ? m.rid : m.type))).toEqual(Array.from({ length: 100 }, (_, i) => `p${i}`));

    // A second later the bucket has refilled. The 49 other drops were handled
    // before this ping, and none of them brought a second notice.
    clock.advance(1000);
    await client.call({ type: 'ping' }, 'pong');
    expect(client.unconsumed.filter((m) => m.type === 'error')).toEqual([]);
  });

  it('closes a socket that keeps flooding after 1000 drops', async () => {
    const client = await server.connect('site');
    for (let i = 0; i < 1100; i++) client.send({ type: 'ping' });
    const closed = await client.closed;
    expect(closed).toEqual({ code: 1008, reason: 'rate limit' });
    expect(server.logs.some((line) => /closed: 1000 messages over the rate limit/.test(line))).toBe(true);
  });
});
