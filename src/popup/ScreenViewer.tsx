// The customer's screen in the dashboard (FEATURES.md S13), while a customer
// of the active session is on its stage. The track comes from the media
// context through ViewerLink; this component only shows it, and says what it
// waits for rather than leaving a black video (STYLE.md habit 9).
import { useEffect, useRef, useState } from 'preact/hooks';
import { PeerLink } from '../shared/peer/peer-link.ts';
import { useConnector } from './context.ts';
import { t } from './i18n.ts';
import { ViewerLink, type ViewerView } from './viewer-link.ts';
import { MARK_COLORS } from '../shared/marks/mark-board.ts';
import { useMarks } from '../shared/marks/use-marks.ts';
import { MarksOverlay, MarksToolbar } from '../shared/ui/Marks.tsx';

interface Props {
  sessionId: string;
  /** The customer on the stage, as the dashboard state says. */
  name: string;
  /**
   * What the viewer is called and what it says while it waits: the customer's
   * screen by default; an assistant, who does not know whose screen is on the
   * stage, sees "the shared screen" (AssistPanel.tsx).
   */
  texts?: { section: string; video: string; waiting: string };
}

export function ScreenViewer({ sessionId, name, texts }: Props) {
  const connector = useConnector();
  const video = useRef<HTMLVideoElement>(null);
  const link = useRef<ViewerLink | undefined>(undefined);
  const [view, setView] = useState<ViewerView>({ stage: undefined, track: null });
  const [flowing, setFlowing] = useState(false);
  // Pointer and annotation on the customer's screen (issue #9), through the media context to everyone in the session.
  const marks = useMarks((mark) => link.current?.sendMark(mark), MARK_COLORS.rep);

  // One link for the life of the viewer; teardown is one abort().
  useEffect(() => {
    const abort = new AbortController();
    link.current = new ViewerLink({
      connect: () => connector.connectViewer(),
      // Both ends are in this browser: no STUN/TURN needed. The media side offers; we are the polite peer.
      createPeer: ({ send, onTrack, signal }) =>
        new PeerLink({ polite: true, iceServers: [], send, signal, onTrack: (track) => onTrack(track), log: viewerLog }),
      onView: setView,
      onMark: (mark) => marks.receive(mark),
      signal: abort.signal,
      log: viewerLog,
    });
    return () => {
      abort.abort();
      link.current = undefined;
    };
  }, [connector]);

  useEffect(() => link.current?.watch(sessionId), [sessionId]);

  // Show the track while the stage is someone's; a muted or ended track means nothing arrives.
  const track = view.stage === null ? null : view.track;
  useEffect(() => {
    const element = video.current;
    if (!element) return;
    if (!track || track.readyState === 'ended') {
      element.srcObject = null;
      setFlowing(false);
      return;
    }
    element.srcObject = new MediaStream([track]);
    void element.play().catch(() => {}); // autoplay of a muted video is allowed; this only nudges it
    const update = () => setFlowing(track.readyState === 'live' && !track.muted);
    update();
    const abort = new AbortController();
    for (const type of ['mute', 'unmute', 'ended']) track.addEventListener(type, update, { signal: abort.signal });
    return () => abort.abort();
  }, [track]);

  return (
    <section class="viewer card" aria-label={texts?.section ?? t('viewer_label')}>
      <div class="frame" data-live={flowing ? 'true' : 'false'}>
        <video ref={video} muted autoplay playsInline aria-label={texts?.video ?? t('viewer_video_label', { name })} />
        {flowing && <MarksOverlay marks={marks} />}
        {!flowing && (
          <p class="waiting" role="status">
            {texts?.waiting ?? t('viewer_waiting')}
          </p>
        )}
      </div>
      {flowing && <MarksToolbar t={t} marks={marks} />}
    </section>
  );
}

function viewerLog(message: string, detail?: unknown): void {
  console.debug(`[viewer] ${message}`, detail ?? '');
}
