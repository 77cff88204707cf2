import { useEffect, useRef, useState } from 'preact/hooks';
import type { AdminUser, Queue, WebacdQueue } from '../../src/shared/protocol/admin.ts';
import { useT } from '../i18n.ts';
import { useAdmin } from './context.ts';
import { problemKey } from './problems.ts';
import { QueueLive } from './QueueLive.tsx';
import { Choice } from './ui.tsx';
import type { RowReport } from './UserRow.tsx';

/**
 * One queue: who is waiting and its agents' states (live, when known), its
 * member agents as checkboxes (Save members) and Delete, which asks once more
 * in place (focus on Cancel, the harmless choice).
 */
export function QueueCard(props: {
  queue: Queue;
  agents: AdminUser[];
  /** The queue's live state and the server's time it was read at (GET /api/admin/webacd); undefined until known. */
  live?: { queue: WebacdQueue; at: number } | undefined;
  onSaved: (queue: Queue) => void;
  onDeleted: () => void;
  onReport: (report: RowReport) => void;
}) {
  const { queue, agents, onReport } = props;
  const t = useT();
  const { api } = useAdmin();
  // Members who lost the agent role are not offered (the server refuses them): saving drops them.
  const [members, setMembers] = useState<string[]>(() => queue.agentIds.filter((id) => agents.some((a) => a.id === id)));
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  const deleteButton = useRef<HTMLButtonElement>(null);
  const cancelButton = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    if (confirming) cancelButton.current?.focus();
  }, [confirming]);
  const titleId = `queue-${queue.id}-title`;

  async function act(action: () => Promise<void>): Promise<void> {
    setBusy(true);
    try {
      await action();
    } catch (error) {
      onReport({ problem: problemKey(error) });
    } finally {
      setBusy(false);
    }
  }

  const save = (event: Event) => {
    event.preventDefault();
    void act(async () => {
      const saved = await api.setQueueAgents(queue.id, members);
      props.onSaved(saved);
      onReport({ done: t('admin_queue_saved', { name: saved.name }) });
    });
  };
  const remove = () =>
    act(async () => {
      await api.deleteQueue(queue.id);
      onReport({ done: t('admin_queue_deleted', { name: queue.name }) });
      props.onDeleted();
    });

  return (
    <section class="card queue-card" aria-labelledby={titleId}>
      <div class="queue-head">
        <h3 id={titleId}>{queue.name}</h3>
        <span class="muted">{t('admin_queue_member_count', { count: queue.agentIds.length })}</span>
      </div>
      {props.live && <QueueLive queue={props.live.queue} at={props.live.at} titleId={titleId} />}
      <form onSubmit={save} noValidate>
        {agents.length > 0 && (
          <fieldset class="choices">
            <legend>{t('admin_queue_members', { name: queue.name })}</legend>
            <div class="choices-grid">
              {agents.map((agent) => (
                <Choice
                  key={agent.id}
                  id={`queue-${queue.id}-agent-${agent.id}`}
                  label={
                    <>
                      {agent.name} <span class="muted">({agent.email})</span>
                      {agent.disabled && <span class="muted"> – {t('admin_user_disabled')}</span>}
                    </>
                  }
                  checked={members.includes(agent.id)}
                  onChange={(on) => setMembers(on ? [...members, agent.id] : members.filter((id) => id !== agent.id))}
                />
              ))}
            </div>
          </fieldset>
        )}
        <div class="form-actions">
          {agents.length > 0 && (
            <button type="submit" class="button button-primary button-small" disabled={busy} aria-label={t('admin_save_members_of', { name: queue.name })}>
              {t('admin_btn_save_members')}
            </button>
          )}
          {!confirming && (
            <button
              ref={deleteButton}
              type="button"
              class="button button-danger button-small"
              disabled={busy}
              aria-label={t('admin_delete_queue_named', { name: queue.name })}
              onClick={() => setConfirming(true)}
            >
              {t('admin_btn_delete_queue')}
            </button>
          )}
        </div>
      </form>
      {confirming && (
        <div class="confirm" role="group" aria-labelledby={`${titleId}-confirm`}>
          <p id={`${titleId}-confirm`}>{t('admin_confirm_delete_queue', { name: queue.name })}</p>
          <div class="row-actions">
            <button type="button" class="button button-danger button-small" disabled={busy} onClick={() => void remove()}>
              {t('admin_btn_confirm_delete')}
            </button>
            <button
              ref={cancelButton}
              type="button"
              class="button button-secondary button-small"
              onClick={() => {
                setConfirming(false);
                requestAnimationFrame(() => deleteButton.current?.focus());
              }}
            >
              {t('admin_btn_cancel')}
            </button>
          </div>
        </div>
      )}
    </section>
  );
}
