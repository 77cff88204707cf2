// Single- and multi-session modes (issue #6, S1, S11, S15): which kinds of
// session a rep may start follows their effective mode; a 'single' session
// is the rep's only one; 'multi' sessions are session tabs, one customer each,
// at most maxCustomers of them, each with its own number.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS, type SessionKind, type SessionMode } from '../../src/shared/protocol/settings.ts';
import { joinAssistant, joinCustomer } from '../helpers/scenario.ts';
import { startTestServer, type TestServer } from '../helpers/server.ts';
import type { TestClient } from '../helpers/ws-client.ts';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server.stop());
afterEach(() => server.store.settings.update(DEFAULT_SETTINGS).then(() => undefined));

/** A signed-in rep whose own mode is `mode` (null: the site's). */
async function repWithMode(mode: SessionMode | null): Promise<{ rep: TestClient; userId: string }> {
  const { client, user } = await server.newRep();
  await server.store.users.update(user.id, { sessionMode: mode });
  return { rep: client, userId: user.id };
}

const start = (rep: TestClient, kind?: SessionKind) => rep.call({ type: 'session.start', ...(kind && { kind }) }, 'session.started');

describe('which kinds a mode allows', () => {
  it.each([
    ['single', undefined, 'single'],
    ['single', 'single', 'single'],
    ['multi', undefined, 'multi'],
    ['multi', 'multi', 'multi'],
    ['both', undefined, 'single'],
    ['both', 'single', 'single'],
    ['both', 'multi', 'multi'],
  ] as const)('mode %s, asked %s → a %s session, its kind in session.started and the registry', async (mode, asked, kind) => {
    const { rep } = await repWithMode(mode);
    const { session } = await start(rep, asked);
    expect(session.kind).toBe(kind);
    expect(server.server.registry.byId(session.id)?.kind).toBe(kind);
  });

  it.each([
    ['single', 'multi'],
    ['multi', 'single'],
  ] as const)('mode %s refuses a %s session with mode_not_allowed, and starts nothing', async (mode, kind) => {
    const { rep, userId } = await repWithMode(mode);
    const refusal = await rep.refused({ type: 'session.start', kind }, 'mode_not_allowed');
    expect(refusal.inReplyTo).toBe('session.start');
    expect(server.server.registry.sessionsOf(userId)).toEqual([]);
  });

  it('follows the site’s mode for a rep without their own, and a change applies at the next session.start', async () => {
    const { rep, userId } = await repWithMode(null);
    await server.store.settings.update({ sessionMode: 'multi' });
    expect((await start(rep)).session.kind).toBe('multi');
    await server.store.settings.update({ sessionMode: 'single' });
    await rep.refused({ type: 'session.start', kind: 'multi' }, 'mode_not_allowed');
    // An administrator gives this rep their own mode: it wins over the site's, without signing in again.
    await server.store.users.update(userId, { sessionMode: 'both' });
    expect((await start(rep, 'multi')).session.kind).toBe('multi');
  });

  it('session.start is audited with its kind', async () => {
    const { rep } = await repWithMode('both');
    const { session } = await start(rep, 'multi');
    await server.server.audit.flush();
    const events = (await server.store.audit.list({ limit: 50, type: 'session.start' })).filter((e) => e.sessionNumber === session.number);
    expect(events.map((e) => e.detail)).toEqual([{ kind: 'multi' }]);
  });
});

