// Several real PeerAssist processes sharing a real redis-server (issue #11):
// Debian's redis-server on a free loopback port with its own directory (never
// the system service), and `tsx signaling/main.ts` per node, all on one
// DATA_DIR (one SQLite file in WAL mode for users, settings and the audit log).
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { freePort } from './ports.ts';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { hashPassword } from '../../signaling/auth/password.ts';
import { loadConfig } from '../../signaling/config.ts';
import { openSqliteStore } from '../../signaling/store/sqlite.ts';
import type { Store, User } from '../../signaling/store/store.ts';
import type { Role } from '../../src/shared/protocol/common.ts';
import { TestClient } from './ws-client.ts';

const ROOT = resolve(import.meta.dirname, '../..');


/** Resolves when `pattern` appears in the process's output; rejects if it exits first or after `ms`. */
function waitForOutput(child: ChildProcess, pattern: RegExp, ms: number, what: string): Promise<RegExpMatchArray> {
  return new Promise((done, fail) => {
    let seen = '';
    const timer = setTimeout(() => fail(new Error(`${what} did not start in ${ms} ms:\n${seen}`)), ms);
    const onData = (chunk: Buffer) => {
      seen += chunk.toString('utf8');
      const match = seen.match(pattern);
      if (match) {
        clearTimeout(timer);
        child.stdout?.off('data', onData);
        done(match);
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', (chunk: Buffer) => (seen += chunk.toString('utf8')));
    child.once('exit', (code) => {
      clearTimeout(timer);
      fail(new Error(`${what} exited (${code}) before it started:\n${seen}`));
    });
  });
}

function exited(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((done) => child.once('exit', () => done()));
}

export interface TestRedis {
  url: string;
  port: number;
  /** Stops redis-server (SIGTERM: it writes its append-only file) and starts it again on the same port and directory. */
  restart(downMs?: number): Promise<void>;
  stop(): Promise<void>;
}

export async function startRedis(): Promise<TestRedis> {
  const dir = await mkdtemp(join(tmpdir(), 'peerassist-redis-'));
  const port = await freePort();
  let child: ChildProcess;
  const launch = async () => {
    child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--save', '', '--appendonly', 'yes', '--protected-mode', 'no'], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    await waitForOutput(child, /Ready to accept connections/, 10_000, 'redis-server');
  };
  await launch();
  return {
    url: `redis://127.0.0.1:${port}`,
    port,
    async restart(downMs = 500) {
      child.kill('SIGTERM');
      await exited(child);
      await new Promise((r) => setTimeout(r, downMs));
      await launch();
    },
    async stop() {
      child.kill('SIGTERM');
      await exited(child);
      await rm(dir, { recursive: true, force: true });
    },
  };
}

export interface TestNode {
  nodeId: string;
  url: string;
  wsUrl: string;
  /** The process's output so far (for failure messages). */
  output(): string;
  /** SIGKILL: no goodbye to Redis or to clients, as when a machine dies. */
  kill(): Promise<void>;
  /** SIGTERM: the server's own shutdown. */
  stop(): Promise<void>;
  connect(origin: 'site' | 'extension' | 'none'): Promise<TestClient>;
}

export interface TestCluster {
  redis: TestRedis;
  dataDir: string;
  /** The shared SQL store, opened by the test (WAL: the nodes use the same file at the same time). */
  store: Store;
  nodes: TestNode[];
  startNode(nodeId: string): Promise<TestNode>;
  createUser(email: string, password: string, name: string, roles?: Role[]): Promise<User>;
  stop(): Promise<void>;
}

/** The built extension's origin, which the nodes allow by default. */
const EXTENSION_ORIGIN = `chrome-extension://${loadConfig({}).extensionIds[0] ?? ''}`;

export interface ClusterOptions {
  /** Extra environment for every node. */
  env?: Record<string, string>;
  /** The built pages to serve (browser tests); by default an empty directory. */
  webRoot?: string;
}

export async function startCluster(nodeIds: string[], options: ClusterOptions = {}): Promise<TestCluster> {
  const env = options.env ?? {};
  const redis = await startRedis();
  const dataDir = await mkdtemp(join(tmpdir(), 'peerassist-cluster-'));
  const ownWebRoot = options.webRoot === undefined;
  const webRoot = options.webRoot ?? (await mkdtemp(join(tmpdir(), 'peerassist-web-')));
  // Migrated and given a user before any node starts, so no node makes a first-login admin.
  const store = openSqliteStore(dataDir);
  await store.users.create({ email: 'owner@example.test', name: 'Owner', passwordHash: await hashPassword('owner password'), roles: ['admin'] });
  const nodes: TestNode[] = [];
  const children: ChildProcess[] = [];
  const clients: TestClient[] = [];

  const startNode = async (nodeId: string): Promise<TestNode> => {
    // One process (node with tsx's loader), not the tsx CLI, which runs node as a child a SIGKILL would miss.
    const child = spawn(process.execPath, ['--import', 'tsx', 'signaling/main.ts'], {
      cwd: ROOT,
      env: {
        ...process.env,
        HOST: '127.0.0.1',
        PORT: '0',
        DATA_DIR: dataDir,
        WEB_ROOT: webRoot,
        REDIS_URL: redis.url,
        NODE_ID: nodeId,
        ...env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    children.push(child);
    let output = '';
    child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
    child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
    const match = await waitForOutput(child, /Support site:\s+(http:\/\/127\.0\.0\.1:\d+)\//, 45_000, `node ${nodeId}`);
    const url = match[1] ?? '';
    const wsUrl = `${url.replace(/^http/, 'ws')}/ws`;
    const node: TestNode = {
      nodeId,
      url,
      wsUrl,
      output: () => output,
      async kill() {
        child.kill('SIGKILL');
        await exited(child);
      },
      async stop() {
        child.kill('SIGTERM');
        await exited(child);
      },
      async connect(origin) {
        const header = origin === 'site' ? url : origin === 'extension' ? EXTENSION_ORIGIN : undefined;
        const client = await TestClient.connect(wsUrl, header !== undefined ? { origin: header } : {});
        clients.push(client);
        return client;
      },
    };
    nodes.push(node);
    return node;
  };

  try {
    await Promise.all(nodeIds.map((id) => startNode(id)));
  } catch (error) {
    for (const child of children) child.kill('SIGKILL');
    await redis.stop();
    throw error;
  }
  // startNode pushes in completion order; keep the order asked for.
  nodes.sort((a, b) => nodeIds.indexOf(a.nodeId) - nodeIds.indexOf(b.nodeId));

  return {
    redis,
    dataDir,
    store,
    nodes,
    startNode,
    createUser: async (email, password, name, roles = ['rep']) =>
      store.users.create({ email, name, passwordHash: await hashPassword(password), roles }),
    async stop() {
      await Promise.all(clients.map((c) => c.close()));
      for (const child of children) child.kill('SIGTERM');
      await Promise.all(children.map(exited));
      await store.close();
      await redis.stop();
      await rm(dataDir, { recursive: true, force: true });
      if (ownWebRoot) await rm(webRoot, { recursive: true, force: true });
    },
  };
}

/** POST /api/auth/login on a node; the access token. */
export async function signInAt(node: TestNode, email: string, password: string): Promise<string> {
  const response = await fetch(`${node.url}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password }),
  });
  if (response.status !== 200) throw new Error(`sign-in at ${node.nodeId} failed: HTTP ${response.status}`);
  return ((await response.json()) as { accessToken: string }).accessToken;
}

/** A signed-in extension socket on `node`. */
export async function repAt(node: TestNode, email: string, password: string): Promise<TestClient> {
  const accessToken = await signInAt(node, email, password);
  const client = await node.connect('extension');
  await client.call({ type: 'rep.hello', accessToken }, 'rep.welcome');
  return client;
}

export { freePort };
