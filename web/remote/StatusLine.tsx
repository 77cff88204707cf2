import { useT } from '../i18n.ts';
import { statusMessage, statusTone, type RemoteState, type StatusTone } from './state.ts';

/** A shape per tone, so the status never relies on colour alone (the sentence says it in words too). */
const ICONS: Record<StatusTone, string> = {
  progress: '',
  ok: '✓',
  notice: '‖',
  ended: '■',
  problem: '!',
};

/** The page's one live region: every state change is announced, politely. */
export function StatusLine({ state }: { state: RemoteState }) {
  const t = useT();
  const message = statusMessage(state);
  const tone = statusTone(state.name);
  return (
    <div class={`status status-${tone}${message ? '' : ' is-empty'}`} role="status" aria-live="polite">
      {message && (
        <>
          <span class={`status-icon${tone === 'progress' ? ' is-spinning' : ''}`} aria-hidden="true">
            {ICONS[tone]}
          </span>
          <span class="status-text">{t(message.key, message.values)}</span>
        </>
      )}
    </div>
  );
}
