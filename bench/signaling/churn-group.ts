// The churn bench group: the load test's 1,000 sessions with customers
// churning (churn.ts) against PeerAssist's server in a process of its own, at
// its default rate limits. Its figures go to the README's reliability section.
import { Child } from '../lib/proc.ts';
import { CHURN_PLAN, QUICK_CHURN_PLAN, runChurn, type ChurnResult } from './churn.ts';
import type { ServerInfo } from './servers/common.ts';

export async function runChurnGroup(quick: boolean, log: (line: string) => void): Promise<ChurnResult> {
  const plan = quick ? QUICK_CHURN_PLAN : CHURN_PLAN;
  const server = await Child.start<ServerInfo>(new URL('./servers/peerassist.ts', import.meta.url));
  try {
    const tokens = await server.call<string[]>('makeReps', { count: plan.sessions });
    const result = await runChurn(server.info, tokens, plan, log);
    log(`churn: relayed ${result.delivered}/${result.sent}, lost ${result.lost}, misrouted ${result.misrouted}, p50 ${result.latencyMs.p50.toFixed(2)} ms, p99 ${result.latencyMs.p99.toFixed(2)} ms`);
    return result;
  } finally {
    await server.stop();
  }
}
