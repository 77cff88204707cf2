import { describe, expect, it } from 'vitest';
import { formatTable } from './table.ts';

describe('formatTable', () => {
  it('pads every column but the last to its widest cell', () => {
    expect(formatTable(['EMAIL', 'ROLES'], [['a@example.com', 'rep'], ['bo@x.io', 'rep,agent']])).toEqual([
      'EMAIL          ROLES',
      'a@example.com  rep',
      'bo@x.io        rep,agent',
    ]);
  });

  it('prints just the header when there are no rows', () => {
    expect(formatTable(['NAME', 'AGENTS'], [])).toEqual(['NAME  AGENTS']);
  });
});
