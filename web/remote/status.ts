// The page's sentences, derived from the facts in state.ts: the status line
// (what is going on now), the notice line (what just happened to us) and how
// the status looks. Keys only: the page translates them (en.ts, ko.ts).
import { errorKey, type MessageKey } from '../../src/shared/i18n/index.ts';
import { onStage, type RemoteState } from './state.ts';

export interface Sentence {
  key: MessageKey;
  values?: Record<string, string>;
}

/** The sentence for the status line, as a key and its values (the page translates it). */
export function statusMessage(state: RemoteState): Sentence | null {
  const rep = { rep: state.repName };
  const terminal = state.terminal;
  // The browser's picker is open: what to do next matters more than what is on the stage.
  if (state.ownShare === 'starting' && (state.name === 'connected' || state.name === 'viewing' || state.name === 'stopped')) {
    return { key: 'remote_status_share_starting' };
  }
  switch (state.name) {
    case 'idle':
      return null;
    case 'connecting':
      return { key: 'status_connecting' };
    case 'lobby':
      return { key: 'status_waiting_admit' };
    case 'connected':
      if (state.sharing && state.stage?.role === 'customer' && !onStage(state)) {
        return { key: 'remote_status_waiting_customer_screen', values: { ...rep, name: state.stage.name } };
      }
      return { key: 'status_connected', values: rep };
    case 'viewing':
      // The rep forwards whatever is on the stage on the same track: say whose screen it is.
      if (state.stage?.role === 'customer') return { key: 'remote_status_viewing_customer', values: { name: state.stage.name } };
      return { key: 'remote_status_viewing_rep', values: { rep: state.stage?.name || state.repName } };
    case 'sharing':
      return { key: 'remote_status_sharing' };
    case 'stopped': {
      const last = state.lastSharer;
      if (last?.role === 'customer') return { key: 'remote_status_customer_stopped', values: { name: last.name } };
      if (last?.role === 'self') return { key: 'remote_status_connected_idle', values: rep };
      return { key: 'status_rep_stopped' };
    }
    case 'reconnecting':
      return { key: 'status_reconnecting' };
    case 'ended':
      return { key: 'status_ended' };
    case 'rep_gone':
      return { key: 'status_rep_gone' };
    case 'denied':
      return { key: 'status_denied' };
    case 'left':
      return { key: 'status_left' };
    case 'error':
      return { key: errorKey(terminal?.name === 'error' ? terminal.reason : 'internal') };
  }
}

/** The sentence for the notice line under the status, or null (none, or the session is over). */
export function noticeMessage(state: RemoteState): Sentence | null {
  const notice = state.notice;
  if (!notice || state.terminal) return null;
  const rep = { rep: state.repName };
  switch (notice.kind) {
    case 'selected':
      return { key: 'remote_notice_selected', values: rep };
    case 'deselected':
      if (notice.other) return { key: notice.ownShareStopped ? 'remote_notice_helping_other_stopped' : 'remote_notice_helping_other', values: rep };
      return { key: notice.ownShareStopped ? 'remote_notice_unselected_stopped' : 'remote_notice_unselected', values: rep };
    case 'shares_stopped':
      return { key: 'remote_notice_shares_stopped', values: rep };
    case 'share_stopped_by_rep':
      return { key: 'remote_notice_share_stopped_by_rep', values: rep };
    case 'share_stopped':
      return { key: 'remote_notice_share_stopped' };
    case 'share_declined':
      return { key: 'remote_notice_share_declined' };
    case 'share_failed':
      return { key: 'remote_notice_share_failed' };
    case 'share_lost':
      return { key: 'remote_notice_share_lost' };
    case 'rep_changed': {
      const values = { rep: notice.rep, previous: notice.previous };
      if (notice.controllerGone) return { key: notice.ownShareStopped ? 'remote_notice_rep_replaced_stopped' : 'remote_notice_rep_replaced', values };
      return { key: notice.ownShareStopped ? 'remote_notice_rep_changed_stopped' : 'remote_notice_rep_changed', values };
    }
  }
}

/**
 * While the session is being handed to another representative (S25): that we
 * are being transferred and, when waiting in a queue, our place in it. Empty
 * otherwise and once the session is over.
 */
export function transferMessages(state: RemoteState): Sentence[] {
  const transfer = state.transfer;
  if (!transfer || state.terminal) return [];
  const sentences: Sentence[] = [{ key: 'remote_transfer_pending' }];
  if (transfer.state === 'queued' && transfer.position !== undefined) {
    sentences.push({ key: 'remote_transfer_position', values: { n: String(transfer.position) } });
  }
  return sentences;
}

/** How the status line looks; the sentence always says the same thing in words. */
export type StatusTone = 'progress' | 'ok' | 'notice' | 'ended' | 'problem';

export function statusTone(state: RemoteState): StatusTone {
  if (statusMessage(state)?.key === 'remote_status_share_starting') return 'progress';
  switch (state.name) {
    case 'idle':
    case 'connecting':
    case 'lobby':
    case 'reconnecting':
      return 'progress';
    case 'connected':
    case 'viewing':
    case 'sharing':
      return 'ok';
    case 'stopped':
      return 'notice';
    case 'ended':
    case 'left':
      return 'ended';
    case 'rep_gone':
    case 'denied':
    case 'error':
      return 'problem';
  }
}