describe('a single session is the rep’s only one', () => {
  it('refuses any other session while it lives (already_in_session); ending it frees the rep', async () => {
    const { rep, userId } = await repWithMode('both');
    const { session } = await start(rep, 'single');
    await rep.refused({ type: 'session.start', kind: 'single' }, 'already_in_session');
    await rep.refused({ type: 'session.start', kind: 'multi' }, 'already_in_session');
    await rep.refused({ type: 'session.start' }, 'already_in_session');
    expect(server.server.registry.sessionsOf(userId).map((s) => s.id)).toEqual([session.id]);

    await rep.call({ type: 'session.end', sessionId: session.id }, 'session.ended');
    expect((await start(rep, 'multi')).session.kind).toBe('multi');
  });

  it('also from the rep’s other socket (a second browser)', async () => {
    const { client: rep, email, password } = await server.newRep();
    await start(rep);
    const second = await server.connectRep(email, password);
    await second.refused({ type: 'session.start' }, 'already_in_session');
  });

  it('refuses a single session while the rep has session tabs open', async () => {
    const { rep, userId } = await repWithMode('both');
    await start(rep, 'multi');
    await rep.refused({ type: 'session.start', kind: 'single' }, 'already_in_session');
    await rep.refused({ type: 'session.start' }, 'already_in_session');
    expect(server.server.registry.sessionsOf(userId)).toHaveLength(1);
  });
});

