// assistant.join: a signed-in rep joins a colleague's session by its number
// (S16). They become an assistant: in the participant list, able to exchange
// WebRTC signaling with the session's members, but with no control (S17):
// every control message checks for the controller itself and refuses them.
// Joining again (an extension re-asserting after a restart, on a new socket)
// keeps the same participant and moves it to the new socket.
//
// Only rep sockets may do this, so a rep's invitation link is useless to
// someone who is not signed in as a rep. A number with no live session counts
// as a failed look-up, throttled per address like customer.join.
import { PeerAssistError } from '../../../src/shared/protocol/errors.ts';
import { userActor } from '../../audit/audit-log.ts';
import { iceServersFor } from '../../settings/effective.ts';
import type { Handler } from '../context.ts';
import { requireRep } from '../guards.ts';
import { notifyReps } from '../notify.ts';
import { lookUpSession } from '../number-lookup.ts';
import { supportView } from '../session-actions.ts';
import { shownName } from '../shown-name.ts';

export const assistantJoin: Handler<'assistant.join'> = async (ctx, conn, message) => {
  const user = requireRep(conn);
  const settings = await ctx.store.settings.get();
  await ctx.lookups.sync(conn.ip);
  // From here to binding the socket nothing awaits (see lookUpSession).
  const session = lookUpSession(ctx, conn, message.number, userActor(user));
  if (session.controllerUserId === user.id) throw new PeerAssistError('already_in_session', 'you control this session');
  const existing = ctx.registry.assistantOf(session.id, user.id);
  const participant = existing ?? ctx.registry.addAssistant(session.id, { userId: user.id, name: shownName(user), email: user.email });
  ctx.hub.attachAssistant(session.id, participant.id, conn);
  conn.send({
    type: 'assistant.joined',
    rid: message.rid,
    sessionId: session.id,
    number: session.number,
    participantId: participant.id,
    controllerName: session.controllerName,
    participants: ctx.registry.listParticipants(session.id),
    ...supportView(session),
    iceServers: iceServersFor(ctx.config, settings, participant.id, ctx.clock.now()),
  });
  // Re-attaching changes nothing anyone else sees.
  if (existing) return;
  ctx.log.info(`[session] ${session.id} assisted by ${user.id} on ${conn.connId}`);
  notifyReps(ctx, session.id, participant);
  await ctx.audit.record({ type: 'assistant.join', ...userActor(user), sessionNumber: session.number, ip: conn.ip });
};
