// Bad input (issue #10): over 100,000 generated hostile messages against the
// real server on loopback — malformed JSON, non-objects, unknown types, wrong
// fields, extra fields, ids of other sessions, out-of-role messages, replayed
// and expired tokens, oversized and binary frames — from sockets of every
// kind. Zero crashes, zero state changes, every message answered with a typed
// error (or, rarely, a harmless legitimate reply, counted apart), and a real
// session still works afterwards. A second server at the default rate limit
// proves a flood is dropped by the limiter, not crashed.
//
// Deterministic: the generator is seeded (FUZZ_SEED=<n> to vary it; the seed
// is in every failure message). The figures printed at the end are the ones
// the README's reliability section reports.
//
// Expected state changes, and the only ones: the per-address look-up throttle
// of the fuzzing address (its job: random session numbers are guesses), and
// `session.lookup_failed` audit rows for the guesses it let through. Fuzzing
// sockets connect from 127.0.0.2, so the closing real session on 127.0.0.1 is
// not slowed by that throttle.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ErrorReason } from '../../src/shared/protocol/errors.ts';
import type { ServerMessage } from '../../src/shared/protocol/wire.ts';
import type { RateLimitOptions } from '../../signaling/ws/rate-limit.ts';
import { FUZZ_CATEGORIES, FuzzGenerator, type FuzzCategory, type FuzzFrame, type FuzzWorld, type SocketView } from '../helpers/fuzz-messages.ts';
import { ManualClock } from '../helpers/manual-clock.ts';
import { joinCustomer, startSession } from '../helpers/scenario.ts';
import { startTestServer, type TestServer } from '../helpers/server.ts';
import type { TestClient } from '../helpers/ws-client.ts';

const SEED = Number(process.env.FUZZ_SEED ?? 0x10f022);
const PER_SOCKET = 14_400; // × 7 sockets = 100,800 messages
const BATCH = 400;
const TOKEN_SOCKETS = 200;
const FUZZ_FROM = { localAddress: '127.0.0.2' };
/** Fuzzing sockets get every message answered; the default limit is tested on its own server below. */
const UNLIMITED: RateLimitOptions = { capacity: 1e12, refillPerSecond: 1e12, maxDrops: 1e12, notifyIntervalMs: 1000 };
/** The replies a valid, harmless message may get besides an error. */
const LEGIT_REPLIES = new Set<ServerMessage['type']>(['pong', 'agents.listed', 'ok']);

interface Figures {
  sent: Record<string, number>;
  reasons: Record<string, number>;
  legit: Record<string, number>;
  failures: string[];
}
const figures: Figures = { sent: {}, reasons: {}, legit: {}, failures: [] };
const bump = (counts: Record<string, number>, key: string, by = 1) => {
  counts[key] = (counts[key] ?? 0) + by;
};

const crashes: unknown[] = [];
const onCrash = (error: unknown) => crashes.push(error);

let server: TestServer;
let world: FuzzWorld;
const sockets: { name: string; client: TestClient; view: SocketView }[] = [];
let sessionIds: string[] = [];

/** A signed-in rep socket from the fuzzing address. */
async function repSocket(name: string): Promise<{ client: TestClient; userId: string }> {
  const email = `${name.toLowerCase().replace(/\W/g, '')}@fuzz.test`;
  const user = await server.createUser(email, 'fuzz password 1', name);
  const accessToken = await server.signIn(email, 'fuzz password 1');
  const client = await server.connect('extension', FUZZ_FROM);
  await client.call({ type: 'rep.hello', accessToken }, 'rep.welcome');
  return { client, userId: user.id };
}

async function customerSocket(number: string, joinToken: string): Promise<TestClient> {
  const client = await server.connect('site', FUZZ_FROM);
  await client.call({ type: 'customer.join', number, token: joinToken, name: 'Casey Customer' }, 'customer.joined');
  return client;
}

/** Everything the fuzz must not change. */
async function snapshot(target: TestServer, ids: string[]) {
  const { registry } = target.server;
  const sessions = ids.map((id) => {
    const s = registry.byId(id);
    return (
      s && {
        id,
        number: s.number,
        joinToken: s.joinToken,
        controller: [s.controllerUserId, s.controllerParticipantId, s.controllerName],
        kind: s.kind,
        sharing: s.sharing,
        stage: s.stage,
        selectedId: s.selectedId,
        screenRequest: s.screenRequest,
        participants: registry.listParticipants(id),
        assistants: [...s.assistantUsers],
      }
    );
  });
  await target.server.audit.flush();
  const audit: Record<string, number> = {};
  for await (const event of target.store.audit.all()) bump(audit, event.type);
  return {
    registrySize: registry.size,
    sessions,
    users: await target.store.users.list(),
    queues: await target.store.queues.list(),
    settings: await target.store.settings.get(),
    waiting: target.server.waiting(),
    audit,
  };
}

