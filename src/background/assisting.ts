// Assisting another rep's session (FEATURES.md S16–S17): the rep joins by
// number, from the dashboard's "Join as assistant" or from the support site's
// Support session page (through the site bridge). An assistant has no control:
// no share, no end, no invite, no admit; the server refuses those anyway.
//
//   signed_in ──assistant.join → assistant.joined──► assisting
//   assisting ──assist.leave (assistant.leave)──────► signed_in
//   assisting ──session.ended / the server no longer knows it──► signed_in + a start-screen notice
//   assisting ──reconnect (worker restart, network)──► assistant.join again (idempotent on the server)
//
// Media for assistants (watching the controller's share) comes with the
// transfer-control work (S18–S20); until then the assistant sees the session's
// people and state, and signals addressed to it are ignored.
import { PeerAssistError } from '../shared/protocol/errors.ts';
import type { ServerMessage } from '../shared/protocol/wire.ts';
import type { RepStore } from './rep-store.ts';
import type { ServerConnection } from './server-connection.ts';

type Server = Pick<ServerConnection, 'request' | 'whenReady' | 'unwant'>;

/** Refusals after which there is nothing left to assist. */
const GONE = new Set(['no_session', 'not_in_session', 'forbidden']);

export class Assisting {
  constructor(
    private readonly store: RepStore,
    private readonly server: Server,
  ) {}

  async join(number: string): Promise<void> {
    if (!this.store.auth) throw new PeerAssistError('unauthenticated', 'sign in first');
    if (this.store.sessions.length) throw new PeerAssistError('already_in_session', 'end your own session first');
    const current = this.store.assisting;
    if (current) {
      if (current.number === number) return; // asked twice (the dashboard and the site): already there
      throw new PeerAssistError('already_in_session', 'leave the session you assist first');
    }
    await this.server.whenReady();
    let reply: ServerMessage;
    try {
      reply = await this.server.request({ type: 'assistant.join', number });
    } catch (error) {
      // A wrong or dead number: nothing holds the connection open any more.
      if (!this.store.sessions.length && !this.store.assisting) this.server.unwant();
      throw error;
    }
    if (reply.type !== 'assistant.joined') throw new PeerAssistError('internal', `unexpected ${reply.type}`);
    await this.store.assistStarted({
      sessionId: reply.sessionId,
      number: reply.number,
      participantId: reply.participantId,
      controllerName: reply.controllerName,
      participants: reply.participants.filter((p) => p.state !== 'left'),
      sharing: reply.sharing,
      passedTo: null,
    });
  }

  async leave(): Promise<void> {
    const assisting = this.store.assisting;
    if (!assisting) return;
    // Leave here whatever the server says: closing the socket drops us there too.
    await this.server.request({ type: 'assistant.leave', sessionId: assisting.sessionId }).catch(() => {});
    await this.store.assistEnded();
    this.server.unwant();
  }

  /** After every (re)connection: re-assert the assisted session, which the server treats as idempotent. */
  async resume(): Promise<void> {
    const assisting = this.store.assisting;
    if (!assisting) return;
    try {
      const reply = await this.server.request({ type: 'assistant.join', number: assisting.number });
      if (reply.type !== 'assistant.joined') return;
      if (reply.sessionId !== assisting.sessionId) {
        // The number now belongs to a new session: ours ended while we were away.
        await this.server.request({ type: 'assistant.leave', sessionId: reply.sessionId }).catch(() => {});
        return this.#ended('gone');
      }
      await this.store.assistResumed({
        participantId: reply.participantId,
        controllerName: reply.controllerName,
        participants: reply.participants.filter((p) => p.state !== 'left'),
        sharing: reply.sharing,
      });
    } catch (error) {
      if (error instanceof PeerAssistError && GONE.has(error.reason)) return this.#ended('gone');
      throw error;
    }
  }

  /** Server pushes about the assisted session; true when the message was about it. */
  async onServerMessage(message: ServerMessage): Promise<boolean> {
    const assisting = this.store.assisting;
    if (!assisting) return false;
    switch (message.type) {
      case 'participant.update':
        if (message.sessionId !== assisting.sessionId) return false;
        await this.store.upsertAssistParticipant(message.participant);
        return true;
      case 'share.state':
        if (message.sessionId !== assisting.sessionId) return false;
        await this.store.setAssistSharing(message.sharing);
        return true;
      case 'session.ended':
        if (message.sessionId !== assisting.sessionId) return false;
        await this.#ended(message.reason);
        return true;
      case 'signal':
        return true; // no media for assistants yet (see the header)
      default:
        return false;
    }
  }

  async #ended(reason: 'ended_by_rep' | 'rep_gone' | 'server_shutdown' | 'gone'): Promise<void> {
    const assisting = this.store.assisting;
    if (!assisting) return;
    await this.store.assistEnded({ kind: 'assist_ended', number: assisting.number, reason });
    this.server.unwant();
  }
}
