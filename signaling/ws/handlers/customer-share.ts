// customer.share: a customer started sharing their screen (answering the rep's
// screen.request) or stopped. Starting needs a pending request for them and
// that the rep still supports them, so no customer can put their screen in
// front of the others unasked. They take the stage from whoever had it, and
// everyone in the session sees it (S13).
import { PeerAssistError } from '../../../src/shared/protocol/errors.ts';
import type { Handler } from '../context.ts';
import { requireCustomer } from '../guards.ts';
import { announceStage } from '../stage.ts';

export const customerShare: Handler<'customer.share'> = async (ctx, conn, message) => {
  const { session, participant } = requireCustomer(ctx, conn);
  const onStage = session.stage?.participantId === participant.id;
  // Saying again what is already so is not an error: the page re-asserts its
  // state after a reconnect, and answers a new request while it shares with "yes".
  if (onStage === message.sharing) {
    if (onStage && session.screenRequest === participant.id) ctx.registry.setScreenRequest(session.id, null);
    conn.send({ type: 'ok', rid: message.rid });
    return;
  }
  if (message.sharing) {
    if (session.screenRequest !== participant.id) throw new PeerAssistError('not_requested', 'share your screen only when the representative asks');
    if (session.selectedId !== participant.id) throw new PeerAssistError('not_selected', 'the representative is supporting someone else now');
  }
  ctx.registry.setStage(session.id, message.sharing ? { participantId: participant.id, role: 'customer', name: participant.name } : null);
  // The sharer hears it too, in order with everything else: a "Stop viewing"
  // that follows at once then finds the page already knowing it is on the stage.
  announceStage(ctx, session);
  await ctx.audit.record({
    type: message.sharing ? 'share.start' : 'share.stop',
    actor: participant.name,
    sessionNumber: session.number,
    ip: conn.ip,
    detail: { sharer: 'customer' },
  });
  conn.send({ type: 'ok', rid: message.rid });
};
