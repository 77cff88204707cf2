// screen.refuse: the customer asked to share their screen will not (declined
// the browser's prompt), cannot (most phones have no getDisplayMedia), or their
// capture failed. The request is dropped and the rep is told why, so the
// dashboard can say so instead of waiting for a screen that never comes.
import { PeerAssistError } from '../../../src/shared/protocol/errors.ts';
import type { Handler } from '../context.ts';
import { requireCustomer } from '../guards.ts';

export const screenRefuse: Handler<'screen.refuse'> = (ctx, conn, message) => {
  const { session, participant } = requireCustomer(ctx, conn);
  if (session.screenRequest !== participant.id) throw new PeerAssistError('not_requested', 'the representative has not asked to see your screen');
  ctx.registry.setScreenRequest(session.id, null);
  ctx.hub.rep(session.id)?.send({
    type: 'session.notice',
    sessionId: session.id,
    notice: { kind: 'screen_refused', name: participant.name, reason: message.reason },
  });
  conn.send({ type: 'ok', rid: message.rid });
};
