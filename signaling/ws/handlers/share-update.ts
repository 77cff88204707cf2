// share.update: the rep started or stopped sharing their screen. Starting puts
// the rep on the stage (taking it from a customer who was sharing); stopping
// clears the stage whoever is on it, so "Stop viewing" ends a customer's share
// too (that customer learns it from share.state and stops). Everyone in the
// session learns it at once (S13: every participant sees the share); customers
// still in the lobby learn it when admitted.
import type { Stage } from '../../../src/shared/protocol/wire.ts';
import { userActor } from '../../audit/audit-log.ts';
import type { Handler } from '../context.ts';
import { requireControlledSession, requireRep } from '../guards.ts';
import { announceStage } from '../stage.ts';

export const shareUpdate: Handler<'share.update'> = async (ctx, conn, message) => {
  const user = requireRep(conn);
  const session = requireControlledSession(ctx, conn, message.sessionId);
  const controller: Stage = { participantId: session.controllerParticipantId, role: 'controller', name: session.controllerName };
  const before = ctx.registry.setStage(session.id, message.sharing ? controller : null);
  announceStage(ctx, session, conn);
  // Only changes are audited: the extension re-asserts its state after a reconnect.
  const audited = { ...userActor(user), sessionNumber: session.number, ip: conn.ip };
  if (message.sharing && before?.role !== 'controller') await ctx.audit.record({ type: 'share.start', ...audited });
  if (!message.sharing && before) {
    await ctx.audit.record({ type: 'share.stop', ...audited, ...(before.role === 'customer' && { detail: { sharer: 'customer', customer: before.name } }) });
  }
  conn.send({ type: 'ok', rid: message.rid });
};
