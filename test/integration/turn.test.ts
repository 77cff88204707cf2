// TURN with coturn's shared-secret scheme (issue #10): with TURN_URLS and
// TURN_SECRET the server mints each participant their own short-lived TURN
// credentials (signaling/settings/turn-credentials.ts) when it builds
// rep.welcome, customer.joined, assistant.joined and control.released. The
// last test hands the credentials a customer received to a real coturn
// (`turnserver --use-auth-secret`, Debian package coturn; see TESTING.md) and
// relays data through the allocation they open.
import { execFile } from 'node:child_process';
import { createHmac, randomBytes } from 'node:crypto';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { IceServer } from '../../src/shared/protocol/common.ts';
import { freeUdpPort, startCoturn, type Coturn } from '../helpers/coturn.ts';
import { joinAssistant, joinCustomer, startSession } from '../helpers/scenario.ts';
import { startTestServer, type TestServer } from '../helpers/server.ts';

const SECRET = `test-secret-${randomBytes(6).toString('hex')}`;
const TTL_S = 600;
/** Clock slack between the test and the server (same process, same clock): a second of rounding. */
const SLACK_S = 2;

let turnPort: number;
let turnUrl: string;
let coturn: Coturn;
let server: TestServer;

beforeAll(async () => {
  turnPort = await freeUdpPort();
  turnUrl = `turn:127.0.0.1:${turnPort}?transport=udp`;
  coturn = await startCoturn(turnPort, SECRET);
  server = await startTestServer({ env: { TURN_URLS: turnUrl, TURN_SECRET: SECRET, TURN_TTL_SECONDS: String(TTL_S) } });
});
afterAll(async () => {
  await server?.stop();
  await coturn?.stop();
});

/** The TURN entry of a message's iceServers, checked against the scheme: returns who it was minted for. */
function expectMinted(iceServers: IceServer[], before: number, after: number): { who: string; username: string; credential: string } {
  const turn = iceServers.filter((entry) => [entry.urls].flat().some((url) => url.startsWith('turn:')));
  expect(turn).toHaveLength(1);
  const [entry] = turn;
  expect(entry?.urls).toEqual([turnUrl]);
  const username = entry?.username ?? '';
  const credential = entry?.credential ?? '';
  const match = /^(\d+):([^:]+)$/.exec(username);
  if (!match) throw new Error(`username ${JSON.stringify(username)} is not "<expiry>:<id>"`);
  const expiry = Number(match[1]);
  expect(expiry).toBeGreaterThan(Math.floor(before / 1000));
  expect(expiry).toBeLessThanOrEqual(Math.floor(after / 1000) + TTL_S + SLACK_S);
  expect(expiry).toBeGreaterThanOrEqual(Math.floor(before / 1000) + TTL_S);
  // coturn's check: base64(HMAC-SHA1(static-auth-secret, username)).
  expect(credential).toBe(createHmac('sha1', SECRET).update(username).digest('base64'));
  return { who: match[2] ?? '', username, credential };
}

