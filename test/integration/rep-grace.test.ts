// A rep's socket drops (MV3 service-worker restart, network change): the
// session waits REP_GRACE_MS for session.resume, then ends with 'rep_gone'.
import { describe, expect, it } from 'vitest';
import { ManualClock } from '../helpers/manual-clock.ts';
import { joinCustomer } from '../helpers/scenario.ts';
import { startTestServer } from '../helpers/server.ts';

const GRACE_MS = 10_000;

describe('rep grace period', () => {
  it('resume within the grace period keeps the session and cancels the timer', async () => {
    const clock = new ManualClock();
    // Heartbeat off: advancing the clock past it would fire pings no one has had time to answer.
    const server = await startTestServer({ clock, env: { REP_GRACE_MS: String(GRACE_MS) }, config: { heartbeatMs: 0 } });
    try {
      const { client: rep, email, password } = await server.newRep();
      const { session } = await rep.call({ type: 'session.start' }, 'session.started');
      await rep.call({ type: 'share.update', sessionId: session.id, sharing: true }, 'ok');
      const { client: customer, joined } = await joinCustomer(server, session, { withToken: true });
      const waiting = await joinCustomer(server, session, { withToken: false, name: 'Wendy' });

      await rep.close();
      await clock.whenScheduled(GRACE_MS);
      // While the rep is away the customer cannot reach them, but stays in the session.
      await customer.refused({ type: 'signal', to: server.server.registry.byId(session.id)?.controllerParticipantId ?? '', payload: { kind: 'candidate', candidate: null } }, 'unknown_participant');

      const back = await server.connectRep(email, password);
      const resumed = await back.call({ type: 'session.resume', sessionId: session.id }, 'session.resumed');
      expect(resumed.session).toEqual(session);
      expect(resumed.sharing).toBe(true);
      expect(resumed.participants.map((p) => [p.role, p.state, p.name])).toEqual([
        ['controller', 'connected', 'Alex Rep'],
        ['customer', 'connected', 'Casey Customer'],
        ['customer', 'lobby', 'Wendy'],
      ]);
      expect(clock.pendingWithDelay(GRACE_MS)).toBe(0);

      clock.advance(GRACE_MS * 2);
      expect(server.server.registry.byId(session.id)).toBeDefined();
      expect(await customer.settle()).toEqual([]);

      // The new socket is the session's rep socket now: signals and admissions work.
      customer.send({ type: 'signal', to: resumed.participants[0]?.id ?? '', payload: { kind: 'candidate', candidate: null } });
      expect((await back.next('signal')).from).toBe(joined.participantId);
      await back.call({ type: 'participant.admit', sessionId: session.id, participantId: waiting.joined.participantId }, 'ok');
      await waiting.client.next('customer.admitted');
    } finally {
      await server.stop();
    }
  });

  it('without resume the session ends with rep_gone; customer sockets stay open', async () => {
    const server = await startTestServer({ env: { REP_GRACE_MS: '200' } });
    try {
      const { client: rep } = await server.newRep();
      const { session } = await rep.call({ type: 'session.start' }, 'session.started');
      const { client: customer } = await joinCustomer(server, session, { withToken: true });

      await rep.close();
      expect(await customer.next('session.ended', 5000)).toEqual({ type: 'session.ended', sessionId: session.id, reason: 'rep_gone' });
      expect(customer.isOpen).toBe(true);
      expect(server.server.registry.byId(session.id)).toBeUndefined();
      await customer.refused({ type: 'customer.leave' }, 'not_in_session');
      const late = await server.connect('site');
      await late.refused({ type: 'customer.join', number: session.number, token: session.joinToken, name: 'Late' }, 'no_session');
    } finally {
      await server.stop();
    }
  });

  it('refuses a resume by another user (forbidden) and of an unknown session (no_session)', async () => {
    const clock = new ManualClock();
    const server = await startTestServer({ clock, env: { REP_GRACE_MS: String(GRACE_MS) } });
    try {
      const { client: rep } = await server.newRep();
      const { session } = await rep.call({ type: 'session.start' }, 'session.started');
      await rep.close();
      await clock.whenScheduled(GRACE_MS);

      const { client: other } = await server.newRep('Other Rep');
      await other.refused({ type: 'session.resume', sessionId: session.id }, 'forbidden');
      await other.refused({ type: 'session.resume', sessionId: 's_neverexisted0' }, 'no_session');
      // The refused resume did not stop the countdown.
      expect(clock.pendingWithDelay(GRACE_MS)).toBe(1);
      clock.advance(GRACE_MS);
      expect(server.server.registry.byId(session.id)).toBeUndefined();
    } finally {
      await server.stop();
    }
  });
});
