// The WebSocket edge: checks the Origin at upgrade, then for every frame the
// rate, the size and the schema (DESIGN.md, Security) before a handler sees a
// typed message. A refusal is a typed error reply and one log line; it never
// changes state, and nothing a client sends can crash the process.
//
//   upgrade ──origin?──▶ 403 ──too many sockets from this address?──▶ 429
//      │
//   frame ──rate──▶ drop / error{rate_limited} / close 1008
//      │
//   (per-socket queue, in arrival order)
//      │
//   parse ──▶ error{malformed|unknown_type|too_large}
//      │
//   handlers[type] ──PeerAssistError──▶ error{reason}   (other exceptions: error{internal}, logged)
import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocket, WebSocketServer, type RawData } from 'ws';
import { PeerAssistError, type ErrorReason } from '../../src/shared/protocol/errors.ts';
import { parseClientMessage } from '../../src/shared/protocol/parse.ts';
import type { ClientMessage } from '../../src/shared/protocol/wire.ts';
import type { AuditLog } from '../audit/audit-log.ts';
import type { Clock } from '../clock.ts';
import type { Config } from '../config.ts';
import type { LiveWebacd } from '../http/api-context.ts';
import { clientIp } from '../http/client-ip.ts';
import type { Logger } from '../log.ts';
import type { ClusterNode } from '../cluster/node.ts';
import type { Mailer } from '../mail/mailer.ts';
import type { LookupThrottle } from '../sessions/lookup-throttle.ts';
import type { SessionRegistry } from '../sessions/registry.ts';
import { newId } from '../sessions/ids.ts';
import type { Store, WaitingEntry } from '../store/store.ts';
import { HandoffRouter, type WaitingView } from '../webacd/router.ts';
import { BackgroundWork } from './background-work.ts';
import { ConnectionHub, type Connection, type OriginKind } from './connection.ts';
import type { HandlerContext } from './context.ts';
import { dispatch } from './handlers/index.ts';
import { Heartbeat } from './heartbeat.ts';
import { AddressLimit } from './address-limit.ts';
import { classifyOrigin } from './origin.ts';
import { DEFAULT_RATE_LIMIT, MessageRateLimiter, type RateLimitOptions } from './rate-limit.ts';
import { ClosingRefusal, errorMessage } from './refusals.ts';
import { controllerStayedAway } from './rep-socket-gone.ts';
import { RepGraceTimers } from './rep-grace.ts';
import { repSocketGone } from './rep-socket-gone.ts';
import { customerLeft, signOutEverywhere } from './session-actions.ts';

export const WS_PATH = '/ws';
/**
 * Frames up to 1 MiB are read so that a message over the protocol's 64 KiB
 * limit gets a typed too_large reply; beyond 1 MiB `ws` closes with 1009.
 */
const MAX_FRAME_BYTES = 1024 * 1024;
/** How long a closing handshake may take at shutdown before the socket is cut. */
const CLOSE_DEADLINE_MS = 2000;
/** RFC 6455 §7.4.1: 1008 policy violation. */
const CLOSE_POLICY = 1008;

export interface GatewayOptions {
  config: Config;
  store: Store;
  registry: SessionRegistry;
  clock: Clock;
  log: Logger;
  audit: AuditLog;
  /** Undefined when the server sends no mail (no SMTP_URL). */
  mailer: Mailer | undefined;
  /** Owned by the server, so failures are remembered across a gateway restart. */
  lookups: LookupThrottle;
  rateLimit?: RateLimitOptions;
  /** WebACD queue entries read from the store at start (issue #8), in order of arrival. */
  waiting?: readonly WaitingEntry[];
  /** With REDIS_URL: messages for sessions owned by other nodes are relayed there (cluster/node.ts). */
  cluster?: ClusterNode;
  /** Sessions restored after a restart: their reps get the usual grace period to come back. */
  restored?: readonly string[];
}

export interface Gateway extends LiveWebacd {
  /** Every WebACD queue's sessions, in order of arrival (issue #8). */
  waiting(): WaitingView[];
  /** Closes every socket with `code` without ending sessions (clients re-assert them after a restart). */
  close(code: number, reason: string): Promise<void>;
  /**
   * An admin disabled the user ('disabled') or took away their support roles
   * ('forbidden'): their sessions end and their sockets are told why and closed.
   */
  signOutEverywhere(userId: string, reason: 'disabled' | 'forbidden'): void;
  readonly connectionCount: number;
}

