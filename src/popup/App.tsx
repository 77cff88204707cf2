import { useEffect, useState } from 'preact/hooks';
import type { MessageKey } from '../shared/i18n/index.ts';
import { errorKey } from '../shared/i18n/index.ts';
import type { DashboardState } from '../shared/protocol/runtime.ts';
import { AssistPanel } from './AssistPanel.tsx';
import { Availability } from './Availability.tsx';
import { useConnector, useDashboardState, useSurface } from './context.ts';
import { t } from './i18n.ts';
import { Sessions } from './Sessions.tsx';
import { Offers } from './Offers.tsx';
import { SignIn } from './SignIn.tsx';
import { StartScreen } from './StartScreen.tsx';
import { useAction } from './use-action.ts';

export function App() {
  const state = useDashboardState();
  useLeaveWarning(state);
  if (!state) return <p role="status">{t('loading')}</p>;
  return (
    <>
      <Header state={state} />
      <main>
        {state.auth.status === 'signed_out' ? (
          <>
            <LastError state={state} />
            <SignIn serverUrl={state.auth.serverUrl} />
          </>
        ) : (
          <Dashboard state={state} />
        )}
      </main>
    </>
  );
}

/**
 * Firefox: this page keeps the session's engine awake and holds a share it
 * captured (connector.desktopCaptureSite() === 'page'), so closing it by
 * mistake during a session gets the browser's "leave this page?" question.
 */
function useLeaveWarning(state: DashboardState | undefined): void {
  const connector = useConnector();
  const guard = connector.desktopCaptureSite() === 'page' && (state?.sessions.length ?? 0) > 0;
  useEffect(() => {
    if (!guard) return;
    const warn = (event: BeforeUnloadEvent) => event.preventDefault();
    window.addEventListener('beforeunload', warn);
    return () => window.removeEventListener('beforeunload', warn);
  }, [guard]);
}

function Header({ state }: { state: DashboardState }) {
  const connector = useConnector();
  const { busy, run } = useAction();
  return (
    <header class="top">
      <h1>{t('dashboard_title')}</h1>
      {/* WebACD agents only (issue #8, S21): on the start screen and in a session alike. */}
      {state.auth.status === 'signed_in' && state.agent && <Availability status={state.agent.status} />}
      <div class="row">
        <OpenSidePanel />
        <button type="button" class="link-button" onClick={() => connector.openOptions()}>
          {t('btn_open_options')}
        </button>
        {state.auth.status === 'signed_in' && (
          <button type="button" class="link-button" disabled={busy} onClick={() => void run(() => connector.send({ type: 'auth.signOut' }))}>
            {t('btn_sign_out')}
          </button>
        )}
      </div>
    </header>
  );
}

/**
 * The dashboard that stays open while the rep works in other tabs: Chrome's
 * side panel, Firefox's sidebar (issue #6). Not shown in the side panel itself.
 */
function OpenSidePanel() {
  const connector = useConnector();
  const surface = useSurface();
  const { error, run } = useAction();
  const kind = connector.sidePanelKind();
  if (surface === 'sidepanel' || !kind) return null;
  return (
    <>
      {/* Opened inside the click itself: both browsers refuse it outside a user gesture. */}
      <button type="button" class="link-button" onClick={() => void run(() => connector.openSidePanel())}>
        {t(kind === 'sidebar' ? 'btn_open_sidebar' : 'btn_open_side_panel')}
      </button>
      {error && (
        <span class="error small" role="alert">
          {error}
        </span>
      )}
    </>
  );
}

/** What went wrong while nobody was looking (session ended, account disabled…), until dismissed. */
function LastError({ state }: { state: DashboardState }) {
  const connector = useConnector();
  if (!state.lastError) return null;
  return (
    <div class="error" role="alert">
      <span>{t(errorKey(state.lastError.reason))}</span>
      <button type="button" class="link-button" onClick={() => void connector.send({ type: 'error.dismiss' })}>
        {t('btn_dismiss')}
      </button>
    </div>
  );
}

function Dashboard({ state }: { state: DashboardState }) {
  // "Send email invitation" was checked when this popup started the session (S2).
  const [inviteOnStart, setInviteOnStart] = useState(false);
  const user = state.auth.status === 'signed_in' ? state.auth.user : undefined;
  // Every session the rep controls; an older background may fill only `session`.
  const sessions = state.sessions.length > 0 ? state.sessions : state.session ? [state.session] : [];
  return (
    <>
      {/* Sessions offered to this WebACD agent come first, whatever else is on screen (issue #8, S25). */}
      <Offers offers={state.offers} />
      <p class="muted">{user && t('signed_in_as', { email: user.email })}</p>
      {(sessions.length > 0 || state.assisting) && (
        <p class="connection" data-status={state.connection} role="status">
          {t(`connection_${state.connection}` as MessageKey)}
        </p>
      )}
      <LastError state={state} />
      {sessions.length > 0 ? (
        <Sessions
          state={state}
          sessions={sessions}
          active={state.session}
          inviteOnStart={inviteOnStart}
          onInviteOnStartHandled={() => setInviteOnStart(false)}
        />
      ) : state.assisting ? (
        <AssistPanel assisting={state.assisting} />
      ) : (
        <StartScreen notice={state.startNotice} kinds={state.sessionKinds} onStarted={setInviteOnStart} />
      )}
    </>
  );
}
