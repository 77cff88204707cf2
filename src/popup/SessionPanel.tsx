import { useState } from 'preact/hooks';
import { CallControls } from './CallControls.tsx';
import type { DashboardSession, DashboardState } from '../shared/protocol/runtime.ts';
import { formatSessionNumber } from '../shared/session-number.ts';
import { useConnector } from './context.ts';
import { t } from './i18n.ts';
import { joinMessage } from './invitation-text.ts';
import { ParticipantList } from './ParticipantList.tsx';
import { HandoffStatus } from './HandoffStatus.tsx';
import { Notices } from './Notices.tsx';
import { ScreenViewer } from './ScreenViewer.tsx';
import { ShareControls } from './ShareControls.tsx';
import { TransferControl } from './TransferControl.tsx';
import { useAction } from './use-action.ts';

interface Props {
  session: DashboardSession;
  state: Pick<DashboardState, 'canCaptureTab' | 'canCaptureDesktop' | 'sharePrefs' | 'agent' | 'directory' | 'auth'>;
}

/**
 * The active session: its number and link, notices, the customer's screen,
 * sharing, participants, Transfer session ▾ (S19; S21–S25 for WebACD agents,
 * with where a pending transfer stands) and End session.
 */
export function SessionPanel({ session, state }: Props) {
  const connector = useConnector();
  const [copied, setCopied] = useState(false);
  const { busy, error, run } = useAction();
  const { info, stage } = session;

  const copy = () =>
    void run(async () => {
      // A short message with the link and the number, ready to paste into a chat (S9).
      await connector.copyText(joinMessage(t, info));
      setCopied(true);
      setTimeout(() => setCopied(false), 2500);
    });

  return (
    <div class="session-panel">
      <section class="card number-card" aria-labelledby="number-label">
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
      {/* Firefox's toolbar popup: the session runs in the background page only while a dashboard page keeps it awake. */}
      {connector.desktopCaptureSite() === 'tab' && (
        <p class="notice" role="status">
          <span>{t('session_keep_page_open')}</span>
          <button type="button" class="link-button" onClick={() => void run(() => connector.openDashboardTab())}>
            {t('btn_open_dashboard_tab')}
          </button>
        </p>
      )}
      <HandoffStatus session={session} directory={state.directory} />
      <Notices notices={session.notices} />
      {stage?.role === 'customer' && <ScreenViewer sessionId={info.id} name={stage.name} />}
      <ShareControls
        share={session.share}
        canCaptureTab={state.canCaptureTab}
        canCaptureDesktop={state.canCaptureDesktop}
        prefs={state.sharePrefs}
      />
      <CallControls session={session} />
      <ParticipantList session={session} />
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
      <div class="row session-actions">
        <TransferControl session={session} state={state} />
        <button
          type="button"
          class="danger end"
          disabled={busy}
          onClick={() => void run(() => connector.send({ type: 'session.end', sessionId: info.id }))}
        >
          {t('btn_end_session')}
        </button>
      </div>
    </div>
  );
}