/** Checks one reply against the frame that caused it; returns a failure description or undefined. */
function judge(frame: FuzzFrame, reply: ServerMessage | undefined): string | undefined {
  if (!reply) return 'no reply';
  if (reply.type === 'error') {
    if (!ErrorReason.safeParse(reply.reason).success) return `untyped reason ${String(reply.reason)}`;
    if (reply.reason === 'internal') return 'internal error';
    // The server's parser must reach the same verdict as the generator's local parse.
    if (!frame.parsed.ok && reply.reason !== frame.parsed.reason) return `expected ${frame.parsed.reason}, got ${reply.reason}`;
    bump(figures.reasons, reply.reason);
    return undefined;
  }
  if (!frame.parsed.ok) return `a refused-by-schema message got ${reply.type}`;
  if (!LEGIT_REPLIES.has(reply.type)) return `valid message got a state-revealing reply ${reply.type}`;
  bump(figures.legit, `${frame.parsed.message.type} → ${reply.type}`);
  return undefined;
}

async function fuzz(name: string, client: TestClient, view: SocketView, seed: number, total: number): Promise<void> {
  const gen = new FuzzGenerator(seed, world);
  for (let sent = 0; sent < total; sent += BATCH) {
    const frames = Array.from({ length: Math.min(BATCH, total - sent) }, () => gen.frame(gen.category(), view));
    for (const frame of frames) {
      bump(figures.sent, frame.category);
      client.sendRaw(frame.data);
    }
    // The server answers a socket's messages in order, so after the ping round trip every reply is in.
    const replies = await client.drain();
    if (replies.length !== frames.length) {
      figures.failures.push(`${name} (seed ${seed}) batch at ${sent}: ${frames.length} sent, ${replies.length} replies: ${replies.slice(-3).map((r) => JSON.stringify(r)).join(' ')}`);
    }
    frames.forEach((frame, i) => {
      const failure = judge(frame, replies[i]);
      if (failure) {
        const data = typeof frame.data === 'string' ? frame.data.slice(0, 160) : `<binary ${frame.data.length}>`;
        figures.failures.push(`${name} (seed ${seed}) #${sent + i} ${frame.category}: ${failure}: ${data} → ${JSON.stringify(replies[i])?.slice(0, 200)}`);
      }
    });
  }
}

beforeAll(async () => {
  process.on('uncaughtException', onCrash);
  process.on('unhandledRejection', onCrash);
  server = await startTestServer({ rateLimit: UNLIMITED, quietErrors: true });

  const repA = await repSocket('Alex Controller');
  const a = await repA.client.call({ type: 'session.start' }, 'session.started');
  const customerA = await customerSocket(a.session.number, a.session.joinToken);
  const assistant = await repSocket('Bo Assistant');
  await assistant.client.call({ type: 'assistant.join', number: a.session.number }, 'assistant.joined');
  const repB = await repSocket('Dana Other');
  const b = await repB.client.call({ type: 'session.start' }, 'session.started');
  const customerB = await customerSocket(b.session.number, b.session.joinToken);
  const loose = await server.connect('site', FUZZ_FROM);
  const bare = await server.connect('none', FUZZ_FROM);

  sessionIds = [a.session.id, b.session.id];
  const { registry } = server.server;
  const view = (id: string) => {
    const s = registry.byId(id);
    if (!s) throw new Error(`no session ${id}`);
    return { id, number: s.number, joinToken: s.joinToken, participantIds: [...s.participants.keys()] };
  };

  // Access tokens that must not work: expired, revoked (signed out), a refresh
  // token posing as an access token, and never issued.
  const ttl = { accessMs: 60_000, refreshMs: 120_000 };
  const expired = await server.store.tokens.issue(repA.userId, ttl, Date.now() - 86_400_000);
  const signedOut = await server.store.tokens.issue(repA.userId, ttl, Date.now());
  await server.store.tokens.revoke(signedOut.accessToken);
  const live = await server.store.tokens.issue(repB.userId, ttl, Date.now());
  world = {
    sessions: [view(a.session.id), view(b.session.id)],
    staleAccessTokens: [expired.accessToken, signedOut.accessToken, live.refreshToken, 'A'.repeat(43), 'not-a-token-at-all-0123456789'],
  };

  sockets.push(
    { name: 'unauthenticated (site)', client: loose, view: { role: 'unauthenticated', controls: [], assists: [] } },
    { name: 'unauthenticated (no origin)', client: bare, view: { role: 'unauthenticated', controls: [], assists: [] } },
    { name: 'customer A', client: customerA, view: { role: 'customer', controls: [], assists: [], customerOf: a.session.id } },
    { name: 'controller A', client: repA.client, view: { role: 'controller', controls: [a.session.id], assists: [] } },
    { name: 'assistant A', client: assistant.client, view: { role: 'assistant', controls: [], assists: [a.session.id] } },
    { name: 'rep of session B', client: repB.client, view: { role: 'other_rep', controls: [b.session.id], assists: [] } },
    { name: 'customer B', client: customerB, view: { role: 'customer', controls: [], assists: [], customerOf: b.session.id } },
  );
  // Join notices from the set-up are not replies to the fuzz.
  for (const { client } of sockets) await client.drain();
}, 30_000);

