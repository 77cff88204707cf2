// WebACD routing (issue #8, S21–S25): transfers of a whole session to chosen
// agents or to a queue, the offers that carry them, agents' availability, and
// the sessions waiting in queues. In memory, like the sessions registry; the
// waiting entries of queues are also written to the store so that their order
// survives a restart.
//
// A transfer (one per session at most):
//
//   session.handoff ──agents──▶ offered to each chosen agent who is offerable ──none──▶ refused (no_agent_available)
//                   ──queue───▶ offered to the queue's offerable members, or queued (position 1 = next)
//   offered ──first offer.accept──▶ accepted: the other offers are withdrawn (accepted_elsewhere) (ws/handoff-actions.ts)
//   an offer ──declined / expired (OFFER_TIMEOUT_MS) / agent away or gone──▶ that agent is passed over for this transfer
//            ──last offer ended──▶ queue: queued again, at its place of arrival; agents: cancelled
//   queued ──a member becomes offerable (agent.status available, signs in, frees a customer slot, an offer ends)──▶ offered
//   any ──handoff.cancel / session ended / control passed another way──▶ cancelled (offers withdrawn: cancelled)
//
// "Offerable": signed in with the agent role, status 'available', below the
// site's maxCustomers, holding no other offer (an agent is offered one session
// at a time, the oldest waiting first), not passed over for this transfer (an
// agent who declined or let it expire is asked again only after they set
// themselves available), and not the transfer's sender.
//
// Who hears what: the agents get agent.offer / offer.withdrawn; the sender (the
// session's rep socket) and the session's customers get handoff.state whenever
// a transfer's state or queue position changes. The private message goes into
// agent.offer only: customers never see it.
//
// After a restart (entries reloaded from the store, in order): sessions live
// in memory and do not survive a restart today, so a reloaded entry is held,
// keeping its place, while its session is not live; it is never offered, and
// REP_GRACE_MS after the start every entry whose session has not come back
// (a session.resume in a future registry that restores sessions) is dropped.
import type { AgentPresence, AgentStatus, Handoff, HandoffTarget, ServerMessage, ServerMessageOf } from '../../src/shared/protocol/wire.ts';
import type { AuditLog } from '../audit/audit-log.ts';
import { may } from '../auth/roles.ts';
import type { CancelTimer, Clock } from '../clock.ts';
import type { Config } from '../config.ts';
import type { Logger } from '../log.ts';
import { newId } from '../sessions/ids.ts';
import { customersOf, type LiveSession, type SessionRegistry } from '../sessions/registry.ts';
import type { Store, WaitingEntry } from '../store/store.ts';
import type { Connection, ConnectionHub } from '../ws/connection.ts';

export interface Transfer {
  readonly id: string;
  readonly sessionId: string;
  readonly target: HandoffTarget;
  readonly senderUserId: string;
  readonly message: string | undefined;
  readonly handoff: Handoff;
  /** Order of arrival: what a queue serves by. */
  readonly seq: number;
  readonly enqueuedAt: number;
  /** Agents passed over for this transfer (declined, let it expire, went away). */
  readonly passed: Set<string>;
  /** Open offers: offer id → agent's user id. */
  readonly offers: Map<string, string>;
  /** The last handoff.state sent, so only changes are announced. */
  announced: string | undefined;
}

export interface Offer {
  readonly id: string;
  readonly transferId: string;
  readonly agentUserId: string;
  readonly expiresAt: number;
  readonly cancelTimer: CancelTimer;
}

/** What routing reads from the store, read before each synchronous routing step. */
export interface RoutingWorld {
  maxCustomers: number;
  /** Queue id → its member agents' user ids, in the order they were added. */
  members: ReadonlyMap<string, readonly string[]>;
}

/** How a waiting session looks from outside (tests, the admin page). */
export interface WaitingView {
  transferId: string;
  sessionId: string;
  queueId: string;
  state: 'offered' | 'queued' | 'dormant';
  /** Place among the queue's queued sessions (1 = next); only when queued. */
  position?: number;
}

