// The rep's voice, video and recording controls (issue #9) for the active
// session: named buttons reachable by keyboard, the states in words (Muted,
// Speaking, Recording), each customer's camera and the rep's own preview, and
// the finished recording as a download. The call itself lives in the media
// context (calls-link.ts), so closing the popup does not end it.
import { useEffect, useRef, useState } from 'preact/hooks';
import type { CallsToMedia } from '../shared/protocol/call.ts';
import type { DashboardSession } from '../shared/protocol/runtime.ts';
import { CameraVideo } from '../shared/ui/CameraVideo.tsx';
import { presenceKeys } from '../shared/ui/presence-text.ts';
import { CallsLink, openPermissionPage, type CallsView } from './calls-link.ts';
import { t } from './i18n.ts';
import { useRecordingDownload } from './recording-file.ts';

type Command = Exclude<CallsToMedia, { type: 'calls.signal' | 'calls.watch' }>;

export function CallControls({ session }: { session: DashboardSession }) {
  const sessionId = session.info.id;
  const link = useRef<CallsLink | undefined>(undefined);
  const [view, setView] = useState<CallsView>({ state: null, cameras: new Map() });
  const [busy, setBusy] = useState(false);
  /** What to do again once the permission page got the rep's consent. */
  const retry = useRef<Command | null>(null);

  useEffect(() => {
    const abort = new AbortController();
    link.current = new CallsLink({ sessionId, onView: setView, signal: abort.signal });
    return () => {
      abort.abort();
      link.current = undefined;
    };
  }, []);
  useEffect(() => link.current?.watch(sessionId), [sessionId]);

  const state = view.state;
  useEffect(() => setBusy(false), [state]);

  // Chrome lets the offscreen document use the microphone once the extension's
  // origin holds the permission: retry as soon as the permission page got it.
  // A call that came with control (S20) is joined the same way, without a click on "Start voice call".
  useEffect(() => {
    if (state?.error !== 'permission_needed') return;
    if (!retry.current && state.callContinues === 'joining') retry.current = { type: 'calls.voice', sessionId, on: true };
    if (!retry.current) return;
    const abort = new AbortController();
    const name = (retry.current.type === 'calls.camera' ? 'camera' : 'microphone') as PermissionName;
    void navigator.permissions
      ?.query({ name })
      .then((status) => {
        status.addEventListener(
          'change',
          () => {
            if (status.state !== 'granted' || !retry.current) return;
            send(retry.current);
          },
          { signal: abort.signal },
        );
      })
      .catch(() => {});
    return () => abort.abort();
  }, [state?.error, state?.callContinues]);

  const send = (command: Command) => {
    if (link.current?.send(command)) {
      setBusy(true);
      retry.current = command.type === 'calls.voice' || command.type === 'calls.camera' ? command : null;
    }
  };

  const download = useRecordingDownload(state?.recording.on === false ? state.recording.file : null);

  if (!state) return null;
  const self = state.self;
  const recording = state.recording;
  const nameOf = (id: string) => session.participants.find((p) => p.id === id)?.name ?? id;
  const states = (keys: ReturnType<typeof presenceKeys>) => keys.map((key) => t(key)).join(' · ');

  return (
    <section class="card calls" aria-label={t('call_section')} data-voice={String(self.voice)} data-recording={String(recording.on)}>
      <div class="row">
        <button type="button" disabled={busy} onClick={() => send({ type: 'calls.voice', sessionId, on: !self.voice })}>
          {self.voice ? t('btn_call_end') : t('btn_call_start')}
        </button>
        {self.voice && (
          <button type="button" aria-pressed={self.muted} onClick={() => send({ type: 'calls.mute', muted: !self.muted })}>
            {self.muted ? t('btn_unmute') : t('btn_mute')}
          </button>
        )}
        <button type="button" disabled={busy} onClick={() => send({ type: 'calls.camera', sessionId, on: !self.camera })}>
          {self.camera ? t('btn_camera_off') : t('btn_camera_on')}
        </button>
        <button
          type="button"
          disabled={busy}
          onClick={() => send({ type: 'calls.record', sessionId, on: !recording.on, number: session.info.number })}
        >
          {recording.on ? t('btn_record_stop') : t('btn_record_start')}
        </button>
      </div>
      <p role="status" class="recording-indicator-slot">
        {recording.on && <span class="recording-indicator">{t('call_recording')}</span>}
      </p>
      <p class="presence" data-who="self" data-speaking={String(self.speaking)} data-muted={String(self.muted)}>
        {t('call_presence_line', { name: t('call_you'), states: states(presenceKeys(self)) })}
      </p>
      {Object.entries(state.peers).map(([id, presence]) => (
        <p key={id} class="presence" data-who={id} data-speaking={String(presence.speaking)} data-muted={String(presence.muted)}>
          {t('call_presence_line', { name: nameOf(id), states: states(presenceKeys(presence)) })}
        </p>
      ))}
      {state.error && (
        <div role="alert" class="error">
          <p>{t(`call_error_${state.error}`)}</p>
          {state.error === 'permission_needed' && (
            <button type="button" onClick={() => void openPermissionPage()}>
              {t('btn_call_allow')}
            </button>
          )}
        </div>
      )}
      {state.callContinues === 'joining' && <p role="status">{t('call_voice_continues_joining')}</p>}
      {state.ended && (
        <p role="status">{state.ended === 'control_transferred' && state.callContinues === 'passed' ? t('call_voice_continues_passed') : t(`call_ended_${state.ended}`)}</p>
      )}
      {download && recording.file && (
        <p>
          <a href={download} download={recording.file}>
            {t('call_download_recording')}
          </a>{' '}
          <span class="muted">{t('call_recording_saved', { size: ((recording.bytes ?? 0) / 1e6).toFixed(1) })}</span>
        </p>
      )}
      <div class="cameras">
        {Object.entries(state.peers).map(([id, presence]) => (
          <CameraVideo
            key={id}
            stream={presence.cameraStream ? (view.cameras.get(presence.cameraStream) ?? null) : null}
            label={t('call_camera_label', { name: nameOf(id) })}
          />
        ))}
        <CameraVideo
          stream={state.selfCameraStream ? (view.cameras.get(state.selfCameraStream) ?? null) : null}
          label={t('call_own_camera_label')}
          mirrored
        />
      </div>
    </section>
  );
}
