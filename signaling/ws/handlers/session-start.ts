// session.start: a signed-in rep opens a session. The rep becomes its
// controller participant; one socket may control several sessions.
import { DisplayName } from '../../../src/shared/protocol/common.ts';
import { userActor } from '../../audit/audit-log.ts';
import type { User } from '../../store/store.ts';
import type { Handler } from '../context.ts';
import { requireRep } from '../guards.ts';
import { sessionInfo } from '../session-actions.ts';

/**
 * Customers see the rep's name, and participant lists carry it, so it must be
 * a valid DisplayName even if the account's name (set by an admin) is not.
 */
function shownName(user: User): string {
  const parsed = DisplayName.safeParse(user.name);
  if (parsed.success) return parsed.data;
  // eslint-disable-next-line no-control-regex
  const cleaned = user.name.replace(/[\u0000-\u001f\u007f]/g, ' ').trim().slice(0, 64).trim();
  return cleaned || 'Representative';
}

export const sessionStart: Handler<'session.start'> = async (ctx, conn, message) => {
  const user = requireRep(conn);
  const session = ctx.registry.create({ userId: user.id, name: shownName(user), email: user.email });
  ctx.hub.attachRep(session.id, conn);
  ctx.log.info(`[session] ${session.id} started by ${user.id} on ${conn.connId}`);
  await ctx.audit.record({ type: 'session.start', ...userActor(user), sessionNumber: session.number, ip: conn.ip });
  conn.send({ type: 'session.started', rid: message.rid, session: sessionInfo(ctx.config, session) });
};
