// What an assistant's dashboard shows of the controller's call (issue #9):
// "Recording" while the controlling rep records the session (every
// participant sees it), and, for a rep who passed control on (S20), the
// recording they made before, to download.
import { useEffect, useRef, useState } from 'preact/hooks';
import { CallsLink, type CallsView } from './calls-link.ts';
import { t } from './i18n.ts';
import { useRecordingDownload } from './recording-file.ts';

export function AssistCallStatus({ sessionId, controllerName }: { sessionId: string; controllerName: string }) {
  const link = useRef<CallsLink | undefined>(undefined);
  const [view, setView] = useState<CallsView>({ state: null, cameras: new Map() });
  useEffect(() => {
    const abort = new AbortController();
    link.current = new CallsLink({ sessionId, onView: setView, signal: abort.signal });
    return () => abort.abort();
  }, []);
  useEffect(() => link.current?.watch(sessionId), [sessionId]);
  const recording = view.state?.recording;
  const download = useRecordingDownload(recording && !recording.on ? recording.file : null);
  return (
    <section class="card calls" aria-label={t('call_section')} hidden={!recording?.byController && !download && !view.state?.ended}>
      <p role="status">
        {recording?.byController && <span class="recording-indicator">{t('call_recording_customer', { name: controllerName })}</span>}
      </p>
      {view.state?.ended && (
        <p role="status">
          {/* We passed control on with our voice in the call: it goes on with the new controller (S20). */}
          {view.state.ended === 'control_transferred' && view.state.callContinues === 'passed'
            ? t('call_voice_continues_passed')
            : t(`call_ended_${view.state.ended}`)}
        </p>
      )}
      {download && recording?.file && (
        <p>
          <a href={download} download={recording.file}>
            {t('call_download_recording')}
          </a>
        </p>
      )}
    </section>
  );
}
