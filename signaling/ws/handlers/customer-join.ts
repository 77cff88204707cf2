// customer.join: a customer's page joins a session by number. With the link's
// token they are in at once; with the number alone they wait in the lobby
// until the rep admits them (DESIGN.md, Security).
import { timingSafeEqual } from 'node:crypto';
import { PeerAssistError } from '../../../src/shared/protocol/errors.ts';
import type { Handler } from '../context.ts';
import { notifyRep } from '../session-actions.ts';

/** Constant-time comparison, so response timing does not leak how much of a guessed token was right. */
function tokensMatch(given: string, expected: string): boolean {
  const a = Buffer.from(given, 'utf8');
  const b = Buffer.from(expected, 'utf8');
  return a.length === b.length && timingSafeEqual(a, b);
}

export const customerJoin: Handler<'customer.join'> = (ctx, conn, message) => {
  // Customers join from the server's own pages (or a non-browser client); the
  // extension is the rep's side and authenticates with rep.hello instead.
  if (conn.originKind === 'extension') throw new PeerAssistError('forbidden', 'customers join from the support page');
  if (conn.kind === 'rep') throw new PeerAssistError('forbidden', 'a representative socket cannot join as a customer');
  if (conn.sessionId) throw new PeerAssistError('already_in_session', 'this connection is already in a session');
  const session = ctx.registry.byNumber(message.number);
  if (!session) throw new PeerAssistError('no_session', 'there is no session with that number');
  if (message.token !== undefined && !tokensMatch(message.token, session.joinToken)) {
    throw new PeerAssistError('invalid_token', 'the join link is not valid for this session');
  }
  const participant = ctx.registry.addCustomer(session.id, message.name, message.token !== undefined ? 'connected' : 'lobby');
  conn.kind = 'customer';
  conn.sessionId = session.id;
  conn.participantId = participant.id;
  ctx.hub.bindParticipant(participant.id, conn);
  conn.send({
    type: 'customer.joined',
    rid: message.rid,
    sessionId: session.id,
    participantId: participant.id,
    repName: session.controllerName,
    state: participant.state === 'connected' ? 'connected' : 'lobby',
    sharing: session.sharing,
    iceServers: ctx.config.iceServers,
  });
  notifyRep(ctx, session.id, participant);
};
