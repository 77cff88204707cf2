// Sessions waiting in a WebACD queue (issue #8), in SQLite: one row per entry,
// ordered by seq (AUTOINCREMENT, so the order of arrival survives deletes and
// restarts). Removing a queue removes its entries (ON DELETE CASCADE).
import type Database from 'better-sqlite3';
import { z } from 'zod';
import type { QueueWaitingRepo, WaitingEntry } from '../store.ts';

const Row = z.object({
  id: z.string(),
  session_id: z.string(),
  queue_id: z.string(),
  sender_user_id: z.string(),
  message: z.string().nullable(),
  enqueued_at: z.number(),
});

function entryOf(raw: unknown): WaitingEntry {
  const row = Row.parse(raw);
  return {
    id: row.id,
    sessionId: row.session_id,
    queueId: row.queue_id,
    senderUserId: row.sender_user_id,
    message: row.message,
    enqueuedAt: row.enqueued_at,
  };
}

export function sqliteWaiting(db: Database.Database): QueueWaitingRepo {
  const insert = db.prepare(
    'INSERT OR IGNORE INTO queue_waiting (id, session_id, queue_id, sender_user_id, message, enqueued_at) VALUES (?, ?, ?, ?, ?, ?)',
  );
  const all = db.prepare('SELECT id, session_id, queue_id, sender_user_id, message, enqueued_at FROM queue_waiting ORDER BY seq');
  const remove = db.prepare('DELETE FROM queue_waiting WHERE id = ?');

  return {
    async add(entry) {
      insert.run(entry.id, entry.sessionId, entry.queueId, entry.senderUserId, entry.message, entry.enqueuedAt);
    },
    async list() {
      return all.all().map(entryOf);
    },
    async remove(id) {
      return remove.run(id).changes > 0;
    },
  };
}
