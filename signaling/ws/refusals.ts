// How a refusal travels back to the client: a typed `error` message carrying
// the rid and the refused message's type, so the client can match it to its request.
import { RequestId } from '../../src/shared/protocol/common.ts';
import type { ErrorReason } from '../../src/shared/protocol/errors.ts';
import { PeerAssistError } from '../../src/shared/protocol/errors.ts';
import type { ServerMessageOf } from '../../src/shared/protocol/wire.ts';

/** A refusal after which the socket is closed (e.g. a bad token on rep.hello: close 4401). */
export class ClosingRefusal extends PeerAssistError {
  readonly closeCode: number;

  constructor(reason: ErrorReason, message: string, closeCode: number) {
    super(reason, message);
    this.closeCode = closeCode;
  }
}

/** Close codes in the 4000–4999 range are ours (RFC 6455 §7.4.2); 4401/4403 mirror HTTP. */
export const CLOSE_UNAUTHENTICATED = 4401;
export const CLOSE_FORBIDDEN = 4403;

export function errorMessage(
  reason: ErrorReason,
  message: string,
  about: { rid?: string | undefined; type?: string | undefined } = {},
): ServerMessageOf<'error'> {
  return {
    type: 'error',
    // Only a rid the protocol allows is echoed: the envelope of a refused
    // message may carry one that is not (an empty string, found by the fuzz
    // test, issue #10), and echoing it would make the error itself off-protocol.
    ...(about.rid !== undefined && RequestId.safeParse(about.rid).success && { rid: about.rid }),
    reason,
    // The schema caps the text at 500 characters.
    message: message.slice(0, 500),
    ...(about.type !== undefined && { inReplyTo: about.type.slice(0, 64) }),
  };
}
