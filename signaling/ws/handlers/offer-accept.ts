// offer.accept: an agent takes a transfer offered to them; the first accept
// wins (ws/handoff-actions.ts). A signed-in rep socket only; the offer must be
// theirs and still open, else offer_gone.
import type { Handler } from '../context.ts';
import { requireRep } from '../guards.ts';
import { acceptOffer } from '../handoff-actions.ts';

export const offerAccept: Handler<'offer.accept'> = async (ctx, conn, message) => {
  const agent = requireRep(conn);
  const settings = await ctx.store.settings.get();
  // From here on nothing awaits until the session has changed hands.
  acceptOffer(ctx, conn, agent, ctx.acd.offer(message.offerId), settings.maxCustomers);
  conn.send({ type: 'ok', rid: message.rid });
  // The sender's customers moved off them, and positions in queues moved up.
  await ctx.acd.poke();
};
