// The small authoritative record of live sessions the server needs to route
// messages and refuse what a role may not do (DESIGN.md, "The extension holds
// the session; the server enforces roles"). Pure data: no sockets, no timers.
//
// In memory, also with several nodes (issue #11): each session lives on one
// node, its owner, and other nodes relay its members' messages there
// (cluster/node.ts). What another node needs to take a session over when its
// owner dies is its snapshot (snapshotOf), which the owner keeps in Redis.
//
// Per session it also keeps who the rep supports and who is on the stage
// (issue #6, S12–S14), so the server can refuse a customer who shares unasked:
//
//   selectedId   null ──support.select──▶ customer id ──select another / null──▶ …
//                (a 'multi' session selects its one customer when they join)
//   screenRequest  null ──screen.request (selected customer)──▶ id
//                  id ──customer.share true / screen.refuse / select / leave──▶ null
//   stage        null ◀──▶ {controller} (share.update) ◀──▶ {customer} (customer.share after a request)
//                any ──support.select (anyone, or nobody)──▶ null
//                any ──the sharer leaves──▶ null
//
// `sharing` is kept equal to `stage !== null` for clients that only read the flag.
//
// Control changes hands (issue #7, S19–S20) in one step, transferControl:
//
//   controller A, assistant B ──transfer to B──▶ controller B, assistant A (ids unchanged)
//   controller A gone, assistant B ──hand over to B──▶ controller B (A removed)
//   either way: stage ──▶ null, screenRequest ──▶ null; the selection stays
import { PeerAssistError } from '../../src/shared/protocol/errors.ts';
import type { Participant } from '../../src/shared/protocol/common.ts';
import type { SessionKind } from '../../src/shared/protocol/settings.ts';
import type { Stage } from '../../src/shared/protocol/wire.ts';
import type { Clock } from '../clock.ts';
import { newId, newJoinToken, newSessionNumber, type RandomInt } from './ids.ts';

export type PresentState = 'lobby' | 'connected';

export interface LiveSession {
  readonly id: string;
  /** Unique among live sessions; free again once the session ends. */
  readonly number: string;
  readonly joinToken: string;
  readonly controllerUserId: string;
  readonly controllerName: string;
  /** The rep's e-mail address, as the audit log names them. */
  readonly controllerEmail: string;
  /** The rep's own participant id: what customers address signals to. */
  readonly controllerParticipantId: string;
  /** 'single': several customers, the rep selects one; 'multi': one customer, one of the rep's session tabs (S11, S15). */
  readonly kind: SessionKind;
  /** Always `stage !== null`. */
  readonly sharing: boolean;
  /** Who shares, seen by every connected participant (S13); null when nobody does. */
  readonly stage: Readonly<Stage> | null;
  /** The customer the rep supports (S12), or null. */
  readonly selectedId: string | null;
  /** The customer asked to share their screen who has not answered yet, or null. */
  readonly screenRequest: string | null;
  readonly startedAt: number;
  readonly participants: ReadonlyMap<string, Readonly<Participant>>;
  /** Assistants' participant id → their user id (S16): one participant per assisting user. */
  readonly assistantUsers: ReadonlyMap<string, string>;
  /** Restored from its snapshot after a restart, and its rep has not resumed it yet (issue #10). */
  readonly restored?: boolean;
  /** When it was restored from its snapshot, if it was: customers may come back under their old ids for a while. */
  readonly restoredAt?: number;
}

/** What a removal changed besides the participant list. */
export interface Removal {
  /** The participant's last view, state 'left'. */
  participant: Participant;
  /** They were on the stage, which is now empty. */
  leftStage: boolean;
  /** They were the selected customer; nobody is selected now. */
  wasSelected: boolean;
}

export interface Controller {
  userId: string;
  /** Shown to customers; already a valid DisplayName. */
  name: string;
  email: string;
}

/** A signed-in rep who joins someone else's session by number (S16). */
export interface Assistant {
  userId: string;
  /** Already a valid DisplayName. */
  name: string;
  /** Kept so that, given control (S19), they are named in the audit log like any controller. */
  email: string;
}

