import { useRef } from 'preact/hooks';
import { useT } from '../i18n.ts';
import { useFocusOnArrival, usePageTitle } from '../page.ts';
import { Layout } from './Layout.tsx';
import { Link } from './Link.tsx';

/** `/`: the support site's home (FEATURES.md S6: Join is in the navigation bar). */
export function HomePage() {
  const t = useT();
  usePageTitle(t('site_title'));
  const heading = useRef<HTMLHeadingElement>(null);
  useFocusOnArrival(heading);
  return (
    <Layout section="home">
      <section class="hero">
        <h1 ref={heading} tabIndex={-1}>
          {t('site_title')}
        </h1>
        <p class="lead">{t('site_tagline')}</p>
        <p>
          <Link href="/join" class="button button-primary button-large">
            {t('join_title')}
          </Link>
        </p>
      </section>
    </Layout>
  );
}
