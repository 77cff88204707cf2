// The server under test: PeerAssist as `npm start` runs it (its SQLite store in
// a temporary DATA_DIR, the first-run account), quiet, on a loopback port the
// OS picks. `--unlimited` lifts the per-socket rate limit (labelled as such in
// the results); `--web-root DIR` serves built pages for the browser benches.
//
// `makeReps` adds rep accounts and signs each in through the store (what
// POST /api/auth/login does after its scrypt check), so thousands of reps cost
// no thousands of password hashes; their sockets still authenticate for real
// with rep.hello. One rep per session keeps every rep far below the site's
// customer limit, as in real use.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureFirstUser } from '../../../signaling/bootstrap.ts';
import { loadConfig } from '../../../signaling/config.ts';
import type { Logger } from '../../../signaling/log.ts';
import { createPeerAssistServer } from '../../../signaling/server.ts';
import { openSqliteStore } from '../../../signaling/store/sqlite.ts';
import { serve } from '../../lib/proc.ts';
import { measurementHandlers, type ServerInfo } from './common.ts';

const unlimited = process.argv.includes('--unlimited');
const webRootAt = process.argv.indexOf('--web-root');
const webRoot = webRootAt >= 0 ? process.argv[webRootAt + 1] : undefined;

/** Effectively no limit; the bucket is still consulted on every message, so only the cap is lifted, not its cost. */
const NO_LIMIT = { capacity: 1e12, refillPerSecond: 1e12, maxDrops: Number.MAX_SAFE_INTEGER, notifyIntervalMs: 1000 };

// Info and warnings are one line per session or refusal: at 100k messages/s the
// logging would be what is measured. Errors still print.
const log: Logger = { info: () => {}, warn: () => {}, error: (line, error) => console.error(line, error ?? '') };

const dataDir = await mkdtemp(join(tmpdir(), 'peerassist-bench-'));
const config = loadConfig({
  HOST: '127.0.0.1',
  PORT: '0',
  DATA_DIR: dataDir,
  WEB_ROOT: webRoot ?? join(dataDir, 'no-web'),
});
const store = openSqliteStore(dataDir);
const first = await ensureFirstUser(store, dataDir);
if (!first) throw new Error('no first-run account was created');
const server = createPeerAssistServer({ config, store, log, ...(unlimited && { rateLimit: NO_LIMIT }) });
const { url } = await server.start();

const info: ServerInfo = {
  url,
  wsUrl: `${url.replace(/^http/, 'ws')}/ws`,
  email: first.email,
  password: first.password,
  extensionOrigin: `chrome-extension://${server.config.extensionIds[0]}`,
};

const firstUser = await store.users.findByEmail(first.email);
if (!firstUser) throw new Error('the first-run account is missing');
let reps = 0;

serve(
  {
    ...measurementHandlers,
    async makeReps({ count }: { count: number }): Promise<string[]> {
      const ttl = { accessMs: config.accessTtlMs, refreshMs: config.refreshTtlMs };
      const tokens: string[] = [];
      for (let i = 0; i < count; i++) {
        const n = ++reps;
        const user = await store.users.create({
          email: `bench-rep-${n}@example.test`,
          name: `Bench Rep ${n}`,
          passwordHash: firstUser.passwordHash,
          roles: ['rep'],
        });
        tokens.push((await store.tokens.issue(user.id, ttl, Date.now())).accessToken);
      }
      return tokens;
    },
    async stop() {
      await server.stop();
      await store.close();
      await rm(dataDir, { recursive: true, force: true });
    },
  },
  info,
);
