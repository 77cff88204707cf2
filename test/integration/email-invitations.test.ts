// Email invitations (FEATURES.md S4, S8–S10; issue #5) against a real SMTP
// server (the smtp-server package): the server sends a plain-text and HTML
// invitation, the test reads it as a recipient would, follows its link and
// joins. A mail server that is down or refusing gives the rep a typed error
// and leaves the session as it was.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS } from '../../src/shared/protocol/settings.ts';
import { joinCustomer, startSession } from '../helpers/scenario.ts';
import { startTestServer, type TestServer } from '../helpers/server.ts';
import { deadSmtpUrl, SmtpSink, type ReceivedMail } from '../helpers/smtp-sink.ts';

const INDEX = '<!doctype html><title>PeerAssist</title><div id="app"></div>';
const CREDENTIALS = { user: 'mailer@example.test', pass: 'p@ss w:rd/1' };

let sink: SmtpSink;
let webRoot: string;
let server: TestServer;

beforeAll(async () => {
  sink = await SmtpSink.start({ credentials: CREDENTIALS });
  webRoot = await mkdtemp(join(tmpdir(), 'peerassist-site-'));
  await writeFile(join(webRoot, 'index.html'), INDEX);
  server = await startTestServer({ webRoot, env: { SMTP_URL: sink.url } });
  await server.store.settings.update({ emailMode: 'server' });
});
afterAll(async () => {
  await server.stop();
  await sink.stop();
  await rm(webRoot, { recursive: true, force: true });
});
afterEach(() => server.store.settings.update({ ...DEFAULT_SETTINGS, emailMode: 'server' }).then(() => undefined));

/** The one http(s) link in the plain-text part. */
function linkIn(mail: ReceivedMail): string {
  const links = mail.parsed.text?.match(/https?:\/\/\S+/g) ?? [];
  expect(links).toHaveLength(1);
  return links[0] as string;
}

async function lastAudit(type: 'invite.sent' | 'invite.failed', sessionNumber: string) {
  await server.server.audit.flush();
  return (await server.store.audit.list({ limit: 50, type })).find((e) => e.sessionNumber === sessionNumber);
}

describe('rep.welcome', () => {
  it('says emailMode server only while the site sends mail and SMTP is configured', async () => {
    const { email, password } = await server.newRep();
    const token = await server.signIn(email, password);
    const hello = async () => (await server.connect('extension')).call({ type: 'rep.hello', accessToken: token }, 'rep.welcome');
    expect((await hello()).emailMode).toBe('server');
    await server.store.settings.update({ emailMode: 'client' });
    expect((await hello()).emailMode).toBe('client');
  });
});

describe('invite.send to a customer', () => {
  it('emails the join link; following it joins the session at once', async () => {
    const { rep, session } = await startSession(server, 'Alex Rep');
    const sent = await rep.call({ type: 'invite.send', sessionId: session.id, kind: 'customer', email: 'Casey@Example.com', locale: 'en' }, 'invite.sent');
    expect(sent.invitation).toEqual({ id: expect.any(String), kind: 'customer', email: 'casey@example.com', sentAt: expect.any(Number) });

    const mail = await sink.next();
    expect(mail.envelope).toEqual({ from: 'no-reply@127.0.0.1', to: ['casey@example.com'], user: CREDENTIALS.user });
    expect(mail.parsed.from?.value).toEqual([{ name: 'PeerAssist', address: 'no-reply@127.0.0.1' }]);
    expect(mail.parsed.replyTo?.value[0]?.address).toMatch(/^rep\d+@example\.test$/);
    expect(mail.parsed.subject).toBe('Alex Rep invites you to a support session');
    const grouped = session.number.replace(/^(\d{3})(\d{3})(\d{3})$/, '$1 $2 $3');
    expect(mail.parsed.text).toContain(`Session number: ${grouped}`);
    expect(mail.parsed.html).toContain(`<strong>${grouped}</strong>`);

    // Follow the link as the customer's browser would: the join page reads number and token from it.
    const link = linkIn(mail);
    expect(link).toBe(session.joinUrl);
    expect(mail.parsed.html).toContain(`href="${link}"`);
    const url = new URL(link);
    const number = /^\/join\/(\d{9})$/.exec(url.pathname)?.[1];
    const token = url.searchParams.get('t');
    expect(number).toBe(session.number);
    expect((await fetch(link)).status).toBe(200);
    const customer = await server.connect('site');
    const joined = await customer.call({ type: 'customer.join', number: number ?? '', token: token ?? undefined, name: 'Casey' }, 'customer.joined');
    expect(joined.state).toBe('connected');
    expect((await rep.next('participant.update')).participant).toMatchObject({ name: 'Casey', state: 'connected' });

    expect(await lastAudit('invite.sent', session.number)).toMatchObject({
      actorId: expect.any(String),
      ip: '127.0.0.1',
      detail: { kind: 'customer', email: 'casey@example.com' },
    });
  });

  it('writes Korean when the rep asks for it', async () => {
    const { rep, session } = await startSession(server, 'Alex Rep');
    await rep.call({ type: 'invite.send', sessionId: session.id, kind: 'customer', email: 'minji@example.com', locale: 'ko' }, 'invite.sent');
    const mail = await sink.next();
    expect(mail.parsed.subject).toBe('Alex Rep님이 지원 세션에 초대했습니다');
    expect(mail.parsed.text).toContain('세션 번호:');
    expect(mail.parsed.html).toContain('<html lang="ko">');
    expect(linkIn(mail)).toBe(session.joinUrl);
  });
});

