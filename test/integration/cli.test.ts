// The admin CLI as a real process (`node --import tsx signaling/cli/main.ts`,
// what `npm run admin --` runs), against a temporary DATA_DIR that a running
// server shares: what the CLI writes, the server sees.
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../../signaling/config.ts';
import { DEFAULT_SETTINGS, SiteSettings } from '../../src/shared/protocol/settings.ts';
import { api, login } from '../helpers/api.ts';
import { startTestServer, type TestServer } from '../helpers/server.ts';

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

let dataDir: string;
let server: TestServer;

function cli(args: string[], stdin?: string): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'signaling/cli/main.ts', ...args], {
      cwd: REPO_ROOT,
      env: { ...process.env, DATA_DIR: dataDir, NODE_OPTIONS: '' },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(stdin ?? '');
  });
}

/** Exit code 2 (bad command line) with one line on stderr matching `message`, nothing on stdout. */
function expectUsageError(run: Run, message: RegExp): void {
  expect(run.stderr.trim().split('\n')).toHaveLength(1);
  expect(run.stderr).toMatch(message);
  expect(run.code).toBe(2);
  expect(run.stdout).toBe('');
}

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'peerassist-cli-'));
  server = await startTestServer({ dataDir });
});
afterAll(async () => {
  await server.stop();
  await rm(dataDir, { recursive: true, force: true });
});

describe('user', () => {
  it('add without --password-stdin: generates a password, prints it once; the server accepts it', async () => {
    const run = await cli(['user', 'add', '--email', 'Gen@Example.test', '--role', 'rep']);
    expect(run).toMatchObject({ code: 0, stderr: '' });
    const [created, passwordLine] = run.stdout.trim().split('\n');
    expect(created).toBe('created gen@example.test (rep)');
    const password = /^password: ([a-z2-9-]{23})$/.exec(passwordLine ?? '')?.[1];
    expect(password).toBeDefined();
    const tokens = await login(server, 'gen@example.test', password ?? '');
    expect(tokens.user).toMatchObject({ name: 'gen', roles: ['rep'] });
  });

  it('add --password-stdin with several roles and a name', async () => {
    const run = await cli(['user', 'add', '--email', 'agent@example.test', '--role', 'rep', '--role', 'agent', '--name', 'Kim Agent', '--password-stdin'], 'typed password 123\n');
    expect(run).toEqual({ code: 0, stdout: 'created agent@example.test (rep, agent)\n', stderr: '' });
    const tokens = await login(server, 'agent@example.test', 'typed password 123');
    expect(tokens.user).toMatchObject({ name: 'Kim Agent', roles: ['rep', 'agent'] });
  });

  it('refuses bad input with one line naming the problem and exit 2, creating nothing', async () => {
    const count = await server.store.users.count();
    const [short, email, role, noRole, option, extra, missing] = await Promise.all([
      cli(['user', 'add', '--email', 'short@example.test', '--role', 'rep', '--password-stdin'], 'short\n'),
      cli(['user', 'add', '--email', 'not-an-address', '--role', 'rep']),
      cli(['user', 'add', '--email', 'x@example.test', '--role', 'boss']),
      cli(['user', 'add', '--email', 'x@example.test']),
      cli(['user', 'add', '--email', 'x@example.test', '--role', 'rep', '--admin']),
      cli(['user', 'add', 'x@example.test', '--role', 'rep']),
      cli(['user', 'add', '--email']),
    ]);
    expectUsageError(short as Run, /^error: the password on stdin: a password has at least 10 characters$/m);
    expectUsageError(email as Run, /^error: --email: "not-an-address" is not an e-mail address$/m);
    expectUsageError(role as Run, /^error: --role: "boss" is not a role; choose rep, agent or admin$/m);
    expectUsageError(noRole as Run, /^error: --role is required \(rep, agent or admin\)/m);
    expectUsageError(option as Run, /^error: Unknown option '--admin'$/m);
    expectUsageError(extra as Run, /^error: expected no arguments, got "x@example.test"$/m);
    expectUsageError(missing as Run, /^error: Option '--email <value>' argument missing$/m);
    expect(await server.store.users.count()).toBe(count);
  });

  it('refuses a duplicate e-mail with exit 1', async () => {
    const run = await cli(['user', 'add', '--email', 'AGENT@example.test', '--role', 'rep']);
    expect(run).toMatchObject({ code: 1, stdout: '', stderr: 'error: an account with the e-mail address agent@example.test already exists\n' });
  });

  it('list: a table of email, name, roles and disabled', async () => {
    const run = await cli(['user', 'list']);
    expect(run.code).toBe(0);
    const lines = run.stdout.trim().split('\n');
    expect(lines[0]).toMatch(/^EMAIL\s+NAME\s+ROLES\s+DISABLED$/);
    expect(lines).toContainEqual(expect.stringMatching(/^agent@example\.test\s+Kim Agent\s+rep,agent\s+no$/));
  });

  it('disable refuses sign-ins and revokes tokens; enable lets them back; unknown users exit 1', async () => {
    const tokens = await login(server, 'agent@example.test', 'typed password 123');
    expect(await cli(['user', 'disable', 'Agent@Example.test'])).toEqual({
      code: 0,
      stdout: 'disabled agent@example.test; their sign-ins are revoked\n',
      stderr: '',
    });
    const refused = await api(server, 'POST', '/api/auth/login', { body: { email: 'agent@example.test', password: 'typed password 123' } });
    expect(refused).toMatchObject({ status: 403, body: { error: { reason: 'disabled' } } });
    expect((await api(server, 'POST', '/api/auth/refresh', { body: { refreshToken: tokens.refreshToken } })).status).toBe(401);
    expect((await cli(['user', 'list'])).stdout).toMatch(/^agent@example\.test\s+Kim Agent\s+rep,agent\s+yes$/m);

    expect((await cli(['user', 'enable', 'agent@example.test'])).code).toBe(0);
    await login(server, 'agent@example.test', 'typed password 123');

    const unknown = await cli(['user', 'disable', 'nobody@example.test']);
    expect(unknown).toEqual({ code: 1, stdout: '', stderr: 'error: there is no user with the e-mail address nobody@example.test\n' });
    expectUsageError(await cli(['user', 'disable']), /^error: expected EMAIL, got nothing$/m);
  });

  it('password --password-stdin sets a new password', async () => {
    await cli(['user', 'add', '--email', 'pw@example.test', '--role', 'rep', '--password-stdin'], 'first password 1');
    const run = await cli(['user', 'password', 'pw@example.test', '--password-stdin'], 'second password 2\r\n');
    expect(run.code).toBe(0);
    await login(server, 'pw@example.test', 'second password 2');
  });
});

