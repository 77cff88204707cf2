// What an invitation says, in the rep's language (FEATURES.md S9, S10): the
// links, the ready-to-paste instant message, and the mailto: URL that opens a
// new message in the rep's own mail program. Pure functions of a translator,
// so both languages are tested without a browser.
import type { Translate } from '../shared/i18n/index.ts';
import type { InviteKind } from '../shared/protocol/runtime.ts';
import { formatSessionNumber } from '../shared/session-number.ts';

export interface InviteContext {
  /** The session's number, 9 digits. */
  number: string;
  /** The customer's link: PUBLIC_URL/join/<number>?t=<token>. */
  joinUrl: string;
  /** The server the rep signed in to: a rep's link opens its Support session page (the site bridge runs there). */
  serverUrl: string;
  /** Signs the message. */
  repName: string;
}

/** The link an invitation carries: a customer joins at once; a rep lands on Support session with the number filled in. */
export function inviteLink(kind: InviteKind, context: InviteContext): string {
  if (kind === 'customer') return context.joinUrl;
  return `${context.serverUrl.replace(/\/+$/, '')}/support/${context.number}`;
}

/** The short message Copy join link puts on the clipboard, ready to paste into a chat (S9). */
export function joinMessage(t: Translate, context: Pick<InviteContext, 'number' | 'joinUrl'>): string {
  return t('copy_join_message', { link: context.joinUrl, number: formatSessionNumber(context.number) });
}

export function inviteSubject(t: Translate, kind: InviteKind, context: InviteContext): string {
  const number = formatSessionNumber(context.number);
  return kind === 'customer' ? t('mail_customer_subject', { number }) : t('mail_rep_subject', { number });
}

export function inviteBody(t: Translate, kind: InviteKind, context: InviteContext): string {
  const values = { number: formatSessionNumber(context.number), link: inviteLink(kind, context), name: context.repName };
  if (kind === 'rep') return t('mail_rep_body', values);
  // The site's Join page, for a customer who would rather type the number.
  const site = `${new URL(context.joinUrl).origin}/join`;
  return t('mail_customer_body', { ...values, site });
}

/**
 * mailto:<to>?subject=…&body=… (RFC 6068): every part percent-encoded as
 * UTF-8, spaces as %20 (never '+', which mail programs show literally), line
 * breaks as %0D%0A. The address may be empty: the rep types it in their program.
 */
export function mailtoUrl(to: string, subject: string, body: string): string {
  const encode = (text: string) => encodeURIComponent(text).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  const crlf = body.replace(/\r?\n/g, '\r\n');
  // In the address, '@' may stay as is (RFC 6068 §2); anything else that is not plain is encoded.
  const address = encode(to).replace(/%40/g, '@');
  return `mailto:${address}?subject=${encode(subject)}&body=${encode(crlf)}`;
}

/** The whole invitation as a mailto: URL. */
export function inviteMailto(t: Translate, kind: InviteKind, to: string, context: InviteContext): string {
  return mailtoUrl(to, inviteSubject(t, kind, context), inviteBody(t, kind, context));
}