describe('multi sessions (session tabs)', () => {
  it('several per rep, each with its own number, link and customer; nothing crosses between them', async () => {
    const { rep } = await repWithMode('multi');
    const a = (await start(rep)).session;
    const b = (await start(rep)).session;
    expect(a.number).not.toBe(b.number);
    expect(a.joinToken).not.toBe(b.joinToken);
    const casey = await joinCustomer(server, a, { withToken: true, name: 'Casey' });
    const dana = await joinCustomer(server, b, { withToken: true, name: 'Dana' });
    expect(casey.joined.sessionId).toBe(a.id);
    expect(dana.joined.sessionId).toBe(b.id);

    // Each customer is the one their tab supports, from the moment they join.
    expect(casey.joined).toMatchObject({ selected: true, stage: null });
    const selections = [await rep.next('support.selected'), await rep.next('support.selected')];
    expect(selections).toEqual([
      { type: 'support.selected', sessionId: a.id, participantId: casey.joined.participantId, sharesStopped: false },
      { type: 'support.selected', sessionId: b.id, participantId: dana.joined.participantId, sharesStopped: false },
    ]);

    // Each customer also heard of their own selection.
    for (const customer of [casey, dana]) {
      expect(await customer.client.drain()).toEqual([
        { type: 'support.selected', sessionId: customer.joined.sessionId, participantId: customer.joined.participantId, sharesStopped: false },
      ]);
    }

    // Sharing in tab A reaches Casey only.
    await rep.call({ type: 'share.update', sessionId: a.id, sharing: true }, 'ok');
    expect(await casey.client.next('share.state')).toMatchObject({ sessionId: a.id, sharing: true });
    expect(await dana.client.settle()).toEqual([]);
    expect(server.server.registry.byId(b.id)?.stage).toBeNull();

    // Dana's screen can be asked for at once: no support.select needed in a tab.
    await rep.call({ type: 'screen.request', sessionId: b.id, participantId: dana.joined.participantId }, 'ok');
    await dana.client.next('screen.requested');
    await dana.client.call({ type: 'customer.share', sharing: true }, 'ok');
    expect(await rep.next('share.state')).toMatchObject({ sessionId: b.id, stage: { participantId: dana.joined.participantId, role: 'customer' } });
    expect(await casey.client.settle()).toEqual([]);
    expect(server.server.registry.byId(a.id)?.stage?.role).toBe('controller');

    // Ending one tab leaves the other as it was.
    await rep.call({ type: 'session.end', sessionId: a.id }, 'session.ended');
    expect(server.server.registry.byId(b.id)).toMatchObject({ selectedId: dana.joined.participantId, sharing: true });
  });

  it('holds one customer: a second is refused with session_full, the rep is told, the audit says why', async () => {
    const { rep } = await repWithMode('multi');
    const { session } = await start(rep);
    // A customer waiting in the lobby takes the place too.
    const first = await joinCustomer(server, session, { withToken: false, name: 'First' });
    expect(first.joined).toMatchObject({ state: 'lobby', selected: true });
    const second = await server.connect('site');
    const refusal = await second.refused({ type: 'customer.join', number: session.number, token: session.joinToken, name: 'Second' }, 'session_full');
    expect(refusal.message).toMatch(/already helping someone/);
    expect(await rep.next('session.notice')).toEqual({
      type: 'session.notice',
      sessionId: session.id,
      notice: { kind: 'customer_refused', name: 'Second', reason: 'session_full' },
    });
    expect(server.server.registry.listParticipants(session.id).map((p) => p.name)).toEqual(['Alex Rep', 'First']);
    await server.server.audit.flush();
    const refused = (await server.store.audit.list({ limit: 50, type: 'session.refuse' })).filter((e) => e.sessionNumber === session.number);
    expect(refused).toEqual([expect.objectContaining({ actor: 'Second', detail: { reason: 'session_full', limit: 1, kind: 'multi' } })]);

    // Assistants are not customers: a colleague may still join the tab.
    await joinAssistant(server, session);

    // Not let in yet, so not asked for a screen yet; once admitted, yes.
    await rep.refused({ type: 'screen.request', sessionId: session.id, participantId: first.joined.participantId }, 'unknown_participant');
    await rep.call({ type: 'participant.admit', sessionId: session.id, participantId: first.joined.participantId }, 'ok');
    expect(await first.client.next('support.selected')).toMatchObject({ participantId: first.joined.participantId });
    await rep.call({ type: 'screen.request', sessionId: session.id, participantId: first.joined.participantId }, 'ok');

    // The customer leaves: the tab is free for the next one, who is selected in turn.
    await first.client.call({ type: 'customer.leave' }, 'ok');
    expect(await rep.next('support.selected')).toMatchObject({ sessionId: session.id, participantId: first.joined.participantId });
    expect(await rep.next('support.selected')).toMatchObject({ sessionId: session.id, participantId: null, sharesStopped: false });
    const next = await second.call({ type: 'customer.join', number: session.number, token: session.joinToken, name: 'Second' }, 'customer.joined');
    expect(next).toMatchObject({ state: 'connected', selected: true });
    expect(server.server.registry.byId(session.id)?.selectedId).toBe(next.participantId);
  });

  it('a share the rep started in an empty tab goes on when the customer arrives', async () => {
    const { rep } = await repWithMode('multi');
    const { session } = await start(rep);
    await rep.call({ type: 'share.update', sessionId: session.id, sharing: true }, 'ok');
    const casey = await joinCustomer(server, session, { withToken: true, name: 'Casey' });
    expect(casey.joined).toMatchObject({ selected: true, sharing: true, stage: { role: 'controller', name: 'Alex Rep' } });
    expect(await rep.next('support.selected')).toMatchObject({ participantId: casey.joined.participantId, sharesStopped: false });
    expect(server.server.registry.byId(session.id)?.stage?.role).toBe('controller');
  });

  it('at most maxCustomers tabs at once (session_full); ending one frees a place', async () => {
    await server.store.settings.update({ maxCustomers: 2 });
    const { rep, userId } = await repWithMode('multi');
    const first = (await start(rep)).session;
    await start(rep);
    const refusal = await rep.refused({ type: 'session.start' }, 'session_full');
    expect(refusal.message).toMatch(/2 sessions/);
    expect(server.server.registry.sessionsOf(userId)).toHaveLength(2);
    await rep.call({ type: 'session.end', sessionId: first.id }, 'session.ended');
    await start(rep);
    expect(server.server.registry.sessionsOf(userId)).toHaveLength(2);
  });

  it('a rep’s tabs do not limit another rep', async () => {
    await server.store.settings.update({ maxCustomers: 1 });
    const one = await repWithMode('multi');
    const two = await repWithMode('multi');
    await start(one.rep);
    await start(two.rep);
    await one.rep.refused({ type: 'session.start' }, 'session_full');
  });
});
