import { useRef } from 'preact/hooks';
import { useT } from '../i18n.ts';
import { useFocusOnArrival, usePageTitle } from '../page.ts';
import { Layout } from './Layout.tsx';
import { Link } from './Link.tsx';

export function NotFoundPage() {
  const t = useT();
  usePageTitle(`${t('not_found_title')} – ${t('ext_name')}`);
  const heading = useRef<HTMLHeadingElement>(null);
  useFocusOnArrival(heading);
  return (
    <Layout section="none">
      <h1 ref={heading} tabIndex={-1}>
        {t('not_found_title')}
      </h1>
      <p class="lead">{t('not_found_text')}</p>
      <p>
        <Link href="/">{t('nav_home')}</Link>
      </p>
    </Layout>
  );
}
