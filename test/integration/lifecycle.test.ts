// Socket lifecycle: dead peers are found by WebSocket pings, and a server
// stop closes every socket without ending sessions or leaving timers behind.
import { describe, expect, it } from 'vitest';
import { ManualClock } from '../helpers/manual-clock.ts';
import { startTestServer } from '../helpers/server.ts';
import { TestClient } from '../helpers/ws-client.ts';

describe('heartbeat', () => {
  it('cuts a socket that stops answering pings; the rep sees its customer leave', async () => {
    const clock = new ManualClock();
    const server = await startTestServer({ clock });
    try {
      const heartbeatMs = server.server.config.heartbeatMs;
      const { client: rep } = await server.newRep();
      const { session } = await rep.call({ type: 'session.start' }, 'session.started');
      const silent = await TestClient.connect(server.wsUrl, { origin: server.url, autoPong: false });
      const joined = await silent.call({ type: 'customer.join', number: session.number, token: session.joinToken, name: 'Gone' }, 'customer.joined');
      await rep.next('participant.update');

      clock.advance(heartbeatMs); // ping everyone
      // Two round trips: the rep's automatic pong left before its second ping, so the server has seen it.
      await rep.settle();
      await rep.settle();
      clock.advance(heartbeatMs); // no pong from `silent`: terminated

      expect((await silent.closed).code).toBe(1006);
      expect((await rep.next('participant.update')).participant).toMatchObject({ id: joined.participantId, state: 'left' });
      expect(rep.isOpen).toBe(true);
      await rep.call({ type: 'ping' }, 'pong');
    } finally {
      await server.stop();
    }
  });
});

describe('server stop', () => {
  it('closes sockets with 1001 (or the given code) and keeps no timers', async () => {
    const clock = new ManualClock();
    const server = await startTestServer({ clock });
    const { client: rep } = await server.newRep();
    await rep.call({ type: 'session.start' }, 'session.started');
    const customer = await server.connect('site');
    await server.server.stop({ code: 1012, reason: 'service restart' });
    expect(await rep.closed).toEqual({ code: 1012, reason: 'service restart' });
    expect((await customer.closed).code).toBe(1012);
    // No grace timer for the rep's session, and the heartbeat is stopped.
    expect(clock.pendingWithDelay(server.server.config.repGraceMs)).toBe(0);
    expect(clock.pendingWithDelay(server.server.config.heartbeatMs)).toBe(0);
    await server.stop();
  });

  it('defaults to 1001 going away', async () => {
    const server = await startTestServer();
    const client = await server.connect('site');
    await server.stop();
    expect((await client.closed).code).toBe(1001);
  });
});
