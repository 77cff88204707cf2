import { useState } from 'preact/hooks';
import { useConnector } from './context.ts';
import { t } from './i18n.ts';
import { useAction } from './use-action.ts';

export function SignIn({ serverUrl }: { serverUrl: string }) {
  const connector = useConnector();
  const [server, setServer] = useState(serverUrl);
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const { busy, error, run } = useAction();

  const submit = (event: Event) => {
    event.preventDefault();
    // First thing in the click (a user gesture): the support site's Support
    // session page needs the extension on this server; no prompt when it is
    // already allowed (127.0.0.1, localhost). Signing in does not wait for it.
    void connector.requestHostPermission(server.trim());
    void run(() => connector.send({ type: 'auth.signIn', serverUrl: server.trim(), email: email.trim(), password }));
  };

  return (
    <form class="card" onSubmit={submit} aria-labelledby="signin-title">
      <h2 id="signin-title">{t('signin_title')}</h2>
      <label>
        {t('field_server')}
        <input type="url" required value={server} onInput={(e) => setServer(e.currentTarget.value)} />
      </label>
      <label>
        {t('field_email')}
        <input type="email" required autocomplete="username" value={email} onInput={(e) => setEmail(e.currentTarget.value)} />
      </label>
      <label>
        {t('field_password')}
        <input
          type="password"
          required
          autocomplete="current-password"
          value={password}
          onInput={(e) => setPassword(e.currentTarget.value)}
        />
      </label>
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
      <button type="submit" class="primary" disabled={busy}>
        {t('btn_sign_in')}
      </button>
    </form>
  );
}
