// Sessions waiting in WebACD queues (issue #8), in Redis for a deployment of
// several nodes (issue #11): the node that takes a session over from a dead
// node reads its entries here. One key per entry, expiring after a day (a
// session waits minutes, and a session whose node died and whose rep never
// came back must not leave its entry behind for good), and a sorted set of ids
// scored by an ever-increasing counter for the order of arrival.
//
//   <prefix>waiting:seq        INCR counter
//   <prefix>waiting:order      ZSET id → seq
//   <prefix>waiting:e:<id>     entry JSON, PX WAITING_TTL_MS
import type { Redis } from 'ioredis';
import { z } from 'zod';
import type { QueueWaitingRepo, WaitingEntry } from './store.ts';

export const WAITING_TTL_MS = 24 * 60 * 60_000;

const Entry = z.object({
  id: z.string(),
  sessionId: z.string(),
  queueId: z.string(),
  senderUserId: z.string(),
  message: z.string().nullable(),
  enqueuedAt: z.number(),
});

// Add unless the id is there already (it keeps its place), in one step.
const ADD = `
if redis.call('EXISTS', KEYS[3]) == 1 then return 0 end
local seq = redis.call('INCR', KEYS[1])
redis.call('ZADD', KEYS[2], seq, ARGV[1])
redis.call('SET', KEYS[3], ARGV[2], 'PX', ARGV[3])
return 1`;

const REMOVE = `
local existed = redis.call('DEL', KEYS[2])
redis.call('ZREM', KEYS[1], ARGV[1])
return existed`;

export interface RedisWaitingRepo extends QueueWaitingRepo {
  /** Drops every entry of the queue (its queue was removed from the SQL store). */
  removeQueue(queueId: string): Promise<void>;
}

export function redisWaiting(redis: Redis, prefix = 'pa:'): RedisWaitingRepo {
  const seqKey = `${prefix}waiting:seq`;
  const orderKey = `${prefix}waiting:order`;
  const entryKey = (id: string) => `${prefix}waiting:e:${id}`;

  const list = async (): Promise<WaitingEntry[]> => {
    const ids = await redis.zrange(orderKey, '0', '-1');
    if (!ids.length) return [];
    const raws = await redis.mget(ids.map(entryKey));
    const entries: WaitingEntry[] = [];
    const expired: string[] = [];
    raws.forEach((raw, i) => {
      const parsed = raw ? Entry.safeParse(JSON.parse(raw)) : undefined;
      if (parsed?.success) entries.push(parsed.data);
      else expired.push(ids[i] ?? '');
    });
    // Entries that expired (or cannot be read) leave the order too.
    if (expired.length) await redis.zrem(orderKey, ...expired);
    return entries;
  };

  const remove = async (id: string): Promise<boolean> => (await redis.eval(REMOVE, 2, orderKey, entryKey(id), id)) === 1;

  return {
    async add(entry) {
      const value: WaitingEntry = Entry.parse(entry);
      await redis.eval(ADD, 3, seqKey, orderKey, entryKey(entry.id), entry.id, JSON.stringify(value), String(WAITING_TTL_MS));
    },
    list,
    remove,
    async removeQueue(queueId) {
      for (const entry of await list()) if (entry.queueId === queueId) await remove(entry.id);
    },
  };
}
