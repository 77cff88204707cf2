// How a load generator talks to each server under test. Every protocol gets
// the same shape: a pair of connected sockets (A, B) and, for each direction,
// the exact text A (or B) sends so that the server relays it to the other.
// Every relayed message carries a realistic ICE-candidate payload (~250 bytes)
// whose usernameFragment holds a stamp (the send time), found again on receipt
// by a byte search, so the hot path parses no JSON.
//
//   peerassist  A = rep socket (extension Origin, rep.hello with a real token,
//               session.start), B = customer socket (site Origin, customer.join
//               with the link's token); A→B and B→A are validated `signal`s
//   peerjs      A, B = PeerJS clients (OPEN received); CANDIDATE messages by id
//   bare        A, B = two sockets in one room of the bare relay; bytes forwarded
import { randomBytes } from 'node:crypto';
import WebSocket, { type RawData } from 'ws';
import type { ServerInfo } from './servers/common.ts';

export type Protocol = 'peerassist' | 'peerjs' | 'bare';

export interface Pair {
  a: WebSocket;
  b: WebSocket;
  /** The text A sends so that B receives `stamp`. */
  aToB(stamp: string): string;
  bToA(stamp: string): string;
  /** What the protocol's real clients send to stay connected, and how often. */
  keepAlive?: { everyMs: number; message: string };
  close(): void;
}

const STAMP_KEY = Buffer.from('"usernameFragment":"');
const CANDIDATE =
  'candidate:842163049 1 udp 1677729535 192.0.2.10 54321 typ srflx raddr 10.0.0.12 rport 54321 generation 0 ufrag 4ZcD network-cost 999';

/** `{"kind":"candidate","candidate":{…,"usernameFragment":"` + stamp + `"}}` */
function candidatePayload(stamp: string): string {
  return `{"kind":"candidate","candidate":{"candidate":"${CANDIDATE}","sdpMid":"0","sdpMLineIndex":0,"usernameFragment":"${stamp}"}}`;
}

/** The stamp inside a relayed message, or undefined if it carries none (e.g. an error reply). */
export function stampOf(data: RawData): string | undefined {
  const buffer = data as Buffer;
  const at = buffer.indexOf(STAMP_KEY);
  if (at < 0) return undefined;
  const start = at + STAMP_KEY.length;
  const end = buffer.indexOf(0x22, start);
  return end < 0 ? undefined : buffer.toString('latin1', start, end);
}

/** Opens a socket; `onCreated` runs before any frame can arrive (to listen for a greeting the server sends at once). */
export function open(url: string, origin?: string, onCreated?: (ws: WebSocket) => void): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, { perMessageDeflate: false, ...(origin && { origin }) });
    onCreated?.(ws);
    ws.once('open', () => {
      ws.off('error', reject);
      ws.on('error', () => {});
      resolve(ws);
    });
    ws.once('error', reject);
  });
}

type Json = Record<string, unknown> & { type: string };

/** Waits for the next message of `type` on a socket during setup (JSON is fine off the hot path). */
export function next(ws: WebSocket, type: string, timeoutMs = 10_000): Promise<Json> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => done(new Error(`no ${type} within ${timeoutMs} ms`)), timeoutMs);
    const onMessage = (data: RawData) => {
      const message = JSON.parse(data.toString()) as Json;
      if (message.type === type) done(undefined, message);
      else if (message.type === 'error' || message.type === 'ERROR') done(new Error(`${type}: ${JSON.stringify(message)}`));
    };
    const onClose = (code: number) => done(new Error(`socket closed (${code}) waiting for ${type}`));
    const done = (error?: Error, message?: Json) => {
      clearTimeout(timer);
      ws.off('message', onMessage);
      ws.off('close', onClose);
      if (error) reject(error);
      else resolve(message!);
    };
    ws.on('message', onMessage);
    ws.once('close', onClose);
  });
}

/** An authenticated rep socket: open with the extension's Origin, rep.hello, rep.welcome. */
export async function repSocket(info: ServerInfo, accessToken: string): Promise<WebSocket> {
  const ws = await open(info.wsUrl, info.extensionOrigin);
  const welcome = next(ws, 'rep.welcome');
  ws.send(JSON.stringify({ type: 'rep.hello', accessToken }));
  await welcome;
  return ws;
}

