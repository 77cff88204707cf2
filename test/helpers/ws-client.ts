// A small typed WebSocket client for integration tests. Every incoming message
// is validated with the same parseServerMessage the real clients use, so a
// test also fails when the server sends something off-protocol.
import WebSocket from 'ws';
import { parseServerMessage } from '../../src/shared/protocol/parse.ts';
import type { ErrorReason } from '../../src/shared/protocol/errors.ts';
import type { ClientMessage, ServerMessage, ServerMessageOf } from '../../src/shared/protocol/wire.ts';

type ServerType = ServerMessage['type'];
const DEFAULT_TIMEOUT_MS = 3000;

interface Waiter {
  match: (message: ServerMessage) => boolean;
  resolve: (message: ServerMessage) => void;
  reject: (error: Error) => void;
}

export interface ConnectOptions {
  /** Origin header to send; none by default (like a non-browser client). */
  origin?: string;
  /** false: do not answer WebSocket pings, like a peer whose network vanished. */
  autoPong?: boolean;
  /**
   * The loopback address to connect from, e.g. 127.0.0.2: Linux answers the
   * whole 127.0.0.0/8, so a test can be a second client address without a proxy.
   */
  localAddress?: string;
}

let ridCounter = 0;

/** Distributes a client message type over its union members, so `Omit` keeps each variant's fields. */
type WithoutRid<M> = M extends unknown ? Omit<M, 'rid'> : never;

export class TestClient {
  readonly #ws: WebSocket;
  readonly #inbox: ServerMessage[] = [];
  readonly #waiters: Waiter[] = [];
  /** Messages from the server that failed parseServerMessage: should always stay empty. */
  readonly invalid: string[] = [];
  /** Resolves with the close code and reason once the socket has closed. */
  readonly closed: Promise<{ code: number; reason: string }>;

  private constructor(ws: WebSocket) {
    this.#ws = ws;
    this.closed = new Promise((resolve) => {
      ws.on('close', (code, reason) => {
        const error = new Error(`socket closed (${code} ${reason.toString()})`);
        for (const waiter of this.#waiters.splice(0)) waiter.reject(error);
        resolve({ code, reason: reason.toString() });
      });
    });
    ws.on('message', (data, isBinary) => this.#receive(isBinary ? '<binary>' : data.toString()));
  }

  static connect(url: string, options: ConnectOptions = {}): Promise<TestClient> {
    const ws = new WebSocket(url, {
      ...(options.origin !== undefined && { origin: options.origin }),
      ...(options.autoPong !== undefined && { autoPong: options.autoPong }),
      ...(options.localAddress !== undefined && { localAddress: options.localAddress }),
    });
    return new Promise((resolve, reject) => {
      ws.once('open', () => resolve(new TestClient(ws)));
      ws.once('unexpected-response', (_req, res) => {
        reject(Object.assign(new Error(`upgrade refused with HTTP ${res.statusCode}`), { status: res.statusCode }));
        ws.terminate();
      });
      ws.once('error', reject);
    });
  }

  #receive(text: string): void {
    const parsed = parseServerMessage(text);
    if (!parsed.ok) {
      this.invalid.push(text);
      const error = new Error(`off-protocol message from the server (${parsed.reason}: ${parsed.detail}): ${text.slice(0, 200)}`);
      for (const waiter of this.#waiters.splice(0)) waiter.reject(error);
      return;
    }
    const waiter = this.#waiters.find((w) => w.match(parsed.message));
    if (waiter) {
      this.#waiters.splice(this.#waiters.indexOf(waiter), 1);
      waiter.resolve(parsed.message);
    } else {
      this.#inbox.push(parsed.message);
    }
  }

  #wait(match: (message: ServerMessage) => boolean, what: string, timeoutMs: number): Promise<ServerMessage> {
    const index = this.#inbox.findIndex(match);
    if (index >= 0) return Promise.resolve(this.#inbox.splice(index, 1)[0] as ServerMessage);
    if (this.invalid.length) return Promise.reject(new Error(`off-protocol message received: ${this.invalid[0]?.slice(0, 200)}`));
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.#waiters.splice(this.#waiters.indexOf(waiter), 1);
        const seen = this.#inbox.map((m) => m.type).join(', ') || 'nothing';
        reject(new Error(`timed out after ${timeoutMs} ms waiting for ${what} (unconsumed: ${seen})`));
      }, timeoutMs);
      const waiter: Waiter = {
        match,
        resolve: (message) => {
          clearTimeout(timer);
          resolve(message);
        },
        reject: (error) => {
          clearTimeout(timer);
          reject(error);
        },
      };
      this.#waiters.push(waiter);
    });
  }

  /** The next message of `type` (already received or still to come); other messages stay queued. */
  async next<T extends ServerType>(type: T, timeoutMs = DEFAULT_TIMEOUT_MS): Promise<ServerMessageOf<T>> {
    return (await this.#wait((m) => m.type === type, `"${type}"`, timeoutMs)) as ServerMessageOf<T>;
  }

  send(message: ClientMessage): void {
    this.#ws.send(JSON.stringify(message));
  }

  /** Sends text (or a binary frame) as is: for malformed input. */
  sendRaw(data: string | Buffer): void {
    this.#ws.send(data, { binary: Buffer.isBuffer(data) });
  }

  /** Sends `message` with a fresh rid and resolves with the reply (or error) carrying it. */
  request(message: WithoutRid<ClientMessage>, timeoutMs = DEFAULT_TIMEOUT_MS): Promise<ServerMessage> {
    const rid = `t${++ridCounter}`;
    const reply = this.#wait((m) => 'rid' in m && m.rid === rid, `the reply to ${message.type} (${rid})`, timeoutMs);
    this.send({ ...message, rid } as ClientMessage);
    return reply;
  }

  /** Like request, but fails the test unless the reply has type `type`. */
  async call<T extends ServerType>(message: WithoutRid<ClientMessage>, type: T): Promise<ServerMessageOf<T>> {
    const reply = await this.request(message);
    if (reply.type !== type) throw new Error(`expected ${type} in reply to ${message.type}, got ${JSON.stringify(reply)}`);
    return reply as ServerMessageOf<T>;
  }

  /** Like request, but fails the test unless the reply is an error with `reason`. */
  async refused(message: WithoutRid<ClientMessage>, reason: ErrorReason): Promise<ServerMessageOf<'error'>> {
    const reply = await this.request(message);
    if (reply.type !== 'error' || reply.reason !== reason) {
      throw new Error(`expected error ${reason} in reply to ${message.type}, got ${JSON.stringify(reply)}`);
    }
    return reply;
  }

  /**
   * A ping round trip. The server handles a socket's messages in order, so
   * anything it sent this socket before answering is in the inbox afterwards:
   * a test can then assert that nothing (else) arrived, without sleeping.
   */
  async settle(): Promise<ServerMessage[]> {
    await this.call({ type: 'ping' }, 'pong');
    return [...this.#inbox];
  }

  /** Like settle, but takes everything received so far out of the inbox: what comes after starts afresh. */
  async drain(): Promise<ServerMessage[]> {
    await this.settle();
    return this.#inbox.splice(0);
  }

  /** Messages received and not yet taken by next/request. */
  get unconsumed(): readonly ServerMessage[] {
    return this.#inbox;
  }

  get isOpen(): boolean {
    return this.#ws.readyState === WebSocket.OPEN;
  }

  async close(): Promise<void> {
    if (this.#ws.readyState !== WebSocket.CLOSED) this.#ws.close(1000, 'test done');
    await this.closed;
  }
}
