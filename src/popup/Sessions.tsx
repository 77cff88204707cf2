// Every session the rep controls (FEATURES.md S15): one customer per session
// in multi-session mode, each a session tab named by its number and its
// customer; choosing a tab supports that customer (session.activate), and the
// background ends every share of the previous one (S14). With a single
// several-customer session there are no tabs: the session view alone.
// Everything under the tabs is for the active session.
import { TabList, TabPanel } from '../shared/ui/Tabs.tsx';
import type { DashboardSession, DashboardState } from '../shared/protocol/runtime.ts';
import { useConnector } from './context.ts';
import { t } from './i18n.ts';
import { sessionTabLabel, showSessionTabs } from './participant-view.ts';
import { SessionView } from './SessionView.tsx';
import { useAction } from './use-action.ts';
import { useSwitchNotice } from './use-switch-notice.ts';

interface Props {
  state: DashboardState;
  sessions: readonly DashboardSession[];
  active: DashboardSession | null;
  inviteOnStart: boolean;
  onInviteOnStartHandled: () => void;
}

export function Sessions({ state, sessions, active, inviteOnStart, onInviteOnStartHandled }: Props) {
  const connector = useConnector();
  const { busy, error, run } = useAction();
  const switchNotice = useSwitchNotice(sessions, active);

  const view = (
    <>
      {switchNotice.shown && (
        <div class="notice" role="status">
          <span>{t('notice_shares_ended')}</span>
          <button type="button" class="link-button" onClick={switchNotice.dismiss}>
            {t('btn_dismiss')}
          </button>
        </div>
      )}
      {active ? (
        <SessionView session={active} state={state} inviteOnStart={inviteOnStart} onInviteOnStartHandled={onInviteOnStartHandled} />
      ) : (
        <p class="muted">{t('sessions_choose')}</p>
      )}
    </>
  );
  if (!showSessionTabs(sessions, active)) return view;

  const activeId = active?.info.id;
  const activate = (sessionId: string) => {
    if (sessionId !== activeId) void run(() => connector.send({ type: 'session.activate', sessionId }));
  };
  return (
    <div class="sessions">
      <div class="session-tabs-bar">
        <TabList
          base="sessions"
          class="session-tabs"
          manual
          label={t('session_tabs_label')}
          tabs={sessions.map((session) => {
            const { label, detail } = sessionTabLabel(session);
            const who = detail ?? t('session_tab_no_customer');
            // A session tab says when its chat has something unread (issue #9).
            const unread = session.chat?.unread ?? 0;
            return { id: session.info.id, label, detail: unread ? t('chat_session_tab_unread', { detail: who, count: unread }) : who };
          })}
          // Without an active session (a moment after one ended) the first tab keeps the list's tab stop.
          selected={activeId ?? sessions[0]?.info.id ?? ''}
          onSelect={activate}
        />
        {state.sessionKinds.includes('multi') && (
          <button
            type="button"
            class="new-session"
            disabled={busy}
            onClick={() => void run(() => connector.send({ type: 'session.start', kind: 'multi' }))}
          >
            {t('btn_new_session')}
          </button>
        )}
      </div>
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
      {sessions.map((session) => (
        <TabPanel key={session.info.id} base="sessions" id={session.info.id} selected={session.info.id === activeId} lazy>
          {session.info.id === activeId && view}
        </TabPanel>
      ))}
      {!active && view}
    </div>
  );
}
