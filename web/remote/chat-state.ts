// The customer's chat (issue #9) as a pure state machine; chat-client.ts feeds
// it from the session data channel and the page's input.
//
//   channel: closed ──open──► open ──closed (peer gone, rep re-joined, transfer)──► closed
//   a message we send: pending ──the hub's echo (same id)──► in the log
//                         └──channel closed first──► failed ("Not sent")
//   unread: what others said while the panel was collapsed; expanding clears it
//
// The log outlives channels: a transfer of control, or the rep coming back,
// opens a new channel and the log goes on (the hub replays what it has; the
// same id is kept once).
import type { ChatEntry } from '../../src/shared/protocol/chat.ts';
import { appendEntry, countsAsUnread } from '../../src/shared/chat/chat-log.ts';

export interface OutgoingMessage {
  id: string;
  text: string;
  at: number;
  status: 'pending' | 'failed';
}

export interface ChatState {
  entries: ChatEntry[];
  /** Ours, not yet echoed by the hub (or lost with the channel). */
  outgoing: OutgoingMessage[];
  /** Ids of messages we sent: shown as ours, never unread. */
  mine: string[];
  channel: 'open' | 'closed';
  expanded: boolean;
  unread: number;
}

export const initialChat: ChatState = { entries: [], outgoing: [], mine: [], channel: 'closed', expanded: false, unread: 0 };

export type ChatEvent =
  | { type: 'channel'; open: boolean }
  | { type: 'sent'; id: string; text: string; at: number }
  | { type: 'entry'; entry: ChatEntry }
  | { type: 'expand'; expanded: boolean }
  /** "Not sent" dismissed (or sent again, under a new id). */
  | { type: 'discard'; id: string };

export function reduceChat(state: ChatState, event: ChatEvent): ChatState {
  switch (event.type) {
    case 'channel': {
      const channel = event.open ? 'open' : 'closed';
      if (channel === state.channel) return state;
      // What the hub never echoed will not be: say so rather than leave it "sending" forever.
      const outgoing = event.open ? state.outgoing : state.outgoing.map((m): OutgoingMessage => ({ ...m, status: 'failed' }));
      return { ...state, channel, outgoing };
    }
    case 'sent':
      return {
        ...state,
        outgoing: [...state.outgoing, { id: event.id, text: event.text, at: event.at, status: 'pending' }],
        mine: [...state.mine, event.id].slice(-500),
      };
    case 'entry': {
      const { entry } = event;
      const known = state.entries.some((e) => e.id === entry.id);
      const ours = entry.kind === 'text' && state.mine.includes(entry.id);
      const unread = !known && !ours && !state.expanded && countsAsUnread(entry, new Set()) ? state.unread + 1 : state.unread;
      return {
        ...state,
        entries: appendEntry(state.entries, entry),
        outgoing: state.outgoing.filter((m) => m.id !== entry.id),
        unread,
      };
    }
    case 'expand':
      if (state.expanded === event.expanded && (!event.expanded || state.unread === 0)) return state;
      return { ...state, expanded: event.expanded, unread: event.expanded ? 0 : state.unread };
    case 'discard':
      return { ...state, outgoing: state.outgoing.filter((m) => m.id !== event.id) };
  }
}

/** Whether an entry of the log is one we sent. */
export function isMine(state: Pick<ChatState, 'mine'>, entry: ChatEntry): boolean {
  return entry.kind === 'text' && state.mine.includes(entry.id);
}
