// Changes that more than one handler makes: ending a session, a customer
// leaving, a user signed out everywhere. Each keeps the registry, the hub and
// the clients' views in step. (A rep's socket going away: rep-socket-gone.ts;
// control changing hands: control-actions.ts.)
import type { Participant } from '../../src/shared/protocol/common.ts';
import type { SessionEndReason, SessionInfo } from '../../src/shared/protocol/wire.ts';
import type { Config } from '../config.ts';
import type { LiveSession } from '../sessions/registry.ts';
import { assistantSocketGone } from './assistant-actions.ts';
import type { Connection } from './connection.ts';
import type { HandlerContext } from './context.ts';
import { notifyReps } from './notify.ts';
import { CLOSE_FORBIDDEN, errorMessage } from './refusals.ts';
import { announceSelection, announceStage } from './stage.ts';

export function sessionInfo(config: Config, session: LiveSession): SessionInfo {
  return {
    id: session.id,
    number: session.number,
    joinToken: session.joinToken,
    joinUrl: `${config.publicUrl}/join/${session.number}?t=${session.joinToken}`,
    startedAt: session.startedAt,
    kind: session.kind,
  };
}

/** Who the rep supports and who shares: part of every rep's view of a live session (session.resumed, assistant.joined). */
export function supportView(session: LiveSession): { sharing: boolean; selectedId: string | null; stage: LiveSession['stage'] } {
  return { sharing: session.sharing, selectedId: session.selectedId, stage: session.stage };
}

/**
 * Where a rep's invitation points (S8, S16): the support site's assist flow.
 * Opening it does nothing for someone who is not signed in as a rep, since
 * assistant.join needs a rep socket.
 */
export function assistUrl(config: Config, number: string): string {
  return `${config.publicUrl}/support/${number}`;
}

/** Unbinds a customer socket from its session; the socket stays open and may join again. */
function detachCustomer(ctx: HandlerContext, conn: Connection): void {
  if (conn.participantId) ctx.hub.unbindParticipant(conn.participantId);
  conn.participantId = undefined;
  conn.sessionId = undefined;
}

/**
 * Ends a session for everyone: customers and assistants get session.ended
 * (their sockets stay open so the page can say why), the rep socket too, and
 * the number is freed. `requester` gets its copy with the rid of its session.end.
 */
export function endSession(
  ctx: HandlerContext,
  session: LiveSession,
  reason: SessionEndReason,
  requester?: { conn: Connection; rid: string | undefined },
): void {
  ctx.grace.cancel(session.id);
  // A transfer of the session ends with it (its offers are withdrawn); the reps' freed customer slots may take waiting sessions.
  ctx.acd.cancel(session.id, { tell: false });
  const ended = { type: 'session.ended', sessionId: session.id, reason } as const;
  for (const participant of session.participants.values()) {
    if (participant.role === 'controller') continue;
    const conn = ctx.hub.participant(participant.id);
    if (!conn) continue;
    conn.send(ended);
    if (participant.role === 'assistant') ctx.hub.detachAssistant(session.id, participant.id);
    else detachCustomer(ctx, conn);
  }
  const repConn = ctx.hub.rep(session.id);
  if (repConn && repConn !== requester?.conn) repConn.send(ended);
  if (requester) requester.conn.send({ ...ended, ...(requester.rid !== undefined && { rid: requester.rid }) });
  ctx.hub.detachRep(session.id);
  ctx.registry.end(session.id);
  ctx.log.info(`[session] ${session.id} ended (${reason})`);
  void ctx.acd.poke();
  void ctx.audit.record({
    type: 'session.end',
    actor: session.controllerEmail,
    actorId: session.controllerUserId,
    sessionNumber: session.number,
    ip: requester?.conn.ip ?? null,
    detail: { reason },
  });
}

/**
 * Takes a customer out of the session (customer.leave, denied, or socket
 * closed): their socket is unbound and the rep sees them with state 'left'.
 * If the rep supported them, nobody is selected now; if they were sharing
 * their screen, the stage is empty. Everyone still in the session is told.
 */
export function removeCustomer(ctx: HandlerContext, sessionId: string, participantId: string): Participant | undefined {
  const conn = ctx.hub.participant(participantId);
  if (conn) detachCustomer(ctx, conn);
  const removal = ctx.registry.remove(sessionId, participantId);
  if (!removal) return undefined;
  notifyReps(ctx, sessionId, removal.participant);
  const session = ctx.registry.byId(sessionId);
  if (session && removal.wasSelected) announceSelection(ctx, session, removal.leftStage);
  if (session && removal.leftStage) announceStage(ctx, session);
  // A freed customer slot may make the rep, if an agent, available for a waiting session.
  void ctx.acd.poke();
  return removal.participant;
}

/**
 * A customer left on their own (customer.leave, or their socket closed): out
 * of the session, the rep told, and the audit log notes how.
 */
export function customerLeft(ctx: HandlerContext, conn: Connection, how: 'left' | 'disconnected'): void {
  const session = conn.sessionId ? ctx.registry.byId(conn.sessionId) : undefined;
  if (!session || !conn.participantId) return;
  const left = removeCustomer(ctx, session.id, conn.participantId);
  if (left) void ctx.audit.record({ type: 'session.leave', actor: left.name, sessionNumber: session.number, ip: conn.ip, detail: { how } });
}

/**
 * An administrator disabled the user, or took away the roles that let them
 * give support: their sessions end now (a rep who cannot sign in again could
 * never resume them), then each of their sockets is told why and closed with
 * 4403. The sockets are unbound at once, so nothing they send before the
 * close completes is acted on.
 */
export function signOutEverywhere(ctx: HandlerContext, userId: string, reason: 'disabled' | 'forbidden'): void {
  for (const session of ctx.registry.sessionsOf(userId)) endSession(ctx, session, 'rep_gone');
  const text = reason === 'disabled' ? 'an administrator disabled this account' : 'this account may no longer give support';
  for (const conn of ctx.hub.userSockets(userId)) {
    // Sessions the user assists go on without them.
    if (conn.user) assistantSocketGone(ctx, conn, conn.user);
    ctx.hub.unbindUser(userId, conn);
    ctx.acd.agentUnavailable(userId);
    // kind stays 'rep': the socket can neither sign in again nor join as a customer.
    conn.user = undefined;
    conn.send(errorMessage(reason, text));
    conn.close(CLOSE_FORBIDDEN, reason);
  }
}
