// The dashboard of a rep who assists another rep's session (FEATURES.md S16–S17):
// which session, who controls it, what is shared on its stage, who is in it,
// and Leave session. No control features: no share, no end, no invite, no
// admit, no transfer (the server refuses them too). A rep who passed control
// on (S20) lands here too, told so until control comes back.
import type { MessageKey } from '../shared/i18n/index.ts';
import type { Participant } from '../shared/protocol/common.ts';
import type { AssistSession } from '../shared/protocol/runtime.ts';
import { formatSessionNumber } from '../shared/session-number.ts';
import { useConnector } from './context.ts';
import { t } from './i18n.ts';
import { AssistCallStatus } from './AssistCallStatus.tsx';
import { ScreenViewer } from './ScreenViewer.tsx';
import { Chat } from './Chat.tsx';
import { AssistFiles } from './Files.tsx';
import { useAction } from './use-action.ts';

function label(participant: Participant, self: string): string {
  if (participant.id === self) return t('participant_you_assistant', { name: participant.name });
  return t(`participant_with_role_${participant.role}` as MessageKey, { name: participant.name });
}

export function AssistPanel({ assisting }: { assisting: AssistSession }) {
  const connector = useConnector();
  const { busy, error, run } = useAction();
  const people = assisting.participants.filter((p) => p.state !== 'left');
  return (
    <div class="session">
      <section class="card" aria-labelledby="assisting-title">
        <h2 id="assisting-title">
          {t('assisting_title', { number: formatSessionNumber(assisting.number), name: assisting.controllerName })}
        </h2>
        {assisting.passedTo !== null ? (
          <p class="passed-to" role="status">
            {t('assist_passed_to', { name: assisting.passedTo })}
          </p>
        ) : (
          <p class="muted">{t('assisting_note')}</p>
        )}
      </section>
      {/* The controller's stage, forwarded by the media context over the same viewer port as a controller's. */}
      {assisting.sharing && (
        <ScreenViewer
          sessionId={assisting.sessionId}
          name={assisting.controllerName}
          texts={{ section: t('assist_viewer_label'), video: t('assist_viewer_video_label'), waiting: t('assist_viewer_waiting') }}
        />
      )}
      <AssistCallStatus sessionId={assisting.sessionId} controllerName={assisting.controllerName} />
      <section aria-labelledby="participants-title">
        <h3 id="participants-title">{t('participants_title')}</h3>
        <ul class="participants" aria-labelledby="participants-title">
          {people.map((p) => (
            <li key={p.id} class="participant" data-role={p.role} data-state={p.state}>
              <span class="name">{label(p, assisting.participantId)}</span>
              <span class="state">{t(`participant_state_${p.state}` as MessageKey)}</span>
            </li>
          ))}
        </ul>
      </section>
      {/* Files to and from the controller, on this assistant's own link to them. */}
      <AssistFiles assisting={assisting} />
      {/* We stay in the session and follow its chat (S18), through the controller's hub. */}
      <Chat sessionId={assisting.sessionId} chat={assisting.chat} own={new Set([assisting.participantId])} />
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
      <button type="button" class="danger" disabled={busy} onClick={() => void run(() => connector.send({ type: 'assist.leave' }))}>
        {t('btn_leave')}
      </button>
    </div>
  );
}
