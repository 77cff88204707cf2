// The "session" data channel (issue #9): chat and pointer/annotation marks,
// peer to peer between each participant and the controlling rep's media engine.
//
//   customer / assistant ──chat.send──► hub (the controller's engine) ──chat.entry──► every peer of the session
//                        ◄─chat.entry──                                └─media.chat──► background (stores the log)
//   anyone ──mark.stroke / mark.clear──► hub ──the same──► every other peer, the dashboard, the shared tab
//
// The channel is negotiated (same label and id on both ends, created by each
// PeerLink's owner), so neither side waits for the other to announce it and
// it exists from the first connection on. Every message is JSON, validated
// here on arrival; anything else is dropped with a typed reason, never acted on.
import { z } from 'zod';
import { ChatEntry, ChatId, ChatText } from './chat.ts';
import type { ErrorReason } from './errors.ts';

/** createDataChannel(SESSION_CHANNEL.label, {negotiated: true, id: SESSION_CHANNEL.id}) on both ends. */
export const SESSION_CHANNEL = { label: 'session', id: 7 } as const;
/** The largest message the channel accepts (bytes of UTF-8): a chat line, a stroke. */
export const MAX_CHANNEL_BYTES = 16 * 1024;
/** Points in one stroke; a longer drawing goes as several strokes. */
export const MAX_STROKE_POINTS = 400;

/** A position on the shared view, 0..1 of its width and height, so every viewer's size fits. */
const Coordinate = z.number().min(0).max(1);
export const MarkPoint = z.tuple([Coordinate, Coordinate]);
export type MarkPoint = z.infer<typeof MarkPoint>;

/** A colour as #rrggbb. */
export const MarkColor = z.string().regex(/^#[0-9a-f]{6}$/i, 'a colour is #rrggbb');

/**
 * One mark: a drawn stroke ('draw'), or where someone points ('pointer', one
 * point). Sent again with the same id while it grows; receivers replace it.
 */
export const Stroke = z.object({
  id: ChatId,
  tool: z.enum(['draw', 'pointer']),
  color: MarkColor,
  points: z.array(MarkPoint).min(1).max(MAX_STROKE_POINTS),
});
export type Stroke = z.infer<typeof Stroke>;

const MarkStroke = z.object({ type: z.literal('mark.stroke'), stroke: Stroke });
/** Remove every mark on every view ("Clear marks"). */
const MarkClear = z.object({ type: z.literal('mark.clear') });
/** A mark as the extension's own contexts pass it on (media event, content script, dashboard). */
export const MarkMessage = z.discriminatedUnion('type', [MarkStroke, MarkClear]);
export type MarkMessage = z.infer<typeof MarkMessage>;

export const ChannelMessage = z.discriminatedUnion('type', [
  /** A participant to the hub: something they typed. The hub stamps who and when. */
  z.object({ type: z.literal('chat.send'), id: ChatId, text: ChatText }),
  /** The hub to every participant: an entry of the session's log (their own messages come back this way too). */
  z.object({ type: z.literal('chat.entry'), entry: ChatEntry }),
  MarkStroke,
  MarkClear,
]);
export type ChannelMessage = z.infer<typeof ChannelMessage>;

export type ChannelParse = { ok: true; message: ChannelMessage } | { ok: false; reason: Extract<ErrorReason, 'too_large' | 'malformed'>; detail: string };

const encoder = new TextEncoder();

/** A data channel message as it arrives (string or binary), to a typed message or a typed refusal. */
export function parseChannelMessage(data: unknown): ChannelParse {
  if (typeof data !== 'string') return { ok: false, reason: 'malformed', detail: 'the session channel carries text' };
  if (data.length > MAX_CHANNEL_BYTES || encoder.encode(data).byteLength > MAX_CHANNEL_BYTES) {
    return { ok: false, reason: 'too_large', detail: `a channel message is at most ${MAX_CHANNEL_BYTES} bytes` };
  }
  let value: unknown;
  try {
    value = JSON.parse(data);
  } catch {
    return { ok: false, reason: 'malformed', detail: 'not valid JSON' };
  }
  const parsed = ChannelMessage.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return { ok: false, reason: 'malformed', detail: `${issue?.path.join('.') ?? ''}: ${issue?.message ?? 'invalid'}`.slice(0, 300) };
  }
  return { ok: true, message: parsed.data };
}

/** What the channel owners need of an RTCDataChannel; tests pass a fake. */
export interface ChannelLike {
  readonly readyState: RTCDataChannelState;
  send(data: string): void;
}

/** Sends when the channel is open; false otherwise (the caller shows the message as not sent). */
export function sendOnChannel(channel: ChannelLike | null | undefined, message: ChannelMessage): boolean {
  if (channel?.readyState !== 'open') return false;
  try {
    channel.send(JSON.stringify(message));
    return true;
  } catch {
    return false;
  }
}

/** The negotiated session channel on a peer connection; both ends call this, so neither waits for the other. */
export function openSessionChannel(pc: RTCPeerConnection): RTCDataChannel {
  return pc.createDataChannel(SESSION_CHANNEL.label, { negotiated: true, id: SESSION_CHANNEL.id, ordered: true });
}

/** A random id for a message or a stroke (ChatId's alphabet). */
export function newChatId(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(12));
  return Array.from(bytes, (b) => 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_'[b & 63]).join('');
}
