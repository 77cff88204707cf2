// participant.admit: the rep lets in a customer who joined with the bare
// number (no link token) and has been waiting in the lobby.
import { userActor } from '../../audit/audit-log.ts';
import type { Handler } from '../context.ts';
import { requireControlledSession, requireLobbyCustomer, requireRep } from '../guards.ts';
import { notifyReps } from '../notify.ts';

export const participantAdmit: Handler<'participant.admit'> = async (ctx, conn, message) => {
  const user = requireRep(conn);
  const session = requireControlledSession(ctx, conn, message.sessionId);
  const customer = requireLobbyCustomer(session, message.participantId);
  const admitted = ctx.registry.setState(session.id, message.participantId, 'connected');
  const socket = ctx.hub.participant(message.participantId);
  socket?.send({ type: 'customer.admitted', sessionId: session.id });
  // share.state and support.selected only go to connected customers; this one may have missed changes while waiting.
  socket?.send({ type: 'share.state', sessionId: session.id, sharing: session.sharing, stage: session.stage });
  socket?.send({ type: 'support.selected', sessionId: session.id, participantId: session.selectedId, sharesStopped: false });
  notifyReps(ctx, session.id, admitted);
  await ctx.audit.record({ type: 'session.admit', ...userActor(user), sessionNumber: session.number, ip: conn.ip, detail: { customer: customer.name } });
  conn.send({ type: 'ok', rid: message.rid });
};