describe('queue', () => {
  it('add, add-agent and list; refusals exit 1 (cannot) or 2 (bad input)', async () => {
    await cli(['user', 'add', '--email', 'queue-agent@example.test', '--role', 'agent']);
    expect(await cli(['queue', 'add', 'Billing'])).toEqual({ code: 0, stdout: 'created queue "Billing"\n', stderr: '' });
    expect(await cli(['queue', 'add', 'billing'])).toMatchObject({ code: 1, stderr: 'error: a queue named "billing" already exists\n' });
    expect(await cli(['queue', 'add-agent', 'BILLING', 'queue-agent@example.test'])).toEqual({
      code: 0,
      stdout: 'queue-agent@example.test is in queue "Billing"\n',
      stderr: '',
    });
    const [notAgent, noQueue, noUser, badEmail] = await Promise.all([
      cli(['queue', 'add-agent', 'Billing', 'gen@example.test']),
      cli(['queue', 'add-agent', 'Sales', 'queue-agent@example.test']),
      cli(['queue', 'add-agent', 'Billing', 'nobody@example.test']),
      cli(['queue', 'add-agent', 'Billing', 'nobody']),
    ]);
    expectUsageError(notAgent as Run, /^error: gen@example\.test does not have the agent role; only agents can be in a queue$/m);
    expect(noQueue).toMatchObject({ code: 1, stderr: 'error: there is no queue named "Sales"\n' });
    expect(noUser).toMatchObject({ code: 1, stderr: 'error: there is no user with the e-mail address nobody@example.test\n' });
    expectUsageError(badEmail as Run, /^error: EMAIL: "nobody" is not an e-mail address$/m);

    const list = await cli(['queue', 'list']);
    expect(list.stdout.trim().split('\n')).toEqual([expect.stringMatching(/^NAME\s+AGENTS$/), expect.stringMatching(/^Billing\s+queue-agent@example\.test$/)]);
    const [queue] = await server.store.queues.list();
    const agent = await server.store.users.findByEmail('queue-agent@example.test');
    expect(queue).toEqual({ id: expect.any(String), name: 'Billing', agentIds: [agent?.id] });
  });
});

