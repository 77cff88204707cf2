// Load with churn (issue #10): 1,000 concurrent sessions on one real server
// (its own process, SQLite store, default rate limits), customers joining and
// leaving all the time for 60 s, every relayed signal counted. Nothing may be
// lost, misrouted or duplicated, no client may be dropped, and no request may
// be refused. The figures (and the relay latency's p50/p99) are printed here;
// `npm run bench -- churn` measures the same load for the README.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { Child } from '../../bench/lib/proc.ts';
import { CHURN_PLAN, runChurn } from '../../bench/signaling/churn.ts';
import type { ServerInfo } from '../../bench/signaling/servers/common.ts';

let server: Child<ServerInfo>;

beforeAll(async () => {
  server = await Child.start<ServerInfo>(new URL('../../bench/signaling/servers/peerassist.ts', import.meta.url));
});
afterAll(async () => {
  await server?.stop();
});

it('holds 1,000 concurrent sessions with customers churning for 60 s: nothing lost, misrouted or duplicated', async () => {
  const tokens = await server.call<string[]>('makeReps', { count: CHURN_PLAN.sessions });
  const result = await runChurn(server.info, tokens, CHURN_PLAN, (line) => console.log(line));
  console.log(
    `churn: ${result.sessions} sessions, ${result.seconds} s, ${result.joins} joins / ${result.leaves} leaves, ` +
      `peak ${result.peakSockets} sockets; relayed ${result.delivered}/${result.sent}, lost ${result.lost}, ` +
      `misrouted ${result.misrouted}, duplicated ${result.duplicated}; latency p50 ${result.latencyMs.p50.toFixed(2)} ms, ` +
      `p99 ${result.latencyMs.p99.toFixed(2)} ms`,
  );
  expect(result.peakSockets).toBeGreaterThanOrEqual(CHURN_PLAN.sessions * 2 * 0.9);
  expect(result.joins).toBeGreaterThan(CHURN_PLAN.sessions * 5);
  expect(result.sent).toBeGreaterThan(50_000);
  expect({
    lost: result.lost,
    misrouted: result.misrouted,
    duplicated: result.duplicated,
    serverErrors: result.serverErrors,
    droppedSockets: result.droppedSockets,
  }).toEqual({ lost: 0, misrouted: 0, duplicated: 0, serverErrors: 0, droppedSockets: 0 });
  expect(result.delivered).toBe(result.sent);
});
