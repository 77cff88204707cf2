// One node of a deployment sharing Redis (issue #11). The design is "owner
// node": every session lives, with all its state, in the memory of one node —
// the node its rep started it on — and runs there through the same handlers
// as on a single server. A client connected to another node (the "edge") has
// its frames for that session relayed to the owner through Redis, and the
// owner's replies relayed back:
//
//   customer ──ws──▶ node B (edge) ──frame──▶ node A (owner): a stand-in
//   Connection runs the handlers; its send() ──deliver──▶ node B ──ws──▶ customer
//
// The edge routes each parsed message: by session number (customer.join,
// assistant.join), by session id, by offer id (learnt from the agent.offer it
// relayed), by participant id (signal from a rep), or to where the customer's
// socket joined. Everything else (rep.hello, session.start, agent.status) is
// handled where the socket is.
//
// A node that dies: the edges notice its liveness key gone (two checks in a
// row) and close the sockets they relayed to it with 1012, so clients
// reconnect; the first node a returning member reaches claims the session
// (directory.ts), restores it from its snapshot and waits for its rep
// (REP_GRACE_MS). The owner likewise drops the stand-ins of a dead edge.
//
// WebACD across nodes: nodes broadcast their agents' presence and status; each
// node's router sees a remote agent as one more of their sockets, whose
// messages go to the agent's node (to-user).
import type { AgentStatus, ClientMessage, ServerMessage } from '../../src/shared/protocol/wire.ts';
import { may } from '../auth/roles.ts';
import type { Logger } from '../log.ts';
import { snapshotOf, type LiveSession, type MemorySessionRegistry } from '../sessions/registry.ts';
import type { Connection, OriginKind } from '../ws/connection.ts';
import type { HandlerContext } from '../ws/context.ts';
import { controllerStayedAway } from '../ws/rep-socket-gone.ts';
import { ClusterBus, ALIVE_MS, type Envelope } from './bus.ts';
import { SessionDirectory } from './directory.ts';

/** What the gateway lends the cluster: its handler context and how it runs a frame or a close. */
export interface GatewayCore {
  readonly ctx: HandlerContext;
  /** Parses and handles one frame of `conn` (no rate limit: its edge applied it). */
  frame(conn: Connection, text: string): Promise<void>;
  /** The socket behind `conn` closed: what the gateway does for a local socket. */
  closed(conn: Connection): void;
}

/** What the edge knows about one of its sockets whose messages go elsewhere. */
interface EdgeSocket {
  conn: Connection;
  /** Node where this (customer) socket joined a session. */
  customerNode: string | undefined;
  /** Node its last customer.join went to, until the answer comes: what it sends meanwhile follows. */
  joiningNode: string | undefined;
  /** Session id → owner node. */
  sessions: Map<string, string>;
  /** Participant id → node, for a rep's signals. */
  participants: Map<string, string>;
  /** Offer id → node whose router made it. */
  offers: Map<string, string>;
  /** Nodes that hold a stand-in for this socket. */
  forwarded: Set<string>;
}

/** A stand-in on the owner for a socket on another node, with its own message queue. */
interface StandIn {
  node: string;
  conn: Connection;
  queue: Promise<void>;
}

export type Route = 'local' | { node: string };

/** RFC 6455 §7.4.1 "service restart": clients reconnect and re-assert. */
const CLOSE_SERVICE_RESTART = 1012;
const SESSION_RENEW_MS = 2000;

export interface ClusterNodeOptions {
  url: string;
  nodeId: string;
  log: Logger;
  repGraceMs: number;
}

export class ClusterNode {
  readonly nodeId: string;
  readonly bus: ClusterBus;
  readonly directory: SessionDirectory;
  readonly #log: Logger;
  #core: GatewayCore | undefined;
  readonly #edges = new Map<string, EdgeSocket>();
  readonly #standIns = new Map<string, StandIn>();
  /** Remote agents: `${node}/${userId}` → a stand-in bound as one of the user's sockets. */
  readonly #agents = new Map<string, Connection>();
  /** Status last set by agents signed in here, announced to other nodes. */
  readonly #localStatus = new Map<string, AgentStatus>();
  /** Nodes found without a liveness key once: gone if the next check agrees. */
  readonly #suspects = new Set<string>();
  #watch: NodeJS.Timeout | undefined;
  #renew: NodeJS.Timeout | undefined;
  #registry: MemorySessionRegistry | undefined;
  /** session.start messages routed here and not yet handled: each needs a reserved number. */
  #starting = 0;
  /** Session writes, in order, so an end never lands before its start. */
  #writes: Promise<void> = Promise.resolve();

