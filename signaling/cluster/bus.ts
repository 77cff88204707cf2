// How server nodes talk through Redis (issue #11): each node reads its own
// inbox stream and one broadcast stream, and keeps a liveness key alive.
//
// Streams rather than pub/sub because of a Redis blip: a pub/sub message
// published while a subscriber's connection is down is gone, and a relayed
// ICE candidate or `customer.joined` lost that way leaves a call half set up.
// A stream keeps entries; the reader asks for everything after the last id it
// saw, so after ioredis reconnects it picks up exactly where it stopped, and
// writers' XADDs made during the blip wait in ioredis' offline queue and land
// after it. Streams are capped (MAXLEN ~) and an inbox expires a minute after
// its last write, so a node that is gone for good leaves nothing behind.
//
//   node A ──XADD pa:inbox:B──▶ Redis ──XREAD BLOCK (after last id)──▶ node B
//   node A ──XADD pa:bcast────▶ Redis ──XREAD BLOCK──▶ every node (ignores its own)
//   every node: SET pa:alive:<node> PX ALIVE_MS, renewed every ALIVE_MS / 3
import { Redis } from 'ioredis';
import { z } from 'zod';
import type { Logger } from '../log.ts';

export const KEY = {
  inbox: (node: string) => `pa:inbox:${node}`,
  broadcast: 'pa:bcast',
  alive: (node: string) => `pa:alive:${node}`,
  alivePrefix: 'pa:alive:',
};

/** A node missing its liveness key this long is gone; renewed three times as often. */
export const ALIVE_MS = 3000;
const STREAM_CAP = 10_000;
const INBOX_IDLE_MS = 60_000;
const READ_BLOCK_MS = 1000;

const OriginKind = z.enum(['extension', 'site', 'none']);

/** What nodes send each other. `from` is the sender's node id; `connId` names a socket on the node that holds it. */
export const Envelope = z.discriminatedUnion('t', [
  /** A client's frame, to the node that owns its session (relay.ts). */
  z.object({
    t: z.literal('frame'),
    from: z.string(),
    connId: z.string(),
    text: z.string(),
    ip: z.string().nullable(),
    originKind: OriginKind,
    userId: z.string().optional(),
  }),
  /** The socket behind earlier frames closed. */
  z.object({ t: z.literal('closed'), from: z.string(), connId: z.string() }),
  /** A server message for a socket on the receiving node. */
  z.object({ t: z.literal('deliver'), from: z.string(), connId: z.string(), message: z.record(z.string(), z.unknown()) }),
  /** Close that socket (a refusal that closes, a sign-out). */
  z.object({ t: z.literal('close'), from: z.string(), connId: z.string(), code: z.number(), reason: z.string() }),
  /** A server message for every socket of a user on the receiving node (WebACD offers). */
  z.object({ t: z.literal('to-user'), from: z.string(), userId: z.string(), message: z.record(z.string(), z.unknown()) }),
  /** Broadcast: an agent signed in (online) or their last socket here closed, and their status. */
  z.object({
    t: z.literal('agent'),
    from: z.string(),
    userId: z.string(),
    online: z.boolean(),
    status: z.enum(['available', 'busy', 'away']).optional(),
  }),
  /** Broadcast: a node started; the others announce their agents again. */
  z.object({ t: z.literal('hello'), from: z.string() }),
]);
export type Envelope = z.infer<typeof Envelope>;

export interface BusOptions {
  url: string;
  nodeId: string;
  log: Logger;
  onEnvelope: (envelope: Envelope) => void;
}

function connect(url: string, name: string): Redis {
  return new Redis(url, {
    connectionName: name,
    // During a blip commands wait for the reconnect instead of failing: a
    // relayed message is late, not lost.
    maxRetriesPerRequest: null,
    retryStrategy: (times) => Math.min(times * 100, 1000),
    lazyConnect: true,
    // Relayed messages sent in one tick go to Redis in one write.
    enableAutoPipelining: true,
  });
}

export class ClusterBus {
  readonly nodeId: string;
  /** Commands; the blocking reader has its own connection. */
  readonly redis: Redis;
  readonly #reader: Redis;
  readonly #options: BusOptions;
  #running = false;
  #reading: Promise<void> = Promise.resolve();
  #aliveTimer: NodeJS.Timeout | undefined;
  readonly #expirySetAt = new Map<string, number>();

