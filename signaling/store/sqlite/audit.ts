// The audit log in SQLite: an append-only table (triggers refuse UPDATE and
// DELETE). Reads are paged by id, never by OFFSET, so a page stays correct
// while new events arrive.
import type Database from 'better-sqlite3';
import { z } from 'zod';
import { AuditEvent, AuditEventType } from '../../../src/shared/protocol/admin.ts';
import type { AuditRepo } from '../store.ts';
import { jsonColumn } from './rows.ts';

/** Rows per read when walking the whole log (CSV export). */
const PAGE = 500;

const AuditRow = z.object({
  id: z.number(),
  at: z.number(),
  type: AuditEventType,
  actor_id: z.string().nullable(),
  actor: z.string(),
  session_number: z.string().nullable(),
  ip: z.string().nullable(),
  detail: jsonColumn(AuditEvent.shape.detail, 'detail'),
});

function toEvent(raw: unknown): AuditEvent {
  const row = AuditRow.parse(raw);
  return {
    id: row.id,
    at: row.at,
    type: row.type,
    actorId: row.actor_id,
    actor: row.actor,
    sessionNumber: row.session_number,
    ip: row.ip,
    detail: row.detail,
  };
}

export function sqliteAudit(db: Database.Database): AuditRepo {
  const insert = db.prepare(
    `INSERT INTO audit_events (at, type, actor_id, actor, session_number, ip, detail)
     VALUES (@at, @type, @actorId, @actor, @sessionNumber, @ip, @detail)`,
  );
  const newest = db.prepare(
    `SELECT * FROM audit_events
     WHERE (@before IS NULL OR id < @before) AND (@type IS NULL OR type = @type)
     ORDER BY id DESC LIMIT @limit`,
  );
  const after = db.prepare('SELECT * FROM audit_events WHERE id > ? ORDER BY id LIMIT ?');

  return {
    async append(event) {
      const checked = AuditEvent.omit({ id: true }).parse(event);
      const { lastInsertRowid } = insert.run({ ...checked, detail: JSON.stringify(checked.detail) });
      return { id: Number(lastInsertRowid), ...checked };
    },
    async list(query) {
      return newest.all({ before: query.before ?? null, type: query.type ?? null, limit: query.limit }).map(toEvent);
    },
    async *all() {
      let last = 0;
      for (;;) {
        // Each page is read whole before yielding: better-sqlite3 cannot run other
        // statements while an iterator is open, and the caller awaits between rows.
        const page = after.all(last, PAGE).map(toEvent);
        yield* page;
        if (page.length < PAGE) return;
        last = page[page.length - 1]?.id ?? last;
      }
    },
  };
}
