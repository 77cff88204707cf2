// Site settings the server enforces (S1, S11): the customer limit per rep,
// number-only joins without admission, ICE servers handed to clients, and the
// session mode a rep works in. Settings are changed through the store, as the
// admin page and CLI do, and apply from the next message on.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS } from '../../src/shared/protocol/settings.ts';
import { joinCustomer, startSession } from '../helpers/scenario.ts';
import { startTestServer, type TestServer } from '../helpers/server.ts';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({ env: { STUN_URLS: 'stun:env.example.com:3478' } });
});
afterAll(() => server.stop());
afterEach(() => server.store.settings.update(DEFAULT_SETTINGS).then(() => undefined));

describe('maxCustomers', () => {
  it('refuses the customer who would exceed the limit with session_full; the rep is told; nothing changes', async () => {
    await server.store.settings.update({ maxCustomers: 1 });
    const { rep, session } = await startSession(server);
    const first = await joinCustomer(server, session, { withToken: true, name: 'First' });
    await rep.next('participant.update');

    const second = await server.connect('site');
    const refusal = await second.refused({ type: 'customer.join', number: session.number, token: session.joinToken, name: 'Second' }, 'session_full');
    expect(refusal).toMatchObject({ inReplyTo: 'customer.join', message: expect.stringMatching(/as many customers/) });
    expect(await rep.next('session.notice')).toEqual({
      type: 'session.notice',
      sessionId: session.id,
      notice: { kind: 'customer_refused', name: 'Second', reason: 'session_full' },
    });
    expect(server.server.registry.listParticipants(session.id).map((p) => p.name)).toEqual(['Alex Rep', 'First']);
    expect(await rep.settle()).toEqual([]);

    await server.server.audit.flush();
    const [refused] = await server.store.audit.list({ limit: 1, type: 'session.refuse' });
    expect(refused).toMatchObject({ actor: 'Second', actorId: null, sessionNumber: session.number, ip: '127.0.0.1', detail: { reason: 'session_full', limit: 1 } });

    // The first customer leaves: the place is free, and the refused socket may try again.
    await first.client.call({ type: 'customer.leave' }, 'ok');
    await rep.next('participant.update');
    const joined = await second.call({ type: 'customer.join', number: session.number, token: session.joinToken, name: 'Second' }, 'customer.joined');
    expect(joined.state).toBe('connected');
  });

  it('counts waiting and connected customers over all the rep’s sessions, and only that rep’s', async () => {
    const { client: rep } = await server.newRep();
    const a = await rep.call({ type: 'session.start', kind: 'multi' }, 'session.started');
    const b = await rep.call({ type: 'session.start', kind: 'multi' }, 'session.started');
    const c = await rep.call({ type: 'session.start', kind: 'multi' }, 'session.started');
    await joinCustomer(server, a.session, { withToken: true });
    await joinCustomer(server, b.session, { withToken: false });
    // Lowered while the rep has three session tabs open: the third tab's customer is one too many.
    await server.store.settings.update({ maxCustomers: 2 });
    const third = await server.connect('site');
    await third.refused({ type: 'customer.join', number: c.session.number, name: 'Third' }, 'session_full');
    expect(await rep.next('session.notice')).toMatchObject({ sessionId: c.session.id, notice: { name: 'Third', reason: 'session_full' } });

    // Another rep's customers are their own.
    const other = await startSession(server, 'Other Rep');
    await joinCustomer(server, other.session, { withToken: true });
    await joinCustomer(server, other.session, { withToken: true });
  });

  it('applies a raised limit at the next join, without a restart', async () => {
    await server.store.settings.update({ maxCustomers: 1 });
    const { session } = await startSession(server);
    await joinCustomer(server, session, { withToken: true });
    const waiting = await server.connect('site');
    await waiting.refused({ type: 'customer.join', number: session.number, token: session.joinToken, name: 'Later' }, 'session_full');
    await server.store.settings.update({ maxCustomers: 2 });
    await waiting.call({ type: 'customer.join', number: session.number, token: session.joinToken, name: 'Later' }, 'customer.joined');
  });
});

describe('admitNumberOnlyJoins', () => {
  it('false: a customer with the number alone is connected at once, no lobby', async () => {
    await server.store.settings.update({ admitNumberOnlyJoins: false });
    const { rep, session } = await startSession(server);
    const { joined } = await joinCustomer(server, session, { withToken: false });
    expect(joined.state).toBe('connected');
    expect((await rep.next('participant.update')).participant).toMatchObject({ id: joined.participantId, state: 'connected' });
    await server.server.audit.flush();
    const [join] = await server.store.audit.list({ limit: 1, type: 'session.join' });
    expect(join?.detail).toEqual({ state: 'connected', via: 'number' });
  });

  it('true (the default): the same join waits in the lobby', async () => {
    const { session } = await startSession(server);
    expect((await joinCustomer(server, session, { withToken: false })).joined.state).toBe('lobby');
  });
});

describe('ICE servers', () => {
  it('hands out the environment’s servers, then the settings’, in rep.welcome and customer.joined', async () => {
    const turn = { urls: ['turn:turn.example.com:3478'], username: 'user', credential: 'pass' };
    await server.store.settings.update({ iceServers: [turn] });
    const { client: rep, email, password } = await server.newRep();
    const accessToken = await server.signIn(email, password);
    const again = await server.connect('extension');
    const welcome = await again.call({ type: 'rep.hello', accessToken }, 'rep.welcome');
    expect(welcome.iceServers).toEqual([{ urls: ['stun:env.example.com:3478'] }, turn]);

    const { session } = await rep.call({ type: 'session.start' }, 'session.started');
    const { joined } = await joinCustomer(server, session, { withToken: true });
    expect(joined.iceServers).toEqual([{ urls: ['stun:env.example.com:3478'] }, turn]);
  });
});

describe('session mode', () => {
  it('rep.welcome carries the user’s own mode, else the site’s', async () => {
    const welcomeOf = async (email: string, password: string) => {
      const socket = await server.connect('extension');
      return socket.call({ type: 'rep.hello', accessToken: await server.signIn(email, password) }, 'rep.welcome');
    };
    const user = await server.createUser('mode@example.test', 'mode password 1');
    expect((await welcomeOf('mode@example.test', 'mode password 1')).sessionMode).toBe('both');
    await server.store.settings.update({ sessionMode: 'single' });
    expect((await welcomeOf('mode@example.test', 'mode password 1')).sessionMode).toBe('single');
    await server.store.users.update(user.id, { sessionMode: 'multi' });
    expect((await welcomeOf('mode@example.test', 'mode password 1')).sessionMode).toBe('multi');
  });
});
