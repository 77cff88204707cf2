// screen.request: the controlling rep asks the customer they support to share
// their screen (S13, "View customer's screen"). Only the selected customer may
// be asked, and only one request is pending at a time: asking again, or
// selecting someone else, replaces it. The customer answers with customer.share
// (after their browser's own consent prompt) or screen.refuse.
import { PeerAssistError } from '../../../src/shared/protocol/errors.ts';
import type { Handler } from '../context.ts';
import { requireControlledSession } from '../guards.ts';

export const screenRequest: Handler<'screen.request'> = (ctx, conn, message) => {
  const session = requireControlledSession(ctx, conn, message.sessionId);
  const customer = session.participants.get(message.participantId);
  if (customer?.role !== 'customer') throw new PeerAssistError('unknown_participant', 'no customer with that id in this session');
  if (session.selectedId !== customer.id) throw new PeerAssistError('not_selected', 'select this customer before asking to see their screen');
  // Selected but not let in yet: only a 'multi' session's customer, selected as they joined.
  if (customer.state !== 'connected') throw new PeerAssistError('unknown_participant', 'that customer is still waiting to be let in');
  ctx.registry.setScreenRequest(session.id, message.participantId);
  ctx.hub.participant(message.participantId)?.send({ type: 'screen.requested', sessionId: session.id, repName: session.controllerName });
  conn.send({ type: 'ok', rid: message.rid });
};
