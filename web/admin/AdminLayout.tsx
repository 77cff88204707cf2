import type { ComponentChildren } from 'preact';
import { useT } from '../i18n.ts';
import { Link } from '../site/Link.tsx';

/**
 * The admin page's frame: the site's header with "Administration" beside the
 * name and, once signed in, who is signed in and Sign out. No customer
 * navigation here: admins come for the console.
 */
export function AdminLayout({ email, onSignOut, children }: { email?: string; onSignOut?: () => void; children: ComponentChildren }) {
  const t = useT();
  return (
    <>
      <a class="skip-link" href="#main">
        {t('skip_to_content')}
      </a>
      <header class="site-header">
        <div class="bar bar-wide">
          <span class="admin-brand">
            <Link href="/" class="brand">
              <span class="brand-mark" aria-hidden="true" />
              {t('ext_name')}
            </Link>
            <span class="admin-brand-section">{t('admin_title')}</span>
          </span>
          {email && onSignOut && (
            <div class="admin-account">
              <span class="admin-account-email">{t('signed_in_as', { email })}</span>
              <button type="button" class="button button-secondary button-small" onClick={onSignOut}>
                {t('btn_sign_out')}
              </button>
            </div>
          )}
        </div>
      </header>
      <main id="main" class="content content-wide admin" tabIndex={-1}>
        {children}
      </main>
    </>
  );
}
