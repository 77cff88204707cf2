import type { MessageKey } from '../shared/i18n/index.ts';
import { errorKey } from '../shared/i18n/index.ts';
import type { DashboardState } from '../shared/protocol/runtime.ts';
import { useConnector, useDashboardState } from './context.ts';
import { t } from './i18n.ts';
import { SessionPanel } from './SessionPanel.tsx';
import { SignIn } from './SignIn.tsx';
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
  const connector = useConnector();
  const { busy, error, run } = useAction();
  const user = state.auth.status === 'signed_in' ? state.auth.user : undefined;
  return (
    <>
      <p class="muted">{user && t('signed_in_as', { email: user.email })}</p>
      {state.session && (
        <p class="connection" data-status={state.connection} role="status">
          {t(`connection_${state.connection}` as MessageKey)}
        </p>
      )}
      <LastError state={state} />
      {state.session ? (
        <SessionPanel session={state.session} canCaptureTab={state.canCaptureTab} />
      ) : (
        <div class="card">
          <button type="button" class="primary big" disabled={busy} onClick={() => void run(() => connector.send({ type: 'session.start' }))}>
            {t('btn_start_session')}
          </button>
          {error && (
            <p class="error" role="alert">
              {error}
            </p>
          )}
        </div>
      )}
    </>
  );
}
