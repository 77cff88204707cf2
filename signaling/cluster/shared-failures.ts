// Failed sign-ins and failed session-number look-ups counted across nodes
// (issue #11): one sorted set per key, scored by the failure's time, expiring
// a window after its last failure. The throttles (auth/sign-in-throttle.ts)
// keep deciding synchronously from their own copy; sync() refreshes that copy
// from here first. Redis answering slowly (a blip) must not hold a sign-in up:
// after LOAD_TIMEOUT_MS the node decides on what it counted itself.
import type { Redis } from 'ioredis';
import type { FailureMirror } from '../auth/sign-in-throttle.ts';
import type { Logger } from '../log.ts';

const LOAD_TIMEOUT_MS = 500;

export class RedisFailures implements FailureMirror {
  readonly #redis: Redis;
  readonly #nodeId: string;
  readonly #prefix: string;
  readonly #windowMs: number;
  readonly #log: Logger;
  #seq = 0;

  constructor(redis: Redis, options: { nodeId: string; prefix: string; windowMs: number; log: Logger }) {
    this.#redis = redis;
    this.#nodeId = options.nodeId;
    this.#prefix = options.prefix;
    this.#windowMs = options.windowMs;
    this.#log = options.log;
  }

  add(keys: readonly string[], at: number): string {
    const member = `${at}:${this.#nodeId}:${++this.#seq}`;
    const batch = this.#redis.multi();
    for (const key of keys) batch.zadd(this.#prefix + key, at, member).pexpire(this.#prefix + key, this.#windowMs);
    batch.exec().catch((error: unknown) => this.#log.warn(`[cluster] could not share a failure: ${String(error)}`));
    return member;
  }

  remove(keys: readonly string[], member: string): void {
    for (const key of keys) this.#redis.zrem(this.#prefix + key, member).catch(() => undefined);
  }

  clear(key: string): void {
    this.#redis.del(this.#prefix + key).catch(() => undefined);
  }

  async load(keys: readonly string[], since: number): Promise<Map<string, number[]> | undefined> {
    const batch = this.#redis.multi();
    for (const key of keys) batch.zrangebyscore(this.#prefix + key, since, '+inf', 'WITHSCORES');
    const timeout = new Promise<undefined>((resolve) => setTimeout(() => resolve(undefined), LOAD_TIMEOUT_MS).unref());
    const results = await Promise.race([batch.exec().catch(() => null), timeout]);
    if (!results) return undefined;
    const shared = new Map<string, number[]>();
    keys.forEach((key, i) => {
      const [error, reply] = results[i] ?? [null, []];
      if (error || !Array.isArray(reply)) return;
      const times: number[] = [];
      // WITHSCORES: member, score, member, score…
      for (let j = 1; j < reply.length; j += 2) times.push(Number(reply[j]));
      shared.set(key, times);
    });
    return shared;
  }
}
