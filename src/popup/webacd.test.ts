import { describe, expect, it } from 'vitest';
import type { DashboardSession, Directory } from '../shared/protocol/runtime.ts';
import {
  charactersLeft,
  formatSeconds,
  handoffCommand,
  listedAgents,
  pendingHandoff,
  queueName,
  reachableChoice,
  secondsLeft,
  toggleAgent,
} from './webacd.ts';

const directory: Directory = {
  queues: [
    { id: 'q-1', name: 'Billing' },
    { id: 'q-2', name: 'Returns' },
  ],
  agents: [
    { userId: 'u-self', name: 'Me', status: 'available' },
    { userId: 'u-3', name: 'Zed', status: 'offline' },
    { userId: 'u-2', name: 'Kim', status: 'busy' },
    { userId: 'u-4', name: 'Ann', status: 'away' },
    { userId: 'u-1', name: 'Lee', status: 'available' },
  ],
  at: 1,
};

describe('charactersLeft (S24: at most 345)', () => {
  it('counts down from 345 and goes negative over the limit', () => {
    expect(charactersLeft('')).toBe(345);
    expect(charactersLeft('a'.repeat(345))).toBe(0);
    expect(charactersLeft('a'.repeat(346))).toBe(-1);
  });

  it('counts characters as the server does: one per code point, Korean and emoji included', () => {
    expect(charactersLeft('세션')).toBe(343);
    expect(charactersLeft('😀')).toBe(344);
  });
});

describe('handoffCommand', () => {
  const base = { tab: 'queue' as const, queueId: undefined, userIds: [], message: '' };

  it('targets the chosen queue on the Queue tab, leaving out a blank message', () => {
    expect(handoffCommand({ ...base, queueId: 'q-1', message: '   ' })).toEqual({
      type: 'session.handoff',
      target: { kind: 'queue', queueId: 'q-1' },
    });
  });

  it('targets the ticked agents on the Agents tab, with the message trimmed', () => {
    expect(handoffCommand({ ...base, tab: 'agents', queueId: 'q-1', userIds: ['u-2', 'u-1', 'u-2'], message: ' Printer issue \n' })).toEqual({
      type: 'session.handoff',
      target: { kind: 'agents', userIds: ['u-2', 'u-1'] },
      message: 'Printer issue',
    });
  });

  it('is null until something is chosen on the open tab', () => {
    expect(handoffCommand(base)).toBeNull();
    expect(handoffCommand({ ...base, userIds: ['u-1'] })).toBeNull();
    expect(handoffCommand({ ...base, tab: 'agents', queueId: 'q-1' })).toBeNull();
  });

  it('takes 345 characters and refuses 346', () => {
    expect(handoffCommand({ ...base, queueId: 'q-1', message: 'a'.repeat(345) })?.message).toHaveLength(345);
    expect(handoffCommand({ ...base, queueId: 'q-1', message: 'a'.repeat(346) })).toBeNull();
  });
});

describe('toggleAgent', () => {
  it('adds in ticking order and removes', () => {
    expect(toggleAgent(['u-1'], 'u-2', true)).toEqual(['u-1', 'u-2']);
    expect(toggleAgent(['u-1', 'u-2'], 'u-1', false)).toEqual(['u-2']);
    expect(toggleAgent(['u-1'], 'u-1', true)).toEqual(['u-1']);
  });
});

describe('listedAgents / reachableChoice', () => {
  it('lists everyone but this rep, available first, then by name', () => {
    expect(listedAgents(directory, 'u-self').map((a) => a.name)).toEqual(['Lee', 'Kim', 'Ann', 'Zed']);
    expect(listedAgents(null, 'u-self')).toEqual([]);
  });

  it('drops chosen agents who went offline or are no longer listed', () => {
    const agents = listedAgents(directory, 'u-self');
    expect(reachableChoice(agents, ['u-1', 'u-3', 'u-9', 'u-2'])).toEqual(['u-1', 'u-2']);
  });
});

describe('queueName / pendingHandoff', () => {
  it('names a known queue', () => {
    expect(queueName(directory, 'q-2')).toBe('Returns');
    expect(queueName(directory, 'q-9')).toBeUndefined();
    expect(queueName(null, 'q-1')).toBeUndefined();
    expect(queueName(directory, undefined)).toBeUndefined();
  });

  it('is the handoff only while offered or queued', () => {
    const session = (handoff: DashboardSession['handoff']) => ({ handoff }) as DashboardSession;
    expect(pendingHandoff(session({ state: 'queued', queueId: 'q-1', position: 2 }))).toEqual({ state: 'queued', queueId: 'q-1', position: 2 });
    expect(pendingHandoff(session({ state: 'offered' }))?.state).toBe('offered');
    expect(pendingHandoff(session({ state: 'cancelled' }))).toBeNull();
    expect(pendingHandoff(session({ state: 'accepted' }))).toBeNull();
    expect(pendingHandoff(session(null))).toBeNull();
  });
});

describe('secondsLeft / formatSeconds', () => {
  it('rounds up and stops at zero', () => {
    expect(secondsLeft(10_000, 0)).toBe(10);
    expect(secondsLeft(10_000, 9_001)).toBe(1);
    expect(secondsLeft(10_000, 12_000)).toBe(0);
  });

  it('shows minutes and seconds', () => {
    expect(formatSeconds(65)).toBe('1:05');
    expect(formatSeconds(9)).toBe('0:09');
    expect(formatSeconds(0)).toBe('0:00');
  });
});
