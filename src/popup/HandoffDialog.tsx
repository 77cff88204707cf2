// Session → Transfer session ▾ → Transfer session (FEATURES.md S21–S25, issue
// #8): a WebACD agent offers the active session to one queue (Queue tab, a
// radio group) or to one or more agents (Agents tab, checkboxes with each
// agent's availability in words), with an optional private message of at most
// 345 characters that only the agents see. Opening it asks the background for
// the current queues and agents (agents.refresh → state.directory). Transfer
// sends session.handoff; the session view then shows where the transfer
// stands (HandoffStatus.tsx) until an agent accepts and the session leaves
// this dashboard.
//
// Like the Transfer control dialog (TransferControl.tsx): a <dialog> opened
// with showModal(), focus back on the menu button when it closes.
import { useState } from 'preact/hooks';
import { ModalDialog } from './ModalDialog.tsx';
import type { DashboardState } from '../shared/protocol/runtime.ts';
import { MAX_PRIVATE_MESSAGE } from '../shared/protocol/runtime.ts';
import { TabList, TabPanel } from '../shared/ui/Tabs.tsx';
import { useConnector } from './context.ts';
import { t } from './i18n.ts';
import { useAction } from './use-action.ts';
import { charactersLeft, handoffCommand, listedAgents, reachableChoice, toggleAgent, type HandoffTab } from './webacd.ts';

interface Props {
  directory: DashboardState['directory'];
  /** This rep's user id: they are not listed among the agents. */
  selfId: string | undefined;
  open: boolean;
  onClose: () => void;
  returnFocus: () => void;
}

const BASE = 'handoff';

export function HandoffDialog({ directory, selfId, open, onClose, returnFocus }: Props) {
  const connector = useConnector();
  const { busy, error, run, clearError } = useAction();
  const refresh = useAction();
  const [tab, setTab] = useState<HandoffTab>('queue');
  const [queueId, setQueueId] = useState<string>();
  const [picked, setPicked] = useState<string[]>([]);
  const [message, setMessage] = useState('');

  const agents = listedAgents(directory, selfId);
  const queues = directory?.queues ?? [];
  // A choice that went stale when the lists refreshed no longer counts.
  const chosenQueue = queues.some((q) => q.id === queueId) ? queueId : undefined;
  const userIds = reachableChoice(agents, picked);
  const left = charactersLeft(message);
  const command = handoffCommand({ tab, queueId: chosenQueue, userIds, message });


  const transfer = (event: Event) => {
    event.preventDefault();
    if (!command || busy) return;
    void run(() => connector.send(command)).then((ok) => ok && onClose());
  };

  const loading = directory === null && refresh.busy;
  return (
    <ModalDialog
      open={open}
      busy={busy}
      onOpen={() => {
        // Each opening starts afresh, with the lists as they are now.
        setTab('queue');
        setQueueId(undefined);
        setPicked([]);
        setMessage('');
        clearError();
        refresh.clearError();
        void refresh.run(() => connector.send({ type: 'agents.refresh' }));
      }}
      onClose={onClose}
      returnFocus={returnFocus}
      class="transfer-dialog handoff-dialog"
      labelledBy="handoff-dialog-title"
      describedBy="handoff-dialog-text"
    >
        <form onSubmit={transfer}>
          <h2 id="handoff-dialog-title">{t('handoff_dialog_title')}</h2>
          <p id="handoff-dialog-text" class="muted">
            {t('handoff_dialog_intro')}
          </p>
          {loading && <p role="status">{t('handoff_loading')}</p>}
          {refresh.error && (
            <p class="error" role="alert">
              {refresh.error}
            </p>
          )}
          <TabList
            base={BASE}
            label={t('handoff_tabs_label')}
            tabs={[
              { id: 'queue', label: t('handoff_tab_queue') },
              { id: 'agents', label: t('handoff_tab_agents') },
            ]}
            selected={tab}
            onSelect={setTab}
          />
          <TabPanel base={BASE} id="queue" selected={tab === 'queue'}>
            {queues.length === 0 ? (
              !loading && <p class="muted">{t('handoff_no_queues')}</p>
            ) : (
              <fieldset class="choices stacked" disabled={busy}>
                <legend>{t('handoff_queue_legend')}</legend>
                {queues.map((queue) => (
                  <label key={queue.id} class="check">
                    <input
                      type="radio"
                      name="handoff-queue"
                      value={queue.id}
                      checked={chosenQueue === queue.id}
                      onChange={() => setQueueId(queue.id)}
                    />
                    {queue.name}
                  </label>
                ))}
              </fieldset>
            )}
          </TabPanel>
          <TabPanel base={BASE} id="agents" selected={tab === 'agents'}>
            {agents.length === 0 ? (
              !loading && <p class="muted">{t('handoff_no_agents')}</p>
            ) : (
              <fieldset class="choices stacked" disabled={busy}>
                <legend>{t('handoff_agents_legend')}</legend>
                {agents.map((agent) => {
                  const statusId = `handoff-agent-${agent.userId}-status`;
                  return (
                    <div key={agent.userId} class="agent-choice" data-status={agent.status}>
                      {/* The checkbox is named by the agent alone; their availability describes it. */}
                      <label class="check">
                        <input
                          type="checkbox"
                          value={agent.userId}
                          checked={userIds.includes(agent.userId)}
                          disabled={agent.status === 'offline'}
                          aria-describedby={statusId}
                          onChange={(event) => setPicked(toggleAgent(userIds, agent.userId, event.currentTarget.checked))}
                        />
                        {agent.name}
                      </label>
                      <span id={statusId} class="agent-status">
                        {' — '}
                        {t(`agent_presence_${agent.status}`)}
                      </span>
                    </div>
                  );
                })}
              </fieldset>
            )}
          </TabPanel>
          <label class="handoff-message" for="handoff-message">
            {t('handoff_message_label')}
          </label>
          <textarea
            id="handoff-message"
            class="handoff-message-text"
            rows={4}
            value={message}
            disabled={busy}
            aria-describedby="handoff-message-hint handoff-message-left"
            aria-invalid={left < 0 ? 'true' : undefined}
            onInput={(event) => setMessage(event.currentTarget.value)}
          />
          <p id="handoff-message-hint" class="muted small">
            {t('handoff_message_hint')}
          </p>
          <p id="handoff-message-left" class={left < 0 ? 'error small' : 'muted small'} aria-live="polite" data-max={MAX_PRIVATE_MESSAGE}>
            {t('handoff_chars_left', { n: String(left) })}
          </p>
          {error && (
            <p class="error" role="alert">
              {error}
            </p>
          )}
          <div class="row dialog-actions">
            <button type="submit" class="primary" disabled={busy || !command}>
              {t('btn_transfer')}
            </button>
            <button type="button" disabled={busy} onClick={onClose}>
              {t('btn_cancel')}
            </button>
          </div>
        </form>
    </ModalDialog>
  );
}
