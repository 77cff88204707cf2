// Several customers in one session (issue #6, S11–S14): one stage everyone
// sees, the rep selecting whom to support, a customer sharing their screen
// when asked, and switching customers ending every share. A real server and
// real sockets: the rep, an assistant and two customers each on their own.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS } from '../../src/shared/protocol/settings.ts';
import type { ServerMessage, Stage } from '../../src/shared/protocol/wire.ts';
import { controllerStage, joinAssistant, joinCustomer, type JoinedCustomer, type StartedSession } from '../helpers/scenario.ts';
import { startTestServer, type TestServer } from '../helpers/server.ts';
import type { TestClient } from '../helpers/ws-client.ts';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server.stop());
afterEach(() => server.store.settings.update(DEFAULT_SETTINGS).then(() => undefined));

interface Crowd {
  rep: TestClient;
  /** The rep's sign-in, to reconnect as their extension would. */
  repLogin: { email: string; password: string };
  session: StartedSession['session'];
  sessionId: string;
  number: string;
  helper: TestClient;
  casey: JoinedCustomer;
  dana: JoinedCustomer;
  /** The rep's own stage. */
  repStage: Stage;
  /** Everyone but the rep's socket. */
  others: TestClient[];
}

/** A rep, an assistant and two connected customers (Casey, Dana) in one session, every join notice consumed. */
async function crowd(): Promise<Crowd> {
  const { client: rep, email, password } = await server.newRep('Alex Rep');
  const { session } = await rep.call({ type: 'session.start' }, 'session.started');
  const helper = await joinAssistant(server, session, 'Bo Helper');
  const casey = await joinCustomer(server, session, { withToken: true, name: 'Casey' });
  const dana = await joinCustomer(server, session, { withToken: true, name: 'Dana' });
  for (let i = 0; i < 3; i++) await rep.next('participant.update');
  for (let i = 0; i < 2; i++) await helper.client.next('participant.update');
  return {
    rep,
    repLogin: { email, password },
    session,
    sessionId: session.id,
    number: session.number,
    helper: helper.client,
    casey,
    dana,
    repStage: controllerStage(server, session.id),
    others: [helper.client, casey.client, dana.client],
  };
}

const customerStage = (customer: JoinedCustomer, name: string): Stage => ({ participantId: customer.joined.participantId, role: 'customer', name });
const ofType = (type: ServerMessage['type']) => (messages: readonly ServerMessage[]) => messages.filter((m) => m.type === type);

/** Select `customer` (as the rep) and consume everyone's support.selected. */
async function select(c: Crowd, customer: JoinedCustomer | null): Promise<void> {
  const participantId = customer?.joined.participantId ?? null;
  await c.rep.call({ type: 'support.select', sessionId: c.sessionId, participantId }, 'ok');
  for (const socket of [c.rep, ...c.others]) expect((await socket.next('support.selected')).participantId).toBe(participantId);
}

/** Casey is selected, asked, and shares: everyone, Casey too, has seen her on the stage. */
async function caseyShares(c: Crowd): Promise<void> {
  await select(c, c.casey);
  await c.rep.call({ type: 'screen.request', sessionId: c.sessionId, participantId: c.casey.joined.participantId }, 'ok');
  await c.casey.client.next('screen.requested');
  await c.casey.client.call({ type: 'customer.share', sharing: true }, 'ok');
  for (const socket of [c.rep, c.helper, c.dana.client, c.casey.client]) {
    expect((await socket.next('share.state')).stage).toEqual(customerStage(c.casey, 'Casey'));
  }
}

