// The customer's voice, video and recording controls (issue #9): named
// buttons reachable by keyboard, the states in words ("Muted", "Speaking",
// "Recording"), the rep's camera and our own preview. The recording banner is
// its own live region, rendered from the start so "Recording" is announced.
import { CameraVideo } from '../../src/shared/ui/CameraVideo.tsx';
import { presenceKeys } from '../../src/shared/ui/presence-text.ts';
import { useT } from '../i18n.ts';
import type { CustomerCallState } from './call-client.ts';

interface Props {
  call: CustomerCallState;
  repName: string;
  inSession: boolean;
  calls: { voice(on: boolean): void; mute(muted: boolean): void; camera(on: boolean): void };
}

export function RecordingBanner({ call, repName }: Pick<Props, 'call' | 'repName'>) {
  const t = useT();
  return (
    <p class={`recording-banner${call.recording ? '' : ' is-empty'}`} role="status" aria-live="polite" data-recording={String(call.recording)}>
      {call.recording && (
        <>
          <span class="recording-dot" aria-hidden="true" />
          {t('call_recording_customer', { name: repName })}
        </>
      )}
    </p>
  );
}

export function CallControls({ call, repName, inSession, calls }: Props) {
  const t = useT();
  const usable = inSession && call.available;
  const states = (keys: ReturnType<typeof presenceKeys>) => keys.map((key) => t(key)).join(' · ');
  return (
    <section class="call-controls" aria-label={t('call_section')} data-voice={String(call.self.voice)} data-camera={String(call.self.camera)}>
      <div class="call-buttons">
        <button type="button" class="button" disabled={!usable || call.pending === 'voice'} onClick={() => calls.voice(!call.self.voice)}>
          {call.self.voice ? t('btn_call_end') : t('btn_call_start')}
        </button>
        {call.self.voice && (
          <button type="button" class="button" aria-pressed={call.self.muted} onClick={() => calls.mute(!call.self.muted)}>
            {call.self.muted ? t('btn_unmute') : t('btn_mute')}
          </button>
        )}
        <button type="button" class="button" disabled={!usable || call.pending === 'camera'} onClick={() => calls.camera(!call.self.camera)}>
          {call.self.camera ? t('btn_camera_off') : t('btn_camera_on')}
        </button>
        {call.pending && <span role="status">{t('call_starting')}</span>}
      </div>
      <p class="call-presence" data-who="self" data-speaking={String(call.self.speaking)} data-muted={String(call.self.muted)}>
        {t('call_presence_line', { name: t('call_you'), states: states(presenceKeys(call.self)) })}
      </p>
      {repName && (
        <p class="call-presence" data-who="rep" data-speaking={String(call.rep.speaking)} data-muted={String(call.rep.muted)}>
          {t('call_presence_line', { name: repName, states: states(presenceKeys(call.rep)) })}
        </p>
      )}
      {call.error && (
        <p class="notice notice-problem" role="alert">
          {t(`call_error_${call.error}`)}
        </p>
      )}
      {call.ended && (
        <p class="notice" role="status">
          {/* Control passed on with our voice running: only video and recording ended (S20). */}
          {call.ended === 'control_transferred' && call.self.voice ? t('call_voice_continues_customer') : t(`call_ended_${call.ended}`)}
        </p>
      )}
      <div class="call-cameras">
        <CameraVideo stream={call.repCamera} label={t('call_camera_label', { name: repName })} />
        <CameraVideo stream={call.ownCamera} label={t('call_own_camera_label')} mirrored />
      </div>
    </section>
  );
}
