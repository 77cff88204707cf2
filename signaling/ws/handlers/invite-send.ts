// invite.send: the controlling rep has the server email an invitation (S4,
// S10): to a customer with the join link, or to a colleague with the assist
// link. Refused with email_disabled when the site sends no mail (the
// extension then opens the rep's own mail program). The SMTP conversation runs
// in the background: the reply (invite.sent, or error email_failed with the
// mail server's reason) comes when it ends, and meanwhile the rep's socket
// keeps relaying signaling. A failed send changes nothing in the session.
import { PeerAssistError } from '../../../src/shared/protocol/errors.ts';
import type { ClientMessage } from '../../../src/shared/protocol/wire.ts';
import { userActor } from '../../audit/audit-log.ts';
import { composeInvitation } from '../../mail/invitation.ts';
import type { Mailer } from '../../mail/mailer.ts';
import { newId } from '../../sessions/ids.ts';
import type { LiveSession } from '../../sessions/registry.ts';
import { effectiveEmailMode } from '../../settings/effective.ts';
import type { User } from '../../store/store.ts';
import type { Connection } from '../connection.ts';
import type { Handler, HandlerContext } from '../context.ts';
import { requireControlledSession, requireRep } from '../guards.ts';
import { errorMessage } from '../refusals.ts';
import { assistUrl, sessionInfo } from '../session-actions.ts';

type Invite = Extract<ClientMessage, { type: 'invite.send' }>;

interface Delivery {
  mailer: Mailer;
  conn: Connection;
  user: Pick<User, 'id' | 'email'>;
  session: LiveSession;
  message: Invite;
}

async function deliver(ctx: HandlerContext, { mailer, conn, user, session, message }: Delivery): Promise<void> {
  const link = message.kind === 'customer' ? sessionInfo(ctx.config, session).joinUrl : assistUrl(ctx.config, session.number);
  const mail = composeInvitation({ kind: message.kind, locale: message.locale, repName: session.controllerName, number: session.number, link });
  const audited = { ...userActor(user), sessionNumber: session.number, ip: conn.ip };
  try {
    // Replies reach the rep, not the no-reply sender.
    await mailer.send({ to: message.email, replyTo: user.email, ...mail });
  } catch (error) {
    const reason = error instanceof PeerAssistError ? error.message : 'could not send';
    if (!(error instanceof PeerAssistError)) ctx.log.error('[mail] unexpected failure', error);
    ctx.log.warn(`[mail] ${message.kind} invitation for session ${session.id} not sent: ${reason}`);
    conn.send(errorMessage('email_failed', reason, { rid: message.rid, type: message.type }));
    await ctx.audit.record({ type: 'invite.failed', ...audited, detail: { kind: message.kind, email: message.email, reason } });
    return;
  }
  const invitation = { id: newId('i'), kind: message.kind, email: message.email, sentAt: ctx.clock.now() };
  ctx.log.info(`[mail] ${message.kind} invitation ${invitation.id} for session ${session.id} sent`);
  conn.send({ type: 'invite.sent', rid: message.rid, invitation });
  await ctx.audit.record({ type: 'invite.sent', ...audited, detail: { kind: message.kind, email: message.email } });
}

export const inviteSend: Handler<'invite.send'> = async (ctx, conn, message) => {
  const user = requireRep(conn);
  const settings = await ctx.store.settings.get();
  // After the await: the session may have ended meanwhile. Assistants and other reps are refused here.
  const session = requireControlledSession(ctx, conn, message.sessionId);
  const mailer = ctx.mailer;
  if (!mailer || effectiveEmailMode(ctx.config, settings) !== 'server') {
    throw new PeerAssistError('email_disabled', 'this site does not send email; send the invitation from your own mail program');
  }
  ctx.background.run('invitation', () => deliver(ctx, { mailer, conn, user, session, message }));
};
