// Tools → Invite (FEATURES.md S5, S8, S10): Customer or Support rep, an email
// address, "Send using my email program", OK. With the option (forced on when
// the site sends no mail) the invitation opens in the rep's mail program;
// without it the server sends it. Below, every invitation of this session.
import type { Ref } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import { errorKey } from '../shared/i18n/index.ts';
import { Email } from '../shared/protocol/common.ts';
import type { Invitation, InviteKind } from '../shared/protocol/runtime.ts';
import type { EmailMode } from '../shared/protocol/settings.ts';
import { useConnector } from './context.ts';
import { t, uiLocale } from './i18n.ts';
import { inviteMailto, type InviteContext } from './invitation-text.ts';
import { useAction } from './use-action.ts';

interface Props {
  invitations: Invitation[];
  emailMode: EmailMode;
  context: InviteContext;
  /** Started with "Send email invitation" on a server that sends mail: focus the address and say why. */
  askAddress: boolean;
  onAddressAsked: () => void;
}

export function ToolsPanel(props: Props) {
  return (
    <div class="tools">
      <InviteForm {...props} />
      <InvitationList invitations={props.invitations} context={props.context} />
    </div>
  );
}

function InviteForm({ emailMode, context, askAddress, onAddressAsked }: Props) {
  const connector = useConnector();
  const [kind, setKind] = useState<InviteKind>('customer');
  const [email, setEmail] = useState('');
  const [ownProgram, setOwnProgram] = useState(false);
  const [invalid, setInvalid] = useState(false);
  const [prompted, setPrompted] = useState(false);
  const emailInput = useRef<HTMLInputElement>(null);
  const { busy, error, run } = useAction();
  const forced = emailMode === 'client';
  const useOwnProgram = forced || ownProgram;

  useEffect(() => {
    if (!askAddress) return;
    onAddressAsked();
    setKind('customer');
    setPrompted(true);
    emailInput.current?.focus();
  }, [askAddress]);

  const submit = (event: Event) => {
    event.preventDefault();
    const typed = email.trim();
    // The mail program can take the address itself; the server needs one.
    const parsed = typed === '' && useOwnProgram ? { success: true as const, data: '' } : Email.safeParse(typed);
    if (!parsed.success) {
      setInvalid(true);
      emailInput.current?.focus();
      return;
    }
    setInvalid(false);
    setPrompted(false);
    const address = parsed.data;
    if (useOwnProgram) {
      connector.openUrl(inviteMailto(t, kind, address, context)); // inside the click: the mail program may open
      void run(() => connector.send({ type: 'invite.opened', kind, email: address })).then((ok) => ok && setEmail(''));
    } else {
      void run(() => connector.send({ type: 'invite.send', kind, email: address, locale: uiLocale })).then((ok) => ok && setEmail(''));
    }
  };

  return (
    <form class="card" onSubmit={submit} noValidate aria-labelledby="invite-title">
      <h2 id="invite-title">{t('invite_title')}</h2>
      {prompted && (
        <p class="prompt" role="status">
          {t('start_invite_server_prompt')}
        </p>
      )}
      <fieldset class="choices">
        <legend>{t('invite_kind_label')}</legend>
        <KindChoice value="customer" label={t('invite_kind_customer')} kind={kind} onKind={setKind} />
        <KindChoice value="rep" label={t('invite_kind_rep')} kind={kind} onKind={setKind} />
      </fieldset>
      <EmailField value={email} onValue={setEmail} invalid={invalid} inputRef={emailInput} />
      <label class="check">
        <input
          type="checkbox"
          checked={useOwnProgram}
          disabled={forced}
          aria-describedby="own-program-note"
          onChange={(e) => setOwnProgram(e.currentTarget.checked)}
        />
        {t('invite_use_mail_program')}
      </label>
      <p id="own-program-note" class="muted small">
        {forced ? t('invite_mail_program_forced') : t('invite_mail_program_hint')}
      </p>
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
      <div class="row">
        <button type="submit" class="primary" disabled={busy}>
          {t('btn_ok')}
        </button>
      </div>
    </form>
  );
}

function KindChoice({ value, label, kind, onKind }: { value: InviteKind; label: string; kind: InviteKind; onKind: (k: InviteKind) => void }) {
  return (
    <label class="check">
      <input type="radio" name="invite-kind" value={value} checked={kind === value} onChange={() => onKind(value)} />
      {label}
    </label>
  );
}

function EmailField(props: { value: string; onValue: (v: string) => void; invalid: boolean; inputRef: Ref<HTMLInputElement> }) {
  return (
    <label>
      {t('field_email')}
      <input
        ref={props.inputRef}
        type="email"
        autocomplete="email"
        value={props.value}
        aria-invalid={props.invalid ? 'true' : undefined}
        aria-describedby={props.invalid ? 'invite-email-error' : undefined}
        onInput={(e) => props.onValue(e.currentTarget.value)}
      />
      {props.invalid && (
        <span id="invite-email-error" class="error">
          {t('invalid_invite_email')}
        </span>
      )}
    </label>
  );
}

function InvitationList({ invitations, context }: { invitations: Invitation[]; context: InviteContext }) {
  return (
    <section aria-labelledby="invitations-title">
      <h3 id="invitations-title">{t('invitations_title')}</h3>
      {invitations.length === 0 ? (
        <p class="muted">{t('invitations_empty')}</p>
      ) : (
        <ul class="invitations" aria-labelledby="invitations-title" aria-live="polite">
          {[...invitations].reverse().map((invitation) => (
            <InvitationRow key={invitation.id} invitation={invitation} context={context} />
          ))}
        </ul>
      )}
    </section>
  );
}

function statusText(invitation: Invitation): string {
  switch (invitation.status) {
    case 'sending':
      return t('invitation_status_sending');
    case 'sent':
      return t('invitation_status_sent');
    case 'mail_program':
      return t('invitation_status_mail_program');
    case 'failed':
      return t('invitation_status_failed', { reason: t(errorKey(invitation.reason ?? 'internal')) });
  }
}

function InvitationRow({ invitation, context }: { invitation: Invitation; context: InviteContext }) {
  const connector = useConnector();
  const { busy, error, run } = useAction();
  const fallback = () => {
    connector.openUrl(inviteMailto(t, invitation.kind, invitation.email, context));
    void run(() => connector.send({ type: 'invite.opened', kind: invitation.kind, email: invitation.email, invitationId: invitation.id }));
  };
  return (
    <li class="invitation" data-status={invitation.status}>
      <span class="name">{invitation.email || t('invitation_no_address')}</span>
      <span class="muted">{invitation.kind === 'customer' ? t('invite_kind_customer') : t('invite_kind_rep')}</span>
      <span class="status">{statusText(invitation)}</span>
      {invitation.status === 'failed' && (
        <button type="button" disabled={busy} onClick={fallback}>
          {t('btn_send_with_mail_program')}
        </button>
      )}
      {error && (
        <span class="error" role="alert">
          {error}
        </span>
      )}
    </li>
  );
}
