// Who hears about changes to a session's participant list: its reps, that is
// the controller's socket and every assistant's (S16: an assistant follows the
// session's participant list too, though only the controller may act on it).
import type { Participant } from '../../src/shared/protocol/common.ts';
import type { ServerMessageOf } from '../../src/shared/protocol/wire.ts';
import type { HandlerContext } from './context.ts';

/** Sends participant.update about `participant` to the session's reps; with `toThemself: false` (the default) the participant is not told. */
export function notifyReps(ctx: HandlerContext, sessionId: string, participant: Participant, { toThemself = false } = {}): void {
  const update: ServerMessageOf<'participant.update'> = { type: 'participant.update', sessionId, participant };
  ctx.hub.rep(sessionId)?.send(update);
  const session = ctx.registry.byId(sessionId);
  for (const assistantId of session?.assistantUsers.keys() ?? []) {
    if (toThemself || assistantId !== participant.id) ctx.hub.participant(assistantId)?.send(update);
  }
}
