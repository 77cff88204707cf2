import { describe, expect, it } from 'vitest';
import { en } from '../../src/shared/i18n/en.ts';
import type { AuditEvent } from '../../src/shared/protocol/admin.ts';
import { appendPage, AUDIT_TYPES, auditTypeKey, csvFileName, formatDetail, nextBefore } from './audit.ts';

const event = (id: number): AuditEvent => ({
  id,
  at: id * 1000,
  type: 'session.start',
  actorId: 'user_000001',
  actor: 'rep@example.test',
  sessionNumber: '123456789',
  ip: '127.0.0.1',
  detail: {},
});

describe('audit pages', () => {
  it('appends older pages, skipping events already shown, and knows when there may be more', () => {
    let list = appendPage({ events: [], more: false }, [event(9), event(8)], 2);
    expect(list.more).toBe(true);
    expect(nextBefore(list)).toBe(8);
    list = appendPage(list, [event(8), event(7)], 2);
    expect(list.events.map((e) => e.id)).toEqual([9, 8, 7]);
    list = appendPage(list, [event(6)], 2);
    expect(list.more).toBe(false);
    expect(nextBefore({ events: [], more: false })).toBeUndefined();
  });
});

describe('audit labels', () => {
  it('every event type has a sentence', () => {
    for (const type of AUDIT_TYPES) expect(en[auditTypeKey(type)], type).toBeTruthy();
    expect(en[auditTypeKey('session.refuse')]).toBe('Customer turned away');
  });

  it('formatDetail reads as key: value', () => {
    expect(formatDetail({ reason: 'session_full', customers: 1, token: false, note: null })).toBe(
      'reason: session_full, customers: 1, token: false, note: –',
    );
    expect(formatDetail({})).toBe('');
  });

  it('csvFileName uses the local date', () => {
    expect(csvFileName(new Date(2025, 0, 5, 23, 59))).toBe('peerassist-audit-2025-01-05.csv');
  });
});
