// `/admin` (issue 3): an administrator signs in and manages users, queues,
// site settings and the audit log. Loaded as its own chunk by AdminRoute.
//
//   AdminPage ── AuthSession (auth.ts: tokens in sessionStorage, refresh)
//      │          └─ createAdminApi (api.ts: typed calls, replies parsed)
//      ├─ signed out: SignInForm
//      └─ signed in:  tabs ── UsersPanel │ QueuesPanel │ SettingsPanel │ AuditPanel
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { useT } from '../i18n.ts';
import { usePageTitle } from '../page.ts';
import { createAdminApi } from './api.ts';
import { AdminLayout } from './AdminLayout.tsx';
import { AuditPanel } from './AuditPanel.tsx';
import { AuthSession, type AuthState } from './auth.ts';
import { AdminContext } from './context.ts';
import { QueuesPanel } from './QueuesPanel.tsx';
import { SettingsPanel } from './SettingsPanel.tsx';
import { SignInForm } from './SignInForm.tsx';
import { TabList, TabPanel } from '../../src/shared/ui/Tabs.tsx';
import type { KeyValueStorage } from './tokens.ts';
import { UsersPanel } from './UsersPanel.tsx';

const TABS = ['users', 'queues', 'settings', 'audit'] as const;
type Tab = (typeof TABS)[number];
const isTab = (value: string): value is Tab => (TABS as readonly string[]).includes(value);

/** sessionStorage, or a page-lifetime stand-in where the browser blocks it. */
function sessionStore(): KeyValueStorage {
  try {
    const storage = window.sessionStorage;
    storage.getItem('');
    return storage;
  } catch {
    const memory = new Map<string, string>();
    return {
      getItem: (key) => memory.get(key) ?? null,
      setItem: (key, value) => void memory.set(key, value),
      removeItem: (key) => void memory.delete(key),
    };
  }
}

export function AdminPage({ tab }: { tab: string }) {
  const t = useT();
  usePageTitle(t('admin_page_title'));
  const [session] = useState(
    () =>
      new AuthSession({
        fetch: (input, init) => window.fetch(input, init),
        storage: sessionStore(),
        now: () => Date.now(),
        timers: { set: (callback, ms) => window.setTimeout(callback, ms), clear: (handle) => window.clearTimeout(handle as number) },
      }),
  );
  const [state, setState] = useState<AuthState>(session.state);
  useEffect(() => {
    const unsubscribe = session.subscribe(setState);
    session.start();
    return () => {
      unsubscribe();
      session.dispose();
    };
  }, [session]);
  const api = useMemo(() => createAdminApi((input, init) => window.fetch(input, init), session), [session]);

  if (state.status === 'signed_out') {
    return (
      <AdminLayout>
        <SignInForm session={session} reason={state.reason} />
      </AdminLayout>
    );
  }
  const me = state.auth.user;
  return (
    <AdminLayout email={me.email} onSignOut={() => void session.signOut()}>
      <AdminContext.Provider value={{ api, me }}>
        <Console initialTab={isTab(tab) ? tab : 'users'} />
      </AdminContext.Provider>
    </AdminLayout>
  );
}

function Console({ initialTab }: { initialTab: Tab }) {
  const t = useT();
  const [tab, setTab] = useState<Tab>(initialTab);
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    // The address names the tab, so a reload or a bookmark opens it again; no
    // history entry per tab (Back leaves the admin page, as for any tab widget).
    const path = tab === 'users' ? '/admin' : `/admin/${tab}`;
    if (location.pathname !== path) history.replaceState(history.state, '', path);
  }, [tab]);
  // After signing in, start from the page's heading (the sign-in form that had focus is gone).
  useEffect(() => heading.current?.focus({ preventScroll: true }), []);

  const labels: Record<Tab, string> = {
    users: t('admin_tab_users'),
    queues: t('admin_tab_queues'),
    settings: t('admin_tab_settings'),
    audit: t('admin_tab_audit'),
  };
  return (
    <>
      <h1 ref={heading} tabIndex={-1}>
        {t('admin_title')}
      </h1>
      <TabList base="admin" label={t('admin_tabs_label')} tabs={TABS.map((id) => ({ id, label: labels[id] }))} selected={tab} onSelect={setTab} />
      <TabPanel base="admin" id="users" selected={tab === 'users'} lazy>
        <UsersPanel />
      </TabPanel>
      <TabPanel base="admin" id="queues" selected={tab === 'queues'} lazy>
        <QueuesPanel />
      </TabPanel>
      <TabPanel base="admin" id="settings" selected={tab === 'settings'} lazy>
        <SettingsPanel />
      </TabPanel>
      <TabPanel base="admin" id="audit" selected={tab === 'audit'} lazy>
        <AuditPanel />
      </TabPanel>
    </>
  );
}