/** What a transfer of control changed (S19–S20). */
export interface ControlChange {
  /** The assistant who took control: same participant id, role 'controller' now. */
  controller: Participant;
  /** The previous controller: an assistant now (same id), or their last view with state 'left' when they were gone. */
  previous: Participant;
  /** Something was on the stage: it is empty now (every share ends with a transfer, S20). */
  sharesStopped: boolean;
}

export interface SessionRegistry {
  /** A new session with the rep as its connected controller; 'single' unless `kind` says otherwise. */
  create(controller: Controller, kind?: SessionKind): LiveSession;
  byId(id: string): LiveSession | undefined;
  byNumber(number: string): LiveSession | undefined;
  /** Live sessions the user controls, oldest first. */
  sessionsOf(userId: string): LiveSession[];
  /** Removes the session; its number can be drawn again, its id never recurs (96 random bits). */
  end(id: string): LiveSession | undefined;
  /** `id`: a customer coming back after a restart under the id they had (the caller checks it is free everywhere). */
  addCustomer(sessionId: string, name: string, state: PresentState, id?: string): Participant;
  /** The rep resumed a restored session: it is an ordinary live session again. */
  markResumed(sessionId: string): void;
  /** Every live session. */
  all(): LiveSession[];
  /** Adds the user as a connected assistant; the caller makes sure they are not one already. */
  addAssistant(sessionId: string, assistant: Assistant): Participant;
  /** The user's assistant participant in the session, if they assist it. */
  assistantOf(sessionId: string, userId: string): Participant | undefined;
  setState(sessionId: string, participantId: string, state: PresentState): Participant;
  /**
   * Puts someone on the stage (the controller, or a customer of the session) or
   * clears it; returns what was there before. Any pending screen request of a
   * customer who goes on the stage is answered by it.
   */
  setStage(sessionId: string, stage: Stage | null): Stage | null;
  /**
   * The rep supports this customer (any state: a 'multi' session selects its
   * customer as they join, lobby or not) or nobody. Every selection by the rep
   * ends whatever is on the stage, whoever shares (S14: the extension stops
   * its own share as it selects), and drops a pending screen request.
   * `endShares: false` keeps the stage: a 'multi' session's customer arriving
   * must not end the share the rep started for them. `sharesStopped`: the
   * stage was cleared.
   */
  select(sessionId: string, participantId: string | null, options?: { endShares?: boolean }): { sharesStopped: boolean };
  /** Records that the rep asked this customer to share (null: no request pending). */
  setScreenRequest(sessionId: string, participantId: string | null): void;
  /**
   * Takes a participant out of the session, and off the stage, the selection
   * and the pending screen request if they were there.
   */
  remove(sessionId: string, participantId: string): Removal | undefined;
  /**
   * Hands control to a connected assistant of the session, in one step: the
   * session's controller fields name that user, their participant becomes the
   * controller (listed first), and the previous controller's participant
   * becomes an assistant (`previous: 'assistant'`, a transfer they asked for)
   * or leaves (`'gone'`: their extension was away longer than the grace
   * period). Participant ids do not change. Whatever is on the stage and any
   * pending screen request end (S20); the selection stays. Refuses anyone but
   * a connected assistant with unknown_participant and then changes nothing.
   */
  transferControl(sessionId: string, participantId: string, previous: 'assistant' | 'gone'): ControlChange;
  /** Everyone present (controller first, then customers and assistants in joining order). */
  listParticipants(sessionId: string): Participant[];
  readonly size: number;
}

interface MutableSession {
  id: string;
  number: string;
  joinToken: string;
  controllerUserId: string;
  controllerName: string;
  controllerEmail: string;
  controllerParticipantId: string;
  kind: SessionKind;
  sharing: boolean;
  stage: Stage | null;
  selectedId: string | null;
  screenRequest: string | null;
  startedAt: number;
  participants: Map<string, Participant>;
  assistantUsers: Map<string, string>;
  /** Assistants' participant id → their e-mail address, for when one takes control. */
  assistantEmails: Map<string, string>;
  restored?: boolean;
  restoredAt?: number;
}

/** With 900 million numbers a clash is rare; many in a row means the random source is broken. */
const MAX_NUMBER_DRAWS = 32;

