// A WebACD agent's availability (FEATURES.md S21, issue #8): Available, Busy
// or Away, in the dashboard's header so it is there on the start screen and in
// a session. A plain <select> (a named combobox): keyboard and screen readers
// get it for free. An agent at the customer limit counts as busy to others
// whatever they choose here (the server decides that).
import type { AgentStatus } from '../shared/protocol/runtime.ts';
import { useConnector } from './context.ts';
import { t } from './i18n.ts';
import { useAction } from './use-action.ts';

const STATUSES: readonly AgentStatus[] = ['available', 'busy', 'away'];

export function Availability({ status }: { status: AgentStatus }) {
  const connector = useConnector();
  const { error, run } = useAction();
  return (
    <div class="availability" data-status={status}>
      {/* A label beside the select (not around it), so the select's name is the label alone. */}
      <label for="agent-availability">{t('agent_availability_label')}</label>
      <select
        id="agent-availability"
        value={status}
        onChange={(event) => {
          const select = event.currentTarget;
          const next = select.value as AgentStatus;
          if (next === status) return;
          // Not disabled meanwhile (that would drop keyboard focus); if the background refuses, show what is in force again.
          void run(() => connector.send({ type: 'agent.status', status: next })).then((ok) => {
            if (!ok) select.value = status;
          });
        }}
      >
        {STATUSES.map((value) => (
          <option key={value} value={value}>
            {t(`agent_status_${value}`)}
          </option>
        ))}
      </select>
      {error && (
        <span class="error small" role="alert">
          {error}
        </span>
      )}
    </div>
  );
}
