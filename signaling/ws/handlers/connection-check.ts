// connection.check: the Remote Support page asks which ICE servers to try
// before the customer joins (issue #10, "connection check"). The number must
// be a live session's (an unknown one counts as a failed look-up, like a
// join); the link's token buys TURN credentials minted for this check alone,
// so the page can prove the relay works without joining. Without a token
// (someone who only has the number) STUN is all it gets: TURN is a relay
// that costs bandwidth, not for anyone who can guess a number.
import { PeerAssistError } from '../../../src/shared/protocol/errors.ts';
import { iceServersFor } from '../../settings/effective.ts';
import type { Handler } from '../context.ts';
import { lookUpSession, tokensMatch } from '../number-lookup.ts';

export const connectionCheck: Handler<'connection.check'> = async (ctx, conn, message) => {
  const settings = await ctx.store.settings.get();
  const session = lookUpSession(ctx, conn, message.number, { actor: 'connection check' });
  if (message.token !== undefined && !tokensMatch(message.token, session.joinToken)) {
    throw new PeerAssistError('invalid_token', 'the join link is not valid for this session');
  }
  const all = iceServersFor(ctx.config, settings, `check-${conn.connId}`, ctx.clock.now());
  const iceServers = message.token !== undefined ? all : all.filter((server) => [server.urls].flat().every((url) => url.startsWith('stun')));
  conn.send({ type: 'connection.checked', rid: message.rid, iceServers });
};
