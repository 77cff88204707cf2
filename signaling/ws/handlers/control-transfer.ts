// control.transfer: the controlling rep hands control to one of the session's
// connected assistants (S19), who may pass it back the same way. Only the
// controller may (an assistant, a customer or another rep is refused, and
// nothing changes); the target must be a connected assistant of the session
// (else unknown_participant). The handoff (what the controller's extension
// holds, S20) was validated with the message and is relayed untouched.
// What changes and who hears what: ws/control-actions.ts.
import { iceServersFor } from '../../settings/effective.ts';
import type { Handler } from '../context.ts';
import { handOverControl } from '../control-actions.ts';
import { requireControlledSession, requireRep } from '../guards.ts';

export const controlTransfer: Handler<'control.transfer'> = async (ctx, conn, message) => {
  requireRep(conn);
  // Read first: from the role check to the hand-over nothing awaits, so the
  // session cannot change hands (or end) between the two.
  const settings = await ctx.store.settings.get();
  const session = requireControlledSession(ctx, conn, message.sessionId);
  handOverControl(ctx, session, message.participantId, {
    reason: 'transfer',
    from: conn,
    handoff: message.handoff,
    // The former controller now assists, and gets what assistant.join would give them:
    // their participant id stays the same through the transfer.
    iceServers: iceServersFor(ctx.config, settings, session.controllerParticipantId, ctx.clock.now()),
  });
  conn.send({ type: 'ok', rid: message.rid });
};
