// The signaling server restarts mid-session (issue #10): stopped, or killed
// without a goodbye, and started again on the same DATA_DIR and port. Each
// live session's snapshot was written to SQLite as it started, so the new
// process knows it again under the same number: the rep's extension re-asserts
// it (session.resume, as after any reconnect) and stays its controller, the
// customer joins again with the link's token, and nobody appears twice. A rep
// who never comes back loses the session after REP_GRACE_MS, as when their
// socket drops. Figures: the time from the new process listening to everyone
// back, printed.
import { afterEach, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../helpers/server.ts';
import { freePort } from '../helpers/ports.ts';


const servers: TestServer[] = [];
afterEach(async () => {
  for (const server of servers.splice(0)) await server.stop();
});

async function start(env: Record<string, string>, dataDir?: string): Promise<TestServer> {
  const server = await startTestServer({ keepDataDir: true, ...(dataDir && { dataDir }), env });
  servers.push(server);
  return server;
}

describe('a restart of the signaling server', () => {
  it('an old participant id is taken back only with the token, into a restored session, and never from someone live', async () => {
    const env = { PORT: String(await freePort()) };
    const first = await start(env);
    const { client: rep } = await first.newRep('Alex Rep');
    const { session } = await rep.call({ type: 'session.start' }, 'session.started');
    const other = await first.newRep('Other Rep');
    const { session: otherSession } = await other.client.call({ type: 'session.start' }, 'session.started');
    const casey = await first.connect('site');
    const { participantId } = await casey.call({ type: 'customer.join', number: session.number, token: session.joinToken, name: 'Casey' }, 'customer.joined');
    // Not restored: an id asked for is ignored, even a free one.
    const dana = await first.connect('site');
    const fresh = await dana.call({ type: 'customer.join', number: otherSession.number, token: otherSession.joinToken, name: 'Dana', participantId: 'p_abcdefghijklmnop' }, 'customer.joined');
    expect(fresh.participantId).not.toBe('p_abcdefghijklmnop');
    await first.stop();
    servers.splice(servers.indexOf(first), 1);

    const second = await start(env, first.dataDir);
    // Without the link's token: a new id.
    const noToken = await second.connect('site');
    const anonymous = await noToken.call({ type: 'customer.join', number: session.number, name: 'Casey', participantId }, 'customer.joined');
    expect(anonymous.participantId).not.toBe(participantId);
    // With it: the old id; a second socket asking for the same id while it is live gets a new one.
    const back = await second.connect('site');
    expect((await back.call({ type: 'customer.join', number: session.number, token: session.joinToken, name: 'Casey', participantId }, 'customer.joined')).participantId).toBe(participantId);
    const thief = await second.connect('site');
    const stolen = await thief.call({ type: 'customer.join', number: otherSession.number, token: otherSession.joinToken, name: 'Mallory', participantId }, 'customer.joined');
    expect(stolen.participantId).not.toBe(participantId);
  });

  it('brings the session back under the same number: the rep re-asserts it, the customer rejoins, nobody twice, well within 5 s', async () => {
    const env = { PORT: String(await freePort()) };
    const first = await start(env);
    const { user, email, password, client: rep } = await first.newRep('Alex Rep');
    const accessToken = await first.signIn(email, password);
    const { session } = await rep.call({ type: 'session.start' }, 'session.started');
    const customer = await first.connect('site');
    const joined = await customer.call({ type: 'customer.join', number: session.number, token: session.joinToken, name: 'Casey' }, 'customer.joined');
    await first.stop();
    servers.splice(servers.indexOf(first), 1);

    const restartedAt = performance.now();
    const second = await start(env, first.dataDir);
    expect(second.url).toBe(first.url);
    // The rep's extension: rep.hello with the token it holds, then session.resume for the session it holds.
    const repBack = await second.connect('extension');
    await repBack.call({ type: 'rep.hello', accessToken }, 'rep.welcome');
    const resumed = await repBack.call({ type: 'session.resume', sessionId: session.id }, 'session.resumed');
    expect(resumed.restored).toBe(true);
    // The customer's page: customer.join again with the link's token and the id it had, which it keeps
    // (so the rep's peer connection to it goes on).
    const customerBack = await second.connect('site');
    const rejoined = await customerBack.call(
      { type: 'customer.join', number: session.number, token: session.joinToken, name: 'Casey', participantId: joined.participantId },
      'customer.joined',
    );
    expect(rejoined.participantId).toBe(joined.participantId);
    expect((await repBack.next('participant.update')).participant).toMatchObject({ id: joined.participantId, state: 'connected' });
    const backMs = performance.now() - restartedAt;
    console.log(`server restart: everyone back in session ${session.number} ${Math.round(backMs)} ms after the new process started`);

    expect(resumed.session).toMatchObject({ id: session.id, number: session.number, joinToken: session.joinToken });
    const participants = second.server.registry.listParticipants(session.id).filter((p) => p.state !== 'left');
    expect(participants.map((p) => [p.name, p.role])).toEqual([
      [user.name, 'controller'],
      ['Casey', 'customer'],
    ]);
    expect(backMs).toBeLessThan(5000);
  });

  it('a session whose rep does not come back ends after the grace period, and is not restored again', async () => {
    const env = { PORT: String(await freePort()), REP_GRACE_MS: '300' };
    const first = await start(env);
    const { client: rep } = await first.newRep('Alex Rep');
    const { session } = await rep.call({ type: 'session.start' }, 'session.started');
    await first.stop();
    servers.splice(servers.indexOf(first), 1);

    const second = await start(env, first.dataDir);
    expect(second.server.registry.byId(session.id)).toBeDefined();
    const customer = await second.connect('site');
    await customer.call({ type: 'customer.join', number: session.number, token: session.joinToken, name: 'Casey' }, 'customer.joined');
    expect(await customer.next('session.ended', 5000)).toMatchObject({ sessionId: session.id, reason: 'rep_gone' });
    expect(second.server.registry.byId(session.id)).toBeUndefined();
    await second.stop();
    servers.splice(servers.indexOf(second), 1);

    const third = await start(env, first.dataDir);
    expect(third.server.registry.byId(session.id)).toBeUndefined();
  });

  it('an ended session stays ended across a restart', async () => {
    const env = { PORT: String(await freePort()) };
    const first = await start(env);
    const { client: rep } = await first.newRep('Alex Rep');
    const { session } = await rep.call({ type: 'session.start' }, 'session.started');
    await rep.call({ type: 'session.end', sessionId: session.id }, 'session.ended');
    await first.stop();
    servers.splice(servers.indexOf(first), 1);
    const second = await start(env, first.dataDir);
    expect(second.server.registry.byId(session.id)).toBeUndefined();
    const customer = await second.connect('site');
    await expect(customer.call({ type: 'customer.join', number: session.number, token: session.joinToken, name: 'Casey' }, 'customer.joined')).rejects.toThrow(/no_session/);
  });
});
