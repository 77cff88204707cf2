// Live sessions' snapshots (issue #10, "signaling server restart"): written
// as a session starts or changes hands, removed when it ends, read once at
// start-up so a restarted server knows its sessions again and their reps and
// customers can come back to the same number. A row that no longer parses
// (written by another version) is dropped rather than trusted.
import type Database from 'better-sqlite3';
import type { SessionSnapshot } from '../../sessions/registry.ts';
import { SessionSnapshotSchema } from '../../sessions/snapshot-schema.ts';
import type { LiveSessionRepo } from '../store.ts';

export function sqliteLiveSessions(db: Database.Database): LiveSessionRepo {
  const upsert = db.prepare(
    'INSERT INTO live_sessions (id, snapshot, updated_at) VALUES (?, ?, ?) ON CONFLICT(id) DO UPDATE SET snapshot = excluded.snapshot, updated_at = excluded.updated_at',
  );
  const remove = db.prepare('DELETE FROM live_sessions WHERE id = ?');
  const all = db.prepare('SELECT id, snapshot FROM live_sessions ORDER BY updated_at');
  return {
    save(snapshot, now) {
      upsert.run(snapshot.id, JSON.stringify(snapshot), now);
    },
    remove(id) {
      remove.run(id);
    },
    all() {
      const snapshots: SessionSnapshot[] = [];
      for (const row of all.all() as { id: string; snapshot: string }[]) {
        let parsed: ReturnType<typeof SessionSnapshotSchema.safeParse>;
        try {
          parsed = SessionSnapshotSchema.safeParse(JSON.parse(row.snapshot));
        } catch {
          parsed = SessionSnapshotSchema.safeParse(null);
        }
        if (parsed.success) snapshots.push(parsed.data);
        else remove.run(row.id);
      }
      return snapshots;
    },
  };
}
