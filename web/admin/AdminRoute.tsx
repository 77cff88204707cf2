// `/admin` loads the admin page as its own chunk: customers on /join never
// download it. This file is the only part of web/admin/ in the main bundle.
import type { ComponentType } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { useT } from '../i18n.ts';

type AdminPageModule = typeof import('./AdminPage.tsx');
type AdminPageComponent = ComponentType<{ tab: string }>;

let loading: Promise<AdminPageModule> | undefined;

export function AdminRoute({ tab }: { tab: string }) {
  const t = useT();
  const [Page, setPage] = useState<AdminPageComponent | null>(null);
  const [failed, setFailed] = useState(false);

  useEffect(() => {
    let live = true;
    loading ??= import('./AdminPage.tsx');
    loading.then(
      (module) => live && setPage(() => module.AdminPage),
      () => {
        loading = undefined; // a later attempt may succeed (a deploy replaced the chunk, the network came back)
        if (live) setFailed(true);
      },
    );
    return () => {
      live = false;
    };
  }, []);

  if (Page) return <Page tab={tab} />;
  return (
    <main id="main" class="content" tabIndex={-1}>
      {failed ? (
        <div role="alert" class="notice notice-problem">
          <span class="notice-icon" aria-hidden="true">
            !
          </span>
          <p>
            {t('admin_load_failed')}{' '}
            <button type="button" class="button button-secondary" onClick={() => location.reload()}>
              {t('btn_try_again')}
            </button>
          </p>
        </div>
      ) : (
        <p role="status">{t('loading')}</p>
      )}
    </main>
  );
}
