import { describe, expect, it } from 'vitest';
import type { Participant } from '../shared/protocol/common.ts';
import { chosenTarget, transferTargets } from './transfer.ts';

const person = (id: string, role: Participant['role'], state: Participant['state']): Participant => ({
  id,
  name: `name-${id}`,
  role,
  state,
  joinedAt: 1,
});

describe('transferTargets', () => {
  it('lists every connected assistant, in joining order, and nobody else', () => {
    const people = [
      person('rep-1', 'controller', 'connected'),
      person('as-1', 'assistant', 'connected'),
      person('cu-1', 'customer', 'connected'),
      person('as-2', 'assistant', 'left'),
      person('as-3', 'assistant', 'lobby'),
      person('as-4', 'assistant', 'connected'),
    ];
    expect(transferTargets(people).map((p) => p.id)).toEqual(['as-1', 'as-4']);
  });

  it('is empty without assistants', () => {
    expect(transferTargets([person('cu-1', 'customer', 'connected')])).toEqual([]);
    expect(transferTargets([])).toEqual([]);
  });
});

describe('chosenTarget', () => {
  const a = person('as-1', 'assistant', 'connected');
  const b = person('as-2', 'assistant', 'connected');

  it('is the rep’s choice while that assistant is still there', () => {
    expect(chosenTarget([a, b], 'as-2')).toBe(b);
  });

  it('waits for a choice among several', () => {
    expect(chosenTarget([a, b], undefined)).toBeUndefined();
    // The chosen assistant left meanwhile: choose again.
    expect(chosenTarget([a, b], 'as-9')).toBeUndefined();
  });

  it('is the only assistant when there is one, and nobody when there is none', () => {
    expect(chosenTarget([a], undefined)).toBe(a);
    expect(chosenTarget([a], 'as-9')).toBe(a);
    expect(chosenTarget([], 'as-1')).toBeUndefined();
  });
});