describe('settings', () => {
  it('get prints the settings as JSON', async () => {
    const run = await cli(['settings', 'get']);
    expect(run.code).toBe(0);
    expect(SiteSettings.parse(JSON.parse(run.stdout))).toEqual(await server.store.settings.get());
  });

  it('set stores a value per key; the running server uses it at once', async () => {
    expect(await cli(['settings', 'set', 'maxCustomers', '3'])).toEqual({ code: 0, stdout: 'maxCustomers = 3\n', stderr: '' });
    expect((await cli(['settings', 'set', 'sessionMode', 'multi'])).code).toBe(0);
    expect((await cli(['settings', 'set', 'emailMode', 'server'])).code).toBe(0);
    expect((await cli(['settings', 'set', 'admitNumberOnlyJoins', 'false'])).code).toBe(0);
    const ice = '[{"urls":"turn:turn.example.com:3478","username":"u","credential":"c"}]';
    expect((await cli(['settings', 'set', 'iceServers', ice])).code).toBe(0);
    expect(await server.store.settings.get()).toEqual({
      ...DEFAULT_SETTINGS,
      maxCustomers: 3,
      sessionMode: 'multi',
      emailMode: 'server',
      admitNumberOnlyJoins: false,
      iceServers: JSON.parse(ice),
    });
    const rep = await server.newRep();
    const socket = await server.connect('extension');
    const welcome = await socket.call({ type: 'rep.hello', accessToken: await server.signIn(rep.email, rep.password) }, 'rep.welcome');
    expect(welcome).toMatchObject({ sessionMode: 'multi', iceServers: JSON.parse(ice) });
  });

  it('refuses unknown keys and bad values naming the valid choices, exit 2, changing nothing', async () => {
    const before = await server.store.settings.get();
    const runs = await Promise.all([
      cli(['settings', 'set', 'maxCustomers', '-1']),
      cli(['settings', 'set', 'maxCustomers', 'lots']),
      cli(['settings', 'set', 'sessionMode', 'tabs']),
      cli(['settings', 'set', 'emailMode', 'pigeon']),
      cli(['settings', 'set', 'admitNumberOnlyJoins', 'maybe']),
      cli(['settings', 'set', 'iceServers', '[{"urls":"http://x"}]']),
      cli(['settings', 'set', 'colour', 'blue']),
      cli(['settings', 'set', 'maxCustomers']),
    ]);
    const messages = [
      /^error: maxCustomers must be a whole number from 1 to 100, not "-1"$/m,
      /^error: maxCustomers must be a whole number from 1 to 100, not "lots"$/m,
      /^error: sessionMode must be one of single, multi, both, not "tabs"$/m,
      /^error: emailMode must be one of server, client, not "pigeon"$/m,
      /^error: admitNumberOnlyJoins must be true or false, not "maybe"$/m,
      /^error: iceServers\.0\.urls: "http:\/\/x" is not a stun:, stuns:, turn: or turns: URL$/m,
      /^error: unknown setting "colour"; the settings are sessionMode, maxCustomers, emailMode, admitNumberOnlyJoins, iceServers$/m,
      /^error: expected KEY VALUE, got "maxCustomers"$/m,
    ];
    for (const [i, run] of runs.entries()) expectUsageError(run, messages[i] as RegExp);
    expect(await server.store.settings.get()).toEqual(before);
  });
});

describe('help and unknown commands', () => {
  it('--help prints the commands (exit 0); no command or an unknown one is a usage error (exit 2)', async () => {
    const [help, none, unknown] = await Promise.all([cli(['--help']), cli([]), cli(['user', 'frobnicate'])]);
    expect(help.code).toBe(0);
    for (const command of ['user add', 'user list', 'user disable', 'queue add', 'queue add-agent', 'settings get', 'settings set']) {
      expect(help.stdout).toContain(command);
    }
    expect(none.code).toBe(2);
    expect(none.stderr).toMatch(/^Usage: npm run admin --/);
    expectUsageError(unknown, /^error: unknown command "user frobnicate"; the commands are user add, user list/m);
  });
});

describe('audit', () => {
  it('records every change the CLI made as admin.change by cli:<user>', async () => {
    const changes = await server.store.audit.list({ limit: 100, type: 'admin.change' });
    expect(changes.length).toBeGreaterThan(5);
    for (const change of changes) expect(change).toMatchObject({ actor: expect.stringMatching(/^cli:/), actorId: null, detail: { via: 'cli' } });
    expect(changes.map((c) => c.detail.what)).toEqual(expect.arrayContaining(['user.create', 'user.update', 'user.password', 'queue.create', 'queue.agents', 'settings']));
    expect(JSON.stringify(changes)).not.toContain('typed password 123');
  });
});