describe('the rep’s share (S13)', () => {
  it('both customers and the assistant get share.state with the rep on the stage; the rep’s own socket gets ok', async () => {
    const c = await crowd();
    await c.rep.call({ type: 'share.update', sessionId: c.sessionId, sharing: true }, 'ok');
    for (const socket of c.others) {
      expect(await socket.next('share.state')).toEqual({ type: 'share.state', sessionId: c.sessionId, sharing: true, stage: c.repStage });
    }
    expect(ofType('share.state')(await c.rep.settle())).toEqual([]);
    expect(server.server.registry.byId(c.sessionId)).toMatchObject({ sharing: true, stage: c.repStage });

    await c.rep.call({ type: 'share.update', sessionId: c.sessionId, sharing: false }, 'ok');
    for (const socket of c.others) {
      expect(await socket.next('share.state')).toEqual({ type: 'share.state', sessionId: c.sessionId, sharing: false, stage: null });
    }
  });

  it('a customer who joins during the share learns the stage in customer.joined', async () => {
    const c = await crowd();
    await c.rep.call({ type: 'share.update', sessionId: c.sessionId, sharing: true }, 'ok');
    const late = await joinCustomer(server, c.session, { withToken: true, name: 'Erin' });
    expect(late.joined).toMatchObject({ sharing: true, stage: c.repStage, selected: false });
  });
});

describe('support.select (S12, S14)', () => {
  it('tells everyone whom the rep supports, the rep’s socket too; with nothing shared, nothing stops', async () => {
    const c = await crowd();
    await c.rep.call({ type: 'support.select', sessionId: c.sessionId, participantId: c.casey.joined.participantId }, 'ok');
    const selected = { type: 'support.selected', sessionId: c.sessionId, participantId: c.casey.joined.participantId, sharesStopped: false };
    for (const socket of [c.rep, ...c.others]) expect(await socket.next('support.selected')).toEqual(selected);
    for (const socket of c.others) expect(ofType('share.state')(await socket.settle())).toEqual([]);
    expect(server.server.registry.byId(c.sessionId)).toMatchObject({ selectedId: c.casey.joined.participantId, stage: null });
  });

  it('a first selection while the rep shares ends the share too (the extension stops it as it selects)', async () => {
    const c = await crowd();
    await c.rep.call({ type: 'share.update', sessionId: c.sessionId, sharing: true }, 'ok');
    for (const socket of c.others) await socket.next('share.state');
    await c.rep.call({ type: 'support.select', sessionId: c.sessionId, participantId: c.casey.joined.participantId }, 'ok');
    for (const socket of [c.rep, ...c.others]) expect(await socket.next('support.selected')).toMatchObject({ sharesStopped: true });
    for (const socket of c.others) expect(await socket.next('share.state')).toMatchObject({ sharing: false, stage: null });
    expect(server.server.registry.byId(c.sessionId)).toMatchObject({ selectedId: c.casey.joined.participantId, stage: null });
  });

  it('switching customer while the rep shares ends the share on every screen (sharesStopped)', async () => {
    const c = await crowd();
    await select(c, c.casey);
    await c.rep.call({ type: 'share.update', sessionId: c.sessionId, sharing: true }, 'ok');
    for (const socket of c.others) await socket.next('share.state');

    await c.rep.call({ type: 'support.select', sessionId: c.sessionId, participantId: c.dana.joined.participantId }, 'ok');
    const switched = { type: 'support.selected', sessionId: c.sessionId, participantId: c.dana.joined.participantId, sharesStopped: true };
    for (const socket of [c.rep, ...c.others]) expect(await socket.next('support.selected')).toEqual(switched);
    for (const socket of c.others) {
      expect(await socket.next('share.state')).toEqual({ type: 'share.state', sessionId: c.sessionId, sharing: false, stage: null });
    }
    expect(server.server.registry.byId(c.sessionId)).toMatchObject({ selectedId: c.dana.joined.participantId, stage: null, sharing: false });
  });

  it('switching customer while a customer shares ends their share too, and everyone is told', async () => {
    const c = await crowd();
    await caseyShares(c);
    await c.rep.call({ type: 'support.select', sessionId: c.sessionId, participantId: c.dana.joined.participantId }, 'ok');
    for (const socket of [c.rep, ...c.others]) expect(await socket.next('support.selected')).toMatchObject({ participantId: c.dana.joined.participantId, sharesStopped: true });
    expect(await c.casey.client.next('share.state')).toMatchObject({ sharing: false, stage: null });
    expect(server.server.registry.byId(c.sessionId)?.stage).toBeNull();
    // Casey's request was used up; Dana was never asked.
    await c.casey.client.refused({ type: 'customer.share', sharing: true }, 'not_requested');
    await c.dana.client.refused({ type: 'customer.share', sharing: true }, 'not_requested');
  });

  it('selecting nobody ends the customer’s share as well', async () => {
    const c = await crowd();
    await caseyShares(c);
    await c.rep.call({ type: 'support.select', sessionId: c.sessionId, participantId: null }, 'ok');
    for (const socket of [c.rep, ...c.others]) expect(await socket.next('support.selected')).toMatchObject({ participantId: null, sharesStopped: true });
    expect(await c.casey.client.next('share.state')).toMatchObject({ sharing: false, stage: null });
    expect(server.server.registry.byId(c.sessionId)).toMatchObject({ selectedId: null, stage: null });
  });

  it('a customer asked again while sharing answers yes: they stay on the stage, the request is used up', async () => {
    const c = await crowd();
    await caseyShares(c);
    await c.rep.call({ type: 'screen.request', sessionId: c.sessionId, participantId: c.casey.joined.participantId }, 'ok');
    await c.casey.client.next('screen.requested');
    await c.casey.client.call({ type: 'customer.share', sharing: true }, 'ok');
    expect(server.server.registry.byId(c.sessionId)).toMatchObject({ stage: customerStage(c.casey, 'Casey'), screenRequest: null });
    expect(ofType('share.state')(await c.dana.client.settle())).toEqual([]);
  });

  it('a switch drops an unanswered screen request', async () => {
    const c = await crowd();
    await select(c, c.casey);
    await c.rep.call({ type: 'screen.request', sessionId: c.sessionId, participantId: c.casey.joined.participantId }, 'ok');
    await select(c, c.dana);
    await c.casey.client.refused({ type: 'customer.share', sharing: true }, 'not_requested');
    await c.casey.client.refused({ type: 'screen.refuse', reason: 'share_declined' }, 'not_requested');
    expect(server.server.registry.byId(c.sessionId)).toMatchObject({ screenRequest: null, stage: null });
  });
});

