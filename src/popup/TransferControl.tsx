// Session → Transfer session ▾ → Transfer control (FEATURES.md S18–S19): the
// controlling rep hands the active session to one of its assistants. A modal
// <dialog> lists every connected assistant as a radio group; Transfer sends
// control.transfer and the background does the rest (the dashboard then shows
// this rep as an assistant of the session, AssistPanel.tsx). Without an
// assistant the dialog says how one joins instead.
//
// The <dialog> stays in the page and opens with showModal(), so focus moves
// into it, Tab stays inside and the dashboard behind is inert; closing it
// puts focus back on the menu button (the menu item it came from is gone).
//
// A WebACD agent (issue #8, S21–S23) gets a second item, Transfer session,
// which hands the whole session to a queue or to other agents (HandoffDialog.tsx);
// other reps never see it.
import { useRef, useState } from 'preact/hooks';
import { ModalDialog } from './ModalDialog.tsx';
import type { DashboardSession, DashboardState } from '../shared/protocol/runtime.ts';
import { formatSessionNumber } from '../shared/session-number.ts';
import { useConnector } from './context.ts';
import { HandoffDialog } from './HandoffDialog.tsx';
import { t } from './i18n.ts';
import { MenuButton, type MenuItem } from './MenuButton.tsx';
import { chosenTarget, transferTargets } from './transfer.ts';
import { useAction } from './use-action.ts';
import { pendingHandoff } from './webacd.ts';

interface Props {
  session: DashboardSession;
  /** WebACD: the Transfer session item shows only for an agent (`agent` non-null). */
  state: Pick<DashboardState, 'agent' | 'directory' | 'auth'>;
}

export function TransferControl({ session, state }: Props) {
  const [open, setOpen] = useState<'control' | 'session' | null>(null);
  const menuButton = useRef<HTMLButtonElement>(null);
  const isAgent = state.agent !== null;
  const items: MenuItem[] = [{ id: 'control', label: t('menu_transfer_control'), onSelect: () => setOpen('control') }];
  if (isAgent) {
    // While a transfer is pending, a second one is refused (handoff_pending): Cancel transfer comes first.
    items.push({ id: 'session', label: t('menu_transfer_session'), disabled: pendingHandoff(session) !== null, onSelect: () => setOpen('session') });
  }
  const close = () => setOpen(null);
  const returnFocus = () => menuButton.current?.focus();
  return (
    <>
      <MenuButton id="transfer-session" label={t('btn_transfer_session')} buttonRef={menuButton} items={items} />
      <TransferDialog session={session} open={open === 'control'} onClose={close} returnFocus={returnFocus} />
      {isAgent && (
        <HandoffDialog
          directory={state.directory}
          selfId={state.auth.status === 'signed_in' ? state.auth.user.id : undefined}
          open={open === 'session'}
          onClose={close}
          returnFocus={returnFocus}
        />
      )}
    </>
  );
}

interface DialogProps {
  session: DashboardSession;
  open: boolean;
  onClose: () => void;
  /** Once the dialog has closed (focus can leave a modal dialog only then). */
  returnFocus: () => void;
}

function TransferDialog({ session, open, onClose, returnFocus }: DialogProps) {
  const connector = useConnector();
  const { busy, error, run, clearError } = useAction();
  const [choice, setChoice] = useState<string>();
  const targets = transferTargets(session.participants);
  const chosen = chosenTarget(targets, choice);


  const transfer = (event: Event) => {
    event.preventDefault();
    if (!chosen || busy) return;
    const participantId = chosen.id;
    void run(() => connector.send({ type: 'control.transfer', participantId })).then((ok) => ok && onClose());
  };

  return (
    <ModalDialog
      open={open}
      busy={busy}
      onOpen={() => {
        // Each opening starts afresh: no old choice, no old error.
        setChoice(undefined);
        clearError();
      }}
      onClose={onClose}
      returnFocus={returnFocus}
      class="transfer-dialog"
      labelledBy="transfer-dialog-title"
      describedBy="transfer-dialog-text"
    >
        <form onSubmit={transfer}>
          <h2 id="transfer-dialog-title">{t('transfer_dialog_title')}</h2>
          {targets.length === 0 ? (
            <div id="transfer-dialog-text">
              <p>{t('transfer_no_assistant')}</p>
              <p class="muted">{t('transfer_no_assistant_help', { number: formatSessionNumber(session.info.number) })}</p>
            </div>
          ) : (
            <>
              <p id="transfer-dialog-text" class="muted">
                {t('transfer_dialog_intro')}
              </p>
              <fieldset class="choices stacked" disabled={busy}>
                <legend>{t('transfer_assistants_legend')}</legend>
                {targets.map((p) => (
                  <label key={p.id} class="check">
                    <input
                      type="radio"
                      name="transfer-target"
                      value={p.id}
                      checked={chosen?.id === p.id}
                      onChange={() => setChoice(p.id)}
                    />
                    {p.name}
                  </label>
                ))}
              </fieldset>
            </>
          )}
          {error && (
            <p class="error" role="alert">
              {error}
            </p>
          )}
          <div class="row dialog-actions">
            {targets.length > 0 && (
              <button type="submit" class="primary" disabled={busy || !chosen}>
                {t('btn_transfer')}
              </button>
            )}
            <button type="button" disabled={busy} onClick={onClose}>
              {t('btn_cancel')}
            </button>
          </div>
        </form>
    </ModalDialog>
  );
}
