// The list of file transfers, the same on the rep's dashboard and the
// customer's page: each with its direction, a progress bar (role progressbar,
// named for the file), bytes and speed, its state in words, and the buttons
// that state allows (Accept / Decline an offer, Cancel a running transfer,
// Save a received file, Remove a finished one). Buttons are named for their
// file, so assistive tech (and the tests) tell them apart.
import { useRef } from 'preact/hooks';
import type { Translate } from '../i18n/index.ts';
import type { TransferView } from '../protocol/files.ts';
import { formatBytes, percentOf } from './speed.ts';

export interface TransferListProps {
  t: Translate;
  transfers: readonly TransferView[];
  /** The other end's name for this transfer. */
  peerName: (view: TransferView) => string;
  onAccept: (id: string) => void;
  onDecline: (id: string) => void;
  onCancel: (id: string) => void;
  onSave: (view: TransferView) => void;
  onDismiss: (id: string) => void;
}

const RUNNING = new Set(['sending', 'receiving', 'verifying']);

export function TransferList(props: TransferListProps) {
  const { t, transfers } = props;
  if (transfers.length === 0) return <p class="files-empty">{t('files_none')}</p>;
  return (
    <ul class="transfers">
      {transfers.map((view) => (
        <TransferItem key={view.id} view={view} {...props} />
      ))}
    </ul>
  );
}

function TransferItem({ view, t, peerName, onAccept, onDecline, onCancel, onSave, onDismiss }: TransferListProps & { view: TransferView }) {
  const name = peerName(view);
  const file = view.name;
  const percent = percentOf(view.bytes, view.size);
  const running = RUNNING.has(view.state);
  const finished = !running && view.state !== 'offered';
  return (
    <li class="transfer" data-state={view.state} data-direction={view.direction} data-transfer-id={view.id}>
      <div class="transfer-head">
        <span class="transfer-name">{file}</span>
        <span class="transfer-peer">{t(view.direction === 'out' ? 'files_direction_out' : 'files_direction_in', { name })}</span>
      </div>
      {view.state === 'offered' && view.direction === 'in' && (
        <p class="transfer-offer">{t('files_incoming', { name, file, size: formatBytes(view.size) })}</p>
      )}
      {view.state !== 'offered' && view.state !== 'declined' && (
        <progress max={100} value={percent} aria-label={t('files_progress_label', { file })} />
      )}
      <p class="transfer-status">
        <span class="transfer-state">{stateText(t, view, name)}</span>
        {view.state !== 'declined' && (
          <span class="transfer-amount"> · {t('files_amount', { done: formatBytes(view.bytes), total: formatBytes(view.size) })}</span>
        )}
        {running && <span class="transfer-speed"> · {t('files_speed', { speed: formatBytes(view.bytesPerSecond) })}</span>}
      </p>
      <div class="transfer-actions">
        {view.state === 'offered' && view.direction === 'in' && (
          <>
            <button type="button" class="button button-primary" aria-label={t('btn_file_accept', { file })} onClick={() => onAccept(view.id)}>
              {t('files_btn_accept')}
            </button>
            <button type="button" class="button" aria-label={t('btn_file_decline', { file })} onClick={() => onDecline(view.id)}>
              {t('files_btn_decline')}
            </button>
          </>
        )}
        {(running || (view.state === 'offered' && view.direction === 'out')) && (
          <button type="button" class="button" aria-label={t('btn_file_cancel', { file })} onClick={() => onCancel(view.id)}>
            {t('files_btn_cancel')}
          </button>
        )}
        {view.state === 'done' && view.direction === 'in' && view.stored && (
          <button type="button" class="button button-primary" aria-label={t('btn_file_save', { file })} onClick={() => onSave(view)}>
            {t('files_btn_save')}
          </button>
        )}
        {finished && (
          <button type="button" class="button" aria-label={t('btn_file_dismiss', { file })} onClick={() => onDismiss(view.id)}>
            {t('files_btn_dismiss')}
          </button>
        )}
      </div>
    </li>
  );
}

export function stateText(t: Translate, view: TransferView, name: string): string {
  const out = view.direction === 'out';
  switch (view.state) {
    case 'offered':
      return out ? t('files_state_offered_out', { name }) : t('files_state_offered_in');
    case 'sending':
      return t('files_state_sending');
    case 'receiving':
      return t('files_state_receiving');
    case 'verifying':
      return t('files_state_verifying');
    case 'done':
      return t(out ? 'files_state_done_out' : 'files_state_done_in');
    case 'declined':
      return out ? t('files_state_declined_out', { name }) : t('files_state_declined_in');
    case 'cancelled':
      return view.cancelledBy === 'peer' ? t('files_state_cancelled_peer', { name }) : t('files_state_cancelled_me');
    case 'failed':
      return t(`files_failed_${view.failure ?? 'connection_lost'}`);
  }
}

/**
 * Offer a received file for download: an object URL of the disk-backed OPFS
 * File (never read into memory), clicked through a temporary link.
 */
export function downloadFile(file: Blob, name: string): void {
  const url = URL.createObjectURL(file);
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  link.rel = 'noopener';
  document.body.append(link);
  link.click();
  link.remove();
  // The download has its own reference by now; give it a minute anyway.
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

/**
 * "Send a file to …": a real button (a file input is not found by its name in
 * the accessibility tree) that opens the browser's file chooser through a
 * hidden input; picking a file sends it, and the input is cleared for the next.
 */
export function FilePicker({ label, disabled, onPick }: { label: string; disabled?: boolean; onPick: (file: File) => void }) {
  const input = useRef<HTMLInputElement>(null);
  return (
    <div class="file-picker">
      <button type="button" class="button" disabled={disabled} onClick={() => input.current?.click()}>
        {label}
      </button>
      <input
        ref={input}
        type="file"
        hidden
        tabIndex={-1}
        aria-hidden="true"
        onChange={(event) => {
          const element = event.currentTarget;
          const file = element.files?.[0];
          element.value = '';
          if (file) onPick(file);
        }}
      />
    </div>
  );
}
