// support.select: the controlling rep supports this customer, or nobody (S12).
// Selecting ends every share in the session, the rep's and any customer's
// (S14: the rep's extension stops its own share as it selects), and drops an
// unanswered screen request; everyone in the session is told
// (support.selected, with `sharesStopped`, then share.state if a share ended).
import type { Handler } from '../context.ts';
import { requireConnectedCustomer, requireControlledSession } from '../guards.ts';
import { announceSelection, announceStage } from '../stage.ts';

export const supportSelect: Handler<'support.select'> = (ctx, conn, message) => {
  const session = requireControlledSession(ctx, conn, message.sessionId);
  if (message.participantId !== null) requireConnectedCustomer(session, message.participantId);
  const { sharesStopped } = ctx.registry.select(session.id, message.participantId);
  announceSelection(ctx, session, sharesStopped);
  // share.state too, so a client that follows the stage only through it (a customer's viewer) stops as well.
  if (sharesStopped) announceStage(ctx, session, conn);
  conn.send({ type: 'ok', rid: message.rid });
};
