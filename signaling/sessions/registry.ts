// The small authoritative record of live sessions the server needs to route
// messages and refuse what a role may not do (DESIGN.md, "The extension holds
// the session; the server enforces roles"). Pure data: no sockets, no timers.
//
// Behind an interface because a Redis-backed registry will let several server
// nodes share sessions; this in-memory one serves a single process.
import { PeerAssistError } from '../../src/shared/protocol/errors.ts';
import type { Participant } from '../../src/shared/protocol/common.ts';
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
  readonly sharing: boolean;
  readonly startedAt: number;
  readonly participants: ReadonlyMap<string, Readonly<Participant>>;
  /** Assistants' participant id → their user id (S16): one participant per assisting user. */
  readonly assistantUsers: ReadonlyMap<string, string>;
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
}

export interface SessionRegistry {
  create(controller: Controller): LiveSession;
  byId(id: string): LiveSession | undefined;
  byNumber(number: string): LiveSession | undefined;
  /** Live sessions the user controls, oldest first. */
  sessionsOf(userId: string): LiveSession[];
  /** Removes the session; its number can be drawn again, its id never recurs (96 random bits). */
  end(id: string): LiveSession | undefined;
  addCustomer(sessionId: string, name: string, state: PresentState): Participant;
  /** Adds the user as a connected assistant; the caller makes sure they are not one already. */
  addAssistant(sessionId: string, assistant: Assistant): Participant;
  /** The user's assistant participant in the session, if they assist it. */
  assistantOf(sessionId: string, userId: string): Participant | undefined;
  setState(sessionId: string, participantId: string, state: PresentState): Participant;
  setSharing(sessionId: string, sharing: boolean): void;
  /** Takes a participant out of the session; returns its last view with state 'left'. */
  remove(sessionId: string, participantId: string): Participant | undefined;
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
  sharing: boolean;
  startedAt: number;
  participants: Map<string, Participant>;
  assistantUsers: Map<string, string>;
}

/** With 900 million numbers a clash is rare; many in a row means the random source is broken. */
const MAX_NUMBER_DRAWS = 32;

export interface MemoryRegistryOptions {
  clock?: Pick<Clock, 'now'>;
  randomInt?: RandomInt;
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

  constructor(options: MemoryRegistryOptions = {}) {
    const clock = options.clock;
    this.#now = clock ? () => clock.now() : Date.now;
    this.#randomInt = options.randomInt;
  }

  get size(): number {
    return this.#byId.size;
  }

  create(controller: Controller): LiveSession {
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
      sharing: false,
      startedAt: now,
      participants: new Map([
        [controllerParticipantId, { id: controllerParticipantId, name: controller.name, role: 'controller', state: 'connected', joinedAt: now }],
      ]),
      assistantUsers: new Map(),
    };
    this.#byId.set(session.id, session);
    this.#byNumber.set(number, session);
    return session;
  }

  byId(id: string): LiveSession | undefined {
    return this.#byId.get(id);
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
    return session;
  }

  addCustomer(sessionId: string, name: string, state: PresentState): Participant {
    const session = this.#session(sessionId);
    const participant: Participant = { id: newId('p'), name, role: 'customer', state, joinedAt: this.#now() };
    session.participants.set(participant.id, participant);
    return { ...participant };
  }

  addAssistant(sessionId: string, assistant: Assistant): Participant {
    const session = this.#session(sessionId);
    const participant: Participant = { id: newId('p'), name: assistant.name, role: 'assistant', state: 'connected', joinedAt: this.#now() };
    session.participants.set(participant.id, participant);
    session.assistantUsers.set(participant.id, assistant.userId);
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

  setSharing(sessionId: string, sharing: boolean): void {
    this.#session(sessionId).sharing = sharing;
  }

  remove(sessionId: string, participantId: string): Participant | undefined {
    const session = this.#byId.get(sessionId);
    const participant = session?.participants.get(participantId);
    if (!session || !participant) return undefined;
    session.participants.delete(participantId);
    session.assistantUsers.delete(participantId);
    return { ...participant, state: 'left' };
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
      const number = newSessionNumber(this.#randomInt);
      if (!this.#byNumber.has(number)) return number;
    }
    throw new Error(`no free session number after ${MAX_NUMBER_DRAWS} draws`);
  }
}
