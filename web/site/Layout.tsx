import type { ComponentChildren } from 'preact';
import { useT } from '../i18n.ts';
import { Link } from './Link.tsx';
import { SupportMenu } from './SupportMenu.tsx';

export type Section = 'home' | 'join' | 'support' | 'remote' | 'none';

/**
 * The page frame: site name, navigation bar, main content. The Remote Support
 * page gets the name only: a stray click there would drop the customer's session.
 */
export function Layout({ section, wide = false, children }: { section: Section; wide?: boolean; children: ComponentChildren }) {
  const t = useT();
  const remote = section === 'remote';
  const brand = (
    <>
      <span class="brand-mark" aria-hidden="true" />
      {t('ext_name')}
    </>
  );
  return (
    <>
      <a class="skip-link" href="#main">
        {t('skip_to_content')}
      </a>
      <header class="site-header">
        <div class={`bar${wide ? ' bar-wide' : ''}`}>
          {remote ? (
            <span class="brand">{brand}</span>
          ) : (
            <Link href="/" class="brand" aria-current={section === 'home' ? 'page' : undefined}>
              {brand}
            </Link>
          )}
          {!remote && (
            <nav class="site-nav">
              <ul class="nav-list">
                <li>
                  <Link href="/join" class={`nav-link${section === 'join' ? ' is-current' : ''}`} aria-current={section === 'join' ? 'page' : undefined}>
                    {t('nav_join')}
                  </Link>
                </li>
                <li>
                  <SupportMenu current={section === 'support'} />
                </li>
              </ul>
            </nav>
          )}
        </div>
      </header>
      <main id="main" class={`content${wide ? ' content-wide' : ''}`} tabIndex={-1}>
        {children}
      </main>
    </>
  );
}
