// What the server knows about one WebSocket, and the hub that finds the socket
// for a participant or a session's rep. Handlers read and update these; only
// the gateway creates them.
import type { ServerMessage } from '../../src/shared/protocol/wire.ts';
import type { User } from '../store/store.ts';

/** Decided by the first message that binds the socket: rep.hello or customer.join. */
export type ConnectionKind = 'unknown' | 'rep' | 'customer';

/**
 * Who opened the socket, from its Origin header at upgrade: the extension, the
 * server's own pages, or a non-browser client that sends no Origin.
 */
export type OriginKind = 'extension' | 'site' | 'none';

export interface Connection {
  readonly connId: string;
  kind: ConnectionKind;
  readonly originKind: OriginKind;
  /** The client's address (audit log), from the upgrade request; see http/client-ip.ts. */
  readonly ip: string | null;
  /** Rep: the signed-in user (from rep.hello). */
  user: User | undefined;
  /** Rep: sessions this socket controls right now. */
  readonly sessionIds: Set<string>;
  /** Rep: sessions this socket assists (S16), session id → its assistant participant id. */
  readonly assisting: Map<string, string>;
  /** Customer: their participant id and session while they are in one. */
  participantId: string | undefined;
  sessionId: string | undefined;
  /** Sends if the socket is open; a message to a closed socket is dropped. */
  send(message: ServerMessage): void;
  close(code: number, reason: string): void;
}

export class ConnectionHub {
  readonly #byParticipant = new Map<string, Connection>();
  readonly #repBySession = new Map<string, Connection>();
  /** Signed-in sockets per user id: what an admin's "disable" closes. */
  readonly #byUser = new Map<string, Set<Connection>>();

  bindUser(userId: string, conn: Connection): void {
    const sockets = this.#byUser.get(userId) ?? new Set();
    sockets.add(conn);
    this.#byUser.set(userId, sockets);
  }

  unbindUser(userId: string, conn: Connection): void {
    const sockets = this.#byUser.get(userId);
    sockets?.delete(conn);
    if (sockets?.size === 0) this.#byUser.delete(userId);
  }

  /** The user's signed-in sockets right now. */
  userSockets(userId: string): Connection[] {
    return [...(this.#byUser.get(userId) ?? [])];
  }

  bindParticipant(participantId: string, conn: Connection): void {
    this.#byParticipant.set(participantId, conn);
  }

  unbindParticipant(participantId: string): void {
    this.#byParticipant.delete(participantId);
  }

  participant(participantId: string): Connection | undefined {
    return this.#byParticipant.get(participantId);
  }

  /** Makes `conn` the session's rep socket, taking the session from any socket that had it. */
  attachRep(sessionId: string, conn: Connection): void {
    const previous = this.#repBySession.get(sessionId);
    if (previous && previous !== conn) previous.sessionIds.delete(sessionId);
    this.#repBySession.set(sessionId, conn);
    conn.sessionIds.add(sessionId);
  }

  /** Forgets the session's rep socket; with `only`, only if that socket is still the one attached. */
  detachRep(sessionId: string, only?: Connection): void {
    const current = this.#repBySession.get(sessionId);
    if (!current || (only && current !== only)) return;
    this.#repBySession.delete(sessionId);
    current.sessionIds.delete(sessionId);
  }

  rep(sessionId: string): Connection | undefined {
    return this.#repBySession.get(sessionId);
  }

  /**
   * Makes `conn` the socket of an assistant participant. A rep's extension that
   * restarted joins again on a new socket; the old one then no longer speaks
   * for the participant, and its eventual close must not take them out.
   */
  attachAssistant(sessionId: string, participantId: string, conn: Connection): void {
    const previous = this.#byParticipant.get(participantId);
    if (previous && previous !== conn) previous.assisting.delete(sessionId);
    this.#byParticipant.set(participantId, conn);
    conn.assisting.set(sessionId, participantId);
  }

  /** Forgets an assistant participant's socket (they left, or the session ended). */
  detachAssistant(sessionId: string, participantId: string): void {
    this.#byParticipant.get(participantId)?.assisting.delete(sessionId);
    this.#byParticipant.delete(participantId);
  }
}
