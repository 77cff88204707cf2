// The rep's side of a support session: turns popup commands, server pushes and
// media events into store changes, server requests and media commands. It is
// the only place that knows all three; each of them knows nothing of the others.
// Invitations (invitations.ts) and assisting another rep's session
// (assisting.ts) are flows of their own; this class routes to them.
import type { IceServer } from '../shared/protocol/common.ts';
import { PeerAssistError } from '../shared/protocol/errors.ts';
import type { MediaEventBody, PopupCommand } from '../shared/protocol/runtime.ts';
import type { EmailMode } from '../shared/protocol/settings.ts';
import type { ServerMessage } from '../shared/protocol/wire.ts';
import { Assisting } from './assisting.ts';
import { signIn, signOut } from './auth-client.ts';
import { Invitations } from './invitations.ts';
import type { MediaHost } from './media-host.ts';
import type { RepStore } from './rep-store.ts';
import type { ServerConnection } from './server-connection.ts';

/** What the controller needs from the browser's tabs; injected (Chrome/Firefox differ, tests fake it). */
export interface TabCapture {
  /** A stream id for the tab, if this browser can capture tabs. */
  streamIdFor(tabId: number): Promise<string>;
  /** The tab's viewport size in CSS pixels, if known. */
  sizeOf(tabId: number): Promise<{ width: number; height: number } | undefined>;
  titleOf(tabId: number): Promise<string>;
  /** Show or hide the "this tab is shared" banner in the tab itself; best effort. */
  showBanner(tabId: number): Promise<void>;
  hideBanner(tabId: number): Promise<void>;
}

export class SessionController {
  #iceServers: IceServer[] = [];
  readonly #now: () => number = Date.now;
  readonly #invitations: Invitations;
  readonly #assisting: Assisting;

  constructor(
    private readonly store: RepStore,
    private readonly server: ServerConnection,
    private readonly media: MediaHost,
    private readonly tabs: TabCapture,
  ) {
    this.#invitations = new Invitations(store, server, this.#now);
    this.#assisting = new Assisting(store, server);
  }

  /** Join another rep's session as an assistant: from the dashboard, or from the support site (site bridge). */
  joinAsAssistant(number: string): Promise<void> {
    return this.#assisting.join(number);
  }

  // ---- popup commands -------------------------------------------------------

  async execute(command: PopupCommand): Promise<void> {
    switch (command.type) {
      case 'auth.signIn': {
        const auth = await signIn(command.serverUrl, command.email, command.password);
        await this.store.signedIn(command.serverUrl, auth);
        return;
      }
      case 'auth.signOut':
        return this.#signOut();
      case 'settings.setServer': {
        const serverUrl = command.serverUrl.replace(/\/+$/, '');
        if (serverUrl === this.store.serverUrl) return;
        if (this.store.auth) await this.#signOut();
        await this.store.setServerUrl(serverUrl);
        return;
      }
      case 'session.start':
        return this.#startSession();
      case 'session.end':
        return this.#endSession();
      case 'share.tab':
        return this.#shareTab(command.tabId);
      case 'share.stop':
        return this.#stopShare();
      case 'participant.admit':
      case 'participant.deny': {
        const session = this.#requireSession();
        await this.server.request({ type: command.type, sessionId: session.info.id, participantId: command.participantId });
        return;
      }
      case 'error.dismiss':
        return this.store.setError(null);
      case 'notice.dismiss':
        return this.store.dismissNotice(command.noticeId);
      case 'invite.send':
        return this.#invitations.send(command.kind, command.email, command.locale);
      case 'invite.opened':
        return this.#invitations.opened(command.kind, command.email, command.invitationId);
      case 'assist.join':
        return this.#assisting.join(command.number);
      case 'assist.leave':
        return this.#assisting.leave();
      case 'startNotice.dismiss':
        return this.store.dismissStartNotice();
    }
  }

