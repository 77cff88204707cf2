// signal: WebRTC offers, answers and ICE candidates for one other connected
// member of the sender's session (controller, customer or assistant). The
// server stamps `from` with the sender's own participant id, so no one can
// pose as another participant (as peerjs-server overwrites the sender id), and
// relays only within one session.
import { PeerAssistError } from '../../../src/shared/protocol/errors.ts';
import type { LiveSession } from '../../sessions/registry.ts';
import type { Connection } from '../connection.ts';
import type { Handler, HandlerContext } from '../context.ts';

interface Route {
  from: string;
  target: Connection;
}

const notHere = () => new PeerAssistError('unknown_participant', 'no connected participant with that id in your session');

/** Finds the target's socket if it is a connected member of `session`, other than the sender. */
function targetIn(ctx: HandlerContext, session: LiveSession, from: string, to: string): Connection {
  const target = session.participants.get(to);
  if (to === from || !target || target.state !== 'connected') throw notHere();
  const conn = to === session.controllerParticipantId ? ctx.hub.rep(session.id) : ctx.hub.participant(to);
  // The rep may be between sockets (grace period): a member, but unreachable right now.
  if (!conn) throw notHere();
  return conn;
}

function customerRoute(ctx: HandlerContext, conn: Connection, to: string): Route {
  const session = conn.sessionId ? ctx.registry.byId(conn.sessionId) : undefined;
  const me = conn.participantId ? session?.participants.get(conn.participantId) : undefined;
  if (!session || !me) throw new PeerAssistError('not_in_session', 'this connection is not in a session');
  // No media before the rep admits a customer from the lobby.
  if (me.state !== 'connected') throw new PeerAssistError('forbidden', 'wait until the representative lets you in');
  return { from: me.id, target: targetIn(ctx, session, me.id, to) };
}

function repRoute(ctx: HandlerContext, conn: Connection, to: string): Route {
  if (conn.sessionIds.size === 0 && conn.assisting.size === 0) {
    throw new PeerAssistError('not_in_session', 'this connection controls or assists no session');
  }
  // A rep socket may control several sessions and assist others: the target says which one.
  for (const sessionId of conn.sessionIds) {
    const session = ctx.registry.byId(sessionId);
    if (session?.participants.has(to)) {
      return { from: session.controllerParticipantId, target: targetIn(ctx, session, session.controllerParticipantId, to) };
    }
  }
  // As an assistant the socket signals under its assistant participant id, to
  // the controller, customers or other assistants: a later issue streams to them.
  for (const [sessionId, participantId] of conn.assisting) {
    const session = ctx.registry.byId(sessionId);
    if (session?.participants.has(to)) return { from: participantId, target: targetIn(ctx, session, participantId, to) };
  }
  throw notHere();
}

export const signal: Handler<'signal'> = (ctx, conn, message) => {
  let route: Route;
  if (conn.kind === 'customer') route = customerRoute(ctx, conn, message.to);
  else if (conn.kind === 'rep') route = repRoute(ctx, conn, message.to);
  else throw new PeerAssistError('not_in_session', 'join or start a session first');
  route.target.send({ type: 'signal', from: route.from, payload: message.payload });
};
