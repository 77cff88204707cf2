import { describe, expect, it } from 'vitest';
import { STALL_REPORT_MS, StallReporter } from './stall-report.ts';

describe('StallReporter', () => {
  it('reports a transfer whose mark has not changed for STALL_REPORT_MS, once per stall', () => {
    const reporter = new StallReporter();
    expect(reporter.check(0, [{ id: 'a', mark: 'sending 10' }])).toEqual([]);
    expect(reporter.check(STALL_REPORT_MS - 1, [{ id: 'a', mark: 'sending 10' }])).toEqual([]);
    expect(reporter.check(STALL_REPORT_MS, [{ id: 'a', mark: 'sending 10' }])).toEqual([{ id: 'a', forMs: STALL_REPORT_MS }]);
    expect(reporter.check(STALL_REPORT_MS * 3, [{ id: 'a', mark: 'sending 10' }])).toEqual([]);
  });

  it('a mark that moves starts the count again, and a new stall is reported again', () => {
    const reporter = new StallReporter(1000);
    reporter.check(0, [{ id: 'a', mark: '1' }]);
    expect(reporter.check(1000, [{ id: 'a', mark: '2' }])).toEqual([]);
    expect(reporter.check(1999, [{ id: 'a', mark: '2' }])).toEqual([]);
    expect(reporter.check(2000, [{ id: 'a', mark: '2' }])).toEqual([{ id: 'a', forMs: 1000 }]);
    reporter.check(2500, [{ id: 'a', mark: '3' }]);
    expect(reporter.check(4000, [{ id: 'a', mark: '3' }])).toEqual([{ id: 'a', forMs: 1500 }]);
  });

  it('each transfer on its own; one no longer passed is forgotten', () => {
    const reporter = new StallReporter(1000);
    reporter.check(0, [
      { id: 'a', mark: '1' },
      { id: 'b', mark: '1' },
    ]);
    expect(
      reporter.check(1000, [
        { id: 'a', mark: '1' },
        { id: 'b', mark: '2' },
      ]),
    ).toEqual([{ id: 'a', forMs: 1000 }]);
    // 'a' ended; a transfer seen again under that id starts from scratch.
    reporter.check(1500, [{ id: 'b', mark: '2' }]);
    expect(reporter.check(1600, [{ id: 'a', mark: '1' }])).toEqual([]);
    expect(reporter.check(2600, [{ id: 'a', mark: '1' }])).toEqual([{ id: 'a', forMs: 1000 }]);
  });
});
