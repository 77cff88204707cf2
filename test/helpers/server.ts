// A real PeerAssist server for tests: loopback, port 0, a temporary DATA_DIR
// with a real SQLite file. Log lines are collected (and errors also printed)
// so tests can check what the server logged.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Role } from '../../src/shared/protocol/common.ts';
import { hashPassword } from '../../signaling/auth/password.ts';
import type { Clock } from '../../signaling/clock.ts';
import { loadConfig, type Config } from '../../signaling/config.ts';
import type { Logger } from '../../signaling/log.ts';
import { createPeerAssistServer, type PeerAssistServer } from '../../signaling/server.ts';
import { openSqliteStore } from '../../signaling/store/sqlite.ts';
import type { Store, User } from '../../signaling/store/store.ts';
import type { ThrottleOptions } from '../../signaling/auth/sign-in-throttle.ts';
import type { RateLimitOptions } from '../../signaling/ws/rate-limit.ts';
import { TestClient } from './ws-client.ts';

export interface TestServerOptions {
  /** Reuse a data directory (e.g. to restart on the same database); by default a fresh temp dir. */
  dataDir?: string;
  /** Keep the data directory at stop (for a restart test); only applies to a temp dir made here. */
  keepDataDir?: boolean;
  /** The built pages to serve; by default an empty temp dir (pages answer 503). */
  webRoot?: string;
  /** Extra environment, as the server would read it (e.g. REP_GRACE_MS). */
  env?: Record<string, string>;
  /** Fields to override after loading (e.g. heartbeatMs). */
  config?: Partial<Config>;
  clock?: Clock;
  rateLimit?: RateLimitOptions;
  signInThrottle?: ThrottleOptions;
  lookupThrottle?: ThrottleOptions;
  /** Collect error lines without printing them (for tests that cause errors on purpose). */
  quietErrors?: boolean;
}

export interface TestServer {
  /** http://127.0.0.1:<port> */
  url: string;
  /** ws://127.0.0.1:<port>/ws */
  wsUrl: string;
  dataDir: string;
  store: Store;
  server: PeerAssistServer;
  /** Every line logged, "warn: …", "info: …", "error: …". */
  logs: string[];
  /** Origin header of the built-in Chrome extension id. */
  extensionOrigin: string;
  stop(): Promise<void>;
  createUser(email: string, password: string, name?: string, roles?: Role[]): Promise<User>;
  /** POST /api/auth/login; resolves with the access token or throws with the HTTP status. */
  signIn(email: string, password: string): Promise<string>;
  /** A socket with the given Origin ('site' = this server's own pages, 'extension', or none), from 127.0.0.1 unless `from` names another loopback address. */
  connect(origin?: 'site' | 'extension' | 'none' | { origin: string }, from?: { localAddress: string }): Promise<TestClient>;
  /** An extension socket that has sent rep.hello with a token for this user. */
  connectRep(email: string, password: string): Promise<TestClient>;
  /** A new rep account (unique e-mail) and a signed-in extension socket for it. */
  newRep(name?: string): Promise<{ client: TestClient; user: User; email: string; password: string }>;
}

let userCounter = 0;

export async function startTestServer(options: TestServerOptions = {}): Promise<TestServer> {
  const ownDataDir = options.dataDir === undefined;
  const dataDir = options.dataDir ?? (await mkdtemp(join(tmpdir(), 'peerassist-data-')));
  const ownWebRoot = options.webRoot === undefined;
  const webRoot = options.webRoot ?? (await mkdtemp(join(tmpdir(), 'peerassist-web-')));
  const config: Config = {
    ...loadConfig({ HOST: '127.0.0.1', PORT: '0', DATA_DIR: dataDir, WEB_ROOT: webRoot, ...options.env }),
    ...options.config,
  };
  const logs: string[] = [];
  const log: Logger = {
    info: (line) => logs.push(`info: ${line}`),
    warn: (line) => logs.push(`warn: ${line}`),
    error: (line, error) => {
      logs.push(`error: ${line}`);
      if (!options.quietErrors) console.error(line, error);
    },
  };
  const store = openSqliteStore(dataDir);
  const server = createPeerAssistServer({
    config,
    store,
    log,
    ...(options.clock && { clock: options.clock }),
    ...(options.rateLimit && { rateLimit: options.rateLimit }),
    ...(options.signInThrottle && { signInThrottle: options.signInThrottle }),
    ...(options.lookupThrottle && { lookupThrottle: options.lookupThrottle }),
  });
  const { url } = await server.start();
  const wsUrl = `${url.replace(/^http/, 'ws')}/ws`;
  const extensionOrigin = `chrome-extension://${config.extensionIds[0]}`;
  const clients: TestClient[] = [];

  const signIn = async (email: string, password: string): Promise<string> => {
    const response = await fetch(`${url}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email, password }),
    });
    if (response.status !== 200) throw Object.assign(new Error(`sign-in failed: HTTP ${response.status}`), { status: response.status });
    const body = (await response.json()) as { accessToken: string };
    return body.accessToken;
  };

  const connect: TestServer['connect'] = async (origin = 'none', from) => {
    const header =
      origin === 'site' ? url : origin === 'extension' ? extensionOrigin : origin === 'none' ? undefined : origin.origin;
    const client = await TestClient.connect(wsUrl, { ...(header !== undefined && { origin: header }), ...from });
    clients.push(client);
    return client;
  };

  const connectRep: TestServer['connectRep'] = async (email, password) => {
    const accessToken = await signIn(email, password);
    const client = await connect('extension');
    await client.call({ type: 'rep.hello', accessToken }, 'rep.welcome');
    return client;
  };

  const createUser: TestServer['createUser'] = async (email, password, name = 'Test Rep', roles = ['rep']) =>
    store.users.create({ email, name, passwordHash: await hashPassword(password), roles });

  return {
    url,
    wsUrl,
    dataDir,
    store,
    server,
    logs,
    extensionOrigin,
    signIn,
    connect,
    connectRep,
    createUser,
    async newRep(name = 'Alex Rep') {
      const email = `rep${++userCounter}@example.test`;
      const password = `password of ${email}`;
      const user = await createUser(email, password, name);
      return { client: await connectRep(email, password), user, email, password };
    },
    async stop() {
      await server.stop();
      await Promise.all(clients.map((client) => client.close()));
      await store.close();
      if (ownDataDir && !options.keepDataDir) await rm(dataDir, { recursive: true, force: true });
      if (ownWebRoot) await rm(webRoot, { recursive: true, force: true });
    },
  };
}
