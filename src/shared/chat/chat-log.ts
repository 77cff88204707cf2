// Pure rules of a chat log, the same for the rep's store and the customer's
// page: an entry arriving twice (the hub's echo of our own message, a replay
// after a reconnect) is kept once; the log keeps the newest MAX_CHAT_LOG; a
// transfer of control carries as much of the newest log as fits its budget.
import { MAX_CHAT_LOG, MAX_HANDOFF_CHAT_BYTES, type ChatEntry, type ChatLog } from '../protocol/chat.ts';

/** The log with `entry` added at the end, or in place when its id is already there. */
export function appendEntry(entries: readonly ChatEntry[], entry: ChatEntry, max = MAX_CHAT_LOG): ChatEntry[] {
  const index = entries.findIndex((e) => e.id === entry.id);
  if (index >= 0) return entries.with(index, entry);
  return [...entries, entry].slice(-max);
}

/** Whether an entry counts as unread for the person whose participant ids are `own`: others' messages and the end of the chat. */
export function countsAsUnread(entry: ChatEntry, own: ReadonlySet<string>): boolean {
  return entry.kind === 'ended' || !own.has(entry.from);
}

/**
 * A stored log after an entry arrived: appended, and unread grown when it is
 * new and not ours. `own`: our participant ids, or null for an entry we wrote ourselves.
 */
export function receive(log: ChatLog, entry: ChatEntry, own: ReadonlySet<string> | null): ChatLog {
  const known = log.entries.some((e) => e.id === entry.id);
  return {
    entries: appendEntry(log.entries, entry),
    unread: known || own === null || !countsAsUnread(entry, own) ? log.unread : log.unread + 1,
  };
}

const encoder = new TextEncoder();

/** The newest entries whose JSON fits in `budget` bytes, oldest first (the handoff's share of a 64 KiB message). */
export function newestWithin(entries: readonly ChatEntry[], budget = MAX_HANDOFF_CHAT_BYTES): ChatEntry[] {
  const kept: ChatEntry[] = [];
  let used = 2; // the array's brackets
  for (let i = entries.length - 1; i >= 0; i--) {
    const entry = entries[i]!;
    const size = encoder.encode(JSON.stringify(entry)).byteLength + 1;
    if (used + size > budget) break;
    used += size;
    kept.push(entry);
  }
  return kept.reverse();
}
