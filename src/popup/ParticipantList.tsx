import type { MessageKey } from '../shared/i18n/index.ts';
import type { Participant } from '../shared/protocol/common.ts';
import type { PeerStatus } from '../shared/protocol/runtime.ts';
import { useConnector } from './context.ts';
import { t } from './i18n.ts';
import { useAction } from './use-action.ts';

interface Props {
  participants: Participant[];
  peers: Record<string, PeerStatus>;
}

/** The controlling rep's list: customers (admit/deny while they wait) and assistants (S16), never the rep themself. */
export function ParticipantList({ participants, peers }: Props) {
  const customers = participants.filter((p) => p.role !== 'controller' && p.state !== 'left');
  return (
    <section aria-labelledby="participants-title">
      <h3 id="participants-title">{t('participants_title')}</h3>
      {customers.length === 0 ? (
        <p class="muted">{t('participants_empty')}</p>
      ) : (
        <ul class="participants" aria-labelledby="participants-title">
          {customers.map((p) => (
            <ParticipantRow key={p.id} participant={p} peer={peers[p.id]} />
          ))}
        </ul>
      )}
    </section>
  );
}

function ParticipantRow({ participant, peer }: { participant: Participant; peer: PeerStatus | undefined }) {
  const connector = useConnector();
  const { busy, error, run } = useAction();
  const state = t(`participant_state_${participant.state}` as MessageKey);
  const media = participant.state === 'connected' && peer ? t(`peer_status_${peer}` as MessageKey) : undefined;
  return (
    <li class="participant" data-state={participant.state}>
      <span class="name">
        {participant.role === 'assistant' ? t('participant_with_role_assistant', { name: participant.name }) : participant.name}
      </span>
      <span class="state">
        {state}
        {media && ` · ${media}`}
      </span>
      {participant.state === 'lobby' && participant.role === 'customer' && (
        <span class="row">
          <button
            type="button"
            disabled={busy}
            aria-label={t('admit_label', { name: participant.name })}
            onClick={() => void run(() => connector.send({ type: 'participant.admit', participantId: participant.id }))}
          >
            {t('btn_admit')}
          </button>
          <button
            type="button"
            disabled={busy}
            aria-label={t('deny_label', { name: participant.name })}
            onClick={() => void run(() => connector.send({ type: 'participant.deny', participantId: participant.id }))}
          >
            {t('btn_deny')}
          </button>
        </span>
      )}
      {error && (
        <span class="error" role="alert">
          {error}
        </span>
      )}
    </li>
  );
}
