// Where each live session is, in Redis (issue #11): its snapshot (what a node
// needs to take it over), which node owns it, and its number. Everything
// expires unless the owner renews it, so a session whose node died and whose
// rep never came back disappears by itself.
//
//   pa:sess:<id>   snapshot JSON            PX SESSION_TTL, renewed by the owner
//   pa:owner:<id>  owner node id            PX SESSION_TTL, renewed by the owner
//   pa:num:<n>     session id               PX SESSION_TTL; "r:<node>" while reserved
//
// Ownership: a node owns the sessions its reps start. When the owner's
// liveness key (bus.ts) is gone, the first node a member of the session
// reaches claims it in one Lua step (compare-and-set on pa:owner), loads the
// snapshot and becomes the owner; its rep then resumes there.
import type { Redis } from 'ioredis';
import { z } from 'zod';
import type { Logger } from '../log.ts';
import { newSessionNumber } from '../sessions/ids.ts';
import type { SessionSnapshot } from '../sessions/registry.ts';
import { SessionSnapshotSchema } from '../sessions/snapshot-schema.ts';
import { KEY } from './bus.ts';

const key = {
  session: (id: string) => `pa:sess:${id}`,
  owner: (id: string) => `pa:owner:${id}`,
  number: (n: string) => `pa:num:${n}`,
};

/** Numbers kept reserved ahead, so that starting a session (synchronous) never waits for Redis. */
const POOL_SIZE = 16;
const RESERVATION_MS = 10 * 60_000;

const Snapshot = SessionSnapshotSchema;

// Claim: take the session unless another live node owns it. Returns the owner after the call.
const CLAIM = `
local o = redis.call('GET', KEYS[1])
if o and o ~= ARGV[1] and redis.call('EXISTS', ARGV[3] .. o) == 1 then return o end
redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
return ARGV[1]`;

// Renew: write the snapshot, owner and number unless another node took the session over meanwhile.
const RENEW = `
local o = redis.call('GET', KEYS[1])
if o and o ~= ARGV[1] then return o end
redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
redis.call('SET', KEYS[2], ARGV[3], 'PX', ARGV[2])
redis.call('SET', KEYS[3], ARGV[4], 'PX', ARGV[2])
return ARGV[1]`;

// Forget: only the owner removes a session's keys.
const FORGET = `
local o = redis.call('GET', KEYS[1])
if o and o ~= ARGV[1] then return 0 end
redis.call('DEL', KEYS[1], KEYS[2])
if redis.call('GET', KEYS[3]) == ARGV[2] then redis.call('DEL', KEYS[3]) end
return 1`;

export interface Located {
  snapshot: SessionSnapshot;
  owner: string | null;
}

export class SessionDirectory {
  readonly #redis: Redis;
  readonly #nodeId: string;
  readonly #log: Logger;
  readonly #ttlMs: number;
  readonly #pool: string[] = [];
  #refilling = false;
  /** How many numbers the pool is filled up to: POOL_SIZE, or more while many sessions start at once. */
  #wanted = POOL_SIZE;

  constructor(redis: Redis, nodeId: string, log: Logger, repGraceMs: number) {
    this.#redis = redis;
    this.#nodeId = nodeId;
    this.#log = log;
    // Long enough for a rep to come back to another node after theirs died, and then some.
    this.#ttlMs = Math.max(repGraceMs, 10_000) + 30_000;
  }

  async start(): Promise<void> {
    await this.#refill();
  }

  /** A number reserved for this node; refilled in the background. Random (unreserved) only if Redis has been away for 16 starts. */
  drawNumber(): string {
    const number = this.#pool.pop();
    if (this.#pool.length < POOL_SIZE / 2) void this.#refill();
    if (number) return number;
    this.#log.warn('[cluster] no reserved session number left (Redis unreachable?): drawing one unreserved');
    return newSessionNumber();
  }

  /** Writes (or renews) a session this node owns; false when another node has taken it over. */
  async renew(snapshot: SessionSnapshot): Promise<boolean> {
    const owner = await this.#redis.eval(
      RENEW,
      3,
      key.owner(snapshot.id),
      key.session(snapshot.id),
      key.number(snapshot.number),
      this.#nodeId,
      String(this.#ttlMs),
      JSON.stringify(snapshot),
      snapshot.id,
    );
    return owner === this.#nodeId;
  }

  async forget(snapshot: Pick<SessionSnapshot, 'id' | 'number'>): Promise<void> {
    await this.#redis.eval(FORGET, 3, key.owner(snapshot.id), key.session(snapshot.id), key.number(snapshot.number), this.#nodeId, snapshot.id);
  }

  /**
   * The session with this number, or the node holding the number reserved (a
   * session with it may have started there a moment ago, its snapshot still on
   * its way), from one read: reading twice could miss the reservation turning
   * into the session between the reads.
   */
  async byNumber(number: string): Promise<Located | { reservedBy: string } | undefined> {
    const id = await this.#redis.get(key.number(number));
    if (!id) return undefined;
    if (id.startsWith('r:')) return { reservedBy: id.slice(2) };
    return this.byId(id);
  }

  async byId(id: string): Promise<Located | undefined> {
    const [raw, owner] = await this.#redis.mget(key.session(id), key.owner(id));
    if (!raw) return undefined;
    const parsed = Snapshot.safeParse(JSON.parse(raw));
    if (!parsed.success) {
      this.#log.warn(`[cluster] unreadable snapshot of ${id} ignored`);
      return undefined;
    }
    return { snapshot: parsed.data, owner: owner ?? null };
  }

  /** Takes the session over unless another live node owns it; resolves with the owner after the claim. */
  async claim(id: string): Promise<string> {
    return String(await this.#redis.eval(CLAIM, 1, key.owner(id), this.#nodeId, String(this.#ttlMs), KEY.alivePrefix));
  }

  /**
   * Resolves once `needed` reserved numbers are at hand: one for each
   * session.start being handled (each waits for this first). A session on an
   * unreserved number could not be found by other nodes until its snapshot
   * lands. Gives up after 5 s (Redis away): drawNumber then draws an
   * unreserved one, and says so.
   */
  async numberReady(needed: number): Promise<void> {
    this.#wanted = Math.max(POOL_SIZE, needed);
    for (let tries = 0; this.#pool.length < needed && tries < 250; tries++) {
      await this.#refill();
      if (this.#pool.length < needed) await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }

  async #refill(): Promise<void> {
    if (this.#refilling) return;
    this.#refilling = true;
    try {
      while (this.#pool.length < this.#wanted) {
        // One round trip for the whole shortfall (auto-pipelined).
        const numbers = Array.from({ length: this.#wanted - this.#pool.length }, () => newSessionNumber());
        const replies = await Promise.all(numbers.map((n) => this.#redis.set(key.number(n), `r:${this.#nodeId}`, 'PX', RESERVATION_MS, 'NX')));
        numbers.forEach((n, i) => {
          if (replies[i] === 'OK') this.#pool.push(n);
        });
      }
    } catch (error) {
      this.#log.warn(`[cluster] could not reserve session numbers: ${String(error)}`);
    } finally {
      this.#refilling = false;
    }
  }
}