afterAll(async () => {
  process.off('uncaughtException', onCrash);
  process.off('unhandledRejection', onCrash);
  await server?.stop();
});

describe('fuzzing the real server with bad input', () => {
  it(`answers ${7 * PER_SOCKET} generated messages with typed errors and changes nothing (seed ${SEED})`, async () => {
    const before = await snapshot(server, sessionIds);
    const started = performance.now();

    await Promise.all(sockets.map(({ name, client, view }, i) => fuzz(name, client, view, SEED + i, PER_SOCKET)));

    // Replayed, expired and made-up access tokens on fresh sockets: refused and closed (4401), a few at a time.
    const token = new FuzzGenerator(SEED + 99, world);
    for (let i = 0; i < TOKEN_SOCKETS; i += 20) {
      await Promise.all(
        Array.from({ length: Math.min(20, TOKEN_SOCKETS - i) }, async () => {
          const client = await server.connect('extension', FUZZ_FROM);
          client.sendRaw(JSON.stringify({ type: 'rep.hello', rid: 'tok', accessToken: token.rng.pick(world.staleAccessTokens) }));
          bump(figures.sent, 'replayed_tokens');
          const reply = await client.next('error');
          const { code } = await client.closed;
          if (reply.reason !== 'unauthenticated' || code !== 4401) figures.failures.push(`token socket: ${reply.reason}, close ${code}`);
          else bump(figures.reasons, reply.reason);
        }),
      );
    }
    const seconds = (performance.now() - started) / 1000;

    const after = await snapshot(server, sessionIds);
    const total = Object.values(figures.sent).reduce((sum, n) => sum + n, 0);
    console.log(
      [
        `fuzz (seed ${SEED}): ${total} messages to the real server in ${seconds.toFixed(1)} s (${Math.round(total / seconds)}/s)`,
        `  sent per category: ${FUZZ_CATEGORIES.map((c) => `${c} ${figures.sent[c] ?? 0}`).join(', ')}`,
        `  errors per reason: ${Object.entries(figures.reasons).sort((x, y) => y[1] - x[1]).map(([r, n]) => `${r} ${n}`).join(', ')}`,
        `  legitimate replies to valid harmless messages: ${Object.entries(figures.legit).map(([t, n]) => `${t} ${n}`).join(', ') || 'none'}`,
        `  audit rows added: ${JSON.stringify(Object.fromEntries(Object.entries(after.audit).map(([t, n]) => [t, n - (before.audit[t] ?? 0)]).filter(([, n]) => n !== 0)))}`,
      ].join('\n'),
    );

    expect(figures.failures.slice(0, 20), `seed ${SEED}`).toEqual([]);
    expect(total).toBeGreaterThanOrEqual(100_000);
    expect(crashes, `seed ${SEED}`).toEqual([]);
    expect(server.logs.filter((line) => line.startsWith('error:')), `seed ${SEED}`).toEqual([]);
    for (const { client } of sockets) {
      expect(client.invalid).toEqual([]);
      expect(client.isOpen).toBe(true);
    }
    // Nothing changed but the guesses the look-up throttle let through (see the header).
    const { audit: auditAfter, ...restAfter } = after;
    const { audit: auditBefore, ...restBefore } = before;
    expect(restAfter, `seed ${SEED}`).toEqual(restBefore);
    const { 'session.lookup_failed': guessed = 0, ...otherAfter } = auditAfter;
    const { 'session.lookup_failed': guessedBefore = 0, ...otherBefore } = auditBefore;
    expect(otherAfter).toEqual(otherBefore);
    // Five misses, then one per doubling wait: a handful in a minute, not thousands.
    expect(guessed - guessedBefore).toBeLessThanOrEqual(20);
  }, 120_000);

  it('still serves a real session afterwards: a rep starts, a customer joins, they exchange signals', async () => {
    const { rep, session } = await startSession(server, 'Real Rep');
    const { client: customer, joined } = await joinCustomer(server, session, { withToken: true, name: 'Real Customer' });
    expect(joined.state).toBe('connected');
    expect((await rep.next('participant.update')).participant).toMatchObject({ id: joined.participantId, state: 'connected' });

    const controller = server.server.registry.byId(session.id)?.controllerParticipantId ?? '';
    const offer = { kind: 'description', description: { type: 'offer', sdp: 'v=0\r\n' } } as const;
    rep.send({ type: 'signal', to: joined.participantId, payload: offer });
    expect(await customer.next('signal')).toEqual({ type: 'signal', from: controller, payload: offer });
    const answer = { kind: 'description', description: { type: 'answer', sdp: 'v=0\r\n' } } as const;
    customer.send({ type: 'signal', to: controller, payload: answer });
    expect(await rep.next('signal')).toEqual({ type: 'signal', from: joined.participantId, payload: answer });

    await rep.call({ type: 'session.end', sessionId: session.id }, 'session.ended');
    expect((await customer.next('session.ended')).reason).toBe('ended_by_rep');
    expect(crashes).toEqual([]);
  });
});