  async #signOut(): Promise<void> {
    const auth = this.store.auth;
    if (this.store.session) await this.#endSession().catch(() => this.#cleanUp());
    if (this.store.assisting) await this.#assisting.leave();
    this.server.unwant();
    await this.store.signedOut();
    if (auth) await signOut(this.store.serverUrl, auth.accessToken).catch(() => {});
  }

  // ---- connection lifecycle -------------------------------------------------

  /**
   * Called on every (re)connection, after rep.welcome and before the connection
   * counts as online: re-attach to our session if we hold one.
   */
  async onConnected(iceServers: IceServer[], emailMode?: EmailMode): Promise<void> {
    this.#iceServers = iceServers;
    if (emailMode) await this.store.setEmailMode(emailMode);
    if (this.store.assisting) return this.#assisting.resume();
    const session = this.store.session;
    if (!session) return;
    try {
      const reply = await this.server.request({ type: 'session.resume', sessionId: session.info.id });
      if (reply.type !== 'session.resumed') return;
      await this.store.sessionResumed(reply.session, reply.participants);
      await this.#reconcileMedia(reply.sharing);
    } catch (error) {
      if (error instanceof PeerAssistError && (error.reason === 'no_session' || error.reason === 'forbidden')) {
        await this.#cleanUp({ reason: 'no_session', message: 'The session is no longer on the server.' });
        return;
      }
      throw error;
    }
  }

  /** After a worker restart or reconnect: peers for every connected customer, none for anyone else. */
  async #reconcileMedia(serverSharing: boolean): Promise<void> {
    const session = this.store.session;
    if (!session) return;
    const status = await this.media.run({ type: 'media.configure', iceServers: this.#iceServers });
    const live = new Set(status.peers ?? []);
    const wanted = new Set(session.participants.filter((p) => p.role === 'customer' && p.state === 'connected').map((p) => p.id));
    for (const id of live) if (!wanted.has(id)) await this.media.run({ type: 'peer.close', participantId: id });
    for (const id of wanted) if (!live.has(id)) await this.media.run({ type: 'peer.open', participantId: id });
    // The media context may have lost the capture (e.g. the offscreen document was closed).
    if (session.share.status !== 'idle' && !status.sharing) return this.#stopShare();
    // The server keeps the share flag while we are away: re-send a change it
    // missed (a share stopped or started while offline; see #stopShare).
    const sharing = session.share.status === 'sharing';
    if (sharing !== serverSharing) {
      await this.server.request({ type: 'share.update', sessionId: session.info.id, sharing }).catch(() => {});
    }
  }

  // ---- server pushes ----------------------------------------------------------

  async onServerMessage(message: ServerMessage): Promise<void> {
    if (await this.#assisting.onServerMessage(message)) return;
    const session = this.store.session;
    switch (message.type) {
      case 'participant.update': {
        if (message.sessionId !== session?.info.id) return;
        const { participant } = message;
        await this.store.upsertParticipant(participant);
        if (participant.role !== 'customer') return;
        if (participant.state === 'connected') await this.media.run({ type: 'peer.open', participantId: participant.id });
        if (participant.state === 'left') await this.media.run({ type: 'peer.close', participantId: participant.id });
        return;
      }
      case 'signal':
        if (!session) return;
        await this.media.run({ type: 'peer.signal', participantId: message.from, payload: message.payload });
        return;
      case 'session.notice':
        if (message.sessionId !== session?.info.id) return;
        await this.store.addNotice({ id: `n${this.#now()}-${Math.floor(Math.random() * 1e6)}`, at: this.#now(), ...message.notice });
        return;
      case 'error':
        // Unasked-for errors: an administrator disabled this account (the server closes the socket next).
        if (message.reason === 'disabled') {
          if (session) await this.#cleanUp();
          this.server.unwant();
          await this.store.signedOut({ reason: 'disabled', message: message.message });
        }
        return;
      case 'session.ended':
        if (message.sessionId !== session?.info.id) return;
        await this.#cleanUp(
          message.reason === 'ended_by_rep' ? undefined : { reason: 'no_session', message: `The session ended (${message.reason}).` },
        );
        return;
      default:
        return;
    }
  }

  // ---- media events -----------------------------------------------------------

  async onMediaEvent(event: MediaEventBody): Promise<void> {
    switch (event.type) {
      case 'media.signal':
        this.server.send({ type: 'signal', to: event.to, payload: event.payload });
        return;
      case 'media.peerState':
        await this.store.setPeerStatus(event.participantId, event.state);
        return;
      case 'media.shareEnded':
        await this.#stopShare();
        return;
    }
  }

  // ---- actions ----------------------------------------------------------------

  async #startSession(): Promise<void> {
    if (!this.store.auth) throw new PeerAssistError('unauthenticated', 'sign in first');
    if (this.store.session) throw new PeerAssistError('already_in_session', 'a session is already running');
    if (this.store.assisting) throw new PeerAssistError('already_in_session', 'leave the session you assist first');
    await this.server.whenReady();
    const reply = await this.server.request({ type: 'session.start' });
    if (reply.type !== 'session.started') throw new PeerAssistError('internal', `unexpected ${reply.type}`);
    await this.store.sessionStarted(reply.session);
    await this.media.run({ type: 'media.configure', iceServers: this.#iceServers });
  }

  async #endSession(): Promise<void> {
    const session = this.#requireSession();
    try {
      await this.server.request({ type: 'session.end', sessionId: session.info.id });
    } catch (error) {
      // Already gone on the server: ending it here is all that is left to do.
      if (!(error instanceof PeerAssistError && error.reason === 'no_session')) throw error;
    }
    await this.#cleanUp();
  }

  async #cleanUp(error?: { reason: 'no_session'; message: string }): Promise<void> {
    const share = this.store.session?.share;
    if (share && share.status !== 'idle') await this.tabs.hideBanner(share.tabId).catch(() => {});
    await this.store.sessionEnded(error);
    this.server.unwant();
    await this.media.dispose().catch((e: unknown) => console.warn('[session] media dispose failed', e));
  }

  async #shareTab(tabId: number): Promise<void> {
    const session = this.#requireSession();
    const previous = session.share;
    await this.store.setShare({ status: 'starting', tabId });
    try {
      const streamId = await this.tabs.streamIdFor(tabId);
      const size = await this.tabs.sizeOf(tabId).catch(() => undefined);
      await this.media.run({ type: 'media.shareTab', streamId, ...(size && { size }) });
    } catch (error) {
      await this.store.setShare(previous.status === 'sharing' ? previous : { status: 'idle' });
      if (error instanceof PeerAssistError) throw error;
      throw new PeerAssistError('capture_failed', error instanceof Error ? error.message : String(error), { cause: error });
    }
    if (previous.status !== 'idle' && previous.tabId !== tabId) await this.tabs.hideBanner(previous.tabId).catch(() => {});
    const title = await this.tabs.titleOf(tabId).catch(() => '');
    await this.store.setShare({ status: 'sharing', tabId, tabTitle: title.slice(0, 512) });
    await this.tabs.showBanner(tabId).catch(() => {});
    await this.server.request({ type: 'share.update', sessionId: session.info.id, sharing: true });
  }

  async #stopShare(): Promise<void> {
    const session = this.store.session;
    if (!session || session.share.status === 'idle') return;
    const { tabId } = session.share;
    await this.media.run({ type: 'media.stopShare' });
    await this.store.setShare({ status: 'idle' });
    await this.tabs.hideBanner(tabId).catch(() => {});
    await this.server.request({ type: 'share.update', sessionId: session.info.id, sharing: false }).catch(() => {
      // Offline: the customer's view goes dark through renegotiation anyway; state is re-sent on resume.
    });
  }

  #requireSession() {
    const session = this.store.session;
    if (!session) throw new PeerAssistError('no_session', 'no session is running');
    return session;
  }
}
