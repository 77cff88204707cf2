// The controlling rep's participant list (FEATURES.md S12–S14): every customer
// with their state (waiting in the lobby, connected, reconnecting, left) and
// connection quality in words; Support beside a connected customer's name,
// then View customer's screen for the one supported; Admit/Deny in the lobby.
// Assistants (S16) are listed too; the rep themself is not.
import type { MessageKey } from '../shared/i18n/index.ts';
import type { Participant } from '../shared/protocol/common.ts';
import type { DashboardSession, PeerQuality, PeerStatus } from '../shared/protocol/runtime.ts';
import { useConnector } from './context.ts';
import { t } from './i18n.ts';
import { customerState, listedParticipants, qualityParts, type CustomerState } from './participant-view.ts';
import { useAction } from './use-action.ts';

export function ParticipantList({ session }: { session: DashboardSession }) {
  const people = listedParticipants(session.participants);
  const someoneToSupport = people.some((p) => p.role === 'customer' && p.state === 'connected');
  const selected = people.find((p) => p.id === session.selectedId && p.state === 'connected');
  return (
    <section class="participants-section" aria-labelledby="participants-title">
      <h3 id="participants-title">{t('participants_title')}</h3>
      {people.length === 0 ? (
        <p class="muted">{t('participants_empty')}</p>
      ) : (
        <ul class="participants" aria-labelledby="participants-title">
          {people.map((p) => (
            <ParticipantRow key={p.id} participant={p} session={session} />
          ))}
        </ul>
      )}
      {someoneToSupport && !selected && <p class="muted small">{t('support_hint')}</p>}
    </section>
  );
}

function stateText(participant: Participant, state: CustomerState, peer: PeerStatus | undefined): string {
  const text = t(`participant_state_${state}` as MessageKey);
  // A connected customer's media link, in words, until it is up: "connected · media connected".
  return state === 'connected' && peer ? `${text} · ${t(`peer_status_${peer}` as MessageKey)}` : text;
}

function qualityText(quality: PeerQuality): string {
  const { level, rttMs, lossPct } = qualityParts(quality);
  const parts = [t(`quality_${level}` as MessageKey)];
  if (rttMs !== undefined) parts.push(t('quality_rtt', { ms: rttMs }));
  if (lossPct !== undefined) parts.push(t('quality_loss', { pct: lossPct }));
  return t('quality_label', { quality: parts.join(' · ') });
}

function ParticipantRow({ participant, session }: { participant: Participant; session: DashboardSession }) {
  const connector = useConnector();
  const { busy, error, run } = useAction();
  const { id, name, role } = participant;
  const peer = session.peers[id];
  const state = role === 'customer' ? customerState(participant, peer) : participant.state;
  const present = state === 'connected' || state === 'reconnecting';
  const isCustomer = role === 'customer';
  const selected = isCustomer && present && session.selectedId === id;
  const onStage = isCustomer && session.stage?.role === 'customer' && session.stage.participantId === id;
  const asked = session.screenRequest?.participantId === id;
  const quality = isCustomer && present ? session.quality[id] : undefined;

  return (
    <li class="participant" data-state={state} data-selected={selected ? 'true' : undefined}>
      <span class="name">
        {role === 'assistant' ? t('participant_with_role_assistant', { name }) : name}
        {selected && <span class="badge">{t('supporting')}</span>}
      </span>
      <span class="state">{stateText(participant, state, peer)}</span>
      {quality && (
        <span class="quality" data-level={quality.level}>
          <span class="bars" aria-hidden="true" />
          {qualityText(quality)}
        </span>
      )}
      {isCustomer && present && (
        <span class="row actions">
          <button
            type="button"
            class="support"
            disabled={busy}
            aria-pressed={selected}
            aria-label={t('support_label', { name })}
            onClick={() => void run(() => connector.send({ type: 'support.select', participantId: selected ? null : id }))}
          >
            {t('btn_support')}
          </button>
        </span>
      )}
      {participant.state === 'lobby' && isCustomer && (
        <span class="row actions">
          <button
            type="button"
            disabled={busy}
            aria-label={t('admit_label', { name })}
            onClick={() => void run(() => connector.send({ type: 'participant.admit', participantId: id }))}
          >
            {t('btn_admit')}
          </button>
          <button
            type="button"
            disabled={busy}
            aria-label={t('deny_label', { name })}
            onClick={() => void run(() => connector.send({ type: 'participant.deny', participantId: id }))}
          >
            {t('btn_deny')}
          </button>
        </span>
      )}
      {(onStage || (selected && present)) && (
        <div class="screen row">
          {onStage ? (
            <>
              <span class="live" role="status">
                <span class="dot" aria-hidden="true" />
                {t('screen_customer_sharing', { name })}
              </span>
              <button type="button" disabled={busy} onClick={() => void run(() => connector.send({ type: 'screen.stop' }))}>
                {t('btn_stop_viewing')}
              </button>
            </>
          ) : asked ? (
            <span role="status">{t('screen_request_pending', { name })}</span>
          ) : (
            <button
              type="button"
              disabled={busy || state !== 'connected'}
              onClick={() => void run(() => connector.send({ type: 'screen.request', participantId: id }))}
            >
              {t('btn_view_screen')}
            </button>
          )}
        </div>
      )}
      {error && (
        <span class="error" role="alert">
          {error}
        </span>
      )}
    </li>
  );
}
