// share.update: the rep started or stopped sharing their screen. Customers in
// the session learn it at once; those still in the lobby learn it when admitted.
import type { Handler } from '../context.ts';
import { requireControlledSession } from '../guards.ts';

export const shareUpdate: Handler<'share.update'> = (ctx, conn, message) => {
  const session = requireControlledSession(ctx, conn, message.sessionId);
  ctx.registry.setSharing(session.id, message.sharing);
  for (const participant of session.participants.values()) {
    if (participant.role !== 'customer' || participant.state !== 'connected') continue;
    ctx.hub.participant(participant.id)?.send({ type: 'share.state', sessionId: session.id, sharing: message.sharing });
  }
  conn.send({ type: 'ok', rid: message.rid });
};