async function peerAssistPair(info: ServerInfo, accessToken: string, i: number): Promise<Pair> {
  const rep = await repSocket(info, accessToken);
  const started = next(rep, 'session.started');
  rep.send(JSON.stringify({ type: 'session.start' }));
  const { session } = (await started) as unknown as { session: { id: string; number: string; joinToken: string } };
  const customer = await open(info.wsUrl, info.url);
  const joined = next(customer, 'customer.joined');
  const update = next(rep, 'participant.update');
  customer.send(JSON.stringify({ type: 'customer.join', number: session.number, token: session.joinToken, name: `Customer ${i}` }));
  const { participantId } = (await joined) as unknown as { participantId: string };
  await update;
  // The customer learns the rep's participant id from the first signal's `from`, as the join page does.
  const first = next(customer, 'signal');
  rep.send(`{"type":"signal","to":"${participantId}","payload":${candidatePayload('hello')}}`);
  const { from: repId } = (await first) as unknown as { from: string };
  const toCustomer = `{"type":"signal","to":"${participantId}","payload":`;
  const toRep = `{"type":"signal","to":"${repId}","payload":`;
  return {
    a: rep,
    b: customer,
    aToB: (stamp) => `${toCustomer}${candidatePayload(stamp)}}`,
    bToA: (stamp) => `${toRep}${candidatePayload(stamp)}}`,
    // The extension pings every 20 s (MV3 keeps a worker alive only while it talks), the join page every 25 s.
    keepAlive: { everyMs: 20_000, message: '{"type":"ping"}' },
    close() {
      if (rep.readyState === WebSocket.OPEN) rep.send(JSON.stringify({ type: 'session.end', sessionId: session.id }));
      rep.close();
      customer.close();
    },
  };
}

async function peerJsClient(info: ServerInfo, id: string): Promise<WebSocket> {
  let greeting: Promise<unknown> | undefined;
  const ws = await open(`${info.wsUrl}?key=peerjs&id=${id}&token=${randomBytes(6).toString('hex')}`, undefined, (socket) => {
    greeting = next(socket, 'OPEN');
    greeting.catch(() => {}); // awaited below; if the socket never opens, open() reports why
  });
  await greeting;
  return ws;
}

async function peerJsPair(info: ServerInfo, prefix: string, i: number): Promise<Pair> {
  const [aId, bId] = [`${prefix}a${i}`, `${prefix}b${i}`];
  const [a, b] = await Promise.all([peerJsClient(info, aId), peerJsClient(info, bId)]);
  return {
    a,
    b,
    aToB: (stamp) => `{"type":"CANDIDATE","dst":"${bId}","payload":${candidatePayload(stamp)}}`,
    bToA: (stamp) => `{"type":"CANDIDATE","dst":"${aId}","payload":${candidatePayload(stamp)}}`,
    // The PeerJS client's default pingInterval; the server drops a client silent for 90 s.
    keepAlive: { everyMs: 5000, message: '{"type":"HEARTBEAT"}' },
    close() {
      a.close();
      b.close();
    },
  };
}

async function barePair(info: ServerInfo, prefix: string, i: number): Promise<Pair> {
  const url = `${info.wsUrl}?room=${prefix}${i}`;
  const [a, b] = await Promise.all([open(url), open(url)]);
  // The same bytes as PeerAssist's signal, so both carry the same load.
  const message = (stamp: string) => `{"type":"signal","to":"p_bare","payload":${candidatePayload(stamp)}}`;
  return {
    a,
    b,
    aToB: message,
    bToA: message,
    close() {
      a.close();
      b.close();
    },
  };
}

/** Makes `count` connected pairs, `concurrency` at a time; PeerAssist pair i signs in with tokens[i]. */
export async function connectPairs(protocol: Protocol, info: ServerInfo, count: number, tokens: string[], concurrency = 50): Promise<Pair[]> {
  const prefix = randomBytes(4).toString('hex');
  if (protocol === 'peerassist' && tokens.length < count) throw new Error(`${count} PeerAssist pairs need ${count} rep tokens`);
  const pairs: Pair[] = new Array(count);
  let nextIndex = 0;
  const worker = async () => {
    while (nextIndex < count) {
      const i = nextIndex++;
      pairs[i] =
        protocol === 'peerassist'
          ? await peerAssistPair(info, tokens[i]!, i)
          : protocol === 'peerjs'
            ? await peerJsPair(info, prefix, i)
            : await barePair(info, prefix, i);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, count) }, worker));
  return pairs;
}

/** One connect as each protocol's client does it, until the server says it is ready; for connects/s. */
export async function connectOnce(protocol: Protocol, info: ServerInfo, accessToken: string, id: string): Promise<WebSocket> {
  if (protocol === 'peerassist') return repSocket(info, accessToken);
  if (protocol === 'peerjs') return peerJsClient(info, id);
  return open(`${info.wsUrl}?room=${id}`);
}
