// The invitation email the server sends for invite.send (FEATURES.md S4, S10):
// a plain-text part and an HTML part saying the same, in the rep's chosen
// language, with the session number grouped for reading aloud and the link.
// The HTML loads nothing remote (no images, no fonts): mail clients block
// remote content, and a tracking pixel has no place in a support invitation.
import { format, translator, type Locale, type MessageKey } from '../../src/shared/i18n/index.ts';
import { formatSessionNumber } from '../../src/shared/session-number.ts';
import { escapeHtml } from './escape-html.ts';

export type InvitationKind = 'customer' | 'rep';

export interface InvitationInput {
  /** customer: the join link; rep: the assist link (/support/<number>). */
  kind: InvitationKind;
  locale: Locale;
  /** The inviting rep's name, as typed by an administrator: plain text. */
  repName: string;
  number: string;
  link: string;
}

export interface ComposedMail {
  subject: string;
  text: string;
  html: string;
}

const KEYS: Record<InvitationKind, { subject: MessageKey; body: MessageKey; button: MessageKey }> = {
  customer: { subject: 'invite_email_subject_customer', body: 'invite_email_body_customer', button: 'invite_email_button_customer' },
  rep: { subject: 'invite_email_subject_rep', body: 'invite_email_body_rep', button: 'invite_email_button_rep' },
};

export function composeInvitation(input: InvitationInput): ComposedMail {
  const t = translator(input.locale);
  const keys = KEYS[input.kind];
  const number = formatSessionNumber(input.number);
  const rep = input.repName;
  // HTML: the template is escaped first (its {marks} survive, braces need no
  // escaping), then filled with values that are already HTML.
  const html = (key: MessageKey, values: Record<string, string> = {}) => format(escapeHtml(t(key, {})), values);

  const subject = t(keys.subject, { rep });
  const text = [
    t('invite_email_greeting'),
    '',
    t(keys.body, { rep }),
    '',
    input.link,
    '',
    t('invite_email_number', { number }),
    '',
    t('invite_email_expiry'),
    t('invite_email_ignore'),
    '',
  ].join('\n');

  const link = escapeHtml(input.link);
  const body = [
    `<!doctype html>`,
    `<html lang="${input.locale}">`,
    `<head><meta charset="utf-8"><title>${escapeHtml(subject)}</title></head>`,
    `<body style="font-family:Arial,Helvetica,sans-serif;font-size:15px;line-height:1.5;color:#1f2328;">`,
    `<p>${html('invite_email_greeting')}</p>`,
    `<p>${html(keys.body, { rep: escapeHtml(rep) })}</p>`,
    `<p><a href="${link}" style="display:inline-block;padding:10px 18px;background:#0b5cad;color:#ffffff;text-decoration:none;border-radius:4px;">${html(keys.button)}</a></p>`,
    // The bare link too: some clients show HTML without styles, and people copy links.
    `<p style="word-break:break-all;"><a href="${link}">${link}</a></p>`,
    `<p>${html('invite_email_number', { number: `<strong>${escapeHtml(number)}</strong>` })}</p>`,
    `<p style="color:#57606a;font-size:13px;">${html('invite_email_expiry')}<br>${html('invite_email_ignore')}</p>`,
    `</body>`,
    `</html>`,
    '',
  ].join('\n');

  return { subject, text, html: body };
}
