// One queue's live state on the Queues tab (issue #8): its waiting sessions in
// order and its member agents' states, in words. Not a live region itself:
// QueuesPanel's summary is, so the waiting times ticking do not get read out.
import type { WebacdAgent, WebacdQueue } from '../../src/shared/protocol/admin.ts';
import { formatSessionNumber } from '../../src/shared/session-number.ts';
import { useT } from '../i18n.ts';
import { placeOf, waitedFor } from './webacd.ts';

export function QueueLive({ queue, at, titleId }: { queue: WebacdQueue; at: number; titleId: string }) {
  const t = useT();
  const waitingId = `${titleId}-waiting`;
  const agentsId = `${titleId}-agents`;
  return (
    <div class="queue-live">
      <h4 id={waitingId}>{t('admin_webacd_waiting_title')}</h4>
      {queue.waiting.length === 0 ? (
        <p class="muted">{t('admin_webacd_no_one_waiting')}</p>
      ) : (
        <ol aria-labelledby={waitingId}>
          {queue.waiting.map((waiting, index) => (
            <li key={`${waiting.sessionNumber ?? 'held'}-${waiting.since}-${index}`}>
              <strong>{placeOf(waiting, t)}</strong>
              {waiting.sessionNumber && <> · {t('admin_webacd_session', { number: formatSessionNumber(waiting.sessionNumber) })}</>}
              <br />
              {waiting.customers.length ? t('admin_webacd_customers', { names: waiting.customers.join(', ') }) : t('admin_webacd_no_customers')}
              {' · '}
              {t('admin_webacd_from', { name: waiting.from || t('admin_webacd_unnamed') })}
              {' · '}
              {t('admin_webacd_waited', { time: waitedFor(at - waiting.since, t) })}
            </li>
          ))}
        </ol>
      )}
      <h4 id={agentsId}>{t('admin_webacd_agents_title')}</h4>
      {queue.agents.length === 0 ? <p class="muted">{t('admin_webacd_no_agents')}</p> : <AgentStates agents={queue.agents} labelledBy={agentsId} />}
    </div>
  );
}

export function AgentStates({ agents, labelledBy }: { agents: readonly WebacdAgent[]; labelledBy: string }) {
  const t = useT();
  return (
    <ul aria-labelledby={labelledBy}>
      {agents.map((agent) => (
        <li key={agent.userId}>
          {t('admin_webacd_agent_state', { name: agent.name || t('admin_webacd_unnamed'), status: t(`agent_presence_${agent.status}`) })}
        </li>
      ))}
    </ul>
  );
}