describe('invite.send to a rep', () => {
  it('emails the assist link; another rep joins with its number as an assistant', async () => {
    const { rep, session } = await startSession(server, 'Alex Rep');
    await rep.call({ type: 'invite.send', sessionId: session.id, kind: 'rep', email: 'bo@example.com', locale: 'en' }, 'invite.sent');
    const mail = await sink.next();
    expect(mail.parsed.subject).toBe('Alex Rep asks you to assist in a support session');
    const link = linkIn(mail);
    expect(link).toBe(`${server.url}/support/${session.number}`);
    // The support site answers the link with its page (the assist flow).
    const page = await fetch(link);
    expect(page.status).toBe(200);
    expect(await page.text()).toBe(INDEX);

    const number = /\/support\/(\d{9})$/.exec(link)?.[1] ?? '';
    const { client: colleague } = await server.newRep('Bo Helper');
    const joined = await colleague.call({ type: 'assistant.join', number }, 'assistant.joined');
    expect(joined.sessionId).toBe(session.id);
    expect((await rep.next('participant.update')).participant).toMatchObject({ id: joined.participantId, role: 'assistant', name: 'Bo Helper' });
    expect(await lastAudit('invite.sent', session.number)).toMatchObject({ detail: { kind: 'rep', email: 'bo@example.com' } });
  });
});

describe('a mail server that refuses', () => {
  it('refusing the mailbox (550): email_failed with its reason; the session goes on; audited', async () => {
    sink.refuse('nobody@example.com', { at: 'rcpt', code: 550, message: 'mailbox unavailable' });
    const { rep, session } = await startSession(server);
    const refusal = await rep.refused({ type: 'invite.send', sessionId: session.id, kind: 'customer', email: 'nobody@example.com', locale: 'en' }, 'email_failed');
    expect(refusal).toMatchObject({ message: '550 mailbox unavailable', inReplyTo: 'invite.send' });

    expect(server.server.registry.byId(session.id)).toBeDefined();
    const { joined } = await joinCustomer(server, session, { withToken: true });
    expect(joined.state).toBe('connected');
    expect(await lastAudit('invite.failed', session.number)).toMatchObject({
      detail: { kind: 'customer', email: 'nobody@example.com', reason: '550 mailbox unavailable' },
    });
  });

  it('refusing the message after DATA (554): email_failed with its reason', async () => {
    sink.refuse('filtered@example.com', { at: 'data', code: 554, message: 'message looks like spam' });
    const { rep, session } = await startSession(server);
    const refusal = await rep.refused({ type: 'invite.send', sessionId: session.id, kind: 'rep', email: 'filtered@example.com', locale: 'ko' }, 'email_failed');
    expect(refusal.message).toBe('554 message looks like spam');
    await rep.call({ type: 'share.update', sessionId: session.id, sharing: true }, 'ok');
  });
});

describe('a slow mail server', () => {
  it('does not hold up the rep’s other messages while the invitation is being sent', async () => {
    const { rep, session } = await startSession(server);
    const customer = await joinCustomer(server, session, { withToken: true });
    await rep.next('participant.update');
    const release = sink.hold();
    const arrived = sink.arrivedCount;
    const reply = rep.request({ type: 'invite.send', sessionId: session.id, kind: 'customer', email: 'later@example.com', locale: 'en' });
    await sink.arrivals(arrived + 1);

    // The mail server sits on the message; the rep's socket still answers and relays.
    await rep.call({ type: 'ping' }, 'pong');
    rep.send({ type: 'signal', to: customer.joined.participantId, payload: { kind: 'candidate', candidate: null } });
    expect((await customer.client.next('signal')).payload).toEqual({ kind: 'candidate', candidate: null });

    release();
    expect(await reply).toMatchObject({ type: 'invite.sent', invitation: { email: 'later@example.com' } });
    expect(linkIn(await sink.next())).toBe(session.joinUrl);
  });
});

