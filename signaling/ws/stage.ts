// Who hears about the stage and the selection (issue #6, S12–S14): everyone
// in the session, that is the controller's socket, every assistant's and every
// connected customer's. Customers still in the lobby are not told (they have
// not been let in); participant.admit catches them up.
import type { ServerMessage } from '../../src/shared/protocol/wire.ts';
import type { LiveSession } from '../sessions/registry.ts';
import type { Connection } from './connection.ts';
import type { HandlerContext } from './context.ts';

/** The open sockets of the session's controller, assistants and connected customers, each once. */
export function sessionAudience(ctx: HandlerContext, session: LiveSession): Connection[] {
  const sockets = new Set<Connection>();
  const rep = ctx.hub.rep(session.id);
  if (rep) sockets.add(rep);
  for (const participant of session.participants.values()) {
    if (participant.role === 'controller' || participant.state !== 'connected') continue;
    const conn = ctx.hub.participant(participant.id);
    if (conn) sockets.add(conn);
  }
  return [...sockets];
}

function sendToSession(ctx: HandlerContext, session: LiveSession, message: ServerMessage, except?: Connection): void {
  for (const conn of sessionAudience(ctx, session)) if (conn !== except) conn.send(message);
}

/** share.state with the session's current stage; `except` (the socket whose request changed it) gets an `ok` instead. */
export function announceStage(ctx: HandlerContext, session: LiveSession, except?: Connection): void {
  sendToSession(ctx, session, { type: 'share.state', sessionId: session.id, sharing: session.stage !== null, stage: session.stage }, except);
}

/** support.selected with the session's current selection, to everyone (the requesting controller socket too). */
export function announceSelection(ctx: HandlerContext, session: LiveSession, sharesStopped: boolean): void {
  sendToSession(ctx, session, { type: 'support.selected', sessionId: session.id, participantId: session.selectedId, sharesStopped });
}
