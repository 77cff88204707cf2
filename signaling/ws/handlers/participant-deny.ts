// participant.deny: the rep turns away a customer waiting in the lobby. The
// customer's socket stays open so the page can say so (and they may try again).
import { userActor } from '../../audit/audit-log.ts';
import type { Handler } from '../context.ts';
import { requireControlledSession, requireLobbyCustomer, requireRep } from '../guards.ts';
import { errorMessage } from '../refusals.ts';
import { removeCustomer } from '../session-actions.ts';

export const participantDeny: Handler<'participant.deny'> = async (ctx, conn, message) => {
  const user = requireRep(conn);
  const session = requireControlledSession(ctx, conn, message.sessionId);
  const customer = requireLobbyCustomer(session, message.participantId);
  ctx.hub
    .participant(message.participantId)
    ?.send(errorMessage('denied', 'The representative declined the request to join.', { type: 'customer.join' }));
  removeCustomer(ctx, session.id, message.participantId);
  await ctx.audit.record({ type: 'session.deny', ...userActor(user), sessionNumber: session.number, ip: conn.ip, detail: { customer: customer.name } });
  conn.send({ type: 'ok', rid: message.rid });
};