export interface RouterDeps {
  readonly config: Config;
  readonly store: Store;
  readonly registry: SessionRegistry;
  readonly hub: ConnectionHub;
  readonly clock: Clock;
  readonly log: Logger;
  readonly audit: AuditLog;
}

export type WithdrawReason = ServerMessageOf<'offer.withdrawn'>['reason'];

export class HandoffRouter {
  readonly #deps: RouterDeps;
  readonly #transfers = new Map<string, Transfer>();
  readonly #bySession = new Map<string, string>();
  readonly #offers = new Map<string, Offer>();
  /** Agent's user id → the one offer they hold. */
  readonly #offerOf = new Map<string, string>();
  /** What agents set with agent.status; unset = available. Kept while the server runs, across reconnects. */
  readonly #status = new Map<string, AgentStatus>();
  #seq = 0;
  /** Store writes, one after the other in call order, so an add never lands after its remove. */
  #writes: Promise<void> = Promise.resolve();
  #dropDormant: CancelTimer | undefined;

  constructor(deps: RouterDeps) {
    this.#deps = deps;
  }

  // ---- agents --------------------------------------------------------------

  /** How the agent looks to others (agents.list): offline without a signed-in socket, busy at the customer limit. */
  presence(userId: string, maxCustomers: number): AgentPresence {
    if (!this.#agentSockets(userId).length) return 'offline';
    const status = this.#status.get(userId) ?? 'available';
    if (status === 'available' && customersOf(this.#deps.registry, userId) >= maxCustomers) return 'busy';
    return status;
  }

  /**
   * Sets the agent's status. Setting 'available' clears every pass over them
   * (they may be asked again); anything else withdraws the offer they hold.
   */
  setStatus(userId: string, status: AgentStatus): void {
    this.#status.set(userId, status);
    if (status === 'available') {
      for (const transfer of this.#transfers.values()) transfer.passed.delete(userId);
    } else {
      this.agentUnavailable(userId);
    }
  }

  /** The agent can no longer take their offer (away, busy, signed out): withdrawn ('cancelled') and passed on. */
  agentUnavailable(userId: string): void {
    const offerId = this.#offerOf.get(userId);
    const offer = offerId ? this.#offers.get(offerId) : undefined;
    if (!offer) return;
    const transfer = this.#transfers.get(offer.transferId);
    this.#withdraw(offer, 'cancelled');
    if (transfer) this.#offerEnded(transfer, userId);
  }

  // ---- transfers -----------------------------------------------------------

  /** The session's pending transfer, if any. */
  transferOf(sessionId: string): Transfer | undefined {
    const id = this.#bySession.get(sessionId);
    return id ? this.#transfers.get(id) : undefined;
  }

  offer(offerId: string): Offer | undefined {
    return this.#offers.get(offerId);
  }

  transfer(id: string): Transfer | undefined {
    return this.#transfers.get(id);
  }

  /**
   * Opens a transfer of `session` (synchronous: the caller checked the sender
   * and the target). 'agents': offered to `offerTo` now. 'queue': written to
   * the store, then offered by the next dispatch.
   */
  open(session: LiveSession, target: HandoffTarget, message: string | undefined, handoff: Handoff): Transfer {
    const transfer: Transfer = {
      id: newId('h'),
      sessionId: session.id,
      target,
      senderUserId: session.controllerUserId,
      message,
      handoff,
      seq: ++this.#seq,
      enqueuedAt: this.#deps.clock.now(),
      passed: new Set(),
      offers: new Map(),
      announced: undefined,
    };
    this.#transfers.set(transfer.id, transfer);
    this.#bySession.set(session.id, transfer.id);
    if (target.kind === 'queue') {
      const entry: WaitingEntry = {
        id: transfer.id,
        sessionId: session.id,
        queueId: target.queueId,
        senderUserId: transfer.senderUserId,
        message: message ?? null,
        enqueuedAt: transfer.enqueuedAt,
      };
      this.#write(`add ${transfer.id}`, () => this.#deps.store.waiting.add(entry));
    }
    return transfer;
  }

  /** Whether the agent may be offered this transfer now (see the header). */
  offerable(userId: string, transfer: Pick<Transfer, 'senderUserId' | 'passed'>, world: RoutingWorld): boolean {
    if (userId === transfer.senderUserId || transfer.passed.has(userId) || this.#offerOf.has(userId)) return false;
    if (!this.#agentSockets(userId).some((conn) => conn.user && may(conn.user.roles, 'join_queue'))) return false;
    return this.presence(userId, world.maxCustomers) === 'available';
  }

  /** Sends the agent an offer of the transfer, with a time-out. */
  makeOffer(transfer: Transfer, userId: string): void {
    const session = this.#deps.registry.byId(transfer.sessionId);
    if (!session) return;
    const id = newId('o');
    const expiresAt = this.#deps.clock.now() + this.#deps.config.offerTimeoutMs;
    const cancelTimer = this.#deps.clock.setTimeout(() => this.#expire(id), this.#deps.config.offerTimeoutMs);
    const offer: Offer = { id, transferId: transfer.id, agentUserId: userId, expiresAt, cancelTimer };
    this.#offers.set(id, offer);
    this.#offerOf.set(userId, id);
    transfer.offers.set(id, userId);
    const customers = [...session.participants.values()].filter((p) => p.role === 'customer').map((p) => p.name);
    this.#toAgent(userId, {
      type: 'agent.offer',
      offerId: id,
      sessionId: session.id,
      number: session.number,
      fromName: session.controllerName,
      customers,
      ...(transfer.message !== undefined && { message: transfer.message }),
      ...(transfer.target.kind === 'queue' && { queueId: transfer.target.queueId }),
      expiresAt,
    });
  }

  /**
   * Takes the accepted offer's transfer out, in one synchronous step: the
   * accepted offer closes silently, every other is withdrawn
   * (accepted_elsewhere), and the queue entry leaves the store. The caller
   * (ws/handoff-actions.ts) then moves the session.
   */
  takeAccepted(offer: Offer): Transfer | undefined {
    const transfer = this.#transfers.get(offer.transferId);
    this.#close(offer);
    if (!transfer) return undefined;
    transfer.offers.delete(offer.id);
    for (const otherId of [...transfer.offers.keys()]) {
      const other = this.#offers.get(otherId);
      if (other) this.#withdraw(other, 'accepted_elsewhere');
    }
    this.#forget(transfer);
    return transfer;
  }

  /** The agent declined the offer: passed over for it; the transfer goes on to others. */
  decline(offer: Offer): void {
    const transfer = this.#transfers.get(offer.transferId);
    this.#close(offer);
    if (transfer) {
      transfer.offers.delete(offer.id);
      this.#offerEnded(transfer, offer.agentUserId);
    }
  }

  /**
   * Ends the session's transfer, if any: offers withdrawn ('cancelled'), the
   * entry forgotten. With `tell`, the sender and the customers get
   * handoff.state 'cancelled' (not when the session itself ended).
   */
  cancel(sessionId: string, { tell }: { tell: boolean }): boolean {
    const transfer = this.transferOf(sessionId);
    if (!transfer) return false;
    for (const offerId of [...transfer.offers.keys()]) {
      const offer = this.#offers.get(offerId);
      if (offer) this.#withdraw(offer, 'cancelled');
    }
    this.#forget(transfer);
    if (tell) this.#tellSession(transfer, { type: 'handoff.state', sessionId, state: 'cancelled' });
    return true;
  }

  // ---- dispatch --------------------------------------------------------------

  /** Reads what routing needs from the store (maxCustomers, queue members). */
  async world(): Promise<RoutingWorld> {
    const [settings, queues] = await Promise.all([this.#deps.store.settings.get(), this.#deps.store.queues.list()]);
    return { maxCustomers: settings.maxCustomers, members: new Map(queues.map((q) => [q.id, q.agentIds])) };
  }

  /**
   * Offers queued transfers to offerable member agents, oldest transfer first,
   * then announces every change. Synchronous: what it reads and changes cannot
   * move under it.
   */
  dispatch(world: RoutingWorld): void {
    for (const transfer of this.#ordered()) {
      if (transfer.target.kind !== 'queue' || !this.#deps.registry.byId(transfer.sessionId)) continue;
      // A queue removed meanwhile: its entries are gone from the store; they end here too.
      const members = world.members.get(transfer.target.queueId);
      if (!members) {
        this.cancel(transfer.sessionId, { tell: true });
        continue;
      }
      for (const userId of members) if (this.offerable(userId, transfer, world)) this.makeOffer(transfer, userId);
    }
    this.announce();
  }

  /** Something changed that may make an agent offerable: read the store, then dispatch. Never rejects. */
  async poke(): Promise<void> {
    try {
      this.dispatch(await this.world());
    } catch (error) {
      this.#deps.log.error('[webacd] dispatch failed', error);
    }
  }

  /** Sends handoff.state to each transfer's sender and customers whose state or position changed. */
  announce(): void {
    const positions = this.#positions();
    for (const transfer of this.#ordered()) {
      if (!this.#deps.registry.byId(transfer.sessionId)) continue;
      const position = positions.get(transfer.id);
      const state = transfer.offers.size > 0 || position === undefined ? 'offered' : 'queued';
      const key = `${state}:${position ?? ''}`;
      if (key === transfer.announced) continue;
      transfer.announced = key;
      this.#tellSession(transfer, {
        type: 'handoff.state',
        sessionId: transfer.sessionId,
        state,
        ...(transfer.target.kind === 'queue' && { queueId: transfer.target.queueId }),
        ...(state === 'queued' && position !== undefined && { position }),
      });
    }
  }

  /** Every queue's sessions in order of arrival. */
  waiting(): WaitingView[] {
    const positions = this.#positions();
    const views: WaitingView[] = [];
    for (const transfer of this.#ordered()) {
      if (transfer.target.kind !== 'queue') continue;
      const live = this.#deps.registry.byId(transfer.sessionId) !== undefined;
      const position = positions.get(transfer.id);
      const state = !live ? 'dormant' : transfer.offers.size > 0 ? 'offered' : 'queued';
      views.push({
        transferId: transfer.id,
        sessionId: transfer.sessionId,
        queueId: transfer.target.queueId,
        state,
        ...(state === 'queued' && position !== undefined && { position }),
      });
    }
    return views;
  }

  // ---- restart ---------------------------------------------------------------

  /** Loads the store's waiting entries, in order (see the header), and schedules dropping those whose session stays away. */
  restore(entries: readonly WaitingEntry[]): void {
    for (const entry of entries) {
      if (this.#transfers.has(entry.id) || this.#bySession.has(entry.sessionId)) continue;
      const transfer: Transfer = {
        id: entry.id,
        sessionId: entry.sessionId,
        target: { kind: 'queue', queueId: entry.queueId },
        senderUserId: entry.senderUserId,
        message: entry.message ?? undefined,
        handoff: { invitations: [] },
        seq: ++this.#seq,
        enqueuedAt: entry.enqueuedAt,
        passed: new Set(),
        offers: new Map(),
        announced: undefined,
      };
      this.#transfers.set(transfer.id, transfer);
      this.#bySession.set(transfer.sessionId, transfer.id);
    }
    if (entries.length) {
      this.#dropDormant = this.#deps.clock.setTimeout(() => {
        this.#dropDormant = undefined;
        for (const transfer of this.#ordered()) {
          if (!this.#deps.registry.byId(transfer.sessionId)) {
            this.#deps.log.info(`[webacd] ${transfer.id} dropped: session ${transfer.sessionId} did not come back after the restart`);
            this.#forget(transfer);
          }
        }
        this.announce();
      }, this.#deps.config.repGraceMs);
    }
  }

  /** Stops every timer (server stopping); the store keeps the queues. */
  stop(): void {
    this.#dropDormant?.();
    for (const offer of this.#offers.values()) offer.cancelTimer();
  }

  /** Resolves once every store write started so far has landed. */
  flush(): Promise<void> {
    return this.#writes;
  }

  // ---- internals -------------------------------------------------------------

  #ordered(): Transfer[] {
    return [...this.#transfers.values()].sort((a, b) => a.seq - b.seq);
  }

  /** Queue position of each queued transfer of a live session: 1 + the queued ones of the same queue ahead of it. */
  #positions(): Map<string, number> {
    const counts = new Map<string, number>();
    const positions = new Map<string, number>();
    for (const transfer of this.#ordered()) {
      if (transfer.target.kind !== 'queue' || transfer.offers.size > 0 || !this.#deps.registry.byId(transfer.sessionId)) continue;
      const position = (counts.get(transfer.target.queueId) ?? 0) + 1;
      counts.set(transfer.target.queueId, position);
      positions.set(transfer.id, position);
    }
    return positions;
  }

  #expire(offerId: string): void {
    const offer = this.#offers.get(offerId);
    if (!offer) return;
    const transfer = this.#transfers.get(offer.transferId);
    this.#withdraw(offer, 'expired');
    if (transfer) this.#offerEnded(transfer, offer.agentUserId);
    void this.poke();
  }

  /** An offer of the transfer ended without an accept: pass over the agent; an agents transfer with no offer left is cancelled. */
  #offerEnded(transfer: Transfer, userId: string): void {
    transfer.passed.add(userId);
    if (transfer.offers.size > 0) return;
    if (transfer.target.kind === 'agents') {
      this.cancel(transfer.sessionId, { tell: true });
      void this.#deps.audit.record({
        type: 'transfer',
        actor: 'server',
        actorId: null,
        sessionNumber: this.#deps.registry.byId(transfer.sessionId)?.number ?? null,
        detail: { kind: 'agents', stage: 'unanswered' },
      });
    }
    // A queue transfer is queued again; the caller's dispatch (or announce) says so.
  }

  /** Closes the offer (timer, indexes) without telling anyone. */
  #close(offer: Offer): void {
    offer.cancelTimer();
    this.#offers.delete(offer.id);
    if (this.#offerOf.get(offer.agentUserId) === offer.id) this.#offerOf.delete(offer.agentUserId);
  }

  #withdraw(offer: Offer, reason: WithdrawReason): void {
    this.#close(offer);
    this.#transfers.get(offer.transferId)?.offers.delete(offer.id);
    this.#toAgent(offer.agentUserId, { type: 'offer.withdrawn', offerId: offer.id, reason });
  }

  #forget(transfer: Transfer): void {
    this.#transfers.delete(transfer.id);
    if (this.#bySession.get(transfer.sessionId) === transfer.id) this.#bySession.delete(transfer.sessionId);
    if (transfer.target.kind === 'queue') this.#write(`remove ${transfer.id}`, () => this.#deps.store.waiting.remove(transfer.id));
  }

  #write(what: string, op: () => Promise<unknown>): void {
    this.#writes = this.#writes.then(op).then(
      () => undefined,
      (error: unknown) => this.#deps.log.error(`[webacd] could not ${what} in the store`, error),
    );
  }

  #agentSockets(userId: string): Connection[] {
    return this.#deps.hub.userSockets(userId).filter((conn) => conn.kind === 'rep' && conn.user !== undefined);
  }

  #toAgent(userId: string, message: ServerMessage): void {
    for (const conn of this.#agentSockets(userId)) conn.send(message);
  }

  /** To the sender (the session's rep socket) with everything; to the customers without the queue id. */
  #tellSession(transfer: Transfer, message: ServerMessageOf<'handoff.state'>): void {
    const session = this.#deps.registry.byId(transfer.sessionId);
    if (!session) return;
    this.#deps.hub.rep(session.id)?.send(message);
    const { queueId: _private, ...forCustomers } = message;
    for (const participant of session.participants.values()) {
      if (participant.role === 'customer') this.#deps.hub.participant(participant.id)?.send(forCustomers);
    }
  }
}

