// A refusal an HTTP route throws; app.ts turns it into the API's one error
// shape, {error:{reason,message}}, with the status the admin.ts contract gives:
// 400 malformed, 401 unauthenticated, 403 forbidden, 404 not found (reason
// 'malformed'), 409 conflict, 429 rate limited.
import type { ErrorReason } from '../../src/shared/protocol/errors.ts';

export class HttpError extends Error {
  override readonly name = 'HttpError';
  constructor(
    readonly status: number,
    readonly reason: ErrorReason,
    message: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }
}

export const notFound = (what: string) => new HttpError(404, 'malformed', `there is no such ${what}`);
