// An admin disables a rep who is in a session: the rep's live socket is told
// ('disabled') and closed with 4403 at once, the session ends for its
// customers, and none of the rep's tokens work any more.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, login, signedInUser } from '../helpers/api.ts';
import { joinCustomer } from '../helpers/scenario.ts';
import { startTestServer, type TestServer } from '../helpers/server.ts';

let server: TestServer;
let admin: Awaited<ReturnType<typeof signedInUser>>;
beforeAll(async () => {
  server = await startTestServer();
  admin = await signedInUser(server, ['admin']);
});
afterAll(() => server.stop());

const patchUser = (id: string, body: unknown) => api(server, 'PATCH', `/api/admin/users/${id}`, { token: admin.tokens.accessToken, body });

describe('disabling a user', () => {
  it('closes their live sockets at once, ends their sessions, and stops their tokens', async () => {
    const rep = await signedInUser(server, ['rep'], 'Dana Rep');
    const socket = await server.connect('extension');
    await socket.call({ type: 'rep.hello', accessToken: rep.tokens.accessToken }, 'rep.welcome');
    const second = await server.connect('extension');
    await second.call({ type: 'rep.hello', accessToken: rep.tokens.accessToken }, 'rep.welcome');
    const { session } = await socket.call({ type: 'session.start' }, 'session.started');
    const customer = await joinCustomer(server, session, { withToken: true });
    await socket.next('participant.update');

    const reply = await patchUser(rep.user.id, { disabled: true });
    expect(reply).toMatchObject({ status: 200, body: { user: { id: rep.user.id, disabled: true } } });

    for (const client of [socket, second]) {
      expect(await client.next('error')).toMatchObject({ reason: 'disabled', message: 'an administrator disabled this account' });
      expect(await client.closed).toEqual({ code: 4403, reason: 'disabled' });
    }
    expect(await customer.client.next('session.ended')).toEqual({ type: 'session.ended', sessionId: session.id, reason: 'rep_gone' });
    expect(server.server.registry.byId(session.id)).toBeUndefined();

    // Neither token works any more, and signing in again is refused.
    const hello = await server.connect('extension');
    await hello.refused({ type: 'rep.hello', accessToken: rep.tokens.accessToken }, 'unauthenticated');
    expect((await api(server, 'POST', '/api/auth/refresh', { body: { refreshToken: rep.tokens.refreshToken } })).status).toBe(401);
    const again = await api(server, 'POST', '/api/auth/login', { body: { email: rep.email, password: rep.password } });
    expect(again).toMatchObject({ status: 403, body: { error: { reason: 'disabled' } } });

    await server.server.audit.flush();
    const [ended] = await server.store.audit.list({ limit: 1, type: 'session.end' });
    expect(ended).toMatchObject({ sessionNumber: session.number, actor: rep.email, detail: { reason: 'rep_gone' } });

    // Enabled again: they sign in as before.
    expect((await patchUser(rep.user.id, { disabled: false })).status).toBe(200);
    const tokens = await login(server, rep.email, rep.password);
    const back = await server.connect('extension');
    await back.call({ type: 'rep.hello', accessToken: tokens.accessToken }, 'rep.welcome');
  });

  it('leaves other reps’ sockets and sessions alone', async () => {
    const target = await signedInUser(server, ['rep']);
    const { client: bystander } = await server.newRep('Bystander');
    const { session } = await bystander.call({ type: 'session.start' }, 'session.started');
    await patchUser(target.user.id, { disabled: true });
    expect(bystander.isOpen).toBe(true);
    await bystander.call({ type: 'ping' }, 'pong');
    expect(server.server.registry.byId(session.id)).toBeDefined();
  });

  it('taking away the rep and agent roles closes their support sockets with forbidden', async () => {
    const both = await signedInUser(server, ['rep', 'admin'], 'Both Roles');
    const socket = await server.connect('extension');
    await socket.call({ type: 'rep.hello', accessToken: both.tokens.accessToken }, 'rep.welcome');
    expect((await patchUser(both.user.id, { roles: ['admin'] })).status).toBe(200);
    expect(await socket.next('error')).toMatchObject({ reason: 'forbidden' });
    expect((await socket.closed).code).toBe(4403);
    // Still an admin: the admin API keeps working with the same token.
    expect((await api(server, 'GET', '/api/admin/settings', { token: both.tokens.accessToken })).status).toBe(200);
  });
});
