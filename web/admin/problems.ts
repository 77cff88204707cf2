// A failed admin action as a sentence key in the admin's language: the
// error's reason through errorKey() where the shared sentence fits, and the
// admin page's own sentence where the reason alone would mislead (a duplicate
// e-mail is a 409 with reason 'malformed': "not understood" would be wrong).
import { errorKey, type MessageKey } from '../../src/shared/i18n/index.ts';
import { PeerAssistError } from '../../src/shared/protocol/errors.ts';
import { ApiError } from './http.ts';

/** What the admin was doing, when it changes the sentence. */
export type ActionKind = 'sign_in' | 'create_user' | 'create_queue' | 'other';

export function problemKey(error: unknown, action: ActionKind = 'other'): MessageKey {
  if (error instanceof ApiError) {
    if (error.status === 409) {
      // The server refuses to disable or demote the last enabled administrator.
      if (error.reason === 'forbidden') return 'admin_error_last_admin';
      if (action === 'create_user') return 'admin_error_email_taken';
      if (action === 'create_queue') return 'admin_error_queue_taken';
      return 'admin_error_conflict';
    }
    if (error.status === 404 && error.reason === 'malformed') return 'admin_error_not_found';
    if (error.status === 403 && error.reason === 'forbidden' && action !== 'sign_in') return 'admin_error_forbidden';
    return errorKey(error.reason);
  }
  if (error instanceof PeerAssistError) return errorKey(error.reason);
  return 'error_internal';
}

/**
 * The field a 400 reply blames. The server words a schema failure as
 * "<path>: <what is wrong>" (e.g. "maxCustomers: Too big: expected number to be <=100",
 * "iceServers.0.urls: Invalid input"); its English words stay in the log, the
 * page shows its own sentence for that field.
 */
export function blamedField(error: unknown): string | null {
  if (!(error instanceof ApiError) || error.status !== 400) return null;
  const match = /^([A-Za-z][\w]*(?:\.[\w]+)*)\s*:/.exec(error.message);
  return match?.[1] ?? null;
}
