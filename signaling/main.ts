// `npm run server` (and `npm start`, after building): the PeerAssist server
// with the embedded SQLite store under DATA_DIR; with REDIS_URL, one node of
// several (README, "Several nodes"): queues' waiting sessions then live in Redis.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { ensureFirstUser } from './bootstrap.ts';
import { loadConfig, REPO_ROOT } from './config.ts';
import { createPeerAssistServer } from './server.ts';
import { openClusterStore } from './store/cluster-store.ts';
import { openSqliteStore } from './store/sqlite.ts';

/** RFC 6455 §7.4.1: "service restart": clients reconnect and re-assert their sessions. */
const CLOSE_SERVICE_RESTART = 1012;

async function main(): Promise<void> {
  const config = loadConfig();
  for (const warning of config.warnings) console.warn(`warning: ${warning}`);
  const sql = openSqliteStore(config.dataDir);
  const store = config.redisUrl ? await openClusterStore(sql, config.redisUrl) : sql;
  const firstLogin = await ensureFirstUser(store, config.dataDir);
  const server = createPeerAssistServer({ config, store });
  let url: string;
  try {
    ({ url } = await server.start());
  } catch (error) {
    await store.close();
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EADDRINUSE') throw new Error(`${config.host}:${config.port} is already in use; set PORT to another port`);
    throw error;
  }

  const extension = (browser: string) => {
    const dir = join(REPO_ROOT, 'dist', browser);
    return existsSync(join(dir, 'manifest.json')) ? dir : `${dir} (not built yet: npm run build)`;
  };
  const lines = [
    '',
    `PeerAssist is running.`,
    `  Support site:        ${url}/`,
    `  Admin page:          ${url}/admin   (users, queues, site settings, audit log; or: npm run admin -- --help)`,
    `  Chrome extension:    ${extension('chrome')}   (chrome://extensions → Developer mode → Load unpacked)`,
    `  Firefox extension:   ${extension('firefox')}   (about:debugging → This Firefox → Load Temporary Add-on → manifest.json)`,
    `  Data:                ${config.dataDir}`,
    ...(config.redisUrl ? [`  Cluster node:        ${config.nodeId ?? '(random id)'} on ${config.redisUrl.replace(/\/\/[^@/]*@/, '//…@')}`] : []),
    config.smtp
      ? `  Email invitations:   via ${config.smtp.shown} from ${config.mailFrom} (when the site's email mode is "server")`
      : `  Email invitations:   reps' own mail programs (set SMTP_URL for the server to send them)`,
  ];
  if (!existsSync(join(config.webRoot, 'index.html'))) lines.push(`  Web pages:           not built in ${config.webRoot} (npm run build)`);
  if (firstLogin) {
    lines.push(
      '',
      firstLogin.created ? '  First sign-in (created now):' : '  First sign-in (still on file):',
      `    email:     ${firstLogin.email}`,
      `    password:  ${firstLogin.password}`,
      `    saved in:  ${firstLogin.file}  (delete it once you have your own accounts)`,
    );
  }
  console.log(lines.join('\n') + '\n');

  let stopping = false;
  const shutdown = (signal: NodeJS.Signals) => {
    // A second Ctrl-C means "now": do not wait for sockets to finish closing.
    if (stopping) process.exit(1);
    stopping = true;
    console.log(`${signal}: stopping`);
    // Sessions are not ended: the extension and join pages reconnect to the
    // restarted server and re-assert them while media keeps flowing peer to peer.
    server
      .stop({ code: CLOSE_SERVICE_RESTART, reason: 'service restart' })
      .then(() => store.close())
      .then(() => process.exit(0))
      .catch((error: unknown) => {
        console.error('error while stopping', error);
        process.exit(1);
      });
  };
  process.on('SIGINT', shutdown);
  process.on('SIGTERM', shutdown);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? `PeerAssist could not start: ${error.message}` : error);
  process.exit(1);
});
