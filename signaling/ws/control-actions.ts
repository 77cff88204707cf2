// Control changing hands (issue #7, S19–S20): the controller passes it to one
// of the session's assistants (control.transfer), or the server hands it to
// the longest-present assistant when the controller's extension stayed away
// longer than the grace period. Three steps, in this order, with nothing
// awaited in between:
//
//   registry  transferControl: who controls, roles, stage cleared (one synchronous step)
//   hub       the new controller's socket becomes the session's rep socket;
//             the old controller's (a transfer they asked for) an assistant socket
//   clients   control.transferred ─▶ everyone (the old controller and lobby customers too)
//             share.state (empty)  ─▶ everyone, if something was on the stage
//             participant.update   ─▶ the reps, for both changed participants
//             control.received     ─▶ the new controller (with the handoff)
//             control.released     ─▶ the old controller (transfer only)
//
// Customers keep their sockets and participant ids; their page learns the new
// controller from control.transferred and renegotiates media with them.
//
// A WebACD transfer accepted by an agent (issue #8, reason 'handoff'; see
// ws/handoff-actions.ts) goes the same way with two differences: the previous
// controller leaves the session as when they are gone (no control.released;
// the router tells them handoff.state 'accepted'), and control.transferred
// says 'transfer'. Control passing any other way cancels a pending WebACD transfer.
import type { IceServer } from '../../src/shared/protocol/common.ts';
import { PeerAssistError } from '../../src/shared/protocol/errors.ts';
import type { Handoff } from '../../src/shared/protocol/wire.ts';
import type { LiveSession } from '../sessions/registry.ts';
import type { Connection } from './connection.ts';
import type { HandlerContext } from './context.ts';
import { notifyReps } from './notify.ts';
import { sessionInfo } from './session-actions.ts';
import { announceStage, sessionAudience } from './stage.ts';

/**
 * How control changes hands: asked for by the controller's socket `from`, or
 * because the controller is gone, or a WebACD transfer was accepted (issue #8:
 * the taker was just added as an assistant; the previous controller leaves the
 * session, as with 'controller_gone', and their audit entry is the router's).
 */
export type HandOver =
  | { reason: 'transfer'; from: Connection; handoff: Handoff; iceServers: IceServer[] }
  | { reason: 'controller_gone' }
  | { reason: 'handoff'; handoff: Handoff };

/** A gone controller leaves nothing behind: the new controller's extension starts with no invitations. */
const EMPTY_HANDOFF: Handoff = { invitations: [] };

/**
 * Makes the connected assistant `participantId` the session's controller (see
 * the header). Refuses with unknown_participant, changing nothing, when they
 * are not a connected assistant of the session or have no socket.
 */
export function handOverControl(ctx: HandlerContext, session: LiveSession, participantId: string, how: HandOver): void {
  const taker = session.participants.get(participantId);
  const takerSocket = ctx.hub.participant(participantId);
  if (taker?.role !== 'assistant' || taker.state !== 'connected' || !takerSocket) {
    throw new PeerAssistError('unknown_participant', 'no connected assistant with that id in this session');
  }
  const before = { userId: session.controllerUserId, email: session.controllerEmail };
  // Another socket of the old controller may still hold the session (its drop not yet noticed): it is told too.
  const formerRepSocket = ctx.hub.rep(session.id);
  // Control passing any other way ends a pending WebACD transfer: the new controller did not ask for it.
  if (how.reason !== 'handoff') ctx.acd.cancel(session.id, { tell: true });
  const change = ctx.registry.transferControl(session.id, participantId, how.reason === 'transfer' ? 'assistant' : 'gone');

  ctx.grace.cancel(session.id);
  ctx.hub.detachAssistant(session.id, participantId);
  ctx.hub.attachRep(session.id, takerSocket);
  if (how.reason === 'transfer') ctx.hub.attachAssistant(session.id, change.previous.id, how.from);

  const told = new Set(sessionAudience(ctx, session));
  if (formerRepSocket) told.add(formerRepSocket);
  // Customers still in the lobby too, unlike stage news: the page names whom they wait for.
  for (const participant of session.participants.values()) {
    const socket = participant.role === 'customer' ? ctx.hub.participant(participant.id) : undefined;
    if (socket) told.add(socket);
  }
  for (const conn of told) {
    conn.send({
      type: 'control.transferred',
      sessionId: session.id,
      controller: { participantId: change.controller.id, name: change.controller.name },
      previous: { participantId: change.previous.id, name: change.previous.name },
      // An accepted WebACD transfer is a transfer the controller asked for (the wire knows two reasons).
      reason: how.reason === 'controller_gone' ? 'controller_gone' : 'transfer',
    });
  }
  // Every share ended with the transfer (S20): a customer who was sharing stops on this.
  if (change.sharesStopped) announceStage(ctx, session);
  // Both reps hear both changes, themselves included: their lists change roles, not just members.
  notifyReps(ctx, session.id, change.controller, { toThemself: true });
  notifyReps(ctx, session.id, change.previous, { toThemself: true });

  const participants = ctx.registry.listParticipants(session.id);
  takerSocket.send({
    type: 'control.received',
    sessionId: session.id,
    session: sessionInfo(ctx.config, session),
    participants,
    selectedId: session.selectedId,
    stage: session.stage,
    handoff: how.reason === 'controller_gone' ? EMPTY_HANDOFF : how.handoff,
  });
  if (how.reason === 'transfer') {
    how.from.send({
      type: 'control.released',
      sessionId: session.id,
      number: session.number,
      participantId: change.previous.id,
      controllerName: session.controllerName,
      participants,
      sharing: session.sharing,
      iceServers: how.iceServers,
      selectedId: session.selectedId,
      stage: session.stage,
    });
  }
  ctx.log.info(`[session] ${session.id} control ${how.reason === 'controller_gone' ? 'handed' : 'passed'} from ${before.userId} to ${session.controllerUserId}`);
  if (how.reason === 'handoff') return;
  void ctx.audit.record({
    type: 'transfer',
    actor: before.email,
    actorId: before.userId,
    sessionNumber: session.number,
    ip: how.reason === 'transfer' ? how.from.ip : null,
    detail: { kind: 'control', to: session.controllerEmail, reason: how.reason },
  });
}
