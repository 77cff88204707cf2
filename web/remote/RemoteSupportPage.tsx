// /join/<number>?t=<token>: the customer's Remote Support page (FEATURES.md S7).
import { useEffect, useRef, useState } from 'preact/hooks';
import { JoinToken } from '../../src/shared/protocol/common.ts';
import { formatSessionNumber } from '../../src/shared/session-number.ts';
import { useT } from '../i18n.ts';
import { useFocusOnArrival, usePageTitle } from '../page.ts';
import { checkSessionNumber } from '../site/forms.ts';
import { Layout } from '../site/Layout.tsx';
import { Link } from '../site/Link.tsx';
import { ConnectionCheck, RouteLine } from './ConnectionCheck.tsx';
import { forgetJoinName, joinNameFrom, rememberJoinName } from './handoff.ts';
import { FilesSection } from './Files.tsx';
import { CallControls, RecordingBanner } from './CallControls.tsx';
import { NameForm } from './NameForm.tsx';
import { OwnSharePreview } from './OwnSharePreview.tsx';
import { ShareRequestDialog } from './ShareRequestDialog.tsx';
import { Stage } from './Stage.tsx';
import { isTerminal } from './state.ts';
import { NoticeLine, StatusLine, TransferLine } from './StatusLine.tsx';
import { useRemoteSession } from './use-remote-session.ts';
import { Chat } from './Chat.tsx';
import { useChat } from './use-chat.ts';
import { MARK_COLORS } from '../../src/shared/marks/mark-board.ts';
import { useMarks } from '../../src/shared/marks/use-marks.ts';
import { MarksOverlay, MarksToolbar } from '../../src/shared/ui/Marks.tsx';
import { showsVideo } from './state.ts';

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
  const chat = useChat((mark) => marks.receive(mark));
  const marks = useMarks((mark) => void chat.client.sendMark(mark), MARK_COLORS.customer);
  const { state, route, stream, ownStream, files, leave, acceptShare, declineShare, dismissRequest, stopShare, call, calls } = useRemoteSession(
    name === null ? null : { number, token, name, attempt },
    { onChannel: chat.attach },
  );
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
      {name === null && <ConnectionCheck number={number} token={token} />}
      {/* Rendered from the start so the live region exists before its first announcement. */}
      <div class="remote-bar">
        <StatusLine state={state} />
        {inSession && <RouteLine route={route} />}
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
      {inSession && state.membership === 'connected' && (sharingOwn ? (
          <OwnSharePreview stream={ownStream} overlay={<MarksOverlay marks={marks} />} />
        ) : (
          <>
            <Stage state={state} stream={stream} overlay={<MarksOverlay marks={marks} />} />
            {showsVideo(state) && stream !== null && <MarksToolbar t={t} marks={marks} />}
          </>
        ))}
      {/* Below the stage: the stage stays the page's first video. */}
      {inSession && state.membership === 'connected' && <CallControls call={call} repName={state.repName} inSession={inSession} calls={calls} />}
      {inSession && state.membership === 'connected' && (
        <FilesSection files={files.manager} transfers={files.transfers} connected={files.connected} repName={state.repName} />
      )}
      {inSession && state.membership === 'connected' && <Chat state={chat.state} client={chat.client} />}
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
