// A real SMTP server for the tests (the `smtp-server` package; DESIGN.md: "a
// real SMTP sink for email"): it receives what the PeerAssist server sends,
// parses each message with mailparser, and can refuse chosen recipients or
// hold messages back, as real mail servers do.
import { createServer, type AddressInfo } from 'node:net';
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';

export interface ReceivedMail {
  /** The envelope, as the SMTP conversation gave it. */
  envelope: { from: string; to: string[]; user: string | undefined };
  parsed: ParsedMail;
}

export interface Refusal {
  /** At RCPT TO (the mailbox) or after DATA (the message). */
  at: 'rcpt' | 'data';
  code: number;
  message: string;
}

export interface SinkOptions {
  /** Required AUTH PLAIN/LOGIN credentials; without them the sink takes mail from anyone. */
  credentials?: { user: string; pass: string };
}

const DEFAULT_TIMEOUT_MS = 5000;

function smtpError(refusal: Refusal): Error {
  return Object.assign(new Error(refusal.message), { responseCode: refusal.code });
}

export class SmtpSink {
  readonly #server: SMTPServer;
  readonly #credentials: SinkOptions['credentials'];
  readonly #inbox: ReceivedMail[] = [];
  readonly #waiters: ((mail: ReceivedMail) => void)[] = [];
  readonly #refusals = new Map<string, Refusal>();
  #port = 0;
  #gate: Promise<void> = Promise.resolve();
  /** Messages whose DATA has arrived (accepted, refused or still held). */
  #arrivals = 0;
  readonly #arrivalWaiters: { count: number; resolve: () => void }[] = [];

  private constructor(options: SinkOptions) {
    this.#credentials = options.credentials;
    this.#server = new SMTPServer({
      // Plain SMTP on loopback: no STARTTLS offer (its self-signed certificate would fail verification).
      hideSTARTTLS: true,
      authOptional: !options.credentials,
      allowInsecureAuth: true,
      logger: false,
      onAuth: (auth, _session, callback) => {
        const expected = this.#credentials;
        if (expected && auth.username === expected.user && auth.password === expected.pass) return callback(null, { user: auth.username });
        callback(Object.assign(new Error('authentication failed'), { responseCode: 535 }));
      },
      onRcptTo: (address, _session, callback) => {
        const refusal = this.#refusals.get(address.address.toLowerCase());
        callback(refusal?.at === 'rcpt' ? smtpError(refusal) : null);
      },
      onData: (stream, session, callback) => {
        const chunks: Buffer[] = [];
        stream.on('data', (chunk: Buffer) => chunks.push(chunk));
        stream.on('end', () => {
          this.#arrived();
          const to = session.envelope.rcptTo.map((a) => a.address.toLowerCase());
          const refusal = to.map((address) => this.#refusals.get(address)).find((r) => r?.at === 'data');
          void this.#gate.then(async () => {
            if (refusal) return callback(smtpError(refusal));
            const from = session.envelope.mailFrom ? session.envelope.mailFrom.address : '';
            const parsed = await simpleParser(Buffer.concat(chunks));
            this.#deliver({ envelope: { from, to, user: session.user }, parsed });
            callback();
          });
        });
      },
    });
  }

  static async start(options: SinkOptions = {}): Promise<SmtpSink> {
    const sink = new SmtpSink(options);
    await new Promise<void>((resolve) => sink.#server.listen(0, '127.0.0.1', () => resolve()));
    sink.#port = (sink.#server.server.address() as AddressInfo).port;
    return sink;
  }

  /** SMTP_URL for the PeerAssist server, with the sink's credentials percent-encoded. */
  get url(): string {
    const auth = this.#credentials ? `${encodeURIComponent(this.#credentials.user)}:${encodeURIComponent(this.#credentials.pass)}@` : '';
    return `smtp://${auth}127.0.0.1:${this.#port}`;
  }

  /** From now on, mail to `address` is refused at RCPT TO or after DATA with `code message`. */
  refuse(address: string, refusal: Refusal): void {
    this.#refusals.set(address.toLowerCase(), refusal);
  }

  /** Holds every message after its DATA (no reply) until the returned function is called. */
  hold(): () => void {
    let release!: () => void;
    this.#gate = new Promise((resolve) => (release = resolve));
    return () => {
      this.#gate = Promise.resolve();
      release();
    };
  }

  /** Resolves once `count` messages in all have reached DATA's end (accepted, refused or held). */
  arrivals(count: number): Promise<void> {
    if (this.#arrivals >= count) return Promise.resolve();
    return new Promise((resolve) => this.#arrivalWaiters.push({ count, resolve }));
  }

  get arrivedCount(): number {
    return this.#arrivals;
  }

  /** The next accepted message (already received or still to come). */
  next(timeoutMs = DEFAULT_TIMEOUT_MS): Promise<ReceivedMail> {
    const queued = this.#inbox.shift();
    if (queued) return Promise.resolve(queued);
    return new Promise((resolve, reject) => {
      const waiter = (mail: ReceivedMail) => {
        clearTimeout(timer);
        resolve(mail);
      };
      const timer = setTimeout(() => {
        this.#waiters.splice(this.#waiters.indexOf(waiter), 1);
        reject(new Error(`no mail arrived within ${timeoutMs} ms`));
      }, timeoutMs);
      this.#waiters.push(waiter);
    });
  }

  /** Accepted messages not yet taken by next(). */
  get unread(): readonly ReceivedMail[] {
    return this.#inbox;
  }

  stop(): Promise<void> {
    return new Promise((resolve) => this.#server.close(() => resolve()));
  }

  #arrived(): void {
    this.#arrivals += 1;
    for (const waiter of this.#arrivalWaiters.filter((w) => w.count <= this.#arrivals)) {
      this.#arrivalWaiters.splice(this.#arrivalWaiters.indexOf(waiter), 1);
      waiter.resolve();
    }
  }

  #deliver(mail: ReceivedMail): void {
    const waiter = this.#waiters.shift();
    if (waiter) waiter(mail);
    else this.#inbox.push(mail);
  }
}

/** An smtp:// URL where nothing listens: a port that was free a moment ago. */
export async function deadSmtpUrl(): Promise<string> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', () => resolve()));
  const { port } = probe.address() as AddressInfo;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return `smtp://127.0.0.1:${port}`;
}
