import { describe, expect, it } from 'vitest';
import { auditCsvRow, csvCell, csvRow } from './csv.ts';

describe('csvCell', () => {
  it('leaves plain text alone', () => {
    expect(csvCell('Casey Customer')).toBe('Casey Customer');
    expect(csvCell('')).toBe('');
    expect(csvCell('김고객')).toBe('김고객');
  });

  it('quotes commas, quotes and line breaks, doubling quotes', () => {
    expect(csvCell('Doe, Jane')).toBe('"Doe, Jane"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell('two\nlines')).toBe('"two\nlines"');
    expect(csvCell('cr\r\nlf')).toBe('"cr\r\nlf"');
  });

  it.each(['=HYPERLINK("http://evil")', '+1+1', '-2+3', '@SUM(A1)', '\tTAB', '\rCR'])(
    'stops %j from running as a formula',
    (value) => {
      const cell = csvCell(value);
      const unquoted = cell.startsWith('"') ? cell.slice(1, -1).replaceAll('""', '"') : cell;
      expect(unquoted).toBe(`'${value}`);
    },
  );
});

describe('csvRow / auditCsvRow', () => {
  it('ends rows with CRLF', () => {
    expect(csvRow(['a', 'b,c'])).toBe('a,"b,c"\r\n');
  });

  it('writes an event as id, ISO time, type, actor, actor id, session, ip, detail JSON', () => {
    expect(
      auditCsvRow({
        id: 7,
        at: Date.UTC(2026, 0, 2, 3, 4, 5, 6),
        type: 'session.join',
        actorId: null,
        actor: '=cmd|" /C calc"!A0',
        sessionNumber: '123456789',
        ip: '127.0.0.1',
        detail: { state: 'lobby' },
      }),
    ).toBe('7,2026-01-02T03:04:05.006Z,session.join,"\'=cmd|"" /C calc""!A0",,123456789,127.0.0.1,"{""state"":""lobby""}"\r\n');
  });
});
