// A modal <dialog> that stays in the page and opens with showModal(), so focus
// moves into it, Tab stays inside and the rest of the page is inert; Escape
// works like Cancel except while `busy` (an answer is on its way and decides).
// Its content is rendered only while open, so each opening starts afresh.
import type { ComponentChildren } from 'preact';
import { useEffect, useRef } from 'preact/hooks';

interface Props {
  open: boolean;
  /** An action is on its way: Escape waits for its answer. */
  busy: boolean;
  /** Just before it shows: reset what an earlier opening left. */
  onOpen?: () => void;
  onClose: () => void;
  /** Once the dialog has closed (focus can leave a modal dialog only then). */
  returnFocus: () => void;
  class: string;
  labelledBy: string;
  describedBy?: string;
  children: ComponentChildren;
}

export function ModalDialog({ open, busy, onOpen, onClose, returnFocus, labelledBy, describedBy, children, ...rest }: Props) {
  const dialog = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const element = dialog.current;
    if (!element) return;
    if (open && !element.open) {
      onOpen?.();
      element.showModal();
    } else if (!open && element.open) {
      element.close();
      returnFocus();
    }
  }, [open]);

  return (
    <dialog
      ref={dialog}
      class={rest.class}
      aria-labelledby={labelledBy}
      aria-describedby={describedBy}
      onCancel={(event) => {
        event.preventDefault();
        if (!busy) onClose();
      }}
      onClose={() => {
        // Closed by the browser without asking us: keep the state in step.
        if (open) onClose();
      }}
    >
      {open && children}
    </dialog>
  );
}
