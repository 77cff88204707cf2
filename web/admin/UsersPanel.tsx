import { useEffect, useState } from 'preact/hooks';
import type { AdminUser } from '../../src/shared/protocol/admin.ts';
import { useT } from '../i18n.ts';
import { AddUserForm } from './AddUserForm.tsx';
import { useAdmin } from './context.ts';
import { UserRow, type RowReport } from './UserRow.tsx';
import { Alert, Status } from './ui.tsx';
import { useAction } from './use-action.ts';

/** Users tab: the add-user form, then every user with their roles, state and session mode. */
export function UsersPanel() {
  const t = useT();
  const { api, me } = useAdmin();
  const [users, setUsers] = useState<AdminUser[] | null>(null);
  const [report, setReport] = useState<RowReport | null>(null);
  const load = useAction();
  const reload = () => load.run(async () => setUsers(await api.listUsers()));
  useEffect(() => void reload(), []);

  const replace = (user: AdminUser) => setUsers((list) => list?.map((u) => (u.id === user.id ? user : u)) ?? [user]);

  return (
    <>
      <AddUserForm onAdded={(user) => setUsers((list) => [...(list ?? []).filter((u) => u.id !== user.id), user])} />
      <Alert message={load.problem ? t(load.problem) : report?.problem ? t(report.problem) : null}>
        {load.problem && (
          <button type="button" class="button button-secondary button-small" onClick={() => void reload()}>
            {t('admin_btn_reload')}
          </button>
        )}
      </Alert>
      <Status message={report?.done ?? null} />
      {users === null ? (
        !load.problem && <p class="muted">{t('loading')}</p>
      ) : (
        <div class="table-scroll" role="region" aria-labelledby="users-caption" tabIndex={0}>
          <table class="admin-table">
            <caption id="users-caption">{t('admin_users_caption')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('admin_col_email')}</th>
                <th scope="col">{t('admin_col_name')}</th>
                <th scope="col">{t('admin_col_roles')}</th>
                <th scope="col">{t('admin_col_status')}</th>
                <th scope="col">{t('admin_col_session_mode')}</th>
                <th scope="col">{t('admin_col_actions')}</th>
              </tr>
            </thead>
            <tbody>
              {users.length === 0 ? (
                <tr>
                  <td colSpan={6}>{t('admin_users_empty')}</td>
                </tr>
              ) : (
                users.map((user) => <UserRow key={user.id} user={user} isMe={user.id === me.id} onChanged={replace} onReport={setReport} />)
              )}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}
