import type { ComponentChildren } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import { errorKey } from '../../src/shared/i18n/index.ts';
import type { ErrorReason } from '../../src/shared/protocol/errors.ts';
import { formatSessionNumber } from '../../src/shared/session-number.ts';
import { useT } from '../i18n.ts';
import { useFocusOnArrival, usePageTitle } from '../page.ts';
import { askToAssist, pingExtension, type ExtensionPresence } from './extension-bridge.ts';
import { SessionNumberField } from './SessionNumberField.tsx';
import { checkSessionNumber } from './forms.ts';
import { Layout } from './Layout.tsx';

type Extension = { status: 'checking' } | { status: 'missing' } | { status: 'signed_out' } | { status: 'ready' };
type Joining =
  | { status: 'idle' }
  | { status: 'joining'; number: string }
  | { status: 'joined'; number: string }
  | { status: 'failed'; number: string; reason: ErrorReason };

const fromPresence = (presence: ExtensionPresence): Extension =>
  !presence.present ? { status: 'missing' } : presence.signedIn ? { status: 'ready' } : { status: 'signed_out' };

/**
 * `/support` and `/support/<number>` (Provide support → Support session,
 * FEATURES.md S16). A signed-in rep types the number (a rep's invitation link
 * fills it in) and chooses Join; the PeerAssist extension, reached through its
 * content script on this site (extension-bridge.ts), joins them as an
 * assistant and its dashboard takes over. Without the extension the page says
 * how to install it; with the extension signed out, to sign in first.
 */
export function SupportSessionPage({ initialNumber = '' }: { initialNumber?: string }) {
  const t = useT();
  usePageTitle(`${t('support_session_title')} – ${t('ext_name')}`);
  const heading = useRef<HTMLHeadingElement>(null);
  useFocusOnArrival(heading);

  const prefilled = checkSessionNumber(initialNumber);
  const [number, setNumber] = useState(prefilled.ok ? formatSessionNumber(prefilled.value) : initialNumber);
  const [tried, setTried] = useState(false);
  const [extension, setExtension] = useState<Extension>({ status: 'checking' });
  const [joining, setJoining] = useState<Joining>({ status: 'idle' });
  const input = useRef<HTMLInputElement>(null);
  const checked = checkSessionNumber(number);
  const error = tried && !checked.ok ? t('invalid_session_number') : null;

  useEffect(() => {
    let live = true;
    void pingExtension(window).then((presence) => live && setExtension(fromPresence(presence)));
    return () => {
      live = false;
    };
  }, []);

  const submit = async (event: Event) => {
    event.preventDefault();
    setTried(true);
    if (!checked.ok) {
      input.current?.focus();
      return;
    }
    if (joining.status === 'joining') return;
    // Ask again: the rep may have installed the extension or signed in since the page loaded.
    setJoining({ status: 'joining', number: checked.value });
    const now = fromPresence(await pingExtension(window));
    setExtension(now);
    if (now.status !== 'ready') {
      setJoining({ status: 'idle' });
      return;
    }
    const outcome = await askToAssist(window, checked.value);
    if (outcome.ok) setJoining({ status: 'joined', number: checked.value });
    else if (outcome.reason === 'unauthenticated') {
      setExtension({ status: 'signed_out' });
      setJoining({ status: 'idle' });
    } else setJoining({ status: 'failed', number: checked.value, reason: outcome.reason });
  };

  return (
    <Layout section="support">
      <h1 ref={heading} tabIndex={-1}>
        {t('support_session_title')}
      </h1>
      <p class="lead">{t('support_session_intro')}</p>
      <div role="status" aria-live="polite" class="live-slot">
        <ExtensionStatus extension={extension} />
      </div>
      <form class="form card" onSubmit={(e) => void submit(e)} noValidate>
        <SessionNumberField id="support-number" value={number} onValue={setNumber} error={error} inputRef={input} />
        <div class="form-actions">
          <button type="submit" class="button button-primary" disabled={joining.status === 'joining'}>
            {t('btn_join')}
          </button>
        </div>
      </form>
      <div role="status" aria-live="polite" class="status-slot">
        <JoinStatus joining={joining} />
      </div>
    </Layout>
  );
}

function Notice({ tone, children }: { tone: 'info' | 'problem' | 'ok'; children: ComponentChildren }) {
  return (
    <div class={`notice notice-${tone}`}>
      <span class="notice-icon" aria-hidden="true">
        {tone === 'problem' ? '!' : tone === 'ok' ? '✓' : 'i'}
      </span>
      <div class="notice-body">{children}</div>
    </div>
  );
}

function ExtensionStatus({ extension }: { extension: Extension }) {
  const t = useT();
  switch (extension.status) {
    case 'checking':
      return <p class="muted">{t('support_ext_checking')}</p>;
    case 'ready':
      return null;
    case 'signed_out':
      return (
        <Notice tone="info">
          <p>{t('support_ext_signed_out', { server: location.origin })}</p>
        </Notice>
      );
    case 'missing':
      return (
        <Notice tone="problem">
          <p>
            <strong>{t('support_ext_missing_title')}</strong>
          </p>
          <p>{t('support_ext_missing')}</p>
          <ul>
            <li>{t('support_ext_install_chrome')}</li>
            <li>{t('support_ext_install_firefox')}</li>
          </ul>
          <p>{t('support_ext_install_more')}</p>
        </Notice>
      );
  }
}

function JoinStatus({ joining }: { joining: Joining }) {
  const t = useT();
  switch (joining.status) {
    case 'idle':
      return null;
    case 'joining':
      return <p class="muted">{t('support_joining', { number: formatSessionNumber(joining.number) })}</p>;
    case 'joined':
      return (
        <Notice tone="ok">
          <p>{t('support_joined', { number: formatSessionNumber(joining.number) })}</p>
        </Notice>
      );
    case 'failed':
      return (
        <Notice tone="problem">
          <p>{t('support_join_failed', { number: formatSessionNumber(joining.number), reason: t(errorKey(joining.reason)) })}</p>
        </Notice>
      );
  }
}
