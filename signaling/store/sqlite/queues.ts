// WebACD queues in SQLite: a queue and its member agents (queue_agents).
// Members keep the order they were added in (rowid), which is the order the
// admin page lists them.
import type Database from 'better-sqlite3';
import { z } from 'zod';
import type { Queue } from '../../../src/shared/protocol/admin.ts';
import { newId } from '../../sessions/ids.ts';
import { DuplicateError, queueNameKey, type QueueRepo } from '../store.ts';
import { isUniqueViolation } from './rows.ts';

const QueueRow = z.object({ id: z.string(), name: z.string() });
const MemberRow = z.object({ queue_id: z.string(), user_id: z.string() });

export function sqliteQueues(db: Database.Database): QueueRepo {
  const all = db.prepare('SELECT id, name FROM queues ORDER BY name_key, id');
  const allMembers = db.prepare('SELECT queue_id, user_id FROM queue_agents ORDER BY rowid');
  const byId = db.prepare('SELECT id, name FROM queues WHERE id = ?');
  const byName = db.prepare('SELECT id, name FROM queues WHERE name_key = ?');
  const members = db.prepare('SELECT user_id FROM queue_agents WHERE queue_id = ? ORDER BY rowid').pluck();
  const insert = db.prepare('INSERT INTO queues (id, name, name_key, created_at) VALUES (?, ?, ?, ?)');
  const clearMembers = db.prepare('DELETE FROM queue_agents WHERE queue_id = ?');
  const addMember = db.prepare('INSERT OR IGNORE INTO queue_agents (queue_id, user_id) VALUES (?, ?)');
  const remove = db.prepare('DELETE FROM queues WHERE id = ?');

  function withAgents(row: unknown): Queue | undefined {
    if (row === undefined) return undefined;
    const queue = QueueRow.parse(row);
    return { id: queue.id, name: queue.name, agentIds: z.array(z.string()).parse(members.all(queue.id)) };
  }

  const setAgents = db.transaction((id: string, userIds: readonly string[]): Queue | undefined => {
    if (byId.get(id) === undefined) return undefined;
    clearMembers.run(id);
    for (const userId of userIds) addMember.run(id, userId);
    return withAgents(byId.get(id));
  });

  const addAgent = db.transaction((id: string, userId: string): Queue | undefined => {
    if (byId.get(id) === undefined) return undefined;
    addMember.run(id, userId);
    return withAgents(byId.get(id));
  });

  return {
    async list() {
      const agents = new Map<string, string[]>();
      for (const raw of allMembers.all()) {
        const member = MemberRow.parse(raw);
        agents.set(member.queue_id, [...(agents.get(member.queue_id) ?? []), member.user_id]);
      }
      return all.all().map((raw) => {
        const queue = QueueRow.parse(raw);
        return { id: queue.id, name: queue.name, agentIds: agents.get(queue.id) ?? [] };
      });
    },
    async findById(id) {
      return withAgents(byId.get(id));
    },
    async findByName(name) {
      return withAgents(byName.get(queueNameKey(name)));
    },
    async create(name) {
      const queue: Queue = { id: newId('q'), name: name.trim(), agentIds: [] };
      try {
        insert.run(queue.id, queue.name, queueNameKey(name), Date.now());
      } catch (error) {
        if (isUniqueViolation(error)) throw new DuplicateError('queue name');
        throw error;
      }
      return queue;
    },
    async setAgents(id, userIds) {
      return setAgents(id, userIds);
    },
    async addAgent(id, userId) {
      return addAgent(id, userId);
    },
    async remove(id) {
      return remove.run(id).changes > 0;
    },
  };
}
