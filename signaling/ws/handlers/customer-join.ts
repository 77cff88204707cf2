// customer.join: a customer's page joins a session by number. With the link's
// token they are in at once; with the number alone they wait in the lobby
// until the rep admits them (DESIGN.md, Security) — unless the site settings
// say number-only joins need no admission. A join that would give the rep more
// customers than the site allows (S11), or a second customer to a 'multi'
// session (one customer per session tab, S15), is refused, and the rep is told.
// A 'multi' session's customer is the one the rep supports: selected as they join.
// Unknown numbers are throttled per address (ws/number-lookup.ts).
import { PeerAssistError } from '../../../src/shared/protocol/errors.ts';
import type { SiteSettings } from '../../../src/shared/protocol/settings.ts';
import type { ClientMessage } from '../../../src/shared/protocol/wire.ts';
import { customersOf, type LiveSession } from '../../sessions/registry.ts';
import { iceServersFor } from '../../settings/effective.ts';
import type { Connection } from '../connection.ts';
import type { Handler, HandlerContext } from '../context.ts';
import { notifyReps } from '../notify.ts';
import { lookUpSession, tokensMatch } from '../number-lookup.ts';
import { announceSelection } from '../stage.ts';


type Join = Extract<ClientMessage, { type: 'customer.join' }>;

/**
 * A customer back after a server restart keeps their participant id, so the
 * rep's peer connection to them goes on (issue #10): only with the link's
 * token, only into a session restored from its snapshot, and only if no live
 * session knows that id (so nobody can take over someone else's).
 */
function returningId(ctx: HandlerContext, session: LiveSession, message: Join): string | undefined {
  const id = message.participantId;
  // For a minute after the restart: customers may come back a little after their rep resumed it.
  if (id === undefined || message.token === undefined || session.restoredAt === undefined || ctx.clock.now() - session.restoredAt > RETURN_WINDOW_MS) return undefined;
  for (const live of ctx.registry.all()) if (live.participants.has(id)) return undefined;
  return id;
}
const RETURN_WINDOW_MS = 60_000;

/** Turns the customer away because the rep (or the session) is at its limit: the rep sees who, the log says why. */
async function refuseFull(
  ctx: HandlerContext,
  conn: Connection,
  session: LiveSession,
  message: Join,
  limit: number,
  text = 'the representative is already helping as many customers as this site allows',
): Promise<never> {
  ctx.hub.rep(session.id)?.send({
    type: 'session.notice',
    sessionId: session.id,
    notice: { kind: 'customer_refused', name: message.name, reason: 'session_full' },
  });
  await ctx.audit.record({
    type: 'session.refuse',
    actor: message.name,
    sessionNumber: session.number,
    ip: conn.ip,
    detail: { reason: 'session_full', limit, kind: session.kind },
  });
  throw new PeerAssistError('session_full', text);
}

function customersIn(session: LiveSession): number {
  let count = 0;
  for (const participant of session.participants.values()) if (participant.role === 'customer') count++;
  return count;
}

export const customerJoin: Handler<'customer.join'> = async (ctx, conn, message) => {
  // Customers join from the server's own pages (or a non-browser client); the
  // extension is the rep's side and authenticates with rep.hello instead.
  if (conn.originKind === 'extension') throw new PeerAssistError('forbidden', 'customers join from the support page');
  if (conn.kind === 'rep') throw new PeerAssistError('forbidden', 'a representative socket cannot join as a customer');
  if (conn.sessionId) throw new PeerAssistError('already_in_session', 'this connection is already in a session');
  // Read before any check: from here to adding the customer nothing awaits, so
  // two customers joining at once cannot both take the last free place.
  const settings: SiteSettings = await ctx.store.settings.get();
  // Several nodes: this address's misses on the others count here too.
  await ctx.lookups.sync(conn.ip);
  const session = lookUpSession(ctx, conn, message.number, { actor: message.name });
  if (message.token !== undefined && !tokensMatch(message.token, session.joinToken)) {
    throw new PeerAssistError('invalid_token', 'the join link is not valid for this session');
  }
  if (session.kind === 'multi' && customersIn(session) >= 1) {
    return refuseFull(ctx, conn, session, message, 1, 'the representative is already helping someone in this session');
  }
  if (customersOf(ctx.registry, session.controllerUserId) >= settings.maxCustomers) {
    return refuseFull(ctx, conn, session, message, settings.maxCustomers);
  }
  const withLink = message.token !== undefined;
  const participant = ctx.registry.addCustomer(
    session.id,
    message.name,
    withLink || !settings.admitNumberOnlyJoins ? 'connected' : 'lobby',
    returningId(ctx, session, message),
  );
  conn.kind = 'customer';
  conn.sessionId = session.id;
  conn.participantId = participant.id;
  ctx.hub.bindParticipant(participant.id, conn);
  // The share the rep may have started before their customer came goes on.
  if (session.kind === 'multi') ctx.registry.select(session.id, participant.id, { endShares: false });
  const state = participant.state === 'connected' ? 'connected' : 'lobby';
  conn.send({
    type: 'customer.joined',
    rid: message.rid,
    sessionId: session.id,
    participantId: participant.id,
    repName: session.controllerName,
    state,
    sharing: session.sharing,
    iceServers: iceServersFor(ctx.config, settings, participant.id, ctx.clock.now()),
    selected: session.selectedId === participant.id,
    stage: session.stage,
  });
  notifyReps(ctx, session.id, participant);
  // The reps learn the automatic selection as they would the rep's own (the customer's copy repeats `selected`).
  if (session.kind === 'multi') announceSelection(ctx, session, false);
  await ctx.audit.record({
    type: 'session.join',
    actor: participant.name,
    sessionNumber: session.number,
    ip: conn.ip,
    detail: { state, via: withLink ? 'link' : 'number' },
  });
};
