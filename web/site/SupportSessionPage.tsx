import { useRef, useState } from 'preact/hooks';
import { formatSessionNumber } from '../../src/shared/session-number.ts';
import { useT } from '../i18n.ts';
import { useFocusOnArrival, usePageTitle } from '../page.ts';
import { SessionNumberField } from './SessionNumberField.tsx';
import { checkSessionNumber } from './forms.ts';
import { Layout } from './Layout.tsx';

/**
 * `/support` (Provide support → Support session, FEATURES.md S16). Assisting
 * runs in the rep's extension, which holds the sign-in and the media; this page
 * does not pretend otherwise: Join says where to go.
 * TODO(2025-11): hand the number to the extension through the content-script
 * bridge (DESIGN.md, src/content/) once the assist flow exists.
 */
export function SupportSessionPage() {
  const t = useT();
  usePageTitle(`${t('support_session_title')} – ${t('ext_name')}`);
  const heading = useRef<HTMLHeadingElement>(null);
  useFocusOnArrival(heading);

  const [number, setNumber] = useState('');
  const [tried, setTried] = useState(false);
  const [asked, setAsked] = useState<string | null>(null);
  const input = useRef<HTMLInputElement>(null);
  const checked = checkSessionNumber(number);
  const error = tried && !checked.ok ? t('invalid_session_number') : null;

  const submit = (event: Event) => {
    event.preventDefault();
    setTried(true);
    if (checked.ok) setAsked(checked.value);
    else {
      setAsked(null);
      input.current?.focus();
    }
  };

  return (
    <Layout section="support">
      <h1 ref={heading} tabIndex={-1}>
        {t('support_session_title')}
      </h1>
      <p class="lead">{t('support_session_intro')}</p>
      <form class="form card" onSubmit={submit} noValidate>
        <SessionNumberField id="support-number" value={number} onValue={setNumber} error={error} inputRef={input} />
        <div class="form-actions">
          <button type="submit" class="button button-primary">
            {t('btn_join')}
          </button>
        </div>
      </form>
      <div role="status" aria-live="polite" class="status-slot">
        {asked !== null && (
          <p class="notice notice-info">
            <span class="notice-icon" aria-hidden="true">
              i
            </span>
            {t('support_session_use_extension', { number: formatSessionNumber(asked) })}
          </p>
        )}
      </div>
    </Layout>
  );
}
