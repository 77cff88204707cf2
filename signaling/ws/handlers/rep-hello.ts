// rep.hello: the first message on a rep socket. Binds the socket to the user
// whose access token (from POST /api/auth/login or /refresh) it carries, and
// hands out what the extension needs from the site settings.
import { PeerAssistError } from '../../../src/shared/protocol/errors.ts';
import { effectiveSessionMode, may } from '../../auth/roles.ts';
import { effectiveEmailMode, iceServersFor } from '../../settings/effective.ts';
import type { Handler } from '../context.ts';
import { CLOSE_FORBIDDEN, CLOSE_UNAUTHENTICATED, ClosingRefusal } from '../refusals.ts';

export const repHello: Handler<'rep.hello'> = async (ctx, conn, message) => {
  if (conn.kind === 'customer') throw new PeerAssistError('forbidden', 'a customer socket cannot sign in');
  if (conn.kind === 'rep') throw new PeerAssistError('forbidden', 'this socket is already signed in');
  // Settings first: between the token check and binding the socket there is no
  // await, so an admin disabling the user cannot slip in between and miss this socket.
  const settings = await ctx.store.settings.get();
  const user = await ctx.store.tokens.verify(message.accessToken, ctx.clock.now());
  // A socket that cannot authenticate has nothing else to do here: say why, then close.
  if (!user) throw new ClosingRefusal('unauthenticated', 'the sign-in is unknown, expired or revoked; sign in again', CLOSE_UNAUTHENTICATED);
  // Admin-only accounts manage the server; giving support takes the rep (or agent) role.
  if (!may(user.roles, 'give_support')) {
    throw new ClosingRefusal('forbidden', 'this account is not allowed to give support', CLOSE_FORBIDDEN);
  }
  conn.kind = 'rep';
  conn.user = user;
  ctx.hub.bindUser(user.id, conn);
  conn.send({
    type: 'rep.welcome',
    rid: message.rid,
    user: { id: user.id, email: user.email, name: user.name },
    iceServers: iceServersFor(ctx.config, settings, user.id, ctx.clock.now()),
    sessionMode: effectiveSessionMode(user, settings),
    emailMode: effectiveEmailMode(ctx.config, settings),
  });
  // An available agent signing in may take the oldest waiting session of their queues (issue #8).
  if (may(user.roles, 'join_queue')) await ctx.acd.poke();
};
