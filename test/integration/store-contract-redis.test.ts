// The store contract (signaling/store/contract.ts) against a cluster node's
// store (issue #11): SQLite on disk for accounts, settings, queues and the
// audit log, a real redis-server for the queues' waiting sessions. Reopened
// from the same file and the same Redis for the restart test.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import { openClusterStore } from '../../signaling/store/cluster-store.ts';
import { describeStoreContract } from '../../signaling/store/contract.ts';
import { openSqliteStore } from '../../signaling/store/sqlite.ts';
import type { Store } from '../../signaling/store/store.ts';
import { startRedis, type TestRedis } from '../helpers/cluster.ts';

let redis: TestRedis;
beforeAll(async () => {
  redis = await startRedis();
});
afterAll(() => redis.stop());

describeStoreContract('SQLite + Redis (several nodes)', () => {
  const dirs: string[] = [];
  const where = new WeakMap<Store, { dir: string; prefix: string }>();
  let opened = 0;
  const openIn = async (dir: string, prefix: string) => {
    const store = await openClusterStore(openSqliteStore(dir), redis.url, { prefix });
    where.set(store, { dir, prefix });
    return store;
  };
  return {
    async open() {
      const dir = await mkdtemp(join(tmpdir(), 'peerassist-contract-'));
      dirs.push(dir);
      // A fresh prefix per store: every test starts with an empty Redis of its own.
      return openIn(dir, `t${++opened}:`);
    },
    async reopen(store) {
      const place = where.get(store);
      if (!place) throw new Error('not a store this harness opened');
      await store.close();
      return openIn(place.dir, place.prefix);
    },
    async cleanup() {
      await Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true })));
    },
  };
});