  constructor(options: ClusterNodeOptions) {
    this.nodeId = options.nodeId;
    this.#log = options.log;
    this.bus = new ClusterBus({ url: options.url, nodeId: options.nodeId, log: options.log, onEnvelope: (e) => this.#receive(e) });
    this.directory = new SessionDirectory(this.bus.redis, options.nodeId, options.log, options.repGraceMs);
  }

  /** The registry's change hook: snapshots go to Redis as sessions start, change hands and end. */
  sessionChanged(change: 'started' | 'controller' | 'ended', session: LiveSession): void {
    const snapshot = snapshotOf(session);
    this.#write(() => (change === 'ended' ? this.directory.forget(snapshot) : this.directory.renew(snapshot).then(() => undefined)));
  }

  async start(registry: MemorySessionRegistry): Promise<void> {
    this.#registry = registry;
    await this.bus.start();
    await this.directory.start();
    this.#watch = setInterval(() => void this.#checkNodes(), ALIVE_MS / 3);
    this.#renew = setInterval(() => this.#renewSessions(), SESSION_RENEW_MS);
  }

  attach(core: GatewayCore): void {
    this.#core = core;
  }

  async stop(): Promise<void> {
    clearInterval(this.#watch);
    clearInterval(this.#renew);
    await this.#writes;
    await this.bus.stop();
  }

  // ---- the edge: sockets connected here ------------------------------------------

  opened(conn: Connection): void {
    this.#edges.set(conn.connId, { conn, customerNode: undefined, joiningNode: undefined, sessions: new Map(), participants: new Map(), offers: new Map(), forwarded: new Set() });
  }

  /** Where a message from a socket here is handled. */
  async route(conn: Connection, message: ClientMessage): Promise<Route> {
    const edge = this.#edges.get(conn.connId);
    const ctx = this.#core?.ctx;
    if (!edge || !ctx) return 'local';
    switch (message.type) {
      case 'session.start':
        // Its number must be reserved in Redis, so that other nodes find the session at once;
        // one reserved number for each start under way (handled() counts it done).
        this.#starting++;
        await this.directory.numberReady(this.#starting);
        return 'local';
      case 'rep.hello':
      case 'ping':
      case 'agent.status':
      case 'agents.list':
        return 'local';
      case 'customer.join': {
        if (edge.customerNode) return { node: edge.customerNode };
        const route = await this.#byNumber(edge, message.number);
        edge.joiningNode = route === 'local' ? undefined : route.node;
        return route;
      }
      case 'assistant.join':
        return this.#byNumber(edge, message.number);
      case 'offer.accept':
      case 'offer.decline': {
        const node = edge.offers.get(message.offerId);
        return node ? { node } : 'local';
      }
      case 'signal': {
        if (conn.kind === 'customer') return 'local';
        if (conn.kind !== 'rep') return this.#customerRoute(edge);
        for (const id of [...conn.sessionIds, ...conn.assisting.keys()]) {
          if (ctx.registry.byId(id)?.participants.has(message.to)) return 'local';
        }
        const node = edge.participants.get(message.to);
        return node ? { node } : 'local';
      }
      default:
        break;
    }
    if ('sessionId' in message && typeof message.sessionId === 'string') {
      if (ctx.registry.byId(message.sessionId)) return 'local';
      const known = edge.sessions.get(message.sessionId);
      if (known) return { node: known };
      const located = await this.directory.byId(message.sessionId);
      return located ? this.#place(edge, located.snapshot.id, located.owner) : 'local';
    }
    // A customer's own messages (customer.share, screen.refuse, customer.leave) follow their join.
    if (conn.kind !== 'rep') return this.#customerRoute(edge);
    return 'local';
  }

  #customerRoute(edge: EdgeSocket): Route {
    const node = edge.customerNode ?? edge.joiningNode;
    return node ? { node } : 'local';
  }

  forward(conn: Connection, node: string, text: string): void {
    const edge = this.#edges.get(conn.connId);
    edge?.forwarded.add(node);
    this.bus.send(node, {
      t: 'frame',
      from: this.nodeId,
      connId: conn.connId,
      text,
      ip: conn.ip,
      originKind: conn.originKind,
      ...(conn.kind === 'rep' && conn.user && { userId: conn.user.id }),
    });
  }

  /** After a message was handled here: agents' sign-ins and status changes are announced. */
  handled(conn: Connection, message: ClientMessage): void {
    if (message.type === 'session.start') this.#starting--;
    const user = conn.user;
    if (conn.kind !== 'rep' || !user || !may(user.roles, 'join_queue')) return;
    if (message.type === 'agent.status') this.#localStatus.set(user.id, message.status);
    if (message.type === 'rep.hello' || message.type === 'agent.status') this.#announceAgent(user.id, true);
  }

  /** A socket here closed: the nodes holding stand-ins for it are told. */
  closed(conn: Connection): void {
    const edge = this.#edges.get(conn.connId);
    this.#edges.delete(conn.connId);
    for (const node of edge?.forwarded ?? []) this.bus.send(node, { t: 'closed', from: this.nodeId, connId: conn.connId });
    const user = conn.user;
    if (conn.kind === 'rep' && user && may(user.roles, 'join_queue')) {
      const left = this.#core?.ctx.hub.userSockets(user.id).filter((c) => this.#edges.has(c.connId)) ?? [];
      if (!left.length) {
        this.#localStatus.delete(user.id);
        this.#announceAgent(user.id, false);
      }
    }
  }

  /** A customer's socket follows the node it joined on from `customer.joined` (see #deliver), not from a join that may be refused. */
  async #byNumber(edge: EdgeSocket, number: string): Promise<Route> {
    if (this.#core?.ctx.registry.byNumber(number)) return 'local';
    const found = await this.directory.byNumber(number);
    if (found && 'snapshot' in found) return this.#place(edge, found.snapshot.id, found.owner);
    // Started a moment ago on another node, whose snapshot write has not landed yet: ask that node.
    const holder = found?.reservedBy;
    if (holder && holder !== this.nodeId && (await this.bus.isAlive(holder))) return { node: holder };
    // Unknown here too: the handler refuses it and counts the miss.
    return 'local';
  }

  /** The session's owner if it is alive; otherwise this node claims it and restores it. */
  async #place(edge: EdgeSocket, sessionId: string, owner: string | null): Promise<Route> {
    if (owner && owner !== this.nodeId && (await this.bus.isAlive(owner))) {
      edge.sessions.set(sessionId, owner);
      return { node: owner };
    }
    const claimed = await this.directory.claim(sessionId);
    if (claimed !== this.nodeId) {
      edge.sessions.set(sessionId, claimed);
      return { node: claimed };
    }
    await this.#takeOver(sessionId);
    return 'local';
  }

  async #takeOver(sessionId: string): Promise<void> {
    const ctx = this.#core?.ctx;
    const registry = this.#registry;
    if (!ctx || !registry || registry.byId(sessionId)) return;
    const located = await this.directory.byId(sessionId);
    if (!located || registry.byId(sessionId)) return;
    const session = registry.restore(located.snapshot);
    this.#log.info(`[cluster] took over session ${session.id} (number ${session.number}) from ${located.owner ?? 'nobody'}`);
    // Its rep is not connected here yet: the usual grace period, as when their socket drops.
    ctx.grace.start(session.id, ctx.config.repGraceMs, () => controllerStayedAway(ctx, session.id));
    const waiting = (await ctx.store.waiting.list()).filter((entry) => entry.sessionId === session.id);
    if (waiting.length) {
      ctx.acd.restore(waiting);
      await ctx.acd.poke();
    }
  }

  // ---- the owner: stand-ins for sockets elsewhere --------------------------------

  #receive(envelope: Envelope): void {
    switch (envelope.t) {
      case 'frame':
        this.#frame(envelope);
        return;
      case 'closed': {
        const key = `${envelope.from}/${envelope.connId}`;
        const standIn = this.#standIns.get(key);
        if (!standIn) return;
        this.#enqueue(standIn, () => {
          this.#standIns.delete(key);
          this.#core?.closed(standIn.conn);
        });
        return;
      }
      case 'deliver': {
        const edge = this.#edges.get(envelope.connId);
        if (edge) this.#deliver(edge, envelope.from, envelope.message as ServerMessage);
        return;
      }
      case 'close':
        this.#edges.get(envelope.connId)?.conn.close(envelope.code, envelope.reason);
        return;
      case 'to-user': {
        for (const conn of this.#core?.ctx.hub.userSockets(envelope.userId) ?? []) {
          const edge = this.#edges.get(conn.connId);
          if (edge) this.#deliver(edge, envelope.from, envelope.message as ServerMessage);
        }
        return;
      }
      case 'agent':
        void this.#remoteAgent(envelope.from, envelope.userId, envelope.online, envelope.status);
        return;
      case 'hello':
        for (const userId of this.#localAgents()) this.#announceAgent(userId, true);
        return;
    }
  }