describe('a customer’s screen (S13)', () => {
  it('screen.request reaches the selected customer only', async () => {
    const c = await crowd();
    await select(c, c.casey);
    await c.rep.call({ type: 'screen.request', sessionId: c.sessionId, participantId: c.casey.joined.participantId }, 'ok');
    expect(await c.casey.client.next('screen.requested')).toEqual({ type: 'screen.requested', sessionId: c.sessionId, repName: 'Alex Rep' });
    for (const socket of [c.helper, c.dana.client]) expect(ofType('screen.requested')(await socket.settle())).toEqual([]);
    expect(server.server.registry.byId(c.sessionId)?.screenRequest).toBe(c.casey.joined.participantId);
  });

  it('customer.share puts the customer on the stage: the rep, the assistant, the other customer and the sharer hear it', async () => {
    const c = await crowd();
    await select(c, c.casey);
    await c.rep.call({ type: 'screen.request', sessionId: c.sessionId, participantId: c.casey.joined.participantId }, 'ok');
    await c.casey.client.next('screen.requested');
    await c.casey.client.call({ type: 'customer.share', sharing: true }, 'ok');
    const onStage = { type: 'share.state', sessionId: c.sessionId, sharing: true, stage: customerStage(c.casey, 'Casey') };
    // The sharer hears it in order with everything else, so a "Stop viewing" right after finds her page knowing it is on the stage.
    for (const socket of [c.rep, c.helper, c.dana.client, c.casey.client]) expect(await socket.next('share.state')).toEqual(onStage);
    expect(server.server.registry.byId(c.sessionId)).toMatchObject({ stage: customerStage(c.casey, 'Casey'), sharing: true, screenRequest: null });

    // Said again (a page re-asserting its state): ok, nothing new for anyone.
    await c.casey.client.call({ type: 'customer.share', sharing: true }, 'ok');
    expect(ofType('share.state')(await c.dana.client.settle())).toEqual([]);

    await c.casey.client.call({ type: 'customer.share', sharing: false }, 'ok');
    const cleared = { type: 'share.state', sessionId: c.sessionId, sharing: false, stage: null };
    for (const socket of [c.rep, c.helper, c.dana.client, c.casey.client]) expect(await socket.next('share.state')).toEqual(cleared);
    // Once stopped, sharing again needs a new request.
    await c.casey.client.refused({ type: 'customer.share', sharing: true }, 'not_requested');

    await server.server.audit.flush();
    const shares = (await server.store.audit.list({ limit: 100 })).filter((e) => e.sessionNumber === c.number && e.type.startsWith('share.'));
    expect(shares.reverse().map(({ type, actor, actorId, detail }) => ({ type, actor, actorId, detail }))).toEqual([
      { type: 'share.start', actor: 'Casey', actorId: null, detail: { sharer: 'customer' } },
      { type: 'share.stop', actor: 'Casey', actorId: null, detail: { sharer: 'customer' } },
    ]);
  });

  it('the rep’s share.update false (Stop viewing) clears a customer’s stage; that customer is told to stop', async () => {
    const c = await crowd();
    await caseyShares(c);
    await c.rep.call({ type: 'share.update', sessionId: c.sessionId, sharing: false }, 'ok');
    const cleared = { type: 'share.state', sessionId: c.sessionId, sharing: false, stage: null };
    for (const socket of c.others) expect(await socket.next('share.state')).toEqual(cleared);
    expect(server.server.registry.byId(c.sessionId)).toMatchObject({ stage: null, sharing: false, selectedId: c.casey.joined.participantId });
    // Stopping after the rep already cleared the stage is a harmless no-op.
    await c.casey.client.call({ type: 'customer.share', sharing: false }, 'ok');
    expect(ofType('share.state')(await c.rep.settle())).toEqual([]);
  });

  it('the rep sharing takes the stage from a sharing customer', async () => {
    const c = await crowd();
    await caseyShares(c);
    await c.rep.call({ type: 'share.update', sessionId: c.sessionId, sharing: true }, 'ok');
    for (const socket of c.others) expect((await socket.next('share.state')).stage).toEqual(c.repStage);
    // Casey is no longer on the stage: her late "stopped" changes nothing.
    await c.casey.client.call({ type: 'customer.share', sharing: false }, 'ok');
    expect(server.server.registry.byId(c.sessionId)?.stage).toEqual(c.repStage);
  });

  it('screen.refuse: the rep is told who and why; the request is gone', async () => {
    const c = await crowd();
    await select(c, c.casey);
    await c.rep.call({ type: 'screen.request', sessionId: c.sessionId, participantId: c.casey.joined.participantId }, 'ok');
    await c.casey.client.call({ type: 'screen.refuse', reason: 'share_unsupported' }, 'ok');
    expect(await c.rep.next('session.notice')).toEqual({
      type: 'session.notice',
      sessionId: c.sessionId,
      notice: { kind: 'screen_refused', name: 'Casey', reason: 'share_unsupported' },
    });
    expect(server.server.registry.byId(c.sessionId)?.screenRequest).toBeNull();
    await c.casey.client.refused({ type: 'screen.refuse', reason: 'share_declined' }, 'not_requested');
    await c.casey.client.refused({ type: 'customer.share', sharing: true }, 'not_requested');
    for (const socket of [c.helper, c.dana.client]) expect(ofType('session.notice')(await socket.settle())).toEqual([]);
  });
});