  constructor(options: BusOptions) {
    this.#options = options;
    this.nodeId = options.nodeId;
    this.redis = connect(options.url, `peerassist-${options.nodeId}`);
    this.#reader = connect(options.url, `peerassist-${options.nodeId}-reader`);
    for (const client of [this.redis, this.#reader]) {
      client.on('error', (error: Error) => options.log.warn(`[cluster] redis: ${error.message}`));
    }
    // After a reconnect the liveness key is renewed at once, so no one takes this node for gone.
    this.redis.on('ready', () => void this.#renewAlive());
  }

  async start(): Promise<void> {
    await Promise.all([this.redis.connect(), this.#reader.connect()]);
    await this.#renewAlive();
    // Read from "now" in Redis' clock: entries left in an old inbox of the same node id are for sockets that are gone.
    const [seconds, micros] = await this.redis.time();
    const now = `${Number(seconds) * 1000 + Math.floor(Number(micros) / 1000)}-0`;
    this.#running = true;
    this.#reading = this.#readLoop(now, now);
    this.#aliveTimer = setInterval(() => void this.#renewAlive(), ALIVE_MS / 3);
    this.broadcast({ t: 'hello', from: this.nodeId });
  }

  /** Sends to one node's inbox. */
  send(node: string, envelope: Envelope): void {
    const key = KEY.inbox(node);
    this.redis
      .xadd(key, 'MAXLEN', '~', STREAM_CAP, '*', 'm', JSON.stringify(envelope))
      .catch((error: unknown) => this.#options.log.warn(`[cluster] could not send to ${node}: ${String(error)}`));
    // The inbox's expiry is pushed back at most once a second per inbox, not with every message.
    const now = Date.now();
    if ((this.#expirySetAt.get(key) ?? 0) + 1000 < now) {
      this.#expirySetAt.set(key, now);
      this.redis.pexpire(key, INBOX_IDLE_MS).catch(() => undefined);
    }
  }

  broadcast(envelope: Envelope): void {
    this.redis
      .xadd(KEY.broadcast, 'MAXLEN', '~', STREAM_CAP, '*', 'm', JSON.stringify(envelope))
      .catch((error: unknown) => this.#options.log.warn(`[cluster] could not broadcast: ${String(error)}`));
  }

  async isAlive(node: string): Promise<boolean> {
    if (node === this.nodeId) return true;
    return (await this.redis.exists(KEY.alive(node))) === 1;
  }

  /** Stops reading and drops the liveness key, so other nodes see this one gone at once. */
  async stop(): Promise<void> {
    this.#running = false;
    clearInterval(this.#aliveTimer);
    // The blocking read returns within READ_BLOCK_MS.
    await this.#reading;
    await this.redis.del(KEY.alive(this.nodeId)).catch(() => undefined);
    this.redis.disconnect();
    this.#reader.disconnect();
  }

  async #renewAlive(): Promise<void> {
    try {
      await this.redis.set(KEY.alive(this.nodeId), String(Date.now()), 'PX', ALIVE_MS);
    } catch (error) {
      this.#options.log.warn(`[cluster] could not renew liveness: ${String(error)}`);
    }
  }

  async #readLoop(inboxFrom: string, broadcastFrom: string): Promise<void> {
    let lastInbox = inboxFrom;
    let lastBroadcast = broadcastFrom;
    const inbox = KEY.inbox(this.nodeId);
    while (this.#running) {
      let result: [string, [string, string[]][]][] | null;
      try {
        result = (await this.#reader.xread('BLOCK', READ_BLOCK_MS, 'STREAMS', inbox, KEY.broadcast, lastInbox, lastBroadcast)) as typeof result;
      } catch (error) {
        if (!this.#running) return;
        this.#options.log.warn(`[cluster] read failed, retrying: ${String(error)}`);
        await new Promise((resolve) => setTimeout(resolve, 200));
        continue;
      }
      for (const [key, entries] of result ?? []) {
        for (const [id, fields] of entries) {
          if (key === inbox) lastInbox = id;
          else lastBroadcast = id;
          this.#receive(fields);
        }
      }
    }
  }

  #receive(fields: string[]): void {
    const text = fields[fields.indexOf('m') + 1];
    let parsed: ReturnType<typeof Envelope.safeParse>;
    try {
      parsed = Envelope.safeParse(JSON.parse(text ?? ''));
    } catch {
      this.#options.log.warn('[cluster] unreadable envelope dropped');
      return;
    }
    if (!parsed.success) {
      this.#options.log.warn(`[cluster] malformed envelope dropped: ${parsed.error.issues[0]?.message ?? ''}`);
      return;
    }
    if (parsed.data.from === this.nodeId) return;
    try {
      this.#options.onEnvelope(parsed.data);
    } catch (error) {
      this.#options.log.error('[cluster] envelope handling failed', error);
    }
  }
}
