// Child processes for the benchmarks: every benchmark group, every server under
// test and every load generator runs in its own Node process (so CPU and memory
// are measured per process and a load generator never shares an event loop
// with the server it loads). They talk over the IPC channel with a tiny RPC:
//
//   parent ──{id, method, arg}──► child        child ──{ready, info}──► parent (once)
//   parent ◄──{id, ok, value|error}── child
//
// A child exits when its parent goes away (IPC 'disconnect'), so a crashed or
// interrupted bench never leaves servers or browsers behind.
import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));

interface Request {
  id: number;
  method: string;
  arg: unknown;
}
type Reply = { id: number; ok: true; value: unknown } | { id: number; ok: false; error: string };
type Handlers = Record<string, (arg: never) => unknown>;

const live = new Set<ChildProcess>();
// SIGTERM, not SIGKILL: a child that launched browsers closes them on SIGTERM
// (puppeteer's handler), and a child's own children see its IPC channel close.
function killAll(): void {
  for (const child of live) child.kill('SIGTERM');
}
process.once('exit', killAll);

export interface ChildOptions {
  args?: string[];
  /** Extra Node flags, e.g. --expose-gc for a server whose heap is measured. */
  nodeFlags?: string[];
  /** Give up waiting for 'ready' after this long. */
  readyTimeoutMs?: number;
}

export class Child<Info = unknown> {
  readonly process: ChildProcess;
  readonly info: Info;
  #nextId = 1;
  readonly #pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();

  private constructor(child: ChildProcess, info: Info) {
    this.process = child;
    this.info = info;
    child.on('message', (message: Reply) => {
      const waiter = this.#pending.get(message.id);
      if (!waiter) return;
      this.#pending.delete(message.id);
      if (message.ok) waiter.resolve(message.value);
      else waiter.reject(new Error(message.error));
    });
    child.once('exit', (code, signal) => {
      for (const waiter of this.#pending.values()) waiter.reject(new Error(`child exited (${signal ?? code}) during a call`));
      this.#pending.clear();
    });
  }

  /** Starts `module` (a .ts file, run through tsx) and waits for its ready message. */
  static async start<Info = unknown>(module: URL, options: ChildOptions = {}): Promise<Child<Info>> {
    const child = fork(fileURLToPath(module), options.args ?? [], {
      cwd: REPO_ROOT,
      execArgv: ['--import', 'tsx', ...(options.nodeFlags ?? [])],
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    live.add(child);
    child.once('exit', () => live.delete(child));
    const info = await new Promise<Info>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`${module.pathname} did not start in time`)), options.readyTimeoutMs ?? 60_000);
      child.once('exit', (code, signal) => reject(new Error(`${module.pathname} exited (${signal ?? code}) before it was ready`)));
      child.on('message', function onReady(message: { ready?: boolean; info?: Info }) {
        if (!message.ready) return;
        clearTimeout(timer);
        child.off('message', onReady);
        resolve(message.info as Info);
      });
    }).catch((error: unknown) => {
      child.kill('SIGKILL');
      throw error;
    });
    return new Child<Info>(child, info);
  }

  call<T = unknown>(method: string, arg?: unknown, timeoutMs = 300_000): Promise<T> {
    const id = this.#nextId++;
    return new Promise<T>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.#pending.delete(id);
        reject(new Error(`${method} timed out after ${timeoutMs} ms`));
      }, timeoutMs);
      this.#pending.set(id, {
        resolve: (v) => (clearTimeout(timer), resolve(v as T)),
        reject: (e) => (clearTimeout(timer), reject(e)),
      });
      this.process.send({ id, method, arg } satisfies Request);
    });
  }

  /** Asks the child to stop (its 'stop' handler, if any), then makes sure it is gone. */
  async stop(graceMs = 10_000): Promise<void> {
    if (this.process.exitCode !== null || this.process.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => this.process.once('exit', () => resolve()));
    await this.call('stop', undefined, graceMs).catch(() => {});
    this.process.disconnect?.();
    const timer = setTimeout(() => this.process.kill('SIGKILL'), graceMs);
    await exited;
    clearTimeout(timer);
  }
}

/**
 * In a child: answer the parent's calls with `handlers`, then say ready. A
 * 'stop' handler runs before the process exits; the parent going away runs it too.
 */
export function serve(handlers: Handlers, info: unknown = {}): void {
  if (!process.send) throw new Error('this module runs as a child process of the bench (it needs an IPC channel)');
  let stopping: Promise<void> | undefined;
  const stop = () => {
    stopping ??= Promise.resolve(handlers.stop?.(undefined as never)).then(
      () => process.exit(0),
      (error: unknown) => {
        console.error(error);
        process.exit(1);
      },
    );
    return stopping;
  };
  process.on('message', async (request: Request) => {
    const reply = (message: Reply) => process.connected && process.send!(message);
    if (request.method === 'stop') {
      reply({ id: request.id, ok: true, value: null });
      await stop();
      return;
    }
    const handler = handlers[request.method];
    if (!handler) return reply({ id: request.id, ok: false, error: `no method ${request.method}` });
    try {
      reply({ id: request.id, ok: true, value: await handler(request.arg as never) });
    } catch (error) {
      reply({ id: request.id, ok: false, error: error instanceof Error ? (error.stack ?? error.message) : String(error) });
    }
  });
  process.on('disconnect', () => void stop());
  // The parent's last resort (killAll) is SIGTERM: stop as cleanly as on 'disconnect'.
  process.once('SIGTERM', () => void stop());
  process.send({ ready: true, info });
}