describe('customers leaving (S14)', () => {
  it('a sharing customer who leaves clears the stage and the selection for everyone', async () => {
    const c = await crowd();
    await caseyShares(c);
    await c.casey.client.call({ type: 'customer.leave' }, 'ok');
    expect((await c.rep.next('participant.update')).participant).toMatchObject({ id: c.casey.joined.participantId, state: 'left' });
    for (const socket of [c.rep, c.helper, c.dana.client]) {
      expect(await socket.next('support.selected')).toEqual({ type: 'support.selected', sessionId: c.sessionId, participantId: null, sharesStopped: true });
      expect(await socket.next('share.state')).toEqual({ type: 'share.state', sessionId: c.sessionId, sharing: false, stage: null });
    }
    expect(server.server.registry.byId(c.sessionId)).toMatchObject({ selectedId: null, stage: null, screenRequest: null });
  });

  it('a selected customer whose socket closes is deselected; the rep’s share goes on', async () => {
    const c = await crowd();
    await select(c, c.dana);
    await c.rep.call({ type: 'share.update', sessionId: c.sessionId, sharing: true }, 'ok');
    for (const socket of c.others) await socket.next('share.state');
    await c.dana.client.close();
    for (const socket of [c.rep, c.helper, c.casey.client]) {
      expect(await socket.next('support.selected')).toMatchObject({ participantId: null, sharesStopped: false });
    }
    expect(ofType('share.state')(await c.casey.client.settle())).toEqual([]);
    expect(server.server.registry.byId(c.sessionId)).toMatchObject({ selectedId: null, stage: c.repStage });
  });

  it('a customer who is neither selected nor sharing leaves quietly', async () => {
    const c = await crowd();
    await select(c, c.casey);
    await c.dana.client.call({ type: 'customer.leave' }, 'ok');
    await c.rep.next('participant.update');
    expect(ofType('support.selected')(await c.casey.client.settle())).toEqual([]);
    expect(server.server.registry.byId(c.sessionId)?.selectedId).toBe(c.casey.joined.participantId);
  });
});

