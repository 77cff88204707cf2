import { useState } from 'preact/hooks';
import type { MessageKey } from '../shared/i18n/index.ts';
import { errorKey } from '../shared/i18n/index.ts';
import type { DashboardState } from '../shared/protocol/runtime.ts';
import { AssistPanel } from './AssistPanel.tsx';
import { useConnector, useDashboardState } from './context.ts';
import { t } from './i18n.ts';
import { SessionView } from './SessionView.tsx';
import { SignIn } from './SignIn.tsx';
import { StartScreen } from './StartScreen.tsx';
import { useAction } from './use-action.ts';

export function App() {
  const state = useDashboardState();
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

function Header({ state }: { state: DashboardState }) {
  const connector = useConnector();
  const { busy, run } = useAction();
  return (
    <header class="top">
      <h1>{t('dashboard_title')}</h1>
      <div class="row">
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
  return (
    <>
      <p class="muted">{user && t('signed_in_as', { email: user.email })}</p>
      {(state.session || state.assisting) && (
        <p class="connection" data-status={state.connection} role="status">
          {t(`connection_${state.connection}` as MessageKey)}
        </p>
      )}
      <LastError state={state} />
      {state.session ? (
        <SessionView
          session={state.session}
          state={state}
          inviteOnStart={inviteOnStart}
          onInviteOnStartHandled={() => setInviteOnStart(false)}
        />
      ) : state.assisting ? (
        <AssistPanel assisting={state.assisting} />
      ) : (
        <StartScreen notice={state.startNotice} onStarted={setInviteOnStart} />
      )}
    </>
  );
}
