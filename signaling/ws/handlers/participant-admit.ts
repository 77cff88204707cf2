// participant.admit: the rep lets in a customer who joined with the bare
// number (no link token) and has been waiting in the lobby.
import type { Handler } from '../context.ts';
import { requireControlledSession, requireLobbyCustomer } from '../guards.ts';
import { notifyRep } from '../session-actions.ts';

export const participantAdmit: Handler<'participant.admit'> = (ctx, conn, message) => {
  const session = requireControlledSession(ctx, conn, message.sessionId);
  requireLobbyCustomer(session, message.participantId);
  const admitted = ctx.registry.setState(session.id, message.participantId, 'connected');
  const customer = ctx.hub.participant(message.participantId);
  customer?.send({ type: 'customer.admitted', sessionId: session.id });
  // share.state only goes to connected customers; this one may have missed changes while waiting.
  customer?.send({ type: 'share.state', sessionId: session.id, sharing: session.sharing });
  notifyRep(ctx, session.id, admitted);
  conn.send({ type: 'ok', rid: message.rid });
};
