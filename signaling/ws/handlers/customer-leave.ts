// customer.leave: the customer closes the session on their side. Their socket
// stays open (the page may offer to join again).
import { PeerAssistError } from '../../../src/shared/protocol/errors.ts';
import type { Handler } from '../context.ts';
import { customerLeft } from '../session-actions.ts';

export const customerLeave: Handler<'customer.leave'> = (ctx, conn, message) => {
  if (conn.kind === 'rep') throw new PeerAssistError('forbidden', 'a representative ends the session instead');
  if (!conn.sessionId || !conn.participantId) throw new PeerAssistError('not_in_session', 'this connection is not in a session');
  customerLeft(ctx, conn, 'left');
  conn.send({ type: 'ok', rid: message.rid });
};
