import { describe, expect, it } from 'vitest';
import { PeerAssistError } from '../../src/shared/protocol/errors.ts';
import { SessionNumber } from '../../src/shared/protocol/common.ts';
import { customersOf, longestPresentAssistant, MemorySessionRegistry, snapshotOf, type LiveSession } from './registry.ts';

const rep = { userId: 'u_rep000000001', name: 'Alex Rep', email: 'alex@example.com' };

/** A randomInt that returns the given values in turn, then repeats the last. */
function scripted(...values: number[]) {
  let i = 0;
  return () => values[Math.min(i++, values.length - 1)] as number;
}

describe('MemorySessionRegistry', () => {
  it('creates a session with a valid number, token and a connected controller', () => {
    const registry = new MemorySessionRegistry({ clock: { now: () => 1234 } });
    const session = registry.create(rep);
    expect(SessionNumber.safeParse(session.number).success).toBe(true);
    expect(session.joinToken).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect(session.startedAt).toBe(1234);
    expect(session.sharing).toBe(false);
    expect(registry.listParticipants(session.id)).toEqual([
      { id: session.controllerParticipantId, name: 'Alex Rep', role: 'controller', state: 'connected', joinedAt: 1234 },
    ]);
    expect(registry.byNumber(session.number)).toBe(session);
    expect(registry.byId(session.id)).toBe(session);
    expect(registry.size).toBe(1);
  });

  it('draws again when a number is taken by a live session', () => {
    const randomInt = scripted(123456789, 123456789, 987654321);
    const registry = new MemorySessionRegistry({ randomInt });
    const first = registry.create(rep);
    const second = registry.create(rep);
    expect(first.number).toBe('123456789');
    expect(second.number).toBe('987654321');
    expect(first.id).not.toBe(second.id);
  });

  it('gives up with an error when the random source keeps colliding', () => {
    const registry = new MemorySessionRegistry({ randomInt: () => 555555555 });
    registry.create(rep);
    expect(() => registry.create(rep)).toThrow(/no free session number/);
  });

  it('frees the number when a session ends, and never reuses the id', () => {
    const registry = new MemorySessionRegistry({ randomInt: () => 111222333 });
    const first = registry.create(rep);
    expect(registry.end(first.id)?.id).toBe(first.id);
    expect(registry.byNumber('111222333')).toBeUndefined();
    expect(registry.byId(first.id)).toBeUndefined();
    expect(registry.size).toBe(0);
    const second = registry.create(rep);
    expect(second.number).toBe('111222333');
    expect(second.id).not.toBe(first.id);
    expect(registry.end(first.id)).toBeUndefined();
  });

  it('adds customers, changes their state and removes them', () => {
    let now = 1000;
    const registry = new MemorySessionRegistry({ clock: { now: () => now } });
    const session = registry.create(rep);
    now = 2000;
    const customer = registry.addCustomer(session.id, 'Casey', 'lobby');
    expect(customer).toMatchObject({ name: 'Casey', role: 'customer', state: 'lobby', joinedAt: 2000 });

    const admitted = registry.setState(session.id, customer.id, 'connected');
    expect(admitted.state).toBe('connected');
    // Returned participants are snapshots: later changes do not reach into them.
    expect(customer.state).toBe('lobby');
    expect(registry.listParticipants(session.id).map((p) => [p.role, p.state])).toEqual([
      ['controller', 'connected'],
      ['customer', 'connected'],
    ]);

    expect(registry.remove(session.id, customer.id)?.participant).toMatchObject({ id: customer.id, state: 'left' });
    expect(registry.listParticipants(session.id)).toHaveLength(1);
    expect(registry.remove(session.id, customer.id)).toBeUndefined();
  });

  it('refuses changes to unknown sessions and participants with typed errors', () => {
    const registry = new MemorySessionRegistry();
    const session = registry.create(rep);
    const reasonOf = (fn: () => unknown) => {
      try {
        fn();
      } catch (error) {
        return error instanceof PeerAssistError ? error.reason : 'untyped';
      }
      return 'no error';
    };
    expect(reasonOf(() => registry.addCustomer('s_missing0000', 'Casey', 'lobby'))).toBe('no_session');
    expect(reasonOf(() => registry.setState(session.id, 'p_missing0000', 'connected'))).toBe('unknown_participant');
    expect(reasonOf(() => registry.setStage('s_missing0000', null))).toBe('no_session');
    expect(reasonOf(() => registry.select('s_missing0000', null))).toBe('no_session');
    expect(reasonOf(() => registry.setScreenRequest('s_missing0000', null))).toBe('no_session');
    expect(registry.listParticipants('s_missing0000')).toEqual([]);
  });

  it('lists the sessions a user controls and counts their customers over all of them', () => {
    const registry = new MemorySessionRegistry();
    const first = registry.create(rep);
    const second = registry.create(rep);
    const other = registry.create({ userId: 'u_rep000000002', name: 'Bo', email: 'bo@example.com' });
    expect(registry.sessionsOf(rep.userId).map((s) => s.id)).toEqual([first.id, second.id]);
    expect(customersOf(registry, rep.userId)).toBe(0);

    registry.addCustomer(first.id, 'A', 'connected');
    const waiting = registry.addCustomer(second.id, 'B', 'lobby');
    registry.addCustomer(other.id, 'C', 'connected');
    expect(customersOf(registry, rep.userId)).toBe(2);
    registry.remove(second.id, waiting.id);
    expect(customersOf(registry, rep.userId)).toBe(1);
    registry.end(first.id);
    expect(customersOf(registry, rep.userId)).toBe(0);
    expect(registry.sessionsOf('u_nobody')).toEqual([]);
  });

  it('starts single unless asked, with nobody selected, nothing on the stage and no request', () => {
    const registry = new MemorySessionRegistry();
    const single = registry.create(rep);
    const multi = registry.create(rep, 'multi');
    expect([single.kind, multi.kind]).toEqual(['single', 'multi']);
    expect(single).toMatchObject({ selectedId: null, stage: null, sharing: false, screenRequest: null });
  });
});

