// The store contract (signaling/store/contract.ts) against the embedded
// SQLite store, on a real file, reopened from disk for the restart test.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describeStoreContract } from '../../signaling/store/contract.ts';
import { openSqliteStore } from '../../signaling/store/sqlite.ts';
import type { Store } from '../../signaling/store/store.ts';

describeStoreContract('SQLite on disk', () => {
  const dirs: string[] = [];
  const dirOf = new WeakMap<Store, string>();
  const openIn = (dir: string) => {
    const store = openSqliteStore(dir);
    dirOf.set(store, dir);
    return store;
  };
  return {
    async open() {
      const dir = await mkdtemp(join(tmpdir(), 'peerassist-contract-'));
      dirs.push(dir);
      return openIn(dir);
    },
    async reopen(store) {
      const dir = dirOf.get(store);
      if (!dir) throw new Error('not a store this harness opened');
      await store.close();
      return openIn(dir);
    },
    async cleanup() {
      await Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true })));
    },
  };
});
