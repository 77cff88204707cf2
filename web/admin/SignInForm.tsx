import { useRef, useState } from 'preact/hooks';
import type { MessageKey } from '../../src/shared/i18n/index.ts';
import { Email } from '../../src/shared/protocol/common.ts';
import { useT } from '../i18n.ts';
import type { AuthSession, SignedOutReason } from './auth.ts';
import { Alert, Status, TextField } from './ui.tsx';
import { useAction } from './use-action.ts';

/** Why the admin is looking at the sign-in form, if it is not the first visit. */
const REASON_KEYS: Record<SignedOutReason, { key: MessageKey; tone: 'status' | 'alert' }> = {
  signed_out: { key: 'admin_signed_out', tone: 'status' },
  expired: { key: 'error_unauthenticated', tone: 'alert' },
  disabled: { key: 'error_disabled', tone: 'alert' },
  not_admin: { key: 'admin_not_admin', tone: 'alert' },
};

export function SignInForm({ session, reason }: { session: AuthSession; reason: SignedOutReason | null }) {
  const t = useT();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [tried, setTried] = useState(false);
  const emailInput = useRef<HTMLInputElement>(null);
  const passwordInput = useRef<HTMLInputElement>(null);
  const action = useAction('sign_in');
  const emailOk = Email.safeParse(email).success;
  const emailError = tried && !emailOk ? t('admin_invalid_email') : null;
  const passwordError = tried && password === '' ? t('admin_password_required') : null;

  const submit = async (event: Event) => {
    event.preventDefault();
    setTried(true);
    if (!emailOk) return emailInput.current?.focus();
    if (password === '') return passwordInput.current?.focus();
    // On success AdminPage swaps this form for the console; 'not_admin' comes back as the reason.
    const outcome = await action.run(() => session.signIn(email, password));
    if (!outcome.ok) passwordInput.current?.select();
  };

  const notice = reason && !action.problem ? REASON_KEYS[reason] : null;
  return (
    <div class="admin-signin">
      <h1>{t('admin_signin_title')}</h1>
      <p class="lead">{t('admin_signin_intro')}</p>
      <form class="form card" onSubmit={submit} noValidate>
        <TextField
          id="admin-email"
          label={t('field_email')}
          type="email"
          value={email}
          onValue={setEmail}
          error={emailError}
          autoComplete="username"
          inputRef={emailInput}
          maxLength={254}
        />
        <TextField
          id="admin-password"
          label={t('field_password')}
          type="password"
          value={password}
          onValue={setPassword}
          error={passwordError}
          autoComplete="current-password"
          inputRef={passwordInput}
        />
        <div class="form-actions">
          <button type="submit" class="button button-primary" disabled={action.busy}>
            {t('btn_sign_in')}
          </button>
        </div>
      </form>
      <Alert message={action.problem ? t(action.problem) : notice?.tone === 'alert' ? t(notice.key) : null} />
      <Status message={notice?.tone === 'status' ? t(notice.key) : null} />
    </div>
  );
}
