// Connections per client address are bounded (issue #10): with
// MAX_CONNECTIONS_PER_ADDRESS=3 a fourth socket from one address is refused at
// the upgrade with 429, other addresses are not affected, and a closed socket
// frees its slot. Loopback answers the whole 127.0.0.0/8, so each test address
// is a real, different client address.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../helpers/server.ts';
import { TestClient } from '../helpers/ws-client.ts';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({ env: { MAX_CONNECTIONS_PER_ADDRESS: '3' } });
});
afterAll(() => server.stop());

const from = (localAddress: string) => TestClient.connect(server.wsUrl, { origin: server.url, localAddress });

it('refuses a fourth socket from one address with 429, serves other addresses, and frees a slot on close', async () => {
  const held = await Promise.all([from('127.0.0.31'), from('127.0.0.31'), from('127.0.0.31')]);
  await expect(from('127.0.0.31')).rejects.toMatchObject({ status: 429 });

  // The sockets that were let in still work; another address is not counted with them.
  await held[0]!.call({ type: 'ping' }, 'pong');
  const other = await from('127.0.0.32');
  await other.call({ type: 'ping' }, 'pong');

  await held[2]!.close();
  // The server frees the slot once it sees the close: a new socket gets in within moments.
  let again: TestClient | undefined;
  for (let attempt = 0; attempt < 50 && !again; attempt++) {
    again = await from('127.0.0.31').catch(() => undefined);
    if (!again) await new Promise((resolve) => setTimeout(resolve, 20));
  }
  expect(again).toBeDefined();
  await again!.call({ type: 'ping' }, 'pong');
  await expect(from('127.0.0.31')).rejects.toMatchObject({ status: 429 });
  await Promise.all([held[0]!.close(), held[1]!.close(), again!.close(), other.close()]);
});