function rejectUpgrade(socket: Duplex, status: number, text: string): void {
  const body = `${text}\n`;
  socket.once('finish', () => socket.destroy());
  socket.end(
    `HTTP/1.1 ${status} ${text}\r\nConnection: close\r\nContent-Type: text/plain; charset=utf-8\r\n` +
      `Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
  );
}

function textOf(data: RawData): string {
  if (Buffer.isBuffer(data)) return data.toString('utf8');
  if (Array.isArray(data)) return Buffer.concat(data).toString('utf8');
  return Buffer.from(data).toString('utf8');
}

export function attachGateway(server: Server, options: GatewayOptions): Gateway {
  const { config, clock, log } = options;
  const rateLimit = options.rateLimit ?? DEFAULT_RATE_LIMIT;
  const addressLimit = new AddressLimit(config.maxConnectionsPerAddress);
  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_FRAME_BYTES, perMessageDeflate: false });
  const hub = new ConnectionHub();
  const acd = new HandoffRouter({ config, store: options.store, registry: options.registry, hub, clock, log, audit: options.audit });
  acd.restore(options.waiting ?? []);
  const ctx: HandlerContext = {
    config,
    store: options.store,
    registry: options.registry,
    hub,
    acd,
    grace: new RepGraceTimers(clock),
    clock,
    log,
    audit: options.audit,
    mailer: options.mailer,
    lookups: options.lookups,
    background: new BackgroundWork(log),
  };
  for (const sessionId of options.restored ?? []) ctx.grace.start(sessionId, config.repGraceMs, () => controllerStayedAway(ctx, sessionId));
  const heartbeat = new Heartbeat(wss, clock, config.heartbeatMs);
  heartbeat.start();
  let stopping = false;

  function refuse(conn: Connection, reason: ErrorReason, message: string, about: { rid?: string; type?: string }): void {
    log.warn(`[ws] ${conn.connId} refused ${about.type ?? '(unreadable)'}: ${reason}`);
    conn.send(errorMessage(reason, message, about));
  }

  async function handle(conn: Connection, message: ClientMessage): Promise<void> {
    const about = { type: message.type, ...(message.rid !== undefined && { rid: message.rid }) };
    try {
      await dispatch(ctx, conn, message);
    } catch (error) {
      if (error instanceof PeerAssistError) {
        refuse(conn, error.reason, error.message, about);
        if (error instanceof ClosingRefusal) conn.close(error.closeCode, error.reason);
        return;
      }
      log.error(`[ws] ${conn.connId} ${message.type} failed`, error);
      conn.send(errorMessage('internal', 'something went wrong on the server', about));
    }
  }

  /** Parses one text frame and handles it here, or (cluster) relays it to the node that owns its session. */
  async function onText(conn: Connection, text: string, relay: boolean): Promise<void> {
    const parsed = parseClientMessage(text);
    if (!parsed.ok) {
      refuse(conn, parsed.reason, parsed.detail, {
        ...(parsed.rid !== undefined && { rid: parsed.rid }),
        ...(parsed.type !== undefined && { type: parsed.type }),
      });
      return;
    }
    const cluster = options.cluster;
    if (relay && cluster) {
      let route: Awaited<ReturnType<ClusterNode['route']>>;
      try {
        route = await cluster.route(conn, parsed.message);
      } catch (error) {
        log.error(`[ws] ${conn.connId} ${parsed.message.type}: could not look the session up in Redis`, error);
        refuse(conn, 'internal', 'the server could not reach its shared state; try again', {
          type: parsed.message.type,
          ...(parsed.message.rid !== undefined && { rid: parsed.message.rid }),
        });
        return;
      }
      if (route !== 'local') {
        cluster.forward(conn, route.node, text);
        return;
      }
    }
    await handle(conn, parsed.message);
    // Only for this node's own sockets: a stand-in's socket is another node's to announce.
    if (relay) cluster?.handled(conn, parsed.message);
  }

  function onFrame(conn: Connection, data: RawData, isBinary: boolean): void | Promise<void> {
    if (isBinary) {
      refuse(conn, 'malformed', 'messages are JSON text, not binary frames', {});
      return;
    }
    return onText(conn, textOf(data), true);
  }

  function onClosed(conn: Connection): void {
    // At shutdown sessions are kept as they are: clients re-assert them after the restart.
    if (stopping) return;
    if (conn.kind === 'customer') customerLeft(ctx, conn, 'disconnected');
    if (conn.kind === 'rep') repSocketGone(ctx, conn);
  }

  options.cluster?.attach({
    ctx,
    // A stand-in's frames were rate-limited on their own node, and are never relayed again.
    frame: (conn, text) => onText(conn, text, false),
    closed: onClosed,
  });

  function onConnection(ws: WebSocket, originKind: OriginKind, ip: string | null): void {
    const conn: Connection = {
      connId: newId('c'),
      kind: 'unknown',
      originKind,
      ip,
      user: undefined,
      sessionIds: new Set(),
      assisting: new Map(),
      participantId: undefined,
      sessionId: undefined,
      send(message) {
        if (ws.readyState === WebSocket.OPEN) ws.send(JSON.stringify(message));
      },
      close(code, reason) {
        ws.close(code, reason);
      },
    };
    heartbeat.watch(ws);
    options.cluster?.opened(conn);
    const limiter = new MessageRateLimiter(clock, rateLimit);
    // One message at a time per socket, in arrival order: rep.hello awaits the
    // store, and a session.start sent right behind it must see its result. The
    // close is queued too, so cleanup runs after every message already received.
    let queue: Promise<void> = Promise.resolve();
    const enqueue = (task: () => void | Promise<void>) => {
      queue = queue.then(task).catch((error: unknown) => log.error(`[ws] ${conn.connId} task failed`, error));
    };

    ws.on('message', (data, isBinary) => {
      const decision = limiter.check();
      if (decision === 'close') {
        log.warn(`[ws] ${conn.connId} closed: ${limiter.drops} messages over the rate limit`);
        ws.close(CLOSE_POLICY, 'rate limit');
        return;
      }
      if (decision === 'drop_and_notify') {
        enqueue(() => refuse(conn, 'rate_limited', 'too many messages; slow down', {}));
        return;
      }
      if (decision === 'drop') return;
      enqueue(() => onFrame(conn, data, isBinary));
    });
    ws.on('close', () =>
      enqueue(() => {
        onClosed(conn);
        options.cluster?.closed(conn);
      }),
    );
    // Protocol errors (oversized frame, bad UTF-8): `ws` closes the socket itself.
    ws.on('error', (error) => log.warn(`[ws] ${conn.connId} socket error: ${error.message}`));
  }

  function onUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    const { pathname } = new URL(req.url ?? '/', 'http://localhost');
    if (pathname !== WS_PATH) return rejectUpgrade(socket, 404, 'Not Found');
    if (stopping) return rejectUpgrade(socket, 503, 'Service Unavailable');
    const origin = req.headers.origin;
    const originKind = classifyOrigin(origin, config);
    if (!originKind) {
      log.warn(`[ws] upgrade refused: origin ${JSON.stringify(origin?.slice(0, 100))} is not allowed`);
      return rejectUpgrade(socket, 403, 'Forbidden');
    }
    const ip = clientIp(req, config.trustProxy);
    if (!addressLimit.acquire(ip)) {
      log.warn(`[ws] upgrade refused: ${ip} already holds ${config.maxConnectionsPerAddress} sockets`);
      return rejectUpgrade(socket, 429, 'Too Many Requests');
    }
    // The slot is the socket's from here: freed when it closes, or at once if the handshake fails.
    let upgraded = false;
    socket.once('close', () => {
      if (!upgraded) addressLimit.release(ip);
    });
    wss.handleUpgrade(req, socket, head, (ws) => {
      upgraded = true;
      ws.once('close', () => addressLimit.release(ip));
      onConnection(ws, originKind, ip);
    });
  }

  server.on('upgrade', onUpgrade);

  function closeSocket(ws: WebSocket, code: number, reason: string): Promise<void> {
    if (ws.readyState === WebSocket.CLOSED) return Promise.resolve();
    return new Promise((resolve) => {
      const cancel = clock.setTimeout(() => ws.terminate(), CLOSE_DEADLINE_MS);
      ws.once('close', () => {
        cancel();
        resolve();
      });
      ws.close(code, reason);
    });
  }

  return {
    get connectionCount() {
      return wss.clients.size;
    },
    waiting() {
      return acd.waiting();
    },
    arrival(transferId) {
      const transfer = acd.transfer(transferId);
      return transfer && { enqueuedAt: transfer.enqueuedAt, senderUserId: transfer.senderUserId };
    },
    presence(userId, maxCustomers) {
      return acd.presence(userId, maxCustomers);
    },
    signOutEverywhere(userId, reason) {
      signOutEverywhere(ctx, userId, reason);
    },
    async close(code, reason) {
      stopping = true;
      server.off('upgrade', onUpgrade);
      heartbeat.stop();
      ctx.grace.cancelAll();
      acd.stop();
      await Promise.all([...wss.clients].map((ws) => closeSocket(ws, code, reason)));
      await new Promise<void>((resolve) => wss.close(() => resolve()));
      // Invitations still being sent finish (bounded by the SMTP timeouts) and are audited before the store closes.
      await ctx.background.drain();
      await acd.flush();
    },
  };
}
