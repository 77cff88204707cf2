// The audit log as the admin page shows it: pages of events newest first
// ("Load more" asks for events before the last one shown), each event type as
// a sentence key, and the file name the CSV export is saved under.
import type { MessageKey } from '../../src/shared/i18n/index.ts';
import { AuditEventType, type AuditEvent } from '../../src/shared/protocol/admin.ts';

export const AUDIT_PAGE_SIZE = 50;
export const AUDIT_TYPES: readonly AuditEventType[] = AuditEventType.options;

const TYPE_KEYS: Record<AuditEventType, MessageKey> = {
  'session.start': 'audit_type_session_start',
  'session.join': 'audit_type_session_join',
  'session.admit': 'audit_type_session_admit',
  'session.deny': 'audit_type_session_deny',
  'session.refuse': 'audit_type_session_refuse',
  'session.lookup_failed': 'audit_type_session_lookup_failed',
  'invite.sent': 'audit_type_invite_sent',
  'invite.failed': 'audit_type_invite_failed',
  'assistant.join': 'audit_type_assistant_join',
  'assistant.leave': 'audit_type_assistant_leave',
  'session.leave': 'audit_type_session_leave',
  'session.end': 'audit_type_session_end',
  'share.start': 'audit_type_share_start',
  'share.stop': 'audit_type_share_stop',
  transfer: 'audit_type_transfer',
  'auth.login': 'audit_type_auth_login',
  'auth.failed': 'audit_type_auth_failed',
  'auth.logout': 'audit_type_auth_logout',
  'admin.change': 'audit_type_admin_change',
};

export function auditTypeKey(type: AuditEventType): MessageKey {
  return TYPE_KEYS[type];
}

export interface AuditList {
  events: AuditEvent[];
  /** The last page was full: there may be older events. */
  more: boolean;
}

/** Add an older page below what is shown; an event already shown (the log grew meanwhile) is not repeated. */
export function appendPage(list: AuditList, page: readonly AuditEvent[], limit = AUDIT_PAGE_SIZE): AuditList {
  const seen = new Set(list.events.map((event) => event.id));
  return { events: [...list.events, ...page.filter((event) => !seen.has(event.id))], more: page.length >= limit };
}

/** The `before` of the next page: the oldest event shown. */
export function nextBefore(list: AuditList): number | undefined {
  return list.events.at(-1)?.id;
}

/** `{ reason: 'session_full', customers: 1 }` → "reason: session_full, customers: 1". */
export function formatDetail(detail: AuditEvent['detail']): string {
  return Object.entries(detail)
    .map(([key, value]) => `${key}: ${value === null ? '–' : String(value)}`)
    .join(', ');
}

/** peerassist-audit-2025-11-03.csv, by the admin's local date. */
export function csvFileName(date: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `peerassist-audit-${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}.csv`;
}