export interface MemoryRegistryOptions {
  clock?: Pick<Clock, 'now'>;
  randomInt?: RandomInt;
  /**
   * Where new session numbers come from; by default drawn at random. Several
   * nodes draw from numbers each reserved in Redis (cluster/directory.ts), so
   * a number is unique across the deployment, not only in this process.
   */
  drawNumber?: () => string;
  /**
   * Told when a session starts, changes controller or ends: what another node
   * needs to take it over (cluster/directory.ts). Called synchronously, after the change.
   */
  onChange?: (change: 'started' | 'controller' | 'ended', session: LiveSession) => void;
}

/**
 * The part of a session another node needs to take it over when its node is
 * gone (cluster/): who controls it and how customers find it. Customers and
 * assistants are not kept: their sockets were relayed through the lost node,
 * so they reconnect and join again.
 */
export interface SessionSnapshot {
  id: string;
  number: string;
  joinToken: string;
  controllerUserId: string;
  controllerName: string;
  controllerEmail: string;
  controllerParticipantId: string;
  kind: SessionKind;
  startedAt: number;
  controllerJoinedAt: number;
}

export function snapshotOf(session: LiveSession): SessionSnapshot {
  return {
    id: session.id,
    number: session.number,
    joinToken: session.joinToken,
    controllerUserId: session.controllerUserId,
    controllerName: session.controllerName,
    controllerEmail: session.controllerEmail,
    controllerParticipantId: session.controllerParticipantId,
    kind: session.kind,
    startedAt: session.startedAt,
    controllerJoinedAt: session.participants.get(session.controllerParticipantId)?.joinedAt ?? session.startedAt,
  };
}

/**
 * The connected assistant who has been in the session longest (earliest
 * joinedAt, then the earlier joiner): who takes control when the controller
 * is gone (S20). Undefined when the session has no connected assistant.
 */
export function longestPresentAssistant(session: LiveSession): Participant | undefined {
  let found: Readonly<Participant> | undefined;
  for (const participant of session.participants.values()) {
    if (participant.role !== 'assistant' || participant.state !== 'connected') continue;
    if (!found || participant.joinedAt < found.joinedAt) found = participant;
  }
  return found && { ...found };
}

/** Customers (waiting or connected) over every session the user controls: what the site's maxCustomers limits (S11). */
export function customersOf(registry: SessionRegistry, userId: string): number {
  let count = 0;
  for (const session of registry.sessionsOf(userId)) {
    for (const participant of session.participants.values()) if (participant.role === 'customer') count++;
  }
  return count;
}

export class MemorySessionRegistry implements SessionRegistry {
  readonly #byId = new Map<string, MutableSession>();
  readonly #byNumber = new Map<string, MutableSession>();
  readonly #now: () => number;
  readonly #randomInt: RandomInt | undefined;
  readonly #drawNumber: (() => string) | undefined;
  readonly #onChange: MemoryRegistryOptions['onChange'];

  constructor(options: MemoryRegistryOptions = {}) {
    const clock = options.clock;
    this.#now = clock ? () => clock.now() : Date.now;
    this.#randomInt = options.randomInt;
    this.#drawNumber = options.drawNumber;
    this.#onChange = options.onChange;
  }

  /**
   * Takes over a session from another node's snapshot: its controller, not
   * connected here yet (the caller starts the grace period), and nobody else.
   * A session already held here is returned as it is.
   */
  restore(snapshot: SessionSnapshot): LiveSession {
    const held = this.#byId.get(snapshot.id);
    if (held) return held;
    const session: MutableSession = {
      id: snapshot.id,
      number: snapshot.number,
      joinToken: snapshot.joinToken,
      controllerUserId: snapshot.controllerUserId,
      controllerName: snapshot.controllerName,
      controllerEmail: snapshot.controllerEmail,
      controllerParticipantId: snapshot.controllerParticipantId,
      kind: snapshot.kind,
      sharing: false,
      stage: null,
      selectedId: null,
      screenRequest: null,
      startedAt: snapshot.startedAt,
      participants: new Map([
        [
          snapshot.controllerParticipantId,
          { id: snapshot.controllerParticipantId, name: snapshot.controllerName, role: 'controller', state: 'connected', joinedAt: snapshot.controllerJoinedAt },
        ],
      ]),
      assistantUsers: new Map(),
      assistantEmails: new Map(),
      restored: true,
      restoredAt: this.#now(),
    };
    this.#byId.set(session.id, session);
    this.#byNumber.set(session.number, session);
    this.#onChange?.('started', session);
    return session;
  }

