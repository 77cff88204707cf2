import { useState } from 'preact/hooks';
import type { DashboardState } from '../shared/protocol/runtime.ts';
import { formatSessionNumber } from '../shared/session-number.ts';
import { useConnector } from './context.ts';
import { t } from './i18n.ts';
import { joinMessage } from './invitation-text.ts';
import { ParticipantList } from './ParticipantList.tsx';
import { Notices } from './Notices.tsx';
import { ShareControls } from './ShareControls.tsx';
import { useAction } from './use-action.ts';

type Session = NonNullable<DashboardState['session']>;

export function SessionPanel({ session, canCaptureTab }: { session: Session; canCaptureTab: boolean }) {
  const connector = useConnector();
  const [copied, setCopied] = useState(false);
  const { busy, error, run } = useAction();
  const { info } = session;

  const copy = () =>
    void run(async () => {
      // A short message with the link and the number, ready to paste into a chat (S9).
      await connector.copyText(joinMessage(t, info));
      setCopied(true);
      setTimeout(() => setCopied(false), 2500);
    });

  return (
    <div class="session">
      <section class="card" aria-labelledby="number-label">
        <p id="number-label" class="muted">
          {t('session_number_label')}
        </p>
        <p class="number" aria-labelledby="number-label">
          {formatSessionNumber(info.number)}
        </p>
        <div class="row">
          <button type="button" onClick={copy} disabled={busy}>
            {t('btn_copy_join_link')}
          </button>
          <span role="status" class="muted">
            {copied ? t('join_link_copied') : ''}
          </span>
        </div>
        <label class="link">
          {t('join_link_label')}
          <input type="text" readOnly value={info.joinUrl} onFocus={(e) => e.currentTarget.select()} />
        </label>
      </section>
      <Notices notices={session.notices} />
      <ShareControls share={session.share} canCaptureTab={canCaptureTab} />
      <ParticipantList participants={session.participants} peers={session.peers} />
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
      <button
        type="button"
        class="danger"
        disabled={busy}
        onClick={() => void run(() => connector.send({ type: 'session.end' }))}
      >
        {t('btn_end_session')}
      </button>
    </div>
  );
}
