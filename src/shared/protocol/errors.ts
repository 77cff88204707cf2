// Every refusal anywhere in PeerAssist carries one of these reasons, so each
// UI can turn it into a sentence in the user's language (STYLE.md habit 7).
import { z } from 'zod';

export const ErrorReason = z.enum([
  'malformed', // not JSON, or fails the schema
  'unknown_type', // a well-formed envelope whose type nobody handles
  'too_large', // over MAX_MESSAGE_BYTES
  'rate_limited', // too many messages on this socket
  'unauthenticated', // no or expired sign-in
  'forbidden', // this role may not do this
  'no_session', // no live session with that number or id
  'invalid_token', // join token does not match the session
  'not_in_session', // sender is not a member of the session it names
  'unknown_participant', // target is not in the sender's session
  'already_in_session', // this socket already joined / started a session
  'denied', // the representative declined the join request
  'session_full', // the rep already supports the most customers the site allows
  'mode_not_allowed', // the session mode asked for is not one this rep may use (S1)
  'not_selected', // the customer is not the one the rep is supporting (select them first, S14)
  'not_requested', // a customer shared their screen without being asked
  'share_unsupported', // this browser cannot share a screen (most phones; client side only)
  'share_declined', // the user closed the screen picker or refused (client side only)
  'disabled', // the account was disabled by an administrator
  'email_failed', // the server could not send an invitation (SMTP down or refusing)
  'email_disabled', // the site sends no mail (emailMode client) or has no SMTP configured: use the rep's own mail program
  'bad_credentials', // sign-in refused
  'network', // could not reach the server (client side only)
  'capture_failed', // tab capture failed (client side only)
  'message_too_long', // the private transfer message is over MAX_HANDOFF_MESSAGE (345) characters (S24)
  'no_such_queue', // a transfer named a queue that does not exist
  'no_agent_available', // none of the agents chosen for a transfer is connected and available
  'handoff_pending', // the session already has a transfer waiting to be accepted (cancel it first)
  'offer_gone', // the transfer offer was accepted by someone else, expired or was cancelled
  'internal', // a bug on our side; logged
]);
export type ErrorReason = z.infer<typeof ErrorReason>;

/** An error whose reason a UI can translate; `cause` keeps the original for logs. */
export class PeerAssistError extends Error {
  override readonly name = 'PeerAssistError';
  constructor(
    readonly reason: ErrorReason,
    message?: string,
    options?: { cause?: unknown },
  ) {
    super(message ?? reason, options);
  }
}

export function reasonOf(error: unknown): ErrorReason {
  return error instanceof PeerAssistError ? error.reason : 'internal';
}
