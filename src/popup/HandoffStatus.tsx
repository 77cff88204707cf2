// Where the active session's transfer stands (FEATURES.md S25, issue #8):
// offered to agents, or waiting in a queue at some place, with Cancel transfer
// (handoff.cancel). Once an agent accepts, the session leaves this dashboard.
import type { DashboardSession, DashboardState } from '../shared/protocol/runtime.ts';
import { useConnector } from './context.ts';
import { t } from './i18n.ts';
import { useAction } from './use-action.ts';
import { pendingHandoff, queueName } from './webacd.ts';

export function HandoffStatus({ session, directory }: { session: DashboardSession; directory: DashboardState['directory'] }) {
  const connector = useConnector();
  const { busy, error, run } = useAction();
  const handoff = pendingHandoff(session);
  if (!handoff) return null;
  const queue = queueName(directory, handoff.queueId) ?? t('handoff_queue_unnamed');
  const text =
    handoff.state === 'offered'
      ? t('handoff_offered')
      : handoff.position !== undefined
        ? t('handoff_queued', { queue, n: handoff.position })
        : t('handoff_queued_no_place', { queue });
  return (
    <section class="card handoff-status" data-state={handoff.state} aria-labelledby="handoff-status-text">
      <p id="handoff-status-text" role="status">
        {text}
      </p>
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
      <button type="button" disabled={busy} onClick={() => void run(() => connector.send({ type: 'handoff.cancel' }))}>
        {t('btn_cancel_transfer')}
      </button>
    </section>
  );
}
