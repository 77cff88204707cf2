import { describe, expect, it } from 'vitest';
import { PeerAssistError } from '../../src/shared/protocol/errors.ts';
import { SessionNumber } from '../../src/shared/protocol/common.ts';
import { customersOf, MemorySessionRegistry } from './registry.ts';

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

    expect(registry.remove(session.id, customer.id)).toMatchObject({ id: customer.id, state: 'left' });
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
    expect(reasonOf(() => registry.setSharing('s_missing0000', true))).toBe('no_session');
    expect(registry.listParticipants('s_missing0000')).toEqual([]);
  });

  it('records the sharing flag', () => {
    const registry = new MemorySessionRegistry();
    const session = registry.create(rep);
    registry.setSharing(session.id, true);
    expect(registry.byId(session.id)?.sharing).toBe(true);
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

  it('adds assistants, finds them by user, and does not count them as customers', () => {
    const registry = new MemorySessionRegistry({ clock: { now: () => 5000 } });
    const session = registry.create(rep);
    const assistant = registry.addAssistant(session.id, { userId: 'u_helper000001', name: 'Bo Helper' });
    expect(assistant).toMatchObject({ name: 'Bo Helper', role: 'assistant', state: 'connected', joinedAt: 5000 });
    expect(registry.assistantOf(session.id, 'u_helper000001')).toEqual(assistant);
    expect(registry.assistantOf(session.id, rep.userId)).toBeUndefined();
    expect(registry.assistantOf('s_missing0000', 'u_helper000001')).toBeUndefined();
    expect(session.assistantUsers.get(assistant.id)).toBe('u_helper000001');
    expect(registry.listParticipants(session.id).map((p) => p.role)).toEqual(['controller', 'assistant']);
    expect(customersOf(registry, rep.userId)).toBe(0);

    expect(registry.remove(session.id, assistant.id)).toMatchObject({ role: 'assistant', state: 'left' });
    expect(registry.assistantOf(session.id, 'u_helper000001')).toBeUndefined();
    expect(session.assistantUsers.size).toBe(0);
  });
});