  /** Sends to the socket here, noting where the session, its participants and offers live. */
  #deliver(edge: EdgeSocket, from: string, message: ServerMessage): void {
    const fields = message as unknown as Record<string, unknown>;
    if (message.type === 'customer.joined') edge.customerNode = from;
    if (typeof fields.sessionId === 'string') {
      if (message.type === 'session.ended') edge.sessions.delete(fields.sessionId);
      else edge.sessions.set(fields.sessionId, from);
    }
    if (message.type === 'agent.offer') edge.offers.set(message.offerId, from);
    if (message.type === 'signal') edge.participants.set(message.from, from);
    const one = fields.participant as { id?: unknown } | undefined;
    if (typeof one?.id === 'string') edge.participants.set(one.id, from);
    if (Array.isArray(fields.participants)) {
      for (const p of fields.participants as { id?: unknown }[]) if (typeof p.id === 'string') edge.participants.set(p.id, from);
    }
    edge.conn.send(message);
  }

  #frame(envelope: Extract<Envelope, { t: 'frame' }>): void {
    const core = this.#core;
    if (!core) return;
    const key = `${envelope.from}/${envelope.connId}`;
    let standIn = this.#standIns.get(key);
    if (!standIn) {
      const node = envelope.from;
      const connId = envelope.connId;
      const conn: Connection = {
        connId: `${node}:${connId}`,
        kind: 'unknown',
        originKind: envelope.originKind as OriginKind,
        ip: envelope.ip,
        user: undefined,
        sessionIds: new Set(),
        assisting: new Map(),
        participantId: undefined,
        sessionId: undefined,
        send: (message) => this.bus.send(node, { t: 'deliver', from: this.nodeId, connId, message: message as unknown as Record<string, unknown> }),
        close: (code, reason) => this.bus.send(node, { t: 'close', from: this.nodeId, connId, code, reason }),
      };
      const created: StandIn = { node, conn, queue: Promise.resolve() };
      standIn = created;
      this.#standIns.set(key, created);
      // A rep's socket signed in on its own node: the stand-in acts as that user (read from the shared SQL store).
      const userId = envelope.userId;
      if (userId) {
        this.#enqueue(created, async () => {
          const user = await core.ctx.store.users.findById(userId);
          if (user && !user.disabled) {
            conn.kind = 'rep';
            conn.user = user;
          }
        });
      }
    }
    const target = standIn;
    this.#enqueue(target, () => core.frame(target.conn, envelope.text));
  }

  #enqueue(standIn: StandIn, task: () => void | Promise<void>): void {
    standIn.queue = standIn.queue.then(task).catch((error: unknown) => this.#log.error(`[cluster] ${standIn.conn.connId} task failed`, error));
  }

  // ---- agents on other nodes -------------------------------------------------------

  #localAgents(): string[] {
    const ids = new Set<string>();
    for (const edge of this.#edges.values()) {
      const user = edge.conn.user;
      if (edge.conn.kind === 'rep' && user && may(user.roles, 'join_queue')) ids.add(user.id);
    }
    return [...ids];
  }

  #announceAgent(userId: string, online: boolean): void {
    const status = this.#localStatus.get(userId);
    this.bus.broadcast({ t: 'agent', from: this.nodeId, userId, online, ...(status && { status }) });
  }

  async #remoteAgent(node: string, userId: string, online: boolean, status: AgentStatus | undefined): Promise<void> {
    const ctx = this.#core?.ctx;
    if (!ctx) return;
    const key = `${node}/${userId}`;
    let stub = this.#agents.get(key);
    if (online && !stub) {
      const user = await ctx.store.users.findById(userId);
      if (!user || this.#agents.has(key)) return;
      stub = {
        connId: `${node}:agent:${userId}`,
        kind: 'rep',
        originKind: 'extension',
        ip: null,
        user,
        sessionIds: new Set(),
        assisting: new Map(),
        participantId: undefined,
        sessionId: undefined,
        send: (message) => this.bus.send(node, { t: 'to-user', from: this.nodeId, userId, message: message as unknown as Record<string, unknown> }),
        close: () => undefined,
      };
      this.#agents.set(key, stub);
      ctx.hub.bindUser(userId, stub);
    }
    if (online) {
      if (status) ctx.acd.setStatus(userId, status);
    } else if (stub) {
      this.#agents.delete(key);
      ctx.hub.unbindUser(userId, stub);
      if (!ctx.hub.userSockets(userId).length) ctx.acd.agentUnavailable(userId);
    }
    await ctx.acd.poke();
  }

  // ---- liveness ----------------------------------------------------------------------

  async #checkNodes(): Promise<void> {
    const nodes = new Set<string>();
    for (const edge of this.#edges.values()) for (const node of edge.forwarded) nodes.add(node);
    for (const standIn of this.#standIns.values()) nodes.add(standIn.node);
    for (const key of this.#agents.keys()) nodes.add(key.slice(0, key.indexOf('/')));
    for (const node of nodes) {
      let alive: boolean;
      try {
        alive = await this.bus.isAlive(node);
      } catch {
        // Redis itself is away: that says nothing about the node.
        continue;
      }
      if (alive) {
        this.#suspects.delete(node);
      } else if (!this.#suspects.has(node)) {
        this.#suspects.add(node);
      } else {
        this.#suspects.delete(node);
        this.#nodeGone(node);
      }
    }
  }

  #nodeGone(node: string): void {
    this.#log.warn(`[cluster] node ${node} is gone`);
    const ctx = this.#core?.ctx;
    // Sockets here whose sessions lived there reconnect, and the session is taken over.
    for (const edge of [...this.#edges.values()]) {
      if (edge.forwarded.has(node) || edge.customerNode === node) edge.conn.close(CLOSE_SERVICE_RESTART, 'service restart');
    }
    for (const [key, standIn] of [...this.#standIns]) {
      if (standIn.node !== node) continue;
      this.#enqueue(standIn, () => {
        this.#standIns.delete(key);
        this.#core?.closed(standIn.conn);
      });
    }
    for (const [key, stub] of [...this.#agents]) {
      if (!key.startsWith(`${node}/`) || !ctx || !stub.user) continue;
      this.#agents.delete(key);
      ctx.hub.unbindUser(stub.user.id, stub);
      if (!ctx.hub.userSockets(stub.user.id).length) ctx.acd.agentUnavailable(stub.user.id);
    }
  }

  #renewSessions(): void {
    const registry = this.#registry;
    if (!registry) return;
    const snapshots = registry.all().map(snapshotOf);
    // All at once (ioredis pipelines them), as one step of the ordered writes.
    this.#write(async () => {
      const kept = await Promise.all(snapshots.map((snapshot) => this.directory.renew(snapshot)));
      kept.forEach((ok, i) => {
        if (!ok) this.#log.warn(`[cluster] session ${snapshots[i]?.id ?? '?'} is owned by another node now`);
      });
    });
  }

  #write(op: () => Promise<void>): void {
    this.#writes = this.#writes.then(op).catch((error: unknown) => this.#log.warn(`[cluster] session write failed: ${String(error)}`));
  }
}
