// Options: the server address. Stored where the background reads it
// (RepStore's storage.local entry), through the background itself so there is
// one writer; changing it signs the rep out of the old server.
import '../shared/zod-jitless.ts';
import { render } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { RuntimeConnector } from '../popup/connector.ts';
import { ConnectorContext, useConnector, useDashboardState } from '../popup/context.ts';
import { t } from '../popup/i18n.ts';
import { useAction } from '../popup/use-action.ts';
import '../popup/popup.css';

function Options() {
  const connector = useConnector();
  const state = useDashboardState();
  const [server, setServer] = useState('');
  const [saved, setSaved] = useState(false);
  const { busy, error, run } = useAction();
  useEffect(() => {
    if (state && !server) setServer(state.auth.serverUrl);
  }, [state]);

  const submit = (event: Event) => {
    event.preventDefault();
    setSaved(false);
    void run(() => connector.send({ type: 'settings.setServer', serverUrl: server.trim() })).then((ok) => setSaved(ok));
  };

  return (
    <main>
      <h1>{t('options_title')}</h1>
      <form class="card" onSubmit={submit}>
        <label>
          {t('field_server')}
          <input type="url" required value={server} aria-describedby="server-help" onInput={(e) => setServer(e.currentTarget.value)} />
        </label>
        <p id="server-help" class="muted">
          {t('options_server_help')}
        </p>
        {error && (
          <p class="error" role="alert">
            {error}
          </p>
        )}
        <div class="row">
          <button type="submit" class="primary" disabled={busy}>
            {t('btn_save')}
          </button>
          <span role="status">{saved ? t('saved') : ''}</span>
        </div>
      </form>
    </main>
  );
}

document.documentElement.lang = chrome.i18n.getUILanguage().startsWith('ko') ? 'ko' : 'en';
document.title = t('options_title');
const root = document.getElementById('app');
if (root) {
  render(
    <ConnectorContext.Provider value={new RuntimeConnector()}>
      <Options />
    </ConnectorContext.Provider>,
    root,
  );
}
