// The in-place editors of a user row: roles (checkboxes) and a new password
// (typed, or left empty for the server to make one up). Escape cancels both.
import { useEffect, useRef, useState } from 'preact/hooks';
import type { AdminUser } from '../../src/shared/protocol/admin.ts';
import { Role } from '../../src/shared/protocol/common.ts';
import { useT } from '../i18n.ts';
import { parseNewPassword, toggleRole } from './forms.ts';
import { ROLE_KEYS } from './labels.ts';
import { Choice, FieldError, TextField } from './ui.tsx';

export function RolesEditor({ user, busy, onSave, onCancel }: { user: AdminUser; busy: boolean; onSave: (roles: Role[]) => void; onCancel: () => void }) {
  const t = useT();
  const [roles, setRoles] = useState<Role[]>(user.roles);
  const [tried, setTried] = useState(false);
  const first = useRef<HTMLDivElement>(null);
  useEffect(() => first.current?.querySelector('input')?.focus(), []);
  const base = `roles-${user.id}`;
  const invalid = tried && roles.length === 0;
  return (
    <form
      class="roles-editor"
      noValidate
      onSubmit={(event) => {
        event.preventDefault();
        setTried(true);
        if (roles.length > 0) onSave(roles);
      }}
      onKeyDown={(event) => {
        if (event.key === 'Escape') {
          event.preventDefault();
          onCancel();
        }
      }}
    >
      <fieldset class={`choices${invalid ? ' has-error' : ''}`} aria-describedby={invalid ? `${base}-error` : undefined}>
        <legend class="visually-hidden">{t('admin_roles_of', { email: user.email })}</legend>
        <div ref={first}>
          {Role.options.map((role) => (
            <Choice key={role} id={`${base}-${role}`} label={t(ROLE_KEYS[role])} checked={roles.includes(role)} onChange={(on) => setRoles(toggleRole(roles, role, on))} />
          ))}
        </div>
        {invalid && <FieldError id={`${base}-error`} message={t('admin_invalid_roles')} />}
      </fieldset>
      <div class="row-actions">
        <button type="submit" class="button button-primary button-small" disabled={busy}>
          {t('admin_btn_save_roles')}
        </button>
        <button type="button" class="button button-secondary button-small" onClick={onCancel}>
          {t('admin_btn_cancel')}
        </button>
      </div>
    </form>
  );
}

export function ResetPasswordForm({ userId, email, busy, onSubmit, onCancel }: { userId: string; email: string; busy: boolean; onSubmit: (password: string | undefined) => void; onCancel: () => void }) {
  const t = useT();
  const [password, setPassword] = useState('');
  const [tried, setTried] = useState(false);
  const input = useRef<HTMLInputElement>(null);
  useEffect(() => input.current?.focus(), []);
  const parsed = parseNewPassword(password);
  const error = tried && !parsed.ok ? t('admin_invalid_password') : null;
  const id = `reset-${userId}`;
  return (
    <form
      class="row-detail-body reset-form"
      aria-labelledby={`${id}-title`}
      noValidate
      onSubmit={(event) => {
        event.preventDefault();
        setTried(true);
        if (parsed.ok) onSubmit(parsed.value);
        else input.current?.focus();
      }}
      onKeyDown={(event) => {
        if (event.key === 'Escape') {
          event.preventDefault();
          onCancel();
        }
      }}
    >
      <div>
        <h3 id={`${id}-title`}>{t('admin_reset_password_title', { email })}</h3>
        <p class="field-hint">{t('admin_reset_password_intro')}</p>
      </div>
      <TextField id={id} label={t('admin_field_new_password')} type="password" value={password} onValue={setPassword} error={error} autoComplete="new-password" inputRef={input} maxLength={512} />
      <div class="row-actions">
        <button type="submit" class="button button-primary button-small" disabled={busy}>
          {t('admin_btn_set_password')}
        </button>
        <button type="button" class="button button-secondary button-small" onClick={onCancel}>
          {t('admin_btn_cancel')}
        </button>
      </div>
    </form>
  );
}
