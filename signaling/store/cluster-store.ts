// The store of a node in a deployment of several (issue #11): users, sign-in
// tokens, settings, queues and the audit log stay in the SQL store (one SQLite
// file in WAL mode that every node on the host opens), and what sessions need
// across nodes — the sessions waiting in queues — is in Redis. Removing a queue
// removes its waiting entries in Redis too, as SQLite's ON DELETE CASCADE does
// for the embedded store.
import { Redis } from 'ioredis';
import { redisWaiting } from './redis-waiting.ts';
import type { Store } from './store.ts';

export interface ClusterStoreOptions {
  /** Key prefix, so tests (or two deployments) can share one Redis. */
  prefix?: string;
}

export async function openClusterStore(sql: Store, redisUrl: string, options: ClusterStoreOptions = {}): Promise<Store> {
  const redis = new Redis(redisUrl, { maxRetriesPerRequest: null, lazyConnect: true, connectionName: 'peerassist-store' });
  // A blip is logged by the cluster's own connections; this one only waits for Redis to return.
  redis.on('error', () => undefined);
  await redis.connect();
  const waiting = redisWaiting(redis, options.prefix);
  let closed = false;
  return {
    ...sql,
    queues: {
      ...sql.queues,
      async remove(id) {
        const removed = await sql.queues.remove(id);
        if (removed) await waiting.removeQueue(id);
        return removed;
      },
    },
    waiting,
    async close() {
      if (!closed) {
        closed = true;
        redis.disconnect();
      }
      await sql.close();
    },
  };
}
