// An agent accepts a WebACD transfer offer (issue #8, S25): the first accept
// wins. Everything below runs in one synchronous step, so of two accepts
// arriving together exactly one finds the offer; the other is refused with
// offer_gone (and its agent already got offer.withdrawn 'accepted_elsewhere').
//
//   router     takeAccepted: the transfer leaves the router (and the store's queue);
//              every other offer ─▶ offer.withdrawn 'accepted_elsewhere'
//   registry   the agent joins as an assistant (or is one already), then
//   #7         handOverControl 'handoff': control.transferred ─▶ everyone,
//              control.received (with the sender's handoff) ─▶ the agent,
//              participant.update ─▶ the reps; the sender's participant leaves
//              (as when a controller is gone) and their socket no longer holds the session
//   sender     handoff.state 'accepted' ─▶ the sender's socket: their participation
//              ended; their extension drops the session (no control.released:
//              they do not stay as an assistant)
//   customers  handoff.state 'accepted', after control.transferred
import { PeerAssistError } from '../../src/shared/protocol/errors.ts';
import type { User } from '../store/store.ts';
import { customersOf } from '../sessions/registry.ts';
import type { Offer } from '../webacd/router.ts';
import type { Connection } from './connection.ts';
import type { HandlerContext } from './context.ts';
import { handOverControl } from './control-actions.ts';
import { shownName } from './shown-name.ts';

export function acceptOffer(ctx: HandlerContext, conn: Connection, agent: User, offer: Offer | undefined, maxCustomers: number): void {
  if (!offer || offer.agentUserId !== agent.id) throw new PeerAssistError('offer_gone', 'this offer was accepted by someone else, expired or was cancelled');
  const pending = ctx.acd.transfer(offer.transferId);
  const session = pending ? ctx.registry.byId(pending.sessionId) : undefined;
  if (!pending || !session || session.controllerUserId !== pending.senderUserId) {
    // The session ended or changed hands another way: the transfer is void.
    if (pending) ctx.acd.cancel(pending.sessionId, { tell: true });
    throw new PeerAssistError('offer_gone', 'the session is no longer being transferred');
  }
  if (customersOf(ctx.registry, agent.id) >= maxCustomers) {
    throw new PeerAssistError('session_full', 'you already support as many customers as the site allows');
  }
  const transfer = ctx.acd.takeAccepted(offer);
  if (!transfer) throw new PeerAssistError('offer_gone', 'the session is no longer being transferred');

  const sender = { id: session.controllerUserId, email: session.controllerEmail };
  const senderSocket = ctx.hub.rep(session.id);
  const customerSockets = [...session.participants.values()]
    .filter((p) => p.role === 'customer')
    .map((p) => ctx.hub.participant(p.id))
    .filter((c): c is Connection => c !== undefined);

  const participant =
    ctx.registry.assistantOf(session.id, agent.id) ??
    ctx.registry.addAssistant(session.id, { userId: agent.id, name: shownName(agent), email: agent.email });
  ctx.hub.attachAssistant(session.id, participant.id, conn);
  handOverControl(ctx, session, participant.id, { reason: 'handoff', handoff: transfer.handoff });

  const accepted = { type: 'handoff.state', sessionId: session.id, state: 'accepted' } as const;
  senderSocket?.send({ ...accepted, ...(transfer.target.kind === 'queue' && { queueId: transfer.target.queueId }) });
  for (const socket of customerSockets) socket.send(accepted);
  ctx.log.info(`[webacd] ${transfer.id} accepted by ${agent.id}: session ${session.id} leaves ${sender.id}`);
  void ctx.audit.record({
    type: 'transfer',
    actor: agent.email,
    actorId: agent.id,
    sessionNumber: session.number,
    ip: conn.ip,
    detail: {
      kind: transfer.target.kind,
      stage: 'accepted',
      from: sender.email,
      ...(transfer.target.kind === 'queue' && { queueId: transfer.target.queueId }),
    },
  });
}

