// What a signed-in rep sees between sessions: Start session, with "Send email
// invitation" (FEATURES.md S2) and, for a rep whose settings allow both, the
// session mode (S1, S11, S15); and Join as assistant by number (S16).
import { useState } from 'preact/hooks';
import type { MessageKey } from '../shared/i18n/index.ts';
import { SessionNumber } from '../shared/protocol/common.ts';
import type { StartNotice } from '../shared/protocol/runtime.ts';
import type { SessionKind } from '../shared/protocol/settings.ts';
import { formatSessionNumber, normalizeSessionNumber } from '../shared/session-number.ts';
import { useConnector } from './context.ts';
import { t } from './i18n.ts';
import { useAction } from './use-action.ts';

interface Props {
  notice: StartNotice | null;
  /** The kinds of session this rep may start (the site's and the user's session mode). */
  kinds: readonly SessionKind[];
  onStarted: (withInvitation: boolean) => void;
}

export function StartScreen({ notice, kinds, onStarted }: Props) {
  return (
    <>
      {notice && <StartNoticeLine notice={notice} />}
      <StartCard kinds={kinds} onStarted={onStarted} />
      <JoinAsAssistant />
    </>
  );
}

function StartNoticeLine({ notice }: { notice: StartNotice }) {
  const connector = useConnector();
  return (
    <div class="notice" role="status">
      <span>{t(`assist_ended_${notice.reason}` as MessageKey, { number: formatSessionNumber(notice.number) })}</span>
      <button type="button" class="link-button" onClick={() => void connector.send({ type: 'startNotice.dismiss' })}>
        {t('btn_dismiss')}
      </button>
    </div>
  );
}

function StartCard({ kinds, onStarted }: Omit<Props, 'notice'>) {
  const connector = useConnector();
  const [invite, setInvite] = useState(false);
  const [chosen, setChosen] = useState<SessionKind>();
  const { busy, error, run } = useAction();
  // The choice stands only while it is allowed (the site's setting may change under an open popup).
  const kind = chosen && kinds.includes(chosen) ? chosen : (kinds[0] ?? 'single');
  const start = () =>
    void run(async () => {
      await connector.send({ type: 'session.start', kind });
      onStarted(invite);
    });
  return (
    <div class="card">
      {kinds.length > 1 && (
        <fieldset class="choices stacked">
          <legend>{t('start_kind_label')}</legend>
          {kinds.map((value) => (
            <label key={value} class="check">
              <input type="radio" name="session-kind" value={value} checked={kind === value} onChange={() => setChosen(value)} />
              {t(value === 'single' ? 'start_kind_single' : 'start_kind_multi')}
            </label>
          ))}
        </fieldset>
      )}
      <label class="check">
        <input type="checkbox" checked={invite} onChange={(e) => setInvite(e.currentTarget.checked)} />
        {t('start_send_invitation')}
      </label>
      <button type="button" class="primary big" disabled={busy} onClick={start}>
        {t('btn_start_session')}
      </button>
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
    </div>
  );
}

function JoinAsAssistant() {
  const connector = useConnector();
  const [number, setNumber] = useState('');
  const [invalid, setInvalid] = useState(false);
  const { busy, error, run } = useAction();
  const submit = (event: Event) => {
    event.preventDefault();
    const parsed = SessionNumber.safeParse(normalizeSessionNumber(number.normalize('NFKC').trim()));
    setInvalid(!parsed.success);
    if (parsed.success) void run(() => connector.send({ type: 'assist.join', number: parsed.data }));
  };
  return (
    <form class="card" onSubmit={submit} noValidate aria-labelledby="assist-title">
      <h2 id="assist-title">{t('join_assist_title')}</h2>
      <p class="muted">{t('join_assist_intro')}</p>
      <label>
        {t('field_session_number')}
        <input
          type="text"
          inputMode="numeric"
          autocomplete="off"
          maxLength={20}
          value={number}
          aria-invalid={invalid ? 'true' : undefined}
          aria-describedby={invalid ? 'assist-number-error' : undefined}
          onInput={(e) => setNumber(e.currentTarget.value)}
        />
        {invalid && (
          <span id="assist-number-error" class="error">
            {t('invalid_session_number')}
          </span>
        )}
      </label>
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
      <button type="submit" disabled={busy}>
        {t('btn_join_as_assistant')}
      </button>
    </form>
  );
}
