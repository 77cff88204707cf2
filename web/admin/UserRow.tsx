import { useRef, useState } from 'preact/hooks';
import type { MessageKey } from '../../src/shared/i18n/index.ts';
import type { AdminUser } from '../../src/shared/protocol/admin.ts';
import { SessionMode } from '../../src/shared/protocol/settings.ts';
import { useT } from '../i18n.ts';
import { useAdmin } from './context.ts';
import { ROLE_KEYS, SESSION_MODE_KEYS } from './labels.ts';
import { problemKey } from './problems.ts';
import { SecretReveal } from './ui.tsx';
import { ResetPasswordForm, RolesEditor } from './UserEditors.tsx';

/** What a row tells its panel: a sentence for the status region, or a problem for the alert. */
export type RowReport = { done: string; problem?: undefined } | { problem: MessageKey; done?: undefined };

interface Props {
  user: AdminUser;
  isMe: boolean;
  onChanged: (user: AdminUser) => void;
  onReport: (report: RowReport) => void;
}

/**
 * One user: roles (edited in place), active or disabled, their session mode,
 * and Reset password, whose form (and the new password, once) opens in a row
 * below. Every control's name includes the e-mail so each is unique on the page.
 */
export function UserRow({ user, isMe, onChanged, onReport }: Props) {
  const t = useT();
  const { api } = useAdmin();
  const [editing, setEditing] = useState<'roles' | 'password' | null>(null);
  const [busy, setBusy] = useState(false);
  const editRolesButton = useRef<HTMLButtonElement>(null);
  const resetButton = useRef<HTMLButtonElement>(null);
  const [newPassword, setNewPassword] = useState<string | null>(null);

  async function act<T>(action: () => Promise<T>, done: (value: T) => string): Promise<boolean> {
    setBusy(true);
    try {
      const value = await action();
      onReport({ done: done(value) });
      return true;
    } catch (error) {
      onReport({ problem: problemKey(error) });
      return false;
    } finally {
      setBusy(false);
    }
  }

  const update = (patch: Parameters<typeof api.updateUser>[1], done: (user: AdminUser) => string) =>
    act(
      async () => {
        const updated = await api.updateUser(user.id, patch);
        onChanged(updated);
        return updated;
      },
      done,
    );

  const email = user.email;
  const closeEditor = (focus: HTMLButtonElement | null) => {
    setEditing(null);
    requestAnimationFrame(() => focus?.focus());
  };

  return (
    <>
      <tr class={user.disabled ? 'is-disabled' : undefined}>
        <th scope="row" class="cell-email">
          {email}
          {isMe && <span class="muted"> {t('admin_user_you')}</span>}
        </th>
        <td class="cell-name">{user.name}</td>
        <td>
          {editing === 'roles' ? (
            <RolesEditor
              user={user}
              busy={busy}
              onSave={async (roles) => {
                if (await update({ roles }, (u) => t('admin_user_saved', { email: u.email }))) closeEditor(editRolesButton.current);
              }}
              onCancel={() => closeEditor(editRolesButton.current)}
            />
          ) : (
            <ul class="role-list">
              {user.roles.map((role) => (
                <li key={role} class={`role-tag role-${role}`}>
                  {t(ROLE_KEYS[role])}
                </li>
              ))}
            </ul>
          )}
        </td>
        <td>
          <span class={`state-tag ${user.disabled ? 'state-off' : 'state-on'}`}>
            <span aria-hidden="true">{user.disabled ? '■ ' : '● '}</span>
            {user.disabled ? t('admin_user_disabled') : t('admin_user_active')}
          </span>
        </td>
        <td>
          <select
            class="select"
            aria-label={t('admin_session_mode_of', { email })}
            value={user.sessionMode ?? ''}
            disabled={busy}
            onChange={async (event) => {
              const select = event.currentTarget;
              const picked = SessionMode.safeParse(select.value);
              const saved = await update({ sessionMode: picked.success ? picked.data : null }, (u) => t('admin_user_saved', { email: u.email }));
              // Refused: show what is stored again (the rendered value did not change, so Preact would not reset it).
              if (!saved) select.value = user.sessionMode ?? '';
            }}
          >
            <option value="">{t('admin_session_mode_site')}</option>
            {SessionMode.options.map((mode) => (
              <option key={mode} value={mode}>
                {t(SESSION_MODE_KEYS[mode].label)}
              </option>
            ))}
          </select>
        </td>
        <td>
          <div class="row-actions">
            <button
              ref={editRolesButton}
              type="button"
              class="button button-secondary button-small"
              aria-label={t('admin_edit_roles_of', { email })}
              aria-expanded={editing === 'roles'}
              disabled={busy || editing === 'roles'}
              onClick={() => setEditing('roles')}
            >
              {t('admin_btn_edit_roles')}
            </button>
            <button
              type="button"
              class={`button button-small ${user.disabled ? 'button-secondary' : 'button-danger'}`}
              aria-label={t(user.disabled ? 'admin_enable_user' : 'admin_disable_user', { email })}
              disabled={busy}
              onClick={() =>
                void update({ disabled: !user.disabled }, (u) =>
                  t(u.disabled ? 'admin_user_disabled_done' : 'admin_user_enabled_done', { email: u.email }),
                )
              }
            >
              {user.disabled ? t('admin_btn_enable') : t('admin_btn_disable')}
            </button>
            <button
              ref={resetButton}
              type="button"
              class="button button-secondary button-small"
              aria-label={t('admin_reset_password_of', { email })}
              aria-expanded={editing === 'password'}
              disabled={busy}
              onClick={() => {
                setNewPassword(null);
                setEditing(editing === 'password' ? null : 'password');
              }}
            >
              {t('admin_btn_reset_password')}
            </button>
          </div>
        </td>
      </tr>
      {(editing === 'password' || newPassword !== null) && (
        <tr class="row-detail">
          <td colSpan={6}>
            {newPassword !== null ? (
              <div class="row-detail-body">
                <SecretReveal label={t('admin_generated_password_label', { email })} secret={newPassword} />
                <button type="button" class="button button-secondary button-small" onClick={() => { setNewPassword(null); resetButton.current?.focus(); }}>
                  {t('btn_dismiss')}
                </button>
              </div>
            ) : (
              <ResetPasswordForm
                userId={user.id}
                email={email}
                busy={busy}
                onSubmit={async (password) => {
                  let generated: string | null = null;
                  const ok = await act(
                    async () => {
                      const reply = await api.resetPassword(user.id, password === undefined ? {} : { password });
                      if (password === undefined) generated = reply;
                    },
                    () => t('admin_password_reset_done', { email }),
                  );
                  if (!ok) return;
                  setEditing(null);
                  if (generated !== null) setNewPassword(generated);
                  else resetButton.current?.focus();
                }}
                onCancel={() => closeEditor(resetButton.current)}
              />
            )}
          </td>
        </tr>
      )}
    </>
  );
}
