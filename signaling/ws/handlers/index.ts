// Client message type → its handler. The mapped type makes a missing or
// mistyped handler a compile error when a message is added to the protocol.
import type { ClientMessage, ClientMessageType } from '../../../src/shared/protocol/wire.ts';
import type { Connection } from '../connection.ts';
import type { Handler, HandlerContext } from '../context.ts';
import { agentStatus } from './agent-status.ts';
import { agentsList } from './agents-list.ts';
import { assistantJoin } from './assistant-join.ts';
import { connectionCheck } from './connection-check.ts';
import { assistantLeave } from './assistant-leave.ts';
import { controlTransfer } from './control-transfer.ts';
import { customerJoin } from './customer-join.ts';
import { customerLeave } from './customer-leave.ts';
import { customerShare } from './customer-share.ts';
import { handoffCancel } from './handoff-cancel.ts';
import { inviteSend } from './invite-send.ts';
import { offerAccept } from './offer-accept.ts';
import { offerDecline } from './offer-decline.ts';
import { participantAdmit } from './participant-admit.ts';
import { participantDeny } from './participant-deny.ts';
import { ping } from './ping.ts';
import { repHello } from './rep-hello.ts';
import { screenRefuse } from './screen-refuse.ts';
import { screenRequest } from './screen-request.ts';
import { sessionEnd } from './session-end.ts';
import { sessionHandoff } from './session-handoff.ts';
import { sessionResume } from './session-resume.ts';
import { sessionStart } from './session-start.ts';
import { shareUpdate } from './share-update.ts';
import { signal } from './signal.ts';
import { supportSelect } from './support-select.ts';

export const handlers: { readonly [T in ClientMessageType]: Handler<T> } = {
  'rep.hello': repHello,
  'session.start': sessionStart,
  'session.resume': sessionResume,
  'session.end': sessionEnd,
  'share.update': shareUpdate,
  'support.select': supportSelect,
  'screen.request': screenRequest,
  'customer.share': customerShare,
  'screen.refuse': screenRefuse,
  'participant.admit': participantAdmit,
  'participant.deny': participantDeny,
  'customer.join': customerJoin,
  'customer.leave': customerLeave,
  'invite.send': inviteSend,
  'assistant.join': assistantJoin,
  'connection.check': connectionCheck,
  'assistant.leave': assistantLeave,
  'control.transfer': controlTransfer,
  'agent.status': agentStatus,
  'agents.list': agentsList,
  'session.handoff': sessionHandoff,
  'handoff.cancel': handoffCancel,
  'offer.accept': offerAccept,
  'offer.decline': offerDecline,
  signal,
  ping,
};

export function dispatch(ctx: HandlerContext, conn: Connection, message: ClientMessage): void | Promise<void> {
  // TypeScript cannot correlate `handlers[message.type]` with `message`'s own
  // variant; the mapped type above guarantees they match.
  const handler = handlers[message.type] as Handler<ClientMessageType>;
  return handler(ctx, conn, message);
}
