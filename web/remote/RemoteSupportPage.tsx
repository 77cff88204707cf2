// /join/<number>?t=<token>: the customer's Remote Support page (FEATURES.md S7).
import { useEffect, useRef, useState } from 'preact/hooks';
import { JoinToken } from '../../src/shared/protocol/common.ts';
import { formatSessionNumber } from '../../src/shared/session-number.ts';
import { useT } from '../i18n.ts';
import { useFocusOnArrival, usePageTitle } from '../page.ts';
import { checkSessionNumber } from '../site/forms.ts';
import { Layout } from '../site/Layout.tsx';
import { Link } from '../site/Link.tsx';
import { forgetJoinName, joinNameFrom, rememberJoinName } from './handoff.ts';
import { CallControls, RecordingBanner } from './CallControls.tsx';
import { NameForm } from './NameForm.tsx';
import { OwnSharePreview } from './OwnSharePreview.tsx';
import { ShareRequestDialog } from './ShareRequestDialog.tsx';
import { Stage } from './Stage.tsx';
import { isTerminal } from './state.ts';
import { NoticeLine, StatusLine, TransferLine } from './StatusLine.tsx';
import { useRemoteSession } from './use-remote-session.ts';

export function RemoteSupportPage({ rawNumber, search, historyState }: { rawNumber: string; search: string; historyState: unknown }) {
  const t = useT();
  usePageTitle(`${t('remote_title')} – ${t('ext_name')}`);
  const number = checkSessionNumber(rawNumber);
  if (!number.ok) return <InvalidLink />;
  const rawToken = new URLSearchParams(search).get('t');
  // A token mangled on the way (a mail client cutting the link) is no token:
  // the customer then waits for the rep to admit them instead of being refused.
  const token = rawToken !== null && JoinToken.safeParse(rawToken).success ? rawToken : undefined;
  return <RemoteSession key={number.value} number={number.value} token={token} initialName={joinNameFrom(historyState)} />;
}

function RemoteSession({ number, token, initialName }: { number: string; token: string | undefined; initialName: string | null }) {
  const t = useT();
  const [name, setName] = useState(initialName);
  const [attempt, setAttempt] = useState(0);
  const { state, stream, ownStream, leave, acceptShare, declineShare, dismissRequest, stopShare, call, calls } = useRemoteSession(name === null ? null : { number, token, name, attempt });
  const heading = useRef<HTMLHeadingElement>(null);
  useFocusOnArrival(heading);

  // Browser tests wait on these (brief: the only thing exposed globally).
  const root = document.documentElement.dataset;
  useEffect(() => {
    root.remoteState = state.name;
    root.sharing = String(state.sharing);
    root.ownShare = state.ownShare;
  }, [state.name, state.sharing, state.ownShare]);
  useEffect(
    () => () => {
      delete root.remoteState;
      delete root.sharing;
      delete root.ownShare;
    },
    [],
  );

  const over = isTerminal(state);
  useEffect(() => {
    if (!over) return;
    // An error may be worth retrying on reload; a session that ended or that we left is not.
    if (state.name !== 'error') forgetJoinName();
    // The Leave button just went away: keep focus somewhere meaningful.
    if (document.activeElement === document.body || document.activeElement === null) heading.current?.focus();
  }, [over]);

  const sharingOwn = state.ownShare === 'sharing';
  const wasSharing = useRef(false);
  useEffect(() => {
    const stopped = wasSharing.current && !sharingOwn;
    wasSharing.current = sharingOwn;
    // "Stop sharing" just went away, maybe from under the keyboard: keep focus somewhere meaningful.
    if (stopped && (document.activeElement === document.body || document.activeElement === null)) heading.current?.focus();
  }, [sharingOwn]);

  const join = (chosen: string) => {
    rememberJoinName(chosen);
    setName(chosen);
    requestAnimationFrame(() => heading.current?.focus());
  };

  const inSession = state.started && !over;
  return (
    <Layout section="remote" wide>
      <div class="remote-head">
        <h1 ref={heading} tabIndex={-1}>
          {t('remote_title')}
        </h1>
        <p class="session-number">
          <span class="session-number-label">{t('field_session_number')}</span>{' '}
          <span class="session-number-value">{formatSessionNumber(number)}</span>
        </p>
      </div>
      {name === null && <NameForm onJoin={join} />}
      {/* Rendered from the start so the live region exists before its first announcement. */}
      <div class="remote-bar">
        <StatusLine state={state} />
        {inSession && sharingOwn && (
          <button type="button" class="button button-primary" onClick={stopShare}>
            {t('btn_stop_sharing')}
          </button>
        )}
        {inSession && (
          <button type="button" class="button button-danger" onClick={leave}>
            {t('btn_leave')}
          </button>
        )}
        {state.name === 'error' && (
          <button type="button" class="button button-primary" onClick={() => setAttempt(attempt + 1)}>
            {t('btn_try_again')}
          </button>
        )}
      </div>
      <NoticeLine state={state} />
      <TransferLine state={state} />
      <RecordingBanner call={call} repName={state.repName} />
      {inSession && state.membership === 'connected' && (sharingOwn ? <OwnSharePreview stream={ownStream} /> : <Stage state={state} stream={stream} />)}
      {/* Below the stage: the stage stays the page's first video. */}
      {inSession && state.membership === 'connected' && <CallControls call={call} repName={state.repName} inSession={inSession} calls={calls} />}
      <ShareRequestDialog state={state} onAccept={acceptShare} onDecline={declineShare} onDismiss={dismissRequest} />
    </Layout>
  );
}

function InvalidLink() {
  const t = useT();
  const heading = useRef<HTMLHeadingElement>(null);
  useFocusOnArrival(heading);
  return (
    <Layout section="none">
      <h1 ref={heading} tabIndex={-1}>
        {t('remote_title')}
      </h1>
      <p class="notice notice-problem" role="alert">
        <span class="notice-icon" aria-hidden="true">
          !
        </span>
        {t('invalid_session_number')}
      </p>
      <p>
        <Link href="/join" class="button button-primary">
          {t('join_title')}
        </Link>
      </p>
    </Layout>
  );
}