describe('TURN_SECRET: per-participant credentials', () => {
  it('rep.welcome carries credentials minted for the rep’s user id', async () => {
    const user = await server.createUser('turn-rep@example.test', 'password of turn rep', 'Turn Rep');
    const accessToken = await server.signIn('turn-rep@example.test', 'password of turn rep');
    const client = await server.connect('extension');
    const before = Date.now();
    const welcome = await client.call({ type: 'rep.hello', accessToken }, 'rep.welcome');
    expect(expectMinted(welcome.iceServers, before, Date.now()).who).toBe(user.id);
  });

  it('customer.joined carries credentials minted for each customer’s participant id', async () => {
    const { session } = await startSession(server);
    const before = Date.now();
    const first = await joinCustomer(server, session, { withToken: true, name: 'First' });
    const second = await joinCustomer(server, session, { withToken: true, name: 'Second' });
    const after = Date.now();
    const a = expectMinted(first.joined.iceServers, before, after);
    const b = expectMinted(second.joined.iceServers, before, after);
    expect(a.who).toBe(first.joined.participantId);
    expect(b.who).toBe(second.joined.participantId);
    expect(a.username).not.toBe(b.username);
    expect(a.credential).not.toBe(b.credential);
  });

  it('assistant.joined and control.released carry credentials for the participant they go to', async () => {
    const { rep, session } = await startSession(server);
    const before = Date.now();
    const helper = await joinAssistant(server, session);
    expect(expectMinted(helper.joined.iceServers, before, Date.now()).who).toBe(helper.joined.participantId);

    const controllerId = server.server.registry.byId(session.id)?.controllerParticipantId;
    const beforeTransfer = Date.now();
    await rep.call({ type: 'control.transfer', sessionId: session.id, participantId: helper.joined.participantId, handoff: { invitations: [] } }, 'ok');
    const released = await rep.next('control.released');
    expect(released.participantId).toBe(controllerId);
    expect(expectMinted(released.iceServers, beforeTransfer, Date.now()).who).toBe(controllerId);
  });
});

describe('with a real coturn (use-auth-secret)', () => {
  it('allocates and relays with the credentials a customer was handed; refuses forged or expired ones', async () => {
    const { session } = await startSession(server);
    const { joined } = await joinCustomer(server, session, { withToken: true });
    const { username, credential } = expectMinted(joined.iceServers, Date.now() - TTL_S * 1000, Date.now());

    // -y: two clients allocate relays on the server and send 5 messages to each other through them.
    const relayed = await uclient(turnPort, username, credential);
    expect(relayed.code, relayed.output).toBe(0);
    // The summary line: every message sent through one relay arrived through the other.
    const totals = /start_mclient: tot_send_msgs=(\d+), tot_recv_msgs=(\d+)/.exec(relayed.output);
    expect(Number(totals?.[1])).toBeGreaterThan(0);
    expect(totals?.[2]).toBe(totals?.[1]);
    expect(relayed.output).toMatch(/Total lost packets 0 /);
    // coturn logged the allocation under the minted username.
    expect(coturn.log()).toContain(username);

    // The same username with another participant's credential is refused: coturn really checks.
    const forged = await uclient(turnPort, username, createHmac('sha1', 'not the secret').update(username).digest('base64'));
    expect(forged.code).not.toBe(0);
    expect(forged.output).toMatch(/Cannot complete Allocation/);
    // A correctly signed username whose expiry has passed is refused too: the credentials are short-lived.
    const [, who] = username.split(':');
    const stale = `${Math.floor(Date.now() / 1000) - 5}:${who}`;
    const expired = await uclient(turnPort, stale, createHmac('sha1', SECRET).update(stale).digest('base64'));
    expect(expired.code).not.toBe(0);
    expect(expired.output).toMatch(/Cannot complete Allocation/);
  });
});

// --- coturn ----------------------------------------------------------------

const execFileAsync = promisify(execFile);

/** turnutils_uclient (from coturn) as a TURN client with these credentials: exit code and output. */
async function uclient(port: number, username: string, credential: string): Promise<{ code: number; output: string }> {
  const args = ['-y', '-n', '5', '-z', '5', '-p', String(port), '-u', username, '-w', credential, '127.0.0.1'];
  try {
    const { stdout, stderr } = await execFileAsync('turnutils_uclient', args, { timeout: 15_000 });
    return { code: 0, output: stdout + stderr };
  } catch (error) {
    const failed = error as { code?: number | string; stdout?: string; stderr?: string };
    if (failed.code === 'ENOENT') throw new Error('turnutils_uclient (coturn) is needed for this test: apt-get install -y coturn (TESTING.md)');
    return { code: typeof failed.code === 'number' ? failed.code : -1, output: `${failed.stdout ?? ''}${failed.stderr ?? ''}` };
  }
}
