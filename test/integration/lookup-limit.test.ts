// Guessing session numbers (DESIGN.md, Security; issue #5): after five joins
// naming numbers with no live session, an address must wait before every
// further join attempt, longer after each further miss; each miss is in the
// audit log. Another address is not affected. Time is a manual clock, so the
// waits pass when the test says so.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../helpers/manual-clock.ts';
import { startSession, type StartedSession } from '../helpers/scenario.ts';
import { startTestServer, type TestServer } from '../helpers/server.ts';

/** Linux answers all of 127.0.0.0/8: a second client address without a proxy. */
const NEIGHBOUR = { localAddress: '127.0.0.2' };

let clock: ManualClock;
let server: TestServer;
let live: StartedSession;
beforeAll(async () => {
  clock = new ManualClock();
  // Heartbeat off: advancing the clock would otherwise fire pings.
  server = await startTestServer({ clock, config: { heartbeatMs: 0 } });
  live = await startSession(server);
});
afterAll(() => server.stop());

let guesses = 0;
/** A well-formed number that no live session has. */
function unknownNumber(): string {
  for (;;) {
    const number = String(100_000_000 + ++guesses);
    if (!server.server.registry.byNumber(number)) return number;
  }
}

describe('failed number look-ups', () => {
  it('slow one address down with growing waits, audit every miss, and leave other addresses alone', async () => {
    const guesser = await server.connect('site');
    const guess = () => ({ type: 'customer.join', number: unknownNumber(), name: 'Mallory' }) as const;
    const rightLink = { type: 'customer.join', number: live.session.number, token: live.session.joinToken, name: 'Mallory' } as const;

    for (let i = 0; i < 4; i++) await guesser.refused(guess(), 'no_session');
    // A rep guessing for assistant.join counts against the same address.
    const { client: repGuesser, email: repEmail } = await server.newRep('Eve Rep');
    await repGuesser.refused({ type: 'assistant.join', number: unknownNumber() }, 'no_session');

    // Five misses: now every attempt waits, even one with a right number and token.
    const first = await guesser.refused(rightLink, 'rate_limited');
    expect(first).toMatchObject({ inReplyTo: 'customer.join', message: expect.stringMatching(/try again in 2 seconds/) });
    await repGuesser.refused({ type: 'assistant.join', number: live.session.number }, 'rate_limited');

    // Another address is not affected: it joins, and its own miss is just a miss.
    const neighbour = await server.connect('site', NEIGHBOUR);
    await neighbour.refused(guess(), 'no_session');
    expect((await neighbour.call(rightLink, 'customer.joined')).state).toBe('connected');

    // After the wait, one more miss doubles it.
    clock.advance(1000);
    expect((await guesser.refused(guess(), 'rate_limited')).message).toMatch(/try again in 1 second\b/);
    clock.advance(1000);
    await guesser.refused(guess(), 'no_session');
    expect((await guesser.refused(guess(), 'rate_limited')).message).toMatch(/try again in 4 seconds/);

    // A successful join does not forgive: interleaving a known number does not help a guesser.
    clock.advance(4000);
    const withLink = await server.connect('site');
    await withLink.call(rightLink, 'customer.joined');
    await guesser.refused(guess(), 'no_session');
    expect((await guesser.refused(guess(), 'rate_limited')).message).toMatch(/try again in 8 seconds/);

    await server.server.audit.flush();
    const misses = await server.store.audit.list({ limit: 100, type: 'session.lookup_failed' });
    const fromGuesser = misses.filter((e) => e.ip === '127.0.0.1');
    // Five, the one after the first wait, and the one right after the success: refused attempts are not look-ups.
    expect(fromGuesser).toHaveLength(7);
    for (const event of fromGuesser) {
      expect(event.detail).toEqual({ number: expect.stringMatching(/^\d{9}$/), ip: '127.0.0.1' });
      expect(event.sessionNumber).toBeNull();
    }
    expect(fromGuesser.filter((e) => e.actor === repEmail)).toHaveLength(1);
    expect(fromGuesser.filter((e) => e.actor === 'Mallory')).toHaveLength(6);
    expect(misses.filter((e) => e.ip === '127.0.0.2')).toEqual([expect.objectContaining({ actor: 'Mallory', detail: expect.objectContaining({ ip: '127.0.0.2' }) })]);
  });

  it('count guesses sent at once from many sockets one by one', async () => {
    const from = { localAddress: '127.0.0.3' };
    const sockets = await Promise.all(Array.from({ length: 10 }, () => server.connect('site', from)));
    const replies = await Promise.all(sockets.map((socket) => socket.request({ type: 'customer.join', number: unknownNumber(), name: 'Mallory' })));
    const reasons = replies.map((reply) => (reply.type === 'error' ? reply.reason : reply.type));
    expect(reasons.filter((r) => r === 'no_session')).toHaveLength(5);
    expect(reasons.filter((r) => r === 'rate_limited')).toHaveLength(5);
  });
});

