// A rep's socket closed. Sessions it assisted lose that assistant at once
// (ws/assistant-actions.ts). Sessions it controlled are not ended at once: the
// extension reconnects after a service-worker restart and sends
// session.resume. A session still without its controller after REP_GRACE_MS
// goes to its longest-present assistant if it has one (S20, reason
// 'controller_gone'), and otherwise ends with 'rep_gone':
//
//   controller socket closes ──▶ grace (REP_GRACE_MS)
//      ├─ session.resume (or control.transfer) from the controller ──▶ goes on as before
//      ├─ expires, a connected assistant ──▶ they control it; the old controller is out
//      └─ expires, no assistant ──▶ session.ended 'rep_gone' to everyone
import { longestPresentAssistant } from '../sessions/registry.ts';
import { assistantSocketGone } from './assistant-actions.ts';
import type { Connection } from './connection.ts';
import type { HandlerContext } from './context.ts';
import { handOverControl } from './control-actions.ts';
import { endSession } from './session-actions.ts';

/** The grace period ran out: hand the session on, or end it. */
export function controllerStayedAway(ctx: HandlerContext, sessionId: string): void {
  const session = ctx.registry.byId(sessionId);
  // Resumed sessions cancel their timer; this guards against one that ended or was resumed meanwhile.
  if (!session || ctx.hub.rep(sessionId)) return;
  // An assistant's socket always stays bound while they are connected; skip one that is not, to be safe.
  const heir = longestPresentAssistant(session);
  if (heir && ctx.hub.participant(heir.id)) {
    try {
      handOverControl(ctx, session, heir.id, { reason: 'controller_gone' });
      return;
    } catch (error) {
      // A timer has no one to answer: a bug here must not leave the session ownerless for good.
      ctx.log.error(`[session] ${sessionId} could not be handed to ${heir.id}; ending it`, error);
    }
  }
  endSession(ctx, session, 'rep_gone');
}

export function repSocketGone(ctx: HandlerContext, conn: Connection): void {
  if (conn.user) {
    assistantSocketGone(ctx, conn, conn.user);
    ctx.hub.unbindUser(conn.user.id, conn);
    // An agent with no socket left cannot take the offer they hold: it goes on to others (issue #8).
    if (!ctx.hub.userSockets(conn.user.id).length) {
      ctx.acd.agentUnavailable(conn.user.id);
      void ctx.acd.poke();
    }
  }
  for (const sessionId of [...conn.sessionIds]) {
    ctx.hub.detachRep(sessionId, conn);
    ctx.grace.start(sessionId, ctx.config.repGraceMs, () => controllerStayedAway(ctx, sessionId));
  }
}
