// connection.check (issue #10): the Remote Support page's check before joining
// gets the ICE servers to try. With the link's token, TURN credentials minted
// for the check; with the number only, STUN alone; an unknown number or a
// wrong token is refused with the same typed errors as a join, and nothing
// joins either way.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSession } from '../helpers/scenario.ts';
import { startTestServer, type TestServer } from '../helpers/server.ts';

const SECRET = 'connection-check-secret';
let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({
    env: { STUN_URLS: 'stun:127.0.0.1:3478', TURN_URLS: 'turn:127.0.0.1:3478?transport=udp', TURN_SECRET: SECRET },
  });
});
afterAll(() => server.stop());

describe('connection.check', () => {
  it('with the link’s token: STUN and TURN, the TURN entry with credentials of its own; nobody joins', async () => {
    const { session } = await startSession(server);
    const page = await server.connect('site');
    const reply = await page.call({ type: 'connection.check', number: session.number, token: session.joinToken }, 'connection.checked');
    expect(reply.iceServers).toEqual([
      { urls: ['stun:127.0.0.1:3478'] },
      { urls: ['turn:127.0.0.1:3478?transport=udp'], username: expect.stringMatching(/^\d+:check-/), credential: expect.any(String) },
    ]);
    expect(server.server.registry.listParticipants(session.id)).toHaveLength(1);
  });

  it('with the number only: STUN alone (TURN is not for anyone who guesses a number)', async () => {
    const { session } = await startSession(server);
    const page = await server.connect('site');
    const reply = await page.call({ type: 'connection.check', number: session.number }, 'connection.checked');
    expect(reply.iceServers).toEqual([{ urls: ['stun:127.0.0.1:3478'] }]);
  });

  it('an unknown number → no_session; a wrong token → invalid_token; the socket stays usable', async () => {
    const { session } = await startSession(server);
    const page = await server.connect('site');
    const unknown = session.number === '123456789' ? '987654321' : '123456789';
    await expect(page.call({ type: 'connection.check', number: unknown }, 'connection.checked')).rejects.toThrow(/no_session/);
    await expect(page.call({ type: 'connection.check', number: session.number, token: 'x'.repeat(22) }, 'connection.checked')).rejects.toThrow(/invalid_token/);
    await page.call({ type: 'ping' }, 'pong');
    expect(server.server.registry.listParticipants(session.id)).toHaveLength(1);
  });
});
