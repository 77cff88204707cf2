// handoff.cancel: the controller withdraws the session's pending transfer.
// Offers are withdrawn ('cancelled'), a queue entry leaves the queue, and the
// sender and customers get handoff.state 'cancelled'; the session stays theirs.
import { PeerAssistError } from '../../../src/shared/protocol/errors.ts';
import { userActor } from '../../audit/audit-log.ts';
import type { Handler } from '../context.ts';
import { requireControlledSession, requireRep } from '../guards.ts';

export const handoffCancel: Handler<'handoff.cancel'> = async (ctx, conn, message) => {
  const user = requireRep(conn);
  const session = requireControlledSession(ctx, conn, message.sessionId);
  const kind = ctx.acd.transferOf(session.id)?.target.kind;
  if (!kind || !ctx.acd.cancel(session.id, { tell: true })) throw new PeerAssistError('offer_gone', 'this session is not being transferred');
  conn.send({ type: 'ok', rid: message.rid });
  await ctx.audit.record({ type: 'transfer', ...userActor(user), sessionNumber: session.number, ip: conn.ip, detail: { kind, stage: 'cancelled' } });
  await ctx.acd.poke();
};
