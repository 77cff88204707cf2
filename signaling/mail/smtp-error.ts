// A failed send becomes a short sentence for the rep's dashboard and the audit
// log ("connection refused", "550 mailbox unavailable"): enough to tell a dead
// mail server from a refused address, without stack traces or server banners.

interface SmtpFailure {
  code?: unknown;
  /** The system error under nodemailer's own code, e.g. ECONNREFUSED under ESOCKET. */
  originalCode?: unknown;
  responseCode?: unknown;
  /** The mail server's reply line, e.g. "550 5.1.1 mailbox unavailable". */
  response?: unknown;
}

/** System and nodemailer error codes → what they mean to a person. */
const CODES: Record<string, string> = {
  ECONNREFUSED: 'connection refused',
  ECONNRESET: 'connection reset',
  EHOSTUNREACH: 'mail server unreachable',
  ENETUNREACH: 'mail server unreachable',
  ENOTFOUND: 'mail server not found',
  EAI_AGAIN: 'mail server not found',
  EDNS: 'mail server not found',
  ETIMEDOUT: 'timed out',
  EAUTH: 'authentication failed',
  ENOAUTH: 'authentication failed',
  ETLS: 'TLS failed',
  ECONNECTION: 'connection closed',
};

/** Longest summary kept: it travels in an error message (max 500) and an audit detail. */
const MAX_LENGTH = 120;

export function describeSmtpError(error: unknown): string {
  const failure: SmtpFailure = typeof error === 'object' && error !== null ? error : {};
  // A reply from the server says most: "550 mailbox unavailable".
  if (typeof failure.responseCode === 'number' && typeof failure.response === 'string') {
    const line = failure.response.split(/\r?\n/)[0]?.trim() ?? '';
    if (line) return line.slice(0, MAX_LENGTH);
  }
  for (const code of [failure.originalCode, failure.code]) {
    if (typeof code === 'string' && code in CODES) return CODES[code] as string;
  }
  return typeof failure.code === 'string' ? `could not send (${failure.code.slice(0, 32)})` : 'could not send';
}
