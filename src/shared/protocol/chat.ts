// Chat (issue #9) as every part holds it: the entries of a session's log.
// Declared on their own because three protocols carry them: the data channel
// between a participant and the controlling rep's media engine (channel.ts),
// the extension's store (runtime.ts: DashboardSession.chat), and a transfer of
// control, which hands the log kept so far to the new controller (wire.ts,
// Handoff; FEATURES.md S20).
//
// Text only (DESIGN.md, Security): a message is a string, shown as text by
// every UI (Preact escapes it); nothing here is ever HTML.
import { z } from 'zod';
import { Id } from './common.ts';

/** The most characters one message may have; the send field says so before the schema has to. */
export const MAX_CHAT_TEXT = 1000;
/** Entries a session's log keeps (the oldest go first). */
export const MAX_CHAT_LOG = 200;
/** Bytes of log a transfer of control carries: the server refuses messages over 64 KiB (common.ts). */
export const MAX_HANDOFF_CHAT_BYTES = 24 * 1024;

/** Chosen by the sender (random), so the hub's echo can be matched to the message sent; unique per session. */
export const ChatId = z.string().regex(/^[A-Za-z0-9_-]{8,40}$/, 'not a chat message id');

/** What a person typed: trimmed, not empty, no longer than MAX_CHAT_TEXT. */
export const ChatText = z
  .string()
  .trim()
  .min(1, 'a chat message is not empty')
  .max(MAX_CHAT_TEXT, `a chat message is at most ${MAX_CHAT_TEXT} characters`);

export const ChatEntry = z.discriminatedUnion('kind', [
  /** Someone said something. `from` is their participant id, stamped by the hub (never taken from the sender). */
  z.object({
    kind: z.literal('text'),
    id: ChatId,
    at: z.number().int().nonnegative(),
    from: Id,
    name: z.string().max(64),
    role: z.enum(['controller', 'assistant', 'customer']),
    text: ChatText,
  }),
  /**
   * The chat in progress ended because control passed to `name` (S20): every
   * participant sees it; the log goes on with the new controller.
   */
  z.object({ kind: z.literal('ended'), id: ChatId, at: z.number().int().nonnegative(), name: z.string().max(64) }),
]);
export type ChatEntry = z.infer<typeof ChatEntry>;
export type ChatTextEntry = Extract<ChatEntry, { kind: 'text' }>;

/** A session's chat as the extension stores it: the log and how many of it the rep has not seen. */
export const ChatLog = z.object({
  entries: z.array(ChatEntry).max(MAX_CHAT_LOG),
  unread: z.number().int().nonnegative(),
});
export type ChatLog = z.infer<typeof ChatLog>;
export const EMPTY_CHAT: ChatLog = { entries: [], unread: 0 };