describe('MemorySessionRegistry: selection, stage and screen requests (issue #6)', () => {
  function sessionWithCustomers() {
    const registry = new MemorySessionRegistry();
    const session = registry.create(rep);
    const casey = registry.addCustomer(session.id, 'Casey', 'connected');
    const dana = registry.addCustomer(session.id, 'Dana', 'connected');
    const controller = { participantId: session.controllerParticipantId, role: 'controller', name: 'Alex Rep' } as const;
    const onStage = (who: { id: string; name: string }) => ({ participantId: who.id, role: 'customer', name: who.name }) as const;
    return { registry, session, casey, dana, controller, onStage };
  }

  it('puts the controller or a customer on the stage, keeping sharing equal to stage !== null', () => {
    const { registry, session, casey, controller, onStage } = sessionWithCustomers();
    expect(registry.setStage(session.id, controller)).toBeNull();
    expect(session).toMatchObject({ stage: controller, sharing: true });
    expect(registry.setStage(session.id, onStage(casey))).toEqual(controller);
    expect(session).toMatchObject({ stage: onStage(casey), sharing: true });
    expect(registry.setStage(session.id, null)).toEqual(onStage(casey));
    expect(session).toMatchObject({ stage: null, sharing: false });
  });

  it('refuses a stage for someone not in the session, or in another role', () => {
    const { registry, session, casey } = sessionWithCustomers();
    expect(() => registry.setStage(session.id, { participantId: 'p_missing0000', role: 'customer', name: 'X' })).toThrow(PeerAssistError);
    expect(() => registry.setStage(session.id, { participantId: casey.id, role: 'controller', name: 'Casey' })).toThrow(/no controller/);
    expect(session.stage).toBeNull();
  });

  it('every selection ends what is on the stage and drops the pending request', () => {
    const { registry, session, casey, dana, controller } = sessionWithCustomers();
    registry.setStage(session.id, controller);
    expect(registry.select(session.id, casey.id)).toEqual({ sharesStopped: true });
    expect(session).toMatchObject({ selectedId: casey.id, stage: null, sharing: false });

    // Selecting the one already selected too: the rule is the same for every select.
    registry.setStage(session.id, controller);
    registry.setScreenRequest(session.id, casey.id);
    expect(registry.select(session.id, casey.id)).toEqual({ sharesStopped: true });
    expect(session).toMatchObject({ selectedId: casey.id, screenRequest: null, stage: null });

    // With nothing on the stage, nothing is stopped.
    registry.setScreenRequest(session.id, casey.id);
    expect(registry.select(session.id, dana.id)).toEqual({ sharesStopped: false });
    expect(session).toMatchObject({ selectedId: dana.id, screenRequest: null, stage: null });
  });

  it('endShares: false selects without touching the stage (a multi session’s customer arriving)', () => {
    const registry = new MemorySessionRegistry();
    const session = registry.create(rep, 'multi');
    const controller = { participantId: session.controllerParticipantId, role: 'controller', name: 'Alex Rep' } as const;
    registry.setStage(session.id, controller);
    const casey = registry.addCustomer(session.id, 'Casey', 'lobby');
    expect(registry.select(session.id, casey.id, { endShares: false })).toEqual({ sharesStopped: false });
    expect(session).toMatchObject({ selectedId: casey.id, stage: controller, sharing: true });
  });

  it('selecting nobody ends the selected customer’s share', () => {
    const { registry, session, casey, onStage } = sessionWithCustomers();
    registry.select(session.id, casey.id);
    registry.setScreenRequest(session.id, casey.id);
    registry.setStage(session.id, onStage(casey));
    expect(session.screenRequest).toBeNull(); // answered by going on the stage
    expect(registry.select(session.id, null)).toEqual({ sharesStopped: true });
    expect(session).toMatchObject({ selectedId: null, stage: null, sharing: false });
  });

  it('selects and asks only customers of the session', () => {
    const { registry, session } = sessionWithCustomers();
    expect(() => registry.select(session.id, session.controllerParticipantId)).toThrow(/no customer/);
    expect(() => registry.select(session.id, 'p_missing0000')).toThrow(/no customer/);
    expect(() => registry.setScreenRequest(session.id, 'p_missing0000')).toThrow(/no customer/);
    expect(session).toMatchObject({ selectedId: null, screenRequest: null });
  });

  it('a removed customer leaves the stage, the selection and the request', () => {
    const { registry, session, casey, dana, controller, onStage } = sessionWithCustomers();
    registry.select(session.id, casey.id);
    registry.setStage(session.id, onStage(casey));
    expect(registry.remove(session.id, dana.id)).toEqual({ participant: { ...dana, state: 'left' }, leftStage: false, wasSelected: false });
    expect(session).toMatchObject({ selectedId: casey.id, stage: onStage(casey) });

    expect(registry.remove(session.id, casey.id)).toMatchObject({ participant: { id: casey.id, state: 'left' }, leftStage: true, wasSelected: true });
    expect(session).toMatchObject({ selectedId: null, stage: null, sharing: false, screenRequest: null });

    // The rep's own share outlives any customer leaving.
    const erin = registry.addCustomer(session.id, 'Erin', 'connected');
    registry.select(session.id, erin.id);
    registry.setScreenRequest(session.id, erin.id);
    registry.setStage(session.id, controller);
    expect(registry.remove(session.id, erin.id)).toMatchObject({ leftStage: false, wasSelected: true });
    expect(session).toMatchObject({ selectedId: null, screenRequest: null, stage: controller, sharing: true });
  });

  it('adds assistants, finds them by user, and does not count them as customers', () => {
    const registry = new MemorySessionRegistry({ clock: { now: () => 5000 } });
    const session = registry.create(rep);
    const assistant = registry.addAssistant(session.id, { userId: 'u_helper000001', name: 'Bo Helper', email: 'bo@example.com' });
    expect(assistant).toMatchObject({ name: 'Bo Helper', role: 'assistant', state: 'connected', joinedAt: 5000 });
    expect(registry.assistantOf(session.id, 'u_helper000001')).toEqual(assistant);
    expect(registry.assistantOf(session.id, rep.userId)).toBeUndefined();
    expect(registry.assistantOf('s_missing0000', 'u_helper000001')).toBeUndefined();
    expect(session.assistantUsers.get(assistant.id)).toBe('u_helper000001');
    expect(registry.listParticipants(session.id).map((p) => p.role)).toEqual(['controller', 'assistant']);
    expect(customersOf(registry, rep.userId)).toBe(0);

    expect(registry.remove(session.id, assistant.id)?.participant).toMatchObject({ role: 'assistant', state: 'left' });
    expect(registry.assistantOf(session.id, 'u_helper000001')).toBeUndefined();
    expect(session.assistantUsers.size).toBe(0);
  });
});


