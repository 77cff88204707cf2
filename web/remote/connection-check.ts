// The Remote Support page's connection check (issue #10): before the customer
// joins, can this browser reach the server (its WebSocket, through whatever
// proxy is in the way), a STUN server (a public address for a direct path),
// and a TURN server (a relay when no direct path exists)? And once in the
// session, does it run direct or relayed?
//
// STUN works when gathering yields a server-reflexive candidate; TURN when a
// relay-only gathering yields a relay candidate (RFC 8445 candidate types).
import type { IceServer } from '../../src/shared/protocol/common.ts';
import { parseServerMessage } from '../../src/shared/protocol/parse.ts';

/** checking: under way; ok / failed: the answer; none: nothing to check (no such server set up, or no way to ask). */
export type CheckOutcome = 'checking' | 'ok' | 'failed' | 'none';
export interface CheckResult {
  server: CheckOutcome;
  stun: CheckOutcome;
  turn: CheckOutcome;
}
export type Route = 'direct' | 'relayed';

export const CHECKING: CheckResult = { server: 'checking', stun: 'checking', turn: 'checking' };

const urlsOf = (server: IceServer) => [server.urls].flat();
export const isTurn = (server: IceServer) => urlsOf(server).some((url) => /^turns?:/.test(url));
export const isStun = (server: IceServer) => urlsOf(server).every((url) => url.startsWith('stun'));

export interface CheckDeps {
  createSocket?: (url: string) => WebSocket;
  createConnection?: (config: RTCConfiguration) => RTCPeerConnection;
  timeoutMs?: number;
}

/** Asks the server for the ICE servers to try; null when the server cannot be reached or refuses. */
function askServer(url: string, number: string, token: string | undefined, deps: CheckDeps): Promise<{ reached: boolean; iceServers: IceServer[] }> {
  return new Promise((resolve) => {
    let socket: WebSocket;
    try {
      socket = (deps.createSocket ?? ((u) => new WebSocket(u)))(url);
    } catch {
      resolve({ reached: false, iceServers: [] });
      return;
    }
    const done = (reached: boolean, iceServers: IceServer[] = []) => {
      clearTimeout(timer);
      socket.close();
      resolve({ reached, iceServers });
    };
    const timer = setTimeout(() => done(false), deps.timeoutMs ?? 5000);
    socket.onopen = () => socket.send(JSON.stringify({ type: 'connection.check', rid: 'check', number, ...(token && { token }) }));
    socket.onerror = () => done(false);
    socket.onmessage = ({ data }) => {
      const parsed = parseServerMessage(String(data));
      if (!parsed.ok) return;
      if (parsed.message.type === 'connection.checked') done(true, parsed.message.iceServers);
      // A refusal (an ended session, a bad link) still proves the server is reachable.
      else if (parsed.message.type === 'error') done(true);
    };
  });
}

/** Gathers candidates with `servers` until one of `type` appears (ok), gathering ends or time runs out (failed). */
export function probe(servers: IceServer[], type: 'srflx' | 'relay', deps: CheckDeps = {}): Promise<'ok' | 'failed'> {
  return new Promise((resolve) => {
    const config: RTCConfiguration = { iceServers: servers, ...(type === 'relay' && { iceTransportPolicy: 'relay' }) };
    let pc: RTCPeerConnection;
    try {
      pc = (deps.createConnection ?? ((c) => new RTCPeerConnection(c)))(config);
    } catch {
      resolve('failed');
      return;
    }
    const done = (outcome: 'ok' | 'failed') => {
      clearTimeout(timer);
      pc.onicecandidate = null;
      pc.close();
      resolve(outcome);
    };
    const timer = setTimeout(() => done('failed'), deps.timeoutMs ?? 5000);
    pc.onicecandidate = ({ candidate }) => {
      if (candidate === null) return done('failed');
      if (candidate.type === type || candidate.candidate.includes(` typ ${type} `)) done('ok');
    };
    pc.createDataChannel('check');
    pc.createOffer()
      .then((offer) => pc.setLocalDescription(offer))
      .catch(() => done('failed'));
  });
}

/** The whole check; `onUpdate` hears each part as it is known. */
export async function runConnectionCheck(
  target: { url: string; number: string; token: string | undefined },
  onUpdate: (result: CheckResult) => void,
  deps: CheckDeps = {},
): Promise<CheckResult> {
  let result: CheckResult = CHECKING;
  const update = (change: Partial<CheckResult>) => {
    result = { ...result, ...change };
    onUpdate(result);
  };
  const { reached, iceServers } = await askServer(target.url, target.number, target.token, deps);
  update({ server: reached ? 'ok' : 'failed' });
  const stun = iceServers.filter(isStun);
  const turn = iceServers.filter(isTurn);
  const [stunOutcome, turnOutcome] = await Promise.all([
    stun.length ? probe(stun, 'srflx', deps) : Promise.resolve('none' as const),
    turn.length ? probe(turn, 'relay', deps) : Promise.resolve('none' as const),
  ]);
  update({ stun: stunOutcome, turn: turnOutcome });
  return result;
}

/** Direct or relayed, from a peer connection's stats: the selected pair's candidate types. */
export function routeOf(report: RTCStatsReport): Route | null {
  const stats = new Map<string, Record<string, unknown>>();
  report.forEach((value: Record<string, unknown>) => stats.set(String(value.id), value));
  let pairId: string | undefined;
  for (const value of stats.values()) if (value.type === 'transport' && typeof value.selectedCandidatePairId === 'string') pairId = value.selectedCandidatePairId;
  const pair =
    (pairId && stats.get(pairId)) ||
    [...stats.values()].find((value) => value.type === 'candidate-pair' && value.nominated === true && value.state === 'succeeded');
  if (!pair) return null;
  const local = stats.get(String(pair.localCandidateId));
  const remote = stats.get(String(pair.remoteCandidateId));
  if (!local || !remote) return null;
  return local.candidateType === 'relay' || remote.candidateType === 'relay' ? 'relayed' : 'direct';
}
