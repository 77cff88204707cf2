import { describe, expect, it } from 'vitest';
import { checkName, checkSessionNumber } from './forms.ts';

describe('checkSessionNumber', () => {
  it('accepts nine digits however they are grouped', () => {
    expect(checkSessionNumber('123456789')).toEqual({ ok: true, value: '123456789' });
    expect(checkSessionNumber(' 123 456 789 ')).toEqual({ ok: true, value: '123456789' });
    expect(checkSessionNumber('123-456.789')).toEqual({ ok: true, value: '123456789' });
    expect(checkSessionNumber('１２３ ４５６ ７８９')).toEqual({ ok: true, value: '123456789' });
  });

  it('refuses anything that is not a session number', () => {
    for (const input of ['', '12345678', '1234567890', '12345678a', '012345678', '12345678٩']) {
      expect(checkSessionNumber(input)).toEqual({ ok: false });
    }
  });
});

describe('checkName', () => {
  it('trims a name and keeps it as plain text', () => {
    expect(checkName('  Kim Min-jun ')).toEqual({ ok: true, value: 'Kim Min-jun' });
    expect(checkName('<b>Bob</b>')).toEqual({ ok: true, value: '<b>Bob</b>' });
  });

  it('refuses empty, too long and control characters', () => {
    expect(checkName('   ')).toEqual({ ok: false });
    expect(checkName('x'.repeat(65))).toEqual({ ok: false });
    expect(checkName('a\u0007b')).toEqual({ ok: false });
  });
});
