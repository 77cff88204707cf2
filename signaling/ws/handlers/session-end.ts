// session.end: the controlling rep ends the session for everyone; its number
// can never be joined again.
import type { Handler } from '../context.ts';
import { requireControlledSession } from '../guards.ts';
import { endSession } from '../session-actions.ts';

export const sessionEnd: Handler<'session.end'> = (ctx, conn, message) => {
  const session = requireControlledSession(ctx, conn, message.sessionId);
  endSession(ctx, session, 'ended_by_rep', { conn, rid: message.rid });
};
