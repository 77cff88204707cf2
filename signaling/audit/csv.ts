// The audit log as CSV (RFC 4180) for spreadsheets. Cells are quoted when they
// hold a comma, quote or line break; a cell starting with = + - @ (or tab / CR)
// gets a leading ' so a spreadsheet shows it as text instead of running it as
// a formula: customers type their own names (OWASP, "CSV Injection").
import type { AuditEvent } from '../../src/shared/protocol/admin.ts';

export const AUDIT_CSV_HEADER = ['id', 'time', 'type', 'actor', 'actor_id', 'session_number', 'ip', 'detail'] as const;

/** Excel reads a CSV file as the machine's legacy code page unless it starts with a BOM; names may be Korean. */
export const UTF8_BOM = '\uFEFF';

const FORMULA_START = /^[=+\-@\t\r]/;

export function csvCell(value: string): string {
  const safe = FORMULA_START.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}

export function csvRow(cells: readonly string[]): string {
  return `${cells.map(csvCell).join(',')}\r\n`;
}

export function auditCsvRow(event: AuditEvent): string {
  return csvRow([
    String(event.id),
    new Date(event.at).toISOString(),
    event.type,
    event.actor,
    event.actorId ?? '',
    event.sessionNumber ?? '',
    event.ip ?? '',
    Object.keys(event.detail).length ? JSON.stringify(event.detail) : '',
  ]);
}