describe('a flood at the default rate limit', () => {
  it('answers the burst, drops the rest with one notice, and closes at 1000 drops — nothing else happens', async () => {
    // A frozen clock makes the bucket exact: 100 messages pass, every later one is a drop.
    const clock = new ManualClock();
    const limited = await startTestServer({ clock, config: { heartbeatMs: 0 }, quietErrors: true });
    try {
      const { session } = await startSession(limited, 'Flood Rep');
      const before = await snapshot(limited, [session.id]);
      const flooder = await limited.connect('site');
      const gen = new FuzzGenerator(SEED + 1000, {
        sessions: [{ id: session.id, number: session.number, joinToken: session.joinToken, participantIds: [] }],
        staleAccessTokens: ['B'.repeat(43)],
      });
      const view: SocketView = { role: 'unauthenticated', controls: [], assists: [] };
      const frames = Array.from({ length: 1050 }, () => gen.frame(gen.category(), view));
      for (const frame of frames) flooder.sendRaw(frame.data);

      // 100 replies, then the one rate_limited notice (queued behind them).
      const deadline = Date.now() + 5000;
      while (flooder.unconsumed.length < 101 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 10));
      const received = [...flooder.unconsumed];
      expect(received).toHaveLength(101);
      received.slice(0, 100).forEach((reply, i) => expect(judge(frames[i] as FuzzFrame, reply), `seed ${SEED + 1000} #${i}`).toBeUndefined());
      expect(received[100]).toEqual({ type: 'error', reason: 'rate_limited', message: 'too many messages; slow down' });

      // 950 dropped so far: 50 more make exactly 1000 drops, and the socket is closed (1008).
      for (const frame of frames.slice(0, 50)) flooder.sendRaw(frame.data);
      expect(await flooder.closed).toEqual({ code: 1008, reason: 'rate limit' });
      expect(flooder.unconsumed).toHaveLength(101);
      console.log(`rate limit (default): 1100 messages on one socket → 100 answered, 1000 dropped, 1 rate_limited notice, closed 1008`);

      // Look-up misses (random numbers among the flood's first 100) are audited; nothing else changes.
      const { audit: auditAfter, ...after } = await snapshot(limited, [session.id]);
      const { audit: auditBefore, ...rest } = before;
      expect(after).toEqual(rest);
      expect({ ...auditAfter, 'session.lookup_failed': 0 }).toEqual({ ...auditBefore, 'session.lookup_failed': 0 });
      expect(limited.logs.filter((line) => line.startsWith('error:'))).toEqual([]);
      const other = await limited.connect('site');
      await other.call({ type: 'ping' }, 'pong');
    } finally {
      await limited.stop();
    }
  });
});