describe('MemorySessionRegistry: transfer of control (issue #7, S19–S20)', () => {
  const bo = { userId: 'u_helper000001', name: 'Bo Helper', email: 'bo@example.com' };
  const cy = { userId: 'u_helper000002', name: 'Cy Helper', email: 'cy@example.com' };

  function assistedSession() {
    let now = 1000;
    const registry = new MemorySessionRegistry({ clock: { now: () => now++ } });
    const session = registry.create(rep);
    const alexId = session.controllerParticipantId;
    const casey = registry.addCustomer(session.id, 'Casey', 'connected');
    const helper = registry.addAssistant(session.id, bo);
    const waiting = registry.addCustomer(session.id, 'Wendy', 'lobby');
    return { registry, session, alexId, casey, helper, waiting };
  }

  it('makes the assistant the controller and the controller an assistant, ids unchanged, controller listed first', () => {
    const { registry, session, alexId, casey, helper, waiting } = assistedSession();
    const change = registry.transferControl(session.id, helper.id, 'assistant');
    expect(change).toEqual({
      controller: { ...helper, role: 'controller' },
      previous: { id: alexId, name: 'Alex Rep', role: 'assistant', state: 'connected', joinedAt: 1000 },
      sharesStopped: false,
    });
    expect(session).toMatchObject({
      controllerUserId: bo.userId,
      controllerName: 'Bo Helper',
      controllerEmail: 'bo@example.com',
      controllerParticipantId: helper.id,
    });
    expect(registry.listParticipants(session.id).map((p) => [p.id, p.role])).toEqual([
      [helper.id, 'controller'],
      [alexId, 'assistant'],
      [casey.id, 'customer'],
      [waiting.id, 'customer'],
    ]);
    expect([...session.assistantUsers]).toEqual([[alexId, rep.userId]]);
    expect(registry.assistantOf(session.id, rep.userId)?.id).toBe(alexId);
    expect(registry.assistantOf(session.id, bo.userId)).toBeUndefined();
    // The session counts as the new controller's now (customer limit, session.start).
    expect(registry.sessionsOf(bo.userId)).toEqual([session]);
    expect(registry.sessionsOf(rep.userId)).toEqual([]);
    expect(customersOf(registry, bo.userId)).toBe(2);
  });

  it('control goes back the same way, and the old controller is named by their own e-mail again', () => {
    const { registry, session, alexId, helper } = assistedSession();
    registry.transferControl(session.id, helper.id, 'assistant');
    const back = registry.transferControl(session.id, alexId, 'assistant');
    expect(back.controller).toMatchObject({ id: alexId, role: 'controller' });
    expect(back.previous).toMatchObject({ id: helper.id, role: 'assistant', state: 'connected' });
    expect(session).toMatchObject({
      controllerUserId: rep.userId,
      controllerName: 'Alex Rep',
      controllerEmail: rep.email,
      controllerParticipantId: alexId,
    });
    expect([...session.assistantUsers]).toEqual([[helper.id, bo.userId]]);
    // Bo, an assistant again, can be given control once more.
    expect(registry.transferControl(session.id, helper.id, 'assistant').controller.id).toBe(helper.id);
    expect(session.controllerEmail).toBe('bo@example.com');
  });

  it('ends whatever is on the stage and a pending screen request; the selection stays', () => {
    const { registry, session, casey, helper } = assistedSession();
    registry.select(session.id, casey.id);
    registry.setStage(session.id, { participantId: session.controllerParticipantId, role: 'controller', name: 'Alex Rep' });
    registry.setScreenRequest(session.id, casey.id);
    expect(registry.transferControl(session.id, helper.id, 'assistant').sharesStopped).toBe(true);
    expect(session).toMatchObject({ stage: null, sharing: false, screenRequest: null, selectedId: casey.id });

    // A customer's share ends too.
    registry.setScreenRequest(session.id, casey.id);
    registry.setStage(session.id, { participantId: casey.id, role: 'customer', name: 'Casey' });
    const again = registry.transferControl(session.id, session.assistantUsers.keys().next().value as string, 'assistant');
    expect(again.sharesStopped).toBe(true);
    expect(session).toMatchObject({ stage: null, sharing: false });
  });

  it("'gone': the previous controller leaves the session instead of assisting", () => {
    const { registry, session, alexId, helper } = assistedSession();
    const change = registry.transferControl(session.id, helper.id, 'gone');
    expect(change.previous).toEqual({ id: alexId, name: 'Alex Rep', role: 'controller', state: 'left', joinedAt: 1000 });
    expect(session.participants.has(alexId)).toBe(false);
    expect(session.assistantUsers.size).toBe(0);
    expect(registry.assistantOf(session.id, rep.userId)).toBeUndefined();
    expect(registry.listParticipants(session.id).map((p) => p.role)).toEqual(['controller', 'customer', 'customer']);
  });

  it('refuses anyone but a connected assistant of the session with unknown_participant, changing nothing', () => {
    const { registry, session, alexId, casey, waiting, helper } = assistedSession();
    const other = registry.create({ userId: 'u_other0000001', name: 'Dee Rep', email: 'dee@example.com' });
    const outsider = registry.addAssistant(other.id, cy);
    const snapshot = () => ({ ...session, participants: registry.listParticipants(session.id), assistantUsers: [...session.assistantUsers] });
    const before = snapshot();
    for (const id of [alexId, casey.id, waiting.id, outsider.id, 'p_missing0000']) {
      expect(() => registry.transferControl(session.id, id, 'assistant')).toThrow(
        expect.objectContaining({ name: 'PeerAssistError', reason: 'unknown_participant' }),
      );
    }
    expect(snapshot()).toEqual(before);
    expect(() => registry.transferControl('s_missing0000', helper.id, 'assistant')).toThrow(expect.objectContaining({ reason: 'no_session' }));
  });

  it('longestPresentAssistant: the connected assistant who joined first, or nobody', () => {
    const { registry, session, alexId, helper } = assistedSession();
    const later = registry.addAssistant(session.id, cy);
    expect(longestPresentAssistant(session)?.id).toBe(helper.id);
    registry.remove(session.id, helper.id);
    expect(longestPresentAssistant(session)?.id).toBe(later.id);
    // After a transfer the former controller, there from the start, is the longest present.
    registry.transferControl(session.id, later.id, 'assistant');
    expect(longestPresentAssistant(session)?.id).toBe(alexId);
    registry.remove(session.id, alexId);
    expect(longestPresentAssistant(session)).toBeUndefined();
  });

  describe('for several nodes (issue #11)', () => {
    it('draws numbers from the given source and tells of starts, changes of controller and ends', () => {
      const changes: string[] = [];
      const numbers = ['123456789', '123456789', '987654321'];
      const fromPool = new MemorySessionRegistry({ drawNumber: () => numbers.shift() ?? '', onChange: (change, session) => changes.push(`${change} ${session.number}`) });
      const first = fromPool.create(rep);
      // The second draw clashes with the live first session: drawn again.
      const second = fromPool.create(rep);
      expect([first.number, second.number]).toEqual(['123456789', '987654321']);
      const assistant = fromPool.addAssistant(first.id, { userId: 'u_helper00000001', name: 'Bo', email: 'bo@example.com' });
      fromPool.transferControl(first.id, assistant.id, 'assistant');
      fromPool.end(second.id);
      expect(changes).toEqual(['started 123456789', 'started 987654321', 'controller 123456789', 'ended 987654321']);
    });

    it('restores a session from its snapshot with only its controller, who keeps their participant id', () => {
      const original = new MemorySessionRegistry({ clock: { now: () => 1000 } });
      const session: LiveSession = original.create(rep, 'multi');
      original.addCustomer(session.id, 'Casey', 'connected');
      original.setStage(session.id, { participantId: session.controllerParticipantId, role: 'controller', name: 'Alex Rep' });
      const snapshot = snapshotOf(session);
      // What goes to Redis is plain data.
      expect(JSON.parse(JSON.stringify(snapshot))).toEqual(snapshot);

      const changes: string[] = [];
      const other = new MemorySessionRegistry({ clock: { now: () => 5000 }, onChange: (change) => changes.push(change) });
      const restored = other.restore(snapshot);
      expect(restored).toMatchObject({ id: session.id, number: session.number, joinToken: session.joinToken, kind: 'multi', startedAt: 1000, stage: null, sharing: false });
      expect(other.listParticipants(session.id)).toEqual([
        { id: session.controllerParticipantId, name: 'Alex Rep', role: 'controller', state: 'connected', joinedAt: 1000 },
      ]);
      expect(other.byNumber(session.number)).toBe(restored);
      // Restoring again returns the session held, unchanged.
      other.addCustomer(session.id, 'Dana', 'connected');
      expect(other.restore(snapshot)).toBe(restored);
      expect(other.listParticipants(session.id)).toHaveLength(2);
      expect(changes).toEqual(['started']);
      expect(other.all()).toEqual([restored]);
    });
  });
});
