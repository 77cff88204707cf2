// session.start: a signed-in rep opens a session. The rep becomes its
// controller participant; one socket may control several sessions.
//
// Which kinds a rep may start follows their effective mode (S1, S11, S15):
//   mode single → 'single'   mode multi → 'multi'   mode both → either ('single' unless asked)
// A 'single' session holds all the rep's customers, so it is their only
// session; 'multi' sessions are session tabs, one customer each, at most the
// site's maxCustomers of them at once.
import { PeerAssistError } from '../../../src/shared/protocol/errors.ts';
import type { SessionKind, SessionMode } from '../../../src/shared/protocol/settings.ts';
import { userActor } from '../../audit/audit-log.ts';
import { effectiveSessionMode } from '../../auth/roles.ts';
import type { Handler } from '../context.ts';
import { requireRep } from '../guards.ts';
import { sessionInfo } from '../session-actions.ts';
import { shownName } from '../shown-name.ts';

const ALLOWED_KINDS: Record<SessionMode, readonly SessionKind[]> = {
  single: ['single'],
  multi: ['multi'],
  both: ['single', 'multi'],
};

/** The kind asked for, or the mode's default; refuses one the mode does not allow. */
function kindFor(mode: SessionMode, asked: SessionKind | undefined): SessionKind {
  const allowed = ALLOWED_KINDS[mode];
  const kind = asked ?? (allowed[0] as SessionKind);
  if (!allowed.includes(kind)) throw new PeerAssistError('mode_not_allowed', `your session mode is ${mode}: you cannot start a ${kind} session`);
  return kind;
}

export const sessionStart: Handler<'session.start'> = async (ctx, conn, message) => {
  const signedIn = requireRep(conn);
  // The account as stored now, not as it was at rep.hello: an administrator's
  // change of the user's mode applies from their next session, like a change of the site's.
  const [settings, stored] = await Promise.all([ctx.store.settings.get(), ctx.store.users.findById(signedIn.id)]);
  const user = stored ?? signedIn;
  const kind = kindFor(effectiveSessionMode(user, settings), message.kind);
  // From here to creating the session nothing awaits, so two starts sent at
  // once from two sockets cannot both pass these checks.
  const live = ctx.registry.sessionsOf(user.id);
  if (live.some((session) => session.kind === 'single')) {
    throw new PeerAssistError('already_in_session', 'you already have a session open; end it before starting another');
  }
  if (kind === 'single' && live.length > 0) {
    throw new PeerAssistError('already_in_session', 'end your session tabs before starting a session for several customers');
  }
  if (kind === 'multi' && live.length >= settings.maxCustomers) {
    throw new PeerAssistError('session_full', `you already have ${live.length} sessions open, as many as this site allows`);
  }
  const session = ctx.registry.create({ userId: user.id, name: shownName(user), email: user.email }, kind);
  ctx.hub.attachRep(session.id, conn);
  ctx.log.info(`[session] ${session.id} (${kind}) started by ${user.id} on ${conn.connId}`);
  await ctx.audit.record({ type: 'session.start', ...userActor(user), sessionNumber: session.number, ip: conn.ip, detail: { kind } });
  conn.send({ type: 'session.started', rid: message.rid, session: sessionInfo(ctx.config, session) });
};
