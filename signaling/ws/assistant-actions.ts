// An assistant leaving a session (assistant.leave, their socket closed, their
// account disabled): out of the registry and the hub, the reps told, audited.
// Assistants get no grace period: unlike the controller, nothing stops while
// one is away, and their extension simply joins again after a restart.
import type { Connection } from './connection.ts';
import type { HandlerContext } from './context.ts';
import { notifyReps } from './notify.ts';

export interface Leaver {
  user: { id: string; email: string };
  ip: string | null;
}

export function assistantLeft(ctx: HandlerContext, sessionId: string, participantId: string, who: Leaver, how: 'left' | 'disconnected'): void {
  ctx.hub.detachAssistant(sessionId, participantId);
  const session = ctx.registry.byId(sessionId);
  const left = ctx.registry.remove(sessionId, participantId)?.participant;
  if (!session || !left) return;
  notifyReps(ctx, sessionId, left);
  void ctx.audit.record({
    type: 'assistant.leave',
    actor: who.user.email,
    actorId: who.user.id,
    sessionNumber: session.number,
    ip: who.ip,
    detail: { how },
  });
}

/** A rep socket closed or was signed out: it leaves every session it assists (those it still speaks for). */
export function assistantSocketGone(ctx: HandlerContext, conn: Connection, user: Leaver['user']): void {
  for (const [sessionId, participantId] of [...conn.assisting]) {
    // attachAssistant moved the participant to a newer socket: that one speaks for them now.
    if (ctx.hub.participant(participantId) !== conn) {
      conn.assisting.delete(sessionId);
      continue;
    }
    assistantLeft(ctx, sessionId, participantId, { user, ip: conn.ip }, 'disconnected');
  }
}
