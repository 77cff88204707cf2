// participant.deny: the rep turns away a customer waiting in the lobby. The
// customer's socket stays open so the page can say so (and they may try again).
import type { Handler } from '../context.ts';
import { requireControlledSession, requireLobbyCustomer } from '../guards.ts';
import { errorMessage } from '../refusals.ts';
import { removeCustomer } from '../session-actions.ts';

export const participantDeny: Handler<'participant.deny'> = (ctx, conn, message) => {
  const session = requireControlledSession(ctx, conn, message.sessionId);
  requireLobbyCustomer(session, message.participantId);
  ctx.hub
    .participant(message.participantId)
    ?.send(errorMessage('denied', 'The representative declined the request to join.', { type: 'customer.join' }));
  removeCustomer(ctx, session.id, message.participantId);
  conn.send({ type: 'ok', rid: message.rid });
};
