// session.resume: the rep's extension reconnected (service-worker restart,
// network change) and takes its session back before the grace timer ends it.
import type { Handler } from '../context.ts';
import { requireControlledSession } from '../guards.ts';
import { sessionInfo, supportView } from '../session-actions.ts';

export const sessionResume: Handler<'session.resume'> = (ctx, conn, message) => {
  // Same user only, from any of their sockets: the new socket has a new connId.
  const session = requireControlledSession(ctx, conn, message.sessionId);
  ctx.grace.cancel(session.id);
  // If another socket of this user still holds the session (its drop is not yet
  // noticed), the session moves here: the newest socket is the live one.
  ctx.hub.attachRep(session.id, conn);
  const restored = session.restored === true;
  if (restored) ctx.registry.markResumed(session.id);
  conn.send({
    type: 'session.resumed',
    rid: message.rid,
    session: sessionInfo(ctx.config, session),
    participants: ctx.registry.listParticipants(session.id),
    ...supportView(session),
    ...(restored && { restored }),
  });
};
