import { useRef, useState } from 'preact/hooks';
import type { AdminUser } from '../../src/shared/protocol/admin.ts';
import { Role } from '../../src/shared/protocol/common.ts';
import { useT } from '../i18n.ts';
import { useAdmin } from './context.ts';
import { parseNewUser, toggleRole, type FieldErrors, type NewUserDraft } from './forms.ts';
import { ROLE_KEYS } from './labels.ts';
import { blamedField } from './problems.ts';
import { Alert, Choice, FieldError, focusFirstInvalid, SecretReveal, Status, TextField } from './ui.tsx';
import { useAction } from './use-action.ts';

const EMPTY: NewUserDraft = { email: '', name: '', roles: ['rep'], password: '' };

/** "Add a user": email, name, roles, optional password; a generated password is shown once. */
export function AddUserForm({ onAdded }: { onAdded: (user: AdminUser) => void }) {
  const t = useT();
  const { api } = useAdmin();
  const [draft, setDraft] = useState<NewUserDraft>(EMPTY);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [added, setAdded] = useState<{ email: string; password?: string | undefined } | null>(null);
  const action = useAction('create_user');
  const form = useRef<HTMLFormElement>(null);
  const set = (patch: Partial<NewUserDraft>) => setDraft((d) => ({ ...d, ...patch }));
  const error = (field: string) => (errors[field] ? t(errors[field]) : null);

  const submit = async (event: Event) => {
    event.preventDefault();
    setAdded(null);
    const parsed = parseNewUser(draft);
    if (!parsed.ok) {
      setErrors(parsed.errors);
      action.setProblem(null);
      focusFirstInvalid(form.current);
      return;
    }
    setErrors({});
    const outcome = await action.run(() => api.createUser(parsed.value));
    if (!outcome.ok) {
      const field = blamedField(outcome.error);
      if (field === 'email' || field === 'name' || field === 'password' || field === 'roles') {
        const keys = { email: 'admin_invalid_email', name: 'admin_invalid_user_name', password: 'admin_invalid_password', roles: 'admin_invalid_roles' } as const;
        setErrors({ [field]: keys[field] });
        action.setProblem('admin_fix_fields');
      }
      return;
    }
    onAdded(outcome.value.user);
    setAdded({ email: outcome.value.user.email, password: outcome.value.password });
    setDraft(EMPTY);
  };

  return (
    <section class="card admin-card" aria-labelledby="add-user-title">
      <h2 id="add-user-title">{t('admin_add_user_title')}</h2>
      <form ref={form} class="admin-form" onSubmit={submit} noValidate>
        <div class="form-grid">
          <TextField id="new-user-email" label={t('field_email')} type="email" value={draft.email} onValue={(email) => set({ email })} error={error('email')} autoComplete="off" maxLength={254} />
          <TextField id="new-user-name" label={t('admin_field_name')} value={draft.name} onValue={(name) => set({ name })} error={error('name')} autoComplete="off" maxLength={64} />
          <TextField
            id="new-user-password"
            label={t('admin_field_password_optional')}
            type="password"
            value={draft.password}
            onValue={(password) => set({ password })}
            error={error('password')}
            hint={t('admin_password_hint')}
            autoComplete="new-password"
            maxLength={512}
          />
        </div>
        <fieldset class={`choices${errors.roles ? ' has-error' : ''}`} aria-describedby={errors.roles ? 'new-user-roles-error' : undefined}>
          <legend>{t('admin_field_roles')}</legend>
          <div class="choices-row">
            {Role.options.map((role) => (
              <Choice
                key={role}
                id={`new-user-role-${role}`}
                label={t(ROLE_KEYS[role])}
                checked={draft.roles.includes(role)}
                onChange={(on) => set({ roles: toggleRole(draft.roles, role, on) })}
              />
            ))}
          </div>
          {errors.roles && <FieldError id="new-user-roles-error" message={t(errors.roles)} />}
        </fieldset>
        <div class="form-actions">
          <button type="submit" class="button button-primary" disabled={action.busy}>
            {t('admin_btn_add_user')}
          </button>
        </div>
      </form>
      <Alert message={action.problem ? t(action.problem) : null} />
      <Status message={added ? t('admin_user_added', { email: added.email }) : null} />
      {added?.password && <SecretReveal label={t('admin_generated_password_label', { email: added.email })} secret={added.password} />}
    </section>
  );
}