describe('who may send invitations', () => {
  it('only the controller: customers, other reps and sockets without sign-in are refused, nothing is sent', async () => {
    const { rep, session } = await startSession(server);
    const invite = { type: 'invite.send', sessionId: session.id, kind: 'customer', email: 'casey@example.com', locale: 'en' } as const;
    const arrived = sink.arrivedCount;
    const { client: customer } = await joinCustomer(server, session, { withToken: true });
    await customer.refused(invite, 'forbidden');
    const { client: otherRep } = await server.newRep('Other Rep');
    await otherRep.refused(invite, 'forbidden');
    const anonymous = await server.connect('extension');
    await anonymous.refused(invite, 'unauthenticated');

    await rep.call({ type: 'session.end', sessionId: session.id }, 'session.ended');
    await rep.refused(invite, 'no_session');
    // A message that was sent would have reached the sink before the replies above; none did.
    expect(sink.arrivedCount).toBe(arrived);
  });

  it('emailMode client: email_disabled, so the extension uses the rep’s own mail program', async () => {
    await server.store.settings.update({ emailMode: 'client' });
    const { rep, session } = await startSession(server);
    const arrived = sink.arrivedCount;
    const refusal = await rep.refused({ type: 'invite.send', sessionId: session.id, kind: 'customer', email: 'casey@example.com', locale: 'en' }, 'email_disabled');
    expect(refusal.inReplyTo).toBe('invite.send');
    expect(sink.arrivedCount).toBe(arrived);
  });
});

describe('invitation links', () => {
  it('die with the session: a customer link from an ended session gives no_session', async () => {
    const { rep, session } = await startSession(server);
    await rep.call({ type: 'invite.send', sessionId: session.id, kind: 'customer', email: 'casey@example.com', locale: 'en' }, 'invite.sent');
    const url = new URL(linkIn(await sink.next()));
    await rep.call({ type: 'session.end', sessionId: session.id }, 'session.ended');

    const customer = await server.connect('site');
    const number = url.pathname.split('/')[2] ?? '';
    await customer.refused({ type: 'customer.join', number, token: url.searchParams.get('t') ?? undefined, name: 'Casey' }, 'no_session');
  });

  it('a rep link is no use without signing in as a rep: at most the lobby, never assistant', async () => {
    const { rep, session } = await startSession(server);
    await rep.call({ type: 'invite.send', sessionId: session.id, kind: 'rep', email: 'stranger@example.com', locale: 'en' }, 'invite.sent');
    const number = /\/support\/(\d{9})$/.exec(linkIn(await sink.next()))?.[1] ?? '';

    const page = await server.connect('site');
    await page.refused({ type: 'assistant.join', number }, 'unauthenticated');
    // The number alone makes a customer who waits until the rep admits them (DESIGN.md, Security).
    const asCustomer = await page.call({ type: 'customer.join', number, name: 'Stranger' }, 'customer.joined');
    expect(asCustomer.state).toBe('lobby');
    await page.refused({ type: 'assistant.join', number }, 'forbidden');
    expect((await rep.next('participant.update')).participant).toMatchObject({ role: 'customer', state: 'lobby' });
    expect(server.server.registry.listParticipants(session.id).some((p) => p.role === 'assistant')).toBe(false);
  });
});

describe('without a working mail server', () => {
  it('SMTP down: email_failed "connection refused" in seconds; the session goes on', async () => {
    const down = await startTestServer({ env: { SMTP_URL: await deadSmtpUrl() } });
    try {
      await down.store.settings.update({ emailMode: 'server' });
      const { rep, session } = await startSession(down);
      const refusal = await rep.refused({ type: 'invite.send', sessionId: session.id, kind: 'customer', email: 'casey@example.com', locale: 'en' }, 'email_failed');
      expect(refusal.message).toBe('connection refused');
      const { joined } = await joinCustomer(down, session, { withToken: true });
      expect(joined.state).toBe('connected');
      await down.server.audit.flush();
      expect((await down.store.audit.list({ limit: 1, type: 'invite.failed' }))[0]?.detail).toEqual({
        kind: 'customer',
        email: 'casey@example.com',
        reason: 'connection refused',
      });
    } finally {
      await down.stop();
    }
  });

  it('no SMTP_URL: email_disabled and emailMode client, even when the site asks for server mail', async () => {
    const plain = await startTestServer();
    try {
      await plain.store.settings.update({ emailMode: 'server' });
      const { email, password } = await plain.newRep();
      const socket = await plain.connect('extension');
      const welcome = await socket.call({ type: 'rep.hello', accessToken: await plain.signIn(email, password) }, 'rep.welcome');
      expect(welcome.emailMode).toBe('client');
      const { session } = await socket.call({ type: 'session.start' }, 'session.started');
      await socket.refused({ type: 'invite.send', sessionId: session.id, kind: 'customer', email: 'casey@example.com', locale: 'en' }, 'email_disabled');
    } finally {
      await plain.stop();
    }
  });
});