  get size(): number {
    return this.#byId.size;
  }

  create(controller: Controller, kind: SessionKind = 'single'): LiveSession {
    const number = this.#freeNumber();
    const now = this.#now();
    const controllerParticipantId = newId('p');
    const session: MutableSession = {
      id: newId('s'),
      number,
      joinToken: newJoinToken(),
      controllerUserId: controller.userId,
      controllerName: controller.name,
      controllerEmail: controller.email,
      controllerParticipantId,
      kind,
      sharing: false,
      stage: null,
      selectedId: null,
      screenRequest: null,
      startedAt: now,
      participants: new Map([
        [controllerParticipantId, { id: controllerParticipantId, name: controller.name, role: 'controller', state: 'connected', joinedAt: now }],
      ]),
      assistantUsers: new Map(),
      assistantEmails: new Map(),
    };
    this.#byId.set(session.id, session);
    this.#byNumber.set(number, session);
    this.#onChange?.('started', session);
    return session;
  }

  byId(id: string): LiveSession | undefined {
    return this.#byId.get(id);
  }

  /** Every live session held here. */
  all(): LiveSession[] {
    return [...this.#byId.values()];
  }

  byNumber(number: string): LiveSession | undefined {
    return this.#byNumber.get(number);
  }

  sessionsOf(userId: string): LiveSession[] {
    // A linear scan: a node holds at most a few thousand sessions, and this runs
    // once per customer.join (the customer limit) and when an admin disables someone.
    return [...this.#byId.values()].filter((session) => session.controllerUserId === userId);
  }

  end(id: string): LiveSession | undefined {
    const session = this.#byId.get(id);
    if (!session) return undefined;
    this.#byId.delete(id);
    this.#byNumber.delete(session.number);
    this.#onChange?.('ended', session);
    return session;
  }

  addCustomer(sessionId: string, name: string, state: PresentState, id?: string): Participant {
    const session = this.#session(sessionId);
    const participant: Participant = { id: id ?? newId('p'), name, role: 'customer', state, joinedAt: this.#now() };
    session.participants.set(participant.id, participant);
    return { ...participant };
  }

  markResumed(sessionId: string): void {
    delete this.#session(sessionId).restored;
  }

  addAssistant(sessionId: string, assistant: Assistant): Participant {
    const session = this.#session(sessionId);
    const participant: Participant = { id: newId('p'), name: assistant.name, role: 'assistant', state: 'connected', joinedAt: this.#now() };
    session.participants.set(participant.id, participant);
    session.assistantUsers.set(participant.id, assistant.userId);
    session.assistantEmails.set(participant.id, assistant.email);
    return { ...participant };
  }

  assistantOf(sessionId: string, userId: string): Participant | undefined {
    const session = this.#byId.get(sessionId);
    if (!session) return undefined;
    for (const [participantId, assistantUserId] of session.assistantUsers) {
      const participant = session.participants.get(participantId);
      if (assistantUserId === userId && participant) return { ...participant };
    }
    return undefined;
  }

  setState(sessionId: string, participantId: string, state: PresentState): Participant {
    const participant = this.#session(sessionId).participants.get(participantId);
    if (!participant) throw new PeerAssistError('unknown_participant', 'no such participant in this session');
    participant.state = state;
    return { ...participant };
  }

  setStage(sessionId: string, stage: Stage | null): Stage | null {
    const session = this.#session(sessionId);
    if (stage) {
      const sharer = session.participants.get(stage.participantId);
      if (!sharer || sharer.role !== stage.role) throw new PeerAssistError('unknown_participant', `no ${stage.role} with that id in this session`);
      if (session.screenRequest === stage.participantId) session.screenRequest = null;
    }
    const before = session.stage;
    session.stage = stage ? { ...stage } : null;
    session.sharing = stage !== null;
    return before;
  }

  select(sessionId: string, participantId: string | null, { endShares = true }: { endShares?: boolean } = {}): { sharesStopped: boolean } {
    const session = this.#session(sessionId);
    if (participantId !== null && session.participants.get(participantId)?.role !== 'customer') {
      throw new PeerAssistError('unknown_participant', 'no customer with that id in this session');
    }
    session.selectedId = participantId;
    session.screenRequest = null;
    if (!endShares || session.stage === null) return { sharesStopped: false };
    session.stage = null;
    session.sharing = false;
    return { sharesStopped: true };
  }

  setScreenRequest(sessionId: string, participantId: string | null): void {
    const session = this.#session(sessionId);
    if (participantId !== null && session.participants.get(participantId)?.role !== 'customer') {
      throw new PeerAssistError('unknown_participant', 'no customer with that id in this session');
    }
    session.screenRequest = participantId;
  }

  remove(sessionId: string, participantId: string): Removal | undefined {
    const session = this.#byId.get(sessionId);
    const participant = session?.participants.get(participantId);
    if (!session || !participant) return undefined;
    session.participants.delete(participantId);
    session.assistantUsers.delete(participantId);
    session.assistantEmails.delete(participantId);
    const leftStage = session.stage?.participantId === participantId;
    if (leftStage) {
      session.stage = null;
      session.sharing = false;
    }
    const wasSelected = session.selectedId === participantId;
    if (wasSelected) session.selectedId = null;
    if (session.screenRequest === participantId) session.screenRequest = null;
    return { participant: { ...participant, state: 'left' }, leftStage, wasSelected };
  }

  transferControl(sessionId: string, participantId: string, previous: 'assistant' | 'gone'): ControlChange {
    const session = this.#session(sessionId);
    const taker = session.participants.get(participantId);
    const userId = session.assistantUsers.get(participantId);
    const email = session.assistantEmails.get(participantId);
    if (!taker || taker.role !== 'assistant' || taker.state !== 'connected' || userId === undefined || email === undefined) {
      throw new PeerAssistError('unknown_participant', 'no connected assistant with that id in this session');
    }
    const giver = session.participants.get(session.controllerParticipantId);
    if (!giver) throw new Error(`session ${sessionId} has no controller participant`);
    const before = { userId: session.controllerUserId, email: session.controllerEmail };

    session.assistantUsers.delete(participantId);
    session.assistantEmails.delete(participantId);
    taker.role = 'controller';
    session.controllerUserId = userId;
    session.controllerName = taker.name;
    session.controllerEmail = email;
    session.controllerParticipantId = taker.id;
    let previousView: Participant;
    if (previous === 'assistant') {
      giver.role = 'assistant';
      session.assistantUsers.set(giver.id, before.userId);
      session.assistantEmails.set(giver.id, before.email);
      previousView = { ...giver };
    } else {
      session.participants.delete(giver.id);
      previousView = { ...giver, state: 'left' };
    }
    // The controller is listed first, as at the start; everyone else keeps their order.
    // Refilled rather than replaced: whoever holds the session object sees the same map.
    const others = [...session.participants.values()].filter((p) => p.id !== taker.id);
    session.participants.clear();
    for (const participant of [taker, ...others]) session.participants.set(participant.id, participant);

    const sharesStopped = session.stage !== null;
    session.stage = null;
    session.sharing = false;
    session.screenRequest = null;
    this.#onChange?.('controller', session);
    return { controller: { ...taker }, previous: previousView, sharesStopped };
  }

  listParticipants(sessionId: string): Participant[] {
    const session = this.#byId.get(sessionId);
    if (!session) return [];
    return [...session.participants.values()].filter((p) => p.state !== 'left').map((p) => ({ ...p }));
  }

  #session(id: string): MutableSession {
    const session = this.#byId.get(id);
    if (!session) throw new PeerAssistError('no_session', 'that session has ended');
    return session;
  }

  #freeNumber(): string {
    for (let draw = 0; draw < MAX_NUMBER_DRAWS; draw++) {
      const number = this.#drawNumber ? this.#drawNumber() : newSessionNumber(this.#randomInt);
      if (!this.#byNumber.has(number)) return number;
    }
    throw new Error(`no free session number after ${MAX_NUMBER_DRAWS} draws`);
  }
}
