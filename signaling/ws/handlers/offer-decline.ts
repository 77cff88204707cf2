// offer.decline: an agent refuses a transfer offered to them. They are passed
// over for that transfer (until they set themselves available again); it goes
// on to other agents, or is queued again, or (to chosen agents, when nobody is
// left) cancelled.
import { PeerAssistError } from '../../../src/shared/protocol/errors.ts';
import type { Handler } from '../context.ts';
import { requireRep } from '../guards.ts';

export const offerDecline: Handler<'offer.decline'> = async (ctx, conn, message) => {
  const agent = requireRep(conn);
  const offer = ctx.acd.offer(message.offerId);
  if (!offer || offer.agentUserId !== agent.id) throw new PeerAssistError('offer_gone', 'this offer is no longer open');
  ctx.acd.decline(offer);
  conn.send({ type: 'ok', rid: message.rid });
  await ctx.acd.poke();
};
