// assistant.leave: an assistant leaves the session; it goes on without them
// and the controller sees them as 'left'. Any socket of the assisting user may
// send it, as any socket of the controller may act for their session.
import { PeerAssistError } from '../../../src/shared/protocol/errors.ts';
import { assistantLeft } from '../assistant-actions.ts';
import type { Handler } from '../context.ts';
import { requireRep } from '../guards.ts';

export const assistantLeave: Handler<'assistant.leave'> = (ctx, conn, message) => {
  const user = requireRep(conn);
  if (!ctx.registry.byId(message.sessionId)) throw new PeerAssistError('no_session', 'that session has ended');
  const participant = ctx.registry.assistantOf(message.sessionId, user.id);
  if (!participant) throw new PeerAssistError('not_in_session', 'you do not assist this session');
  assistantLeft(ctx, message.sessionId, participant.id, { user, ip: conn.ip }, 'left');
  conn.send({ type: 'ok', rid: message.rid });
};
