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
// Media (S17: an assistant sees whatever is shared): the assistant's media
// context keeps one polite peer to the controller, whose engine sends it the
// session's stage like to a customer; it is forwarded to the dashboard's
// viewer. When control moves to another rep, the peer moves with it.
import type { IceServer } from '../shared/protocol/common.ts';
import { PeerAssistError } from '../shared/protocol/errors.ts';
import type { AssistSession } from '../shared/protocol/runtime.ts';
import type { ServerMessage } from '../shared/protocol/wire.ts';
import type { MediaHost } from './media-host.ts';
import type { RepStore } from './rep-store.ts';
import type { ServerConnection } from './server-connection.ts';

type Server = Pick<ServerConnection, 'request' | 'whenReady' | 'unwant'>;

/** The assisted session's controller, as its participant list says. */
export function controllerOf(assisting: Pick<AssistSession, 'participants'>): string | undefined {
  return assisting.participants.find((p) => p.role === 'controller' && p.state !== 'left')?.id;
}

/** Refusals after which there is nothing left to assist. */
const GONE = new Set(['no_session', 'not_in_session', 'forbidden']);

export class Assisting {
  constructor(
    private readonly store: RepStore,
    private readonly server: Server,
    private readonly media: MediaHost,
    private readonly iceServers: () => IceServer[],
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
      if (!this.store.wantsConnection) this.server.unwant();
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
    await this.watch();
  }

  /**
   * Media for the assisted session: one polite peer to its controller (opened
   * again if the controller changed), its stage forwarded to the viewer.
   */
  async watch(): Promise<void> {
    const assisting = this.store.assisting;
    const controllerId = assisting && controllerOf(assisting);
    if (!assisting || !controllerId) return;
    const status = await this.media.run({ type: 'media.configure', iceServers: this.iceServers() });
    for (const id of status.peers ?? []) if (id !== controllerId) await this.media.run({ type: 'peer.close', participantId: id });
    await this.media.run({ type: 'peer.open', participantId: controllerId, sessionId: assisting.sessionId, polite: true });
    await this.media.run({ type: 'media.forward', sessionId: assisting.sessionId, participantId: controllerId });
  }

  async leave(): Promise<void> {
    const assisting = this.store.assisting;
    if (!assisting) return;
    // Leave here whatever the server says: closing the socket drops us there too.
    await this.server.request({ type: 'assistant.leave', sessionId: assisting.sessionId }).catch(() => {});
    await this.store.assistEnded();
    if (!this.store.wantsConnection) this.server.unwant();
    await this.#dropMedia();
  }

  async #dropMedia(): Promise<void> {
    await this.media.dispose().catch((e: unknown) => console.warn('[assist] media dispose failed', e));
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
      await this.watch();
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
      case 'signal': {
        const controllerId = controllerOf(assisting);
        if (message.from !== controllerId) return true; // only the controller sends us media
        await this.media.run({ type: 'peer.open', participantId: controllerId, sessionId: assisting.sessionId, polite: true });
        await this.media.run({ type: 'peer.signal', participantId: message.from, payload: message.payload });
        return true;
      }
      case 'control.transferred': {
        if (message.sessionId !== assisting.sessionId) return false;
        // Control came to us: control.received follows, and the session controller takes it from there.
        if (message.controller.participantId === assisting.participantId) return false;
        await this.store.assistResumed({
          participantId: assisting.participantId,
          controllerName: message.controller.name,
          participants: assisting.participants.map((p) =>
            p.id === message.controller.participantId ? { ...p, role: 'controller' } : p.id === message.previous.participantId ? { ...p, role: 'assistant' } : p,
          ),
          sharing: false,
        });
        // Someone else controls it now: watch their stage instead.
        await this.watch();
        return true;
      }
      default:
        return false;
    }
  }

  async #ended(reason: 'ended_by_rep' | 'rep_gone' | 'server_shutdown' | 'gone'): Promise<void> {
    const assisting = this.store.assisting;
    if (!assisting) return;
    await this.store.assistEnded({ kind: 'assist_ended', number: assisting.number, reason });
    if (!this.store.wantsConnection) this.server.unwant();
    await this.#dropMedia();
  }
}
