// What the WebSocket edge does with bad input: a typed error, one log line
// without the payload, no state change, and the socket stays usable.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { joinCustomer, startSession } from '../helpers/scenario.ts';
import { startTestServer, type TestServer } from '../helpers/server.ts';
import { TestClient } from '../helpers/ws-client.ts';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server.stop());

describe('invalid messages', () => {
  it('not JSON → malformed; the socket still works', async () => {
    const { rep, session } = await startSession(server);
    rep.sendRaw('{"type": "session.end", "sessionId": ');
    const error = await rep.next('error');
    expect(error).toMatchObject({ reason: 'malformed', message: 'not valid JSON' });
    expect(error.rid).toBeUndefined();
    expect(server.server.registry.byId(session.id)).toBeDefined();
    await rep.call({ type: 'ping' }, 'pong');
  });

  it('unknown type → unknown_type with the rid and type echoed', async () => {
    const client = await server.connect('site');
    client.sendRaw(JSON.stringify({ type: 'session.hijack', rid: 'x1', sessionId: 's_abcdefghijkl' }));
    expect(await client.next('error')).toEqual({
      type: 'error',
      rid: 'x1',
      reason: 'unknown_type',
      message: 'unknown message type "session.hijack"',
      inReplyTo: 'session.hijack',
    });
    await client.call({ type: 'ping' }, 'pong');
  });

  it('a schema failure → malformed naming the field, and nothing joins', async () => {
    const { rep, session } = await startSession(server);
    const customer = await server.connect('site');
    customer.sendRaw(JSON.stringify({ type: 'customer.join', rid: 'j1', number: session.number, token: session.joinToken, name: '' }));
    const error = await customer.next('error');
    expect(error).toMatchObject({ rid: 'j1', reason: 'malformed', inReplyTo: 'customer.join' });
    expect(error.message).toMatch(/^name: /);
    expect(server.server.registry.listParticipants(session.id)).toHaveLength(1);
    expect(await rep.settle()).toEqual([]);
  });

  it('over 64 KiB (70 KiB) → too_large, no state change, socket usable', async () => {
    const { rep, session } = await startSession(server);
    const customer = await server.connect('site');
    const name = 'x'.repeat(70 * 1024);
    customer.sendRaw(JSON.stringify({ type: 'customer.join', rid: 'big', number: session.number, token: session.joinToken, name }));
    expect(await customer.next('error')).toMatchObject({ reason: 'too_large' });
    expect(server.server.registry.listParticipants(session.id)).toHaveLength(1);
    await customer.call({ type: 'customer.join', number: session.number, token: session.joinToken, name: 'Casey' }, 'customer.joined');
    expect((await rep.next('participant.update')).participant.name).toBe('Casey');
  });

  it('a binary frame → malformed', async () => {
    const client = await server.connect('site');
    client.sendRaw(Buffer.from(JSON.stringify({ type: 'ping' })));
    expect(await client.next('error')).toMatchObject({ reason: 'malformed' });
    await client.call({ type: 'ping' }, 'pong');
  });

  it('a frame over 1 MiB closes the socket (1009) without disturbing others', async () => {
    const { rep, session } = await startSession(server);
    const { client: customer } = await joinCustomer(server, session, { withToken: true });
    await rep.next('participant.update');
    customer.sendRaw('x'.repeat(1024 * 1024 + 1));
    expect((await customer.closed).code).toBe(1009);
    // The customer's socket is gone, so they left; the rep's socket is fine.
    expect((await rep.next('participant.update')).participant.state).toBe('left');
    await rep.call({ type: 'ping' }, 'pong');
  });

  it('logs one line per refusal with the connection, type and reason, never the payload', async () => {
    const client = await server.connect('site');
    const secret = 'SECRET-PAYLOAD-MARKER';
    const before = server.logs.length;
    client.sendRaw(JSON.stringify({ type: 'customer.join', rid: 'log1', number: '000', name: secret }));
    await client.next('error');
    const lines = server.logs.slice(before);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^warn: \[ws\] c_[A-Za-z0-9_-]+ refused customer\.join: malformed$/);
    expect(server.logs.join('\n')).not.toContain(secret);
  });
});

describe('origin check at upgrade', () => {
  const connectWith = (origin: string) => TestClient.connect(server.wsUrl, { origin });

  it('refuses a foreign web page with 403 and no socket', async () => {
    await expect(connectWith('https://evil.example')).rejects.toMatchObject({ status: 403 });
    await expect(connectWith('null')).rejects.toMatchObject({ status: 403 });
  });

  it('refuses an extension that is not ours', async () => {
    await expect(connectWith('chrome-extension://ponmlkjihgfedcbaponmlkjihgfedcba')).rejects.toMatchObject({ status: 403 });
  });

  it('accepts the server’s own pages, our extension, Firefox extensions and clients without Origin', async () => {
    for (const origin of [server.url, server.url.replace('127.0.0.1', 'localhost'), server.extensionOrigin, 'moz-extension://0f4e2a8c-1b3d-4e5f-8a9b-0c1d2e3f4a5b']) {
      const client = await connectWith(origin);
      await client.call({ type: 'ping' }, 'pong');
      await client.close();
    }
    const bare = await TestClient.connect(server.wsUrl);
    await bare.call({ type: 'ping' }, 'pong');
    await bare.close();
  });

  it('answers 404 on other paths', async () => {
    await expect(TestClient.connect(server.wsUrl.replace(/\/ws$/, '/socket'))).rejects.toMatchObject({ status: 404 });
  });
});

describe('unexpected failures', () => {
  it('a handler that throws (database gone) → internal error, logged, and the server keeps serving', async () => {
    const broken = await startTestServer({ quietErrors: true });
    try {
      await broken.createUser('alex@example.test', 'password 123', 'Alex');
      const accessToken = await broken.signIn('alex@example.test', 'password 123');
      await broken.store.close();

      const socket = await broken.connect('extension');
      const failure = await socket.refused({ type: 'rep.hello', accessToken }, 'internal');
      expect(failure).toMatchObject({ inReplyTo: 'rep.hello', message: 'something went wrong on the server' });
      expect(broken.logs.some((line) => line.startsWith('error: [ws] ') && line.endsWith(' rep.hello failed'))).toBe(true);
      await socket.call({ type: 'ping' }, 'pong');

      const login = await fetch(`${broken.url}/api/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email: 'alex@example.test', password: 'password 123' }),
      });
      expect(login.status).toBe(500);
      expect(await login.json()).toEqual({ error: { reason: 'internal', message: 'something went wrong on the server' } });
      expect((await fetch(`${broken.url}/healthz`)).status).toBe(200);
    } finally {
      await broken.stop();
    }
  });
});
