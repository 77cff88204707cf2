// Invitations from the rep's session (FEATURES.md S4, S5, S8–S10; issue #5).
// Two ways out: the server sends the email (invite.send → SMTP), or the
// dashboard opens it in the rep's own mail program (mailto:, which only a page
// can do) and tells us so we can list it. Every invitation is kept in the
// session's state (storage.session), so closing the popup or a worker restart
// loses none; a failed one keeps its reason so the dashboard can say why and
// offer the mail-program fallback.
import { PeerAssistError, reasonOf } from '../shared/protocol/errors.ts';
import type { InviteKind } from '../shared/protocol/runtime.ts';
import type { RepStore } from './rep-store.ts';
import type { ServerConnection } from './server-connection.ts';

export type InviteLocale = 'en' | 'ko';

export class Invitations {
  #seq = 0;

  constructor(
    private readonly store: RepStore,
    private readonly server: Pick<ServerConnection, 'request'>,
    private readonly now: () => number = Date.now,
  ) {}

  /**
   * Ask the server to send it. Resolves once the outcome is recorded, sent or
   * failed: a failure is shown in the invitation list, not thrown at the form.
   */
  async send(kind: InviteKind, email: string, locale: InviteLocale): Promise<void> {
    const session = this.#requireSession();
    const sessionId = session.info.id;
    const id = this.#newId();
    await this.store.addInvitation(sessionId, { id, kind, email, status: 'sending', at: this.now() });
    try {
      const reply = await this.server.request({ type: 'invite.send', sessionId, kind, email, locale });
      if (reply.type !== 'invite.sent') throw new PeerAssistError('internal', `unexpected ${reply.type}`);
      await this.store.updateInvitation(sessionId, id, { status: 'sent', at: reply.invitation.sentAt });
    } catch (error) {
      const reason = reasonOf(error);
      if (reason === 'internal') console.error('[invite] send failed', error);
      await this.store.updateInvitation(sessionId, id, { status: 'failed', reason });
      // The site sends no mail (emailMode client, or no SMTP configured): from
      // now on the dashboard offers only the rep's own mail program.
      if (reason === 'email_disabled') await this.store.setEmailMode('client');
    }
  }

  /**
   * The dashboard opened an invitation in the rep's mail program. With an id,
   * that was the fallback for a failed server invitation, which it replaces.
   */
  async opened(kind: InviteKind, email: string, invitationId?: string): Promise<void> {
    const session = this.#requireSession();
    const failed = invitationId === undefined ? undefined : session.invitations.find((i) => i.id === invitationId);
    if (failed) {
      await this.store.updateInvitation(session.info.id, failed.id, { status: 'mail_program', at: this.now() });
      return;
    }
    await this.store.addInvitation(session.info.id, { id: this.#newId(), kind, email, status: 'mail_program', at: this.now() });
  }

  #newId(): string {
    return `i${this.now().toString(36)}${(this.#seq++).toString(36)}`;
  }

  #requireSession() {
    const session = this.store.session;
    if (!session) throw new PeerAssistError('no_session', 'no session is running');
    return session;
  }
}
