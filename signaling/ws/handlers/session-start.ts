// session.start: a signed-in rep opens a session. The rep becomes its
// controller participant; one socket may control several sessions.
import { userActor } from '../../audit/audit-log.ts';
import type { Handler } from '../context.ts';
import { requireRep } from '../guards.ts';
import { sessionInfo } from '../session-actions.ts';
import { shownName } from '../shown-name.ts';

export const sessionStart: Handler<'session.start'> = async (ctx, conn, message) => {
  const user = requireRep(conn);
  const session = ctx.registry.create({ userId: user.id, name: shownName(user), email: user.email });
  ctx.hub.attachRep(session.id, conn);
  ctx.log.info(`[session] ${session.id} started by ${user.id} on ${conn.connId}`);
  await ctx.audit.record({ type: 'session.start', ...userActor(user), sessionNumber: session.number, ip: conn.ip });
  conn.send({ type: 'session.started', rid: message.rid, session: sessionInfo(ctx.config, session) });
};
