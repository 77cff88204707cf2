// A real TURN server for the tests: coturn's turnserver (Debian package coturn,
// installed by .ci/run), with the TURN REST shared-secret scheme the server
// mints credentials for (signaling/settings/turn-credentials.ts).
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createSocket } from 'node:dgram';

export interface Coturn {
  log(): string;
  stop(): Promise<void>;
}

/** A port free on 127.0.0.1 a moment ago (coturn binds it right after). */
export async function freeUdpPort(): Promise<number> {
  const socket = createSocket('udp4');
  await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
  const { port } = socket.address();
  await new Promise<void>((resolve) => socket.close(() => resolve()));
  return port;
}

/**
 * coturn with the TURN REST shared secret. `listeningIps` are where clients
 * reach it (127.0.0.1 always, for the readiness probe); `relayIps` where it
 * relays from (loopback by default).
 */
export async function startCoturn(port: number, secret: string, { listeningIps = [] as string[], relayIps = ['127.0.0.1'] } = {}): Promise<Coturn> {
  const args = [
    '-n', // no configuration file
    ...['127.0.0.1', ...listeningIps].map((ip) => `--listening-ip=${ip}`),
    `--listening-port=${port}`,
    ...relayIps.map((ip) => `--relay-ip=${ip}`),
    '--use-auth-secret',
    `--static-auth-secret=${secret}`,
    '--realm=peerassist.test',
    '--no-tls',
    '--no-dtls',
    '--no-cli',
    // The uclient peers are on loopback, which coturn refuses to relay to by default.
    '--allow-loopback-peers',
    '--verbose',
    '--log-file=stdout',
    '--simple-log',
  ];
  const child: ChildProcess = spawn('turnserver', args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const spawnError = new Promise<never>((_, reject) =>
    child.once('error', (error) => reject(new Error('turnserver (coturn) is needed for this test: apt-get install -y coturn (TESTING.md)', { cause: error }))),
  );
  try {
    await Promise.race([stunAnswers(port), spawnError]);
  } catch (error) {
    child.kill('SIGTERM');
    throw error;
  }
  return {
    log: () => output,
    async stop() {
      if (child.exitCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}

/** Resolves once a STUN Binding request to 127.0.0.1:port is answered (coturn answers those without credentials). */
async function stunAnswers(port: number, timeoutMs = 10_000): Promise<void> {
  const socket = createSocket('udp4');
  const transaction = randomBytes(12);
  // RFC 8489: Binding request (0x0001), no attributes, magic cookie 0x2112A442.
  const request = Buffer.concat([Buffer.from([0x00, 0x01, 0x00, 0x00, 0x21, 0x12, 0xa4, 0x42]), transaction]);
  try {
    await new Promise<void>((resolve, reject) => {
      const deadline = setTimeout(() => reject(new Error(`turnserver did not answer STUN on port ${port} within ${timeoutMs} ms`)), timeoutMs);
      const retry = setInterval(() => socket.send(request, port, '127.0.0.1'), 100);
      socket.on('message', (reply) => {
        // Binding success response (0x0101) to our transaction.
        if (reply.readUInt16BE(0) === 0x0101 && reply.subarray(8, 20).equals(transaction)) {
          clearTimeout(deadline);
          clearInterval(retry);
          resolve();
        }
      });
      socket.send(request, port, '127.0.0.1');
    });
  } finally {
    socket.close();
  }
}

