// Parse, don't cast (STYLE.md habit 1): every edge turns raw text into a typed
// message or a typed refusal, never an `as`.
import type { z } from 'zod';
import { MAX_MESSAGE_BYTES } from './common.ts';
import type { ErrorReason } from './errors.ts';
import { ClientMessage, ServerMessage } from './wire.ts';

export type ParseResult<T> =
  | { ok: true; message: T }
  | { ok: false; reason: ErrorReason; detail: string; type?: string; rid?: string };

const encoder = new TextEncoder();

/** Size in UTF-8 bytes, the unit the limit is stated in. */
export function byteLength(text: string): number {
  // Fast path: a string can't take more than 3 bytes per UTF-16 unit.
  if (text.length * 3 <= MAX_MESSAGE_BYTES) return text.length;
  return encoder.encode(text).byteLength;
}

/** Validate an already-decoded value against a discriminated union keyed by `type`. */
export function parseValue<S extends z.ZodType>(
  schema: S,
  knownTypes: readonly string[],
  value: unknown,
): ParseResult<z.infer<S>> {
  const envelope = typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : undefined;
  const type = typeof envelope?.type === 'string' ? envelope.type.slice(0, 64) : undefined;
  const rid = typeof envelope?.rid === 'string' && envelope.rid.length >= 1 && envelope.rid.length <= 40 ? envelope.rid : undefined;
  const ids = { ...(type !== undefined && { type }), ...(rid !== undefined && { rid }) };
  if (!envelope || type === undefined) return { ok: false, reason: 'malformed', detail: 'a message is an object with a "type"', ...ids };
  if (!knownTypes.includes(type)) return { ok: false, reason: 'unknown_type', detail: `unknown message type "${type}"`, ...ids };
  const result = schema.safeParse(value);
  if (!result.success) {
    const issue = result.error.issues[0];
    const where = issue?.path.length ? `${issue.path.join('.')}: ` : '';
    return { ok: false, reason: 'malformed', detail: `${where}${issue?.message ?? 'invalid'}`.slice(0, 300), ...ids };
  }
  return { ok: true, message: result.data };
}

function parseText<S extends z.ZodType>(schema: S, knownTypes: readonly string[], text: string): ParseResult<z.infer<S>> {
  if (byteLength(text) > MAX_MESSAGE_BYTES) {
    return { ok: false, reason: 'too_large', detail: `a message is at most ${MAX_MESSAGE_BYTES} bytes` };
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { ok: false, reason: 'malformed', detail: 'not valid JSON' };
  }
  return parseValue(schema, knownTypes, value);
}

const clientTypes = ClientMessage.options.map((o) => o.shape.type.value);
const serverTypes = ServerMessage.options.map((o) => o.shape.type.value);

export const parseClientMessage = (text: string): ParseResult<ClientMessage> => parseText(ClientMessage, clientTypes, text);
export const parseServerMessage = (text: string): ParseResult<ServerMessage> => parseText(ServerMessage, serverTypes, text);
