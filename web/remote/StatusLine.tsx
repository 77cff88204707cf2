import { useT } from '../i18n.ts';
import type { RemoteState } from './state.ts';
import { noticeMessage, statusMessage, statusTone, transferMessages, type StatusTone } from './status.ts';

/** A shape per tone, so the status never relies on colour alone (the sentence says it in words too). */
const ICONS: Record<StatusTone, string> = {
  progress: '',
  ok: '✓',
  notice: '‖',
  ended: '■',
  problem: '!',
};

/** The page's main live region: every state change is announced, politely. */
export function StatusLine({ state }: { state: RemoteState }) {
  const t = useT();
  const message = statusMessage(state);
  const tone = statusTone(state);
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

/**
 * The last thing that happened to us that the status alone does not say ("Dana
 * is now helping another customer, so your screen sharing stopped"). Its own
 * live region, rendered from the start so its first sentence is announced.
 */
export function NoticeLine({ state }: { state: RemoteState }) {
  const t = useT();
  const message = noticeMessage(state);
  return (
    <p class={`remote-notice${message ? '' : ' is-empty'}`} role="status" aria-live="polite" data-notice={state.notice?.kind}>
      {message && (
        <>
          <span class="remote-notice-icon" aria-hidden="true">
            i
          </span>
          <span>{t(message.key, message.values)}</span>
        </>
      )}
    </p>
  );
}

/**
 * "You are being transferred to another representative." and, in a queue,
 * our place in it (S25). Its own live region, rendered from the start.
 */
export function TransferLine({ state }: { state: RemoteState }) {
  const t = useT();
  const sentences = transferMessages(state);
  return (
    <div class={`remote-transfer${sentences.length > 0 ? '' : ' is-empty'}`} role="status" aria-live="polite" data-transfer={state.transfer?.state}>
      {sentences.map((sentence) => (
        <p key={sentence.key}>{t(sentence.key, sentence.values)}</p>
      ))}
    </div>
  );
}
