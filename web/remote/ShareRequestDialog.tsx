import { useEffect, useRef } from 'preact/hooks';
import { useT } from '../i18n.ts';
import { asksConsent, explainsUnsupported, type RemoteState } from './state.ts';

/**
 * The rep asked to see our screen (S13): a modal <dialog>, so focus moves into
 * it, Tab stays inside, the page behind is inert and Escape means "Not now".
 * On a browser that cannot share a screen (most phones) the same dialog only
 * explains, with no share button; the refusal has already gone to the rep.
 *
 * The element stays in the page and opens/closes with showModal()/close(), so
 * closing returns focus to where it was (removing an open dialog would not).
 */
export function ShareRequestDialog({
  state,
  onAccept,
  onDecline,
  onDismiss,
}: {
  state: RemoteState;
  onAccept: () => void;
  onDecline: () => void;
  onDismiss: () => void;
}) {
  const t = useT();
  const consent = asksConsent(state);
  const open = consent || explainsUnsupported(state);
  const dialog = useRef<HTMLDialogElement>(null);
  const first = useRef<HTMLButtonElement>(null);
  const cancel = consent ? onDecline : onDismiss;

  useEffect(() => {
    const element = dialog.current;
    if (!element) return;
    if (open && !element.open) {
      element.showModal();
      // The main action for consent (the browser's picker is a second step), OK otherwise.
      first.current?.focus();
    } else if (!open && element.open) {
      element.close();
    }
  }, [open]);

  const rep = { rep: state.requestedBy ?? state.repName };
  return (
    <dialog
      ref={dialog}
      class="share-dialog"
      aria-labelledby="share-dialog-title"
      aria-describedby="share-dialog-text"
      onCancel={(event) => {
        // Escape: answer like "Not now"; the state closes the dialog.
        event.preventDefault();
        cancel();
      }}
      onClose={() => {
        // The browser closed it without asking us (a repeated Escape): still an answer.
        if (open) cancel();
      }}
    >
      {open && (
        <>
          <h2 id="share-dialog-title" class="share-dialog-title">
            {t(consent ? 'remote_share_request_title' : 'remote_share_unsupported_title')}
          </h2>
          <p id="share-dialog-text">{t(consent ? 'remote_share_request_text' : 'remote_share_unsupported_text', rep)}</p>
          <div class="form-actions">
            {consent ? (
              <>
                <button ref={first} type="button" class="button button-primary" onClick={onAccept}>
                  {t('remote_btn_share_my_screen')}
                </button>
                <button type="button" class="button button-secondary" onClick={onDecline}>
                  {t('remote_btn_not_now')}
                </button>
              </>
            ) : (
              <button ref={first} type="button" class="button button-primary" onClick={onDismiss}>
                {t('btn_ok')}
              </button>
            )}
          </div>
        </>
      )}
    </dialog>
  );
}
