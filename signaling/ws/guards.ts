// Role checks shared by handlers. Each handler still decides which checks it
// needs (STYLE.md habit 3); these only keep the wording of refusals identical.
import type { Participant } from '../../src/shared/protocol/common.ts';
import { PeerAssistError } from '../../src/shared/protocol/errors.ts';
import type { LiveSession } from '../sessions/registry.ts';
import type { User } from '../store/store.ts';
import type { Connection } from './connection.ts';
import type { HandlerContext } from './context.ts';

/** The signed-in rep behind this socket; refuses customers and sockets that have not sent rep.hello. */
export function requireRep(conn: Connection): User {
  if (conn.kind === 'customer') throw new PeerAssistError('forbidden', 'a customer cannot do that');
  if (conn.kind !== 'rep' || !conn.user) throw new PeerAssistError('unauthenticated', 'send rep.hello with a valid token first');
  return conn.user;
}

/** A live session this socket's user controls (any of the user's sockets may act for it). */
export function requireControlledSession(ctx: HandlerContext, conn: Connection, sessionId: string): LiveSession {
  const user = requireRep(conn);
  const session = ctx.registry.byId(sessionId);
  if (!session) throw new PeerAssistError('no_session', 'that session has ended');
  if (session.controllerUserId !== user.id) throw new PeerAssistError('forbidden', 'only the representative who started the session can do that');
  return session;
}

/** A customer of the session who is waiting in the lobby. */
export function requireLobbyCustomer(session: LiveSession, participantId: string): Readonly<Participant> {
  const participant = session.participants.get(participantId);
  if (!participant || participant.role !== 'customer' || participant.state !== 'lobby') {
    throw new PeerAssistError('unknown_participant', 'no one with that id is waiting to join this session');
  }
  return participant;
}

/** A customer of the session who is in (not waiting in the lobby): whom the rep may select or ask to share. */
export function requireConnectedCustomer(session: LiveSession, participantId: string): Readonly<Participant> {
  const participant = session.participants.get(participantId);
  if (!participant || participant.role !== 'customer' || participant.state !== 'connected') {
    throw new PeerAssistError('unknown_participant', 'no connected customer with that id in this session');
  }
  return participant;
}

/** The customer behind this socket and their session; refuses rep sockets and sockets that joined no session. */
export function requireCustomer(ctx: HandlerContext, conn: Connection): { session: LiveSession; participant: Readonly<Participant> } {
  if (conn.kind === 'rep') throw new PeerAssistError('forbidden', 'only a customer can do that');
  const session = conn.sessionId ? ctx.registry.byId(conn.sessionId) : undefined;
  const participant = conn.participantId ? session?.participants.get(conn.participantId) : undefined;
  if (!session || !participant) throw new PeerAssistError('not_in_session', 'this connection is not in a session');
  return { session, participant };
}
