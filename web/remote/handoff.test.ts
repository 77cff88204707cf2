import { describe, expect, it } from 'vitest';
import { joinHandoff, joinNameFrom } from './handoff.ts';

describe('join handoff', () => {
  it('reads back the name it wrote', () => {
    expect(joinNameFrom(joinHandoff('Kim'))).toBe('Kim');
  });

  it('ignores history states that are not ours or not a valid name', () => {
    for (const state of [null, undefined, 'Kim', 42, {}, { joinName: 7 }, { joinName: '  ' }, { joinName: 'x'.repeat(65) }]) {
      expect(joinNameFrom(state)).toBeNull();
    }
  });
});
