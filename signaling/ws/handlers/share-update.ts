// share.update: the rep started or stopped sharing their screen. Connected
// customers and assistants learn it at once (S13: every participant sees the
// share); customers still in the lobby learn it when admitted.
import { userActor } from '../../audit/audit-log.ts';
import type { Handler } from '../context.ts';
import { requireControlledSession, requireRep } from '../guards.ts';

export const shareUpdate: Handler<'share.update'> = async (ctx, conn, message) => {
  const user = requireRep(conn);
  const session = requireControlledSession(ctx, conn, message.sessionId);
  const changed = session.sharing !== message.sharing;
  ctx.registry.setSharing(session.id, message.sharing);
  for (const participant of session.participants.values()) {
    if (participant.role === 'controller' || participant.state !== 'connected') continue;
    ctx.hub.participant(participant.id)?.send({ type: 'share.state', sessionId: session.id, sharing: message.sharing });
  }
  // Only changes are audited: the extension re-asserts its state after a reconnect.
  if (changed) {
    await ctx.audit.record({
      type: message.sharing ? 'share.start' : 'share.stop',
      ...userActor(user),
      sessionNumber: session.number,
      ip: conn.ip,
    });
  }
  conn.send({ type: 'ok', rid: message.rid });
};