describe('views of a live session carry the selection and the stage', () => {
  it('assistant.joined and session.resumed', async () => {
    const c = await crowd();
    await caseyShares(c);
    const late = await joinAssistant(server, c.session, 'Cy Helper');
    expect(late.joined).toMatchObject({ selectedId: c.casey.joined.participantId, stage: customerStage(c.casey, 'Casey'), sharing: true });

    // The rep's extension reconnects on a new socket.
    const again = await server.connectRep(c.repLogin.email, c.repLogin.password);
    const resumed = await again.call({ type: 'session.resume', sessionId: c.sessionId }, 'session.resumed');
    expect(resumed).toMatchObject({
      session: { id: c.sessionId, kind: 'single' },
      sharing: true,
      selectedId: c.casey.joined.participantId,
      stage: customerStage(c.casey, 'Casey'),
    });
  });

  it('a customer admitted from the lobby learns the stage and whom the rep supports', async () => {
    const c = await crowd();
    await select(c, c.casey);
    await c.rep.call({ type: 'share.update', sessionId: c.sessionId, sharing: true }, 'ok');
    const waiting = await joinCustomer(server, c.session, { withToken: false, name: 'Wendy' });
    expect(waiting.joined).toMatchObject({ state: 'lobby', selected: false, stage: c.repStage });
    await c.rep.call({ type: 'participant.admit', sessionId: c.sessionId, participantId: waiting.joined.participantId }, 'ok');
    await waiting.client.next('customer.admitted');
    expect(await waiting.client.next('share.state')).toEqual({ type: 'share.state', sessionId: c.sessionId, sharing: true, stage: c.repStage });
    expect(await waiting.client.next('support.selected')).toEqual({
      type: 'support.selected',
      sessionId: c.sessionId,
      participantId: c.casey.joined.participantId,
      sharesStopped: false,
    });
  });
});

describe('the customer limit (S11)', () => {
  it('maxCustomers 2: a third customer is refused with session_full; the rep sees who; nothing changes', async () => {
    await server.store.settings.update({ maxCustomers: 2 });
    const c = await crowd();
    const third = await server.connect('site');
    await third.refused({ type: 'customer.join', number: c.number, token: c.session.joinToken, name: 'Frank' }, 'session_full');
    expect(await c.rep.next('session.notice')).toEqual({
      type: 'session.notice',
      sessionId: c.sessionId,
      notice: { kind: 'customer_refused', name: 'Frank', reason: 'session_full' },
    });
    expect(server.server.registry.listParticipants(c.sessionId).map((p) => p.name)).toEqual(['Alex Rep', 'Bo Helper', 'Casey', 'Dana']);
    for (const socket of [c.helper, c.casey.client, c.dana.client]) expect(await socket.settle()).toEqual([]);
    // Assistants do not count: a colleague may still join.
    await joinAssistant(server, c.session, 'Cy Helper');
  });
});
