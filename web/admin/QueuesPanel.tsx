import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import type { AdminUser, Queue, WebacdSnapshot } from '../../src/shared/protocol/admin.ts';
import { useI18n, useT } from '../i18n.ts';
import { useAdmin } from './context.ts';
import { parseQueueName } from './forms.ts';
import { QueueCard } from './QueueCard.tsx';
import { AgentStates } from './QueueLive.tsx';
import { panelId } from '../../src/shared/ui/Tabs.tsx';
import { Alert, Status, TextField } from './ui.tsx';
import { useAction } from './use-action.ts';
import { useWebacdLive } from './use-webacd.ts';
import { liveSummary } from './webacd.ts';
import type { RowReport } from './UserRow.tsx';

/**
 * Queues tab: add a queue; per queue, who is waiting and its agents' states
 * (refreshed every 2 s while the tab is shown), its member agents (users with
 * the agent role) and Delete.
 */
export function QueuesPanel() {
  const { t, locale } = useI18n();
  const { api } = useAdmin();
  const live = useWebacdLive(api);
  const clock = useMemo(() => new Intl.DateTimeFormat(locale, { hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' }), [locale]);
  const [queues, setQueues] = useState<Queue[] | null>(null);
  const [agents, setAgents] = useState<AdminUser[]>([]);
  const [report, setReport] = useState<RowReport | null>(null);
  const load = useAction();
  const reload = () =>
    load.run(async () => {
      const [queueList, users] = await Promise.all([api.listQueues(), api.listUsers()]);
      setAgents(users.filter((user) => user.roles.includes('agent')));
      setQueues(queueList);
    });
  useEffect(() => void reload(), []);

  return (
    <>
      <AddQueueForm
        onAdded={(queue) => {
          setQueues((list) => [...(list ?? []), queue]);
          setReport({ done: t('admin_queue_added', { name: queue.name }) });
        }}
      />
      <Alert message={load.problem ? t(load.problem) : report?.problem ? t(report.problem) : null}>
        {load.problem && (
          <button type="button" class="button button-secondary button-small" onClick={() => void reload()}>
            {t('admin_btn_reload')}
          </button>
        )}
      </Alert>
      <Status message={report?.done ?? null} />
      {live.updatedAt !== null && <p class="muted">{t('admin_webacd_updated', { time: clock.format(live.updatedAt) })}</p>}
      {live.stale && <p class="notice notice-info">{t('admin_webacd_stale')}</p>}
      {/* Counts only: the same data gives the same text, which is not read out again. */}
      <p role="status" aria-live="polite" class="visually-hidden">
        {live.snapshot ? liveSummary(live.snapshot.queues, t) : ''}
      </p>
      {queues === null ? (
        !load.problem && <p class="muted">{t('loading')}</p>
      ) : queues.length === 0 ? (
        <p class="muted">{t('admin_queues_empty')}</p>
      ) : (
        <>
          {agents.length === 0 && <p class="notice notice-info">{t('admin_queue_no_agents')}</p>}
          <ul class="queue-list">
            {queues.map((queue) => (
              <li key={queue.id}>
                <QueueCard
                  queue={queue}
                  agents={agents}
                  live={liveOf(live.snapshot, queue.id)}
                  onSaved={(saved) => setQueues((list) => list?.map((q) => (q.id === saved.id ? saved : q)) ?? null)}
                  onDeleted={() => {
                    setQueues((list) => list?.filter((q) => q.id !== queue.id) ?? null);
                    // The card that had focus is gone: keep the keyboard in this panel.
                    requestAnimationFrame(() => document.getElementById(panelId('admin', 'queues'))?.focus());
                  }}
                  onReport={setReport}
                />
              </li>
            ))}
          </ul>
        </>
      )}
      {live.snapshot && live.snapshot.otherAgents.length > 0 && (
        <section class="card admin-card" aria-labelledby="other-agents-title">
          <h2 id="other-agents-title">{t('admin_webacd_other_agents')}</h2>
          <AgentStates agents={live.snapshot.otherAgents} labelledBy="other-agents-title" />
        </section>
      )}
    </>
  );
}

function liveOf(snapshot: WebacdSnapshot | null, queueId: string) {
  const queue = snapshot?.queues.find((q) => q.id === queueId);
  return snapshot && queue ? { queue, at: snapshot.at } : undefined;
}

function AddQueueForm({ onAdded }: { onAdded: (queue: Queue) => void }) {
  const t = useT();
  const { api } = useAdmin();
  const [name, setName] = useState('');
  const [error, setError] = useState<string | null>(null);
  const action = useAction('create_queue');
  const input = useRef<HTMLInputElement>(null);
  const submit = async (event: Event) => {
    event.preventDefault();
    const parsed = parseQueueName(name);
    if (!parsed.ok) {
      setError(t('admin_invalid_queue_name'));
      input.current?.focus();
      return;
    }
    setError(null);
    const outcome = await action.run(() => api.createQueue(parsed.value));
    if (outcome.ok) {
      setName('');
      onAdded(outcome.value);
    }
  };
  return (
    <section class="card admin-card" aria-labelledby="add-queue-title">
      <h2 id="add-queue-title">{t('admin_add_queue_title')}</h2>
      <form class="inline-form" onSubmit={submit} noValidate>
        <TextField id="new-queue-name" label={t('admin_field_queue_name')} value={name} onValue={setName} error={error} inputRef={input} maxLength={64} autoComplete="off" />
        <button type="submit" class="button button-primary" disabled={action.busy}>
          {t('admin_btn_add_queue')}
        </button>
      </form>
      <Alert message={action.problem ? t(action.problem) : null} />
    </section>
  );
}
