// Sending mail over SMTP with nodemailer (DESIGN.md: SMTP_URL). One transport
// per server, made on the first send, so a server that never sends mail never
// touches the mail server. Short timeouts: a dead or black-holed mail server
// must fail an invitation in seconds (the rep then falls back to their own
// mail program), not after nodemailer's defaults of minutes.
import { createTransport, type Transporter } from 'nodemailer';
import { PeerAssistError } from '../../src/shared/protocol/errors.ts';
import type { SmtpConfig } from '../config.ts';
import { describeSmtpError } from './smtp-error.ts';

export interface OutgoingMail {
  to: string;
  /** Where a reply goes: the inviting rep, not the no-reply sender. */
  replyTo?: string;
  subject: string;
  text: string;
  html: string;
}

export interface Mailer {
  /** Resolves once the mail server accepted the message; rejects with PeerAssistError('email_failed', short reason). */
  send(mail: OutgoingMail): Promise<void>;
  /** Closes the transport's connections (at server stop). */
  close(): void;
}

export const SMTP_TIMEOUTS = {
  /** TCP (and TLS) connect. */
  connectionTimeout: 5_000,
  /** The server's 220 greeting after connecting. */
  greetingTimeout: 5_000,
  /** Silence on an open connection, e.g. a server that stops answering after DATA. */
  socketTimeout: 10_000,
  dnsTimeout: 5_000,
} as const;

export function createSmtpMailer(smtp: SmtpConfig, from: string): Mailer {
  let transport: Transporter | undefined;
  const transportFor = () =>
    (transport ??= createTransport({
      host: smtp.host,
      port: smtp.port,
      secure: smtp.secure,
      ...(smtp.auth && { auth: smtp.auth }),
      ...SMTP_TIMEOUTS,
      // Invitations carry no attachments: nothing may make nodemailer read files or fetch URLs.
      disableFileAccess: true,
      disableUrlAccess: true,
      logger: false,
    }));

  return {
    async send(mail) {
      try {
        await transportFor().sendMail({ from, ...mail });
      } catch (error) {
        throw new PeerAssistError('email_failed', describeSmtpError(error), { cause: error });
      }
    },
    close() {
      transport?.close();
      transport = undefined;
    },
  };
}
