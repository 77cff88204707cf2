// The rep's side of support sessions: turns popup commands, server pushes and
// media events into store changes, server requests and media commands. It is
// the only place that knows all three; each of them knows nothing of the others.
// Invitations (invitations.ts) and assisting another rep's session
// (assisting.ts) are flows of their own; this class routes to them.
//
// Sessions (S11–S15): the rep controls one session with several customers
// (single-session mode) or several sessions with one customer each
// (multi-session mode); the *active* session is the one the dashboard shows
// and the rep's shares go to. Each session has one stage (wire.ts, Stage): the
// rep's share or the selected customer's screen. Supporting someone else —
// selecting another customer, or another session tab — ends every share
// first (S14), so the stage never outlives the rep's choice of customer.
import type { IceServer } from '../shared/protocol/common.ts';
import { PeerAssistError } from '../shared/protocol/errors.ts';
import type { DashboardSession, MediaEventBody, PopupCommand, SharePrefs } from '../shared/protocol/runtime.ts';
import type { SessionKind } from '../shared/protocol/settings.ts';
import { MAX_HANDOFF_MESSAGE, type AgentStatus, type HandoffTarget, type ServerMessage, type ServerMessageOf } from '../shared/protocol/wire.ts';
import { Assisting } from './assisting.ts';
import { signIn, signOut } from './auth-client.ts';
import { Invitations } from './invitations.ts';
import { RepChat } from './chat.ts';
import type { TabMarks } from './tab-marks.ts';
import type { MediaHost } from './media-host.ts';
import type { RepStore } from './rep-store.ts';
import type { ServerConnection, Welcome } from './server-connection.ts';

/** How long the rep keeps the peers of customers of a session the server restored (issue #10) for them to come back. */
const RETURN_WAIT_MS = 20_000;

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

type ShareSource = { source: 'tab'; tabId: number } | { source: 'desktop' };

/** Who handed control over and why, from control.transferred, until control.received arrives. */
type PendingControl = { sessionId: string; previous: string; reason: 'transfer' | 'controller_gone' };


export class SessionController {
  #iceServers: IceServer[] = [];
  #pendingControl: PendingControl | undefined;
  /** Sessions whose offer this agent accepted: their control.received is expected. */
  readonly #accepting = new Set<string>();
  readonly #now: () => number = Date.now;
  readonly #invitations: Invitations;
  readonly #assisting: Assisting;
  readonly #chat: RepChat;

  constructor(
    private readonly store: RepStore,
    private readonly server: ServerConnection,
    private readonly media: MediaHost,
    private readonly tabs: TabCapture,
    /** Draws pointer/annotation marks in the tab we share (issue #9); none where tabs cannot be captured. */
    private readonly marks?: TabMarks,
  ) {
    this.#invitations = new Invitations(store, server, this.#now);
    this.#assisting = new Assisting(store, server, media, () => this.#iceServers);
    this.#chat = new RepChat(store, media, this.#now);
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
        // An agent is reachable for offers from now on (S25).
        if (this.store.isAgent) this.server.want();
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
        return this.#startSession(command.kind);
      case 'session.end':
        return this.#endSession(command.sessionId ? this.#requireSession(command.sessionId) : this.#requireActive());
      case 'session.activate':
        return this.#activate(command.sessionId);
      case 'share.tab':
        return this.#share({ source: 'tab', tabId: command.tabId });
      case 'share.desktop':
        return this.#share({ source: 'desktop' });
      case 'share.stop':
        return this.#stopShare(this.#requireActive());
      case 'share.prefs':
        return this.#setPrefs(command.prefs);
      case 'support.select':
        return this.#select(command.participantId);
      case 'screen.request':
        return this.#requestScreen(command.participantId);
      case 'screen.stop':
        return this.#stopViewing(this.#requireActive());
      case 'participant.admit':
      case 'participant.deny': {
        const session = this.store.sessionOf(command.participantId) ?? this.#requireActive();
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
      case 'control.transfer':
        return this.#transfer(command.participantId);
      case 'agent.status':
        return this.#setAgentStatus(command.status);
      case 'agents.refresh':
        return this.#refreshDirectory();
      case 'session.handoff':
        return this.#handoff(command.target, command.message);
      case 'handoff.cancel': {
        const session = this.#requireActive();
        await this.server.request({ type: 'handoff.cancel', sessionId: session.info.id });
        await this.store.setHandoff(session.info.id, null);
        return;
      }
      case 'offer.accept':
        return this.#acceptOffer(command.offerId);
      case 'offer.decline':
        await this.store.removeOffer(command.offerId);
        await this.server.request({ type: 'offer.decline', offerId: command.offerId }).catch(() => {});
        return;
      case 'startNotice.dismiss':
        return this.store.dismissStartNotice();
      case 'chat.send':
        return this.#chat.send(command.sessionId, command.text);
      case 'chat.read':
        return this.#chat.read(command.sessionId);
    }
  }

  async #signOut(): Promise<void> {
    const auth = this.store.auth;
    for (const session of [...this.store.sessions]) await this.#endSession(session).catch(() => this.#cleanUp(session.info.id));
    if (this.store.assisting) await this.#assisting.leave();
    this.server.unwant();
    await this.store.signedOut();
    if (auth) await signOut(this.store.serverUrl, auth.accessToken).catch(() => {});
  }

  // ---- connection lifecycle -------------------------------------------------

  /**
   * Called on every (re)connection, after rep.welcome and before the connection
   * counts as online: re-attach to our sessions if we hold any.
   */
  async onConnected(welcome: Welcome): Promise<void> {
    this.#iceServers = welcome.iceServers;
    await this.store.setServerModes(welcome);
    if (this.store.isAgent) await this.server.request({ type: 'agent.status', status: this.store.agentStatus }).catch(() => {});
    if (this.store.assisting) return this.#assisting.resume();
    const ours = new Map<string, boolean>();
    /** Customers of sessions the server restored after a restart: on their way back under the same ids. */
    const returning = new Set<string>();
    for (const session of [...this.store.sessions]) {
      try {
        const reply = await this.server.request({ type: 'session.resume', sessionId: session.info.id });
        if (reply.type !== 'session.resumed') continue;
        if (reply.restored) for (const p of session.participants) if (p.role === 'customer' && p.state === 'connected') returning.add(p.id);
        await this.store.sessionResumed(reply.session, reply.participants, { selectedId: reply.selectedId, stage: reply.stage });
        ours.set(session.info.id, reply.stage?.role === 'controller');
      } catch (error) {
        if (error instanceof PeerAssistError && (error.reason === 'no_session' || error.reason === 'forbidden')) {
          await this.#cleanUp(session.info.id, { reason: 'no_session', message: 'The session is no longer on the server.' });
          continue;
        }
        throw error;
      }
    }
    if (ours.size > 0) await this.#reconcileMedia(ours, returning);
    if (returning.size > 0) {
      // Those who have not come back by then are gone: their peers go too.
      setTimeout(() => void this.#dropUnreturned(returning).catch((e: unknown) => console.warn('[session] dropping peers failed', e)), RETURN_WAIT_MS);
    }
  }

  async #dropUnreturned(returning: Set<string>): Promise<void> {
    const back = new Set(this.store.sessions.flatMap((s) => s.participants.filter((p) => p.state === 'connected').map((p) => p.id)));
    for (const id of returning) if (!back.has(id)) await this.media.run({ type: 'peer.close', participantId: id });
  }

  /**
   * After a worker restart or reconnect: peers for every connected customer and
   * none for anyone else, the stage forwarded as the server says, and our
   * share's state told to the server if it missed a change while we were away.
   */
  async #reconcileMedia(serverSaysWeShare: Map<string, boolean>, returning: ReadonlySet<string> = new Set()): Promise<void> {
    const status = await this.media.run({ type: 'media.configure', iceServers: this.#iceServers });
    const live = new Set(status.peers ?? []);
    const wanted = new Map<string, { sessionId: string; name: string; role: 'assistant' | 'customer' }>();
    for (const session of this.store.sessions) {
      for (const p of session.participants) {
        if (p.role !== 'controller' && p.state === 'connected') wanted.set(p.id, { sessionId: session.info.id, name: p.name, role: p.role });
      }
    }
    // A customer coming back after a server restart keeps their peer: media never went through the server.
    for (const id of live) if (!wanted.has(id) && !returning.has(id)) await this.media.run({ type: 'peer.close', participantId: id });
    // The hub replays the log to whoever joins: it needs the log first (a new media context has none).
    for (const session of this.store.sessions) await this.#chat.seed(session.info.id);
    for (const [id, peer] of wanted) if (!live.has(id)) await this.media.run({ type: 'peer.open', participantId: id, ...peer });
    for (const session of [...this.store.sessions]) {
      await this.#forwardStage(session);
      // The media context may have lost the capture (e.g. the offscreen document was closed).
      if (session.share.status !== 'idle' && !status.sharing) {
        await this.#stopShare(session);
        continue;
      }
      const sharing = session.share.status === 'sharing';
      const serverThinks = serverSaysWeShare.get(session.info.id) ?? false;
      if (sharing !== serverThinks) {
        await this.server.request({ type: 'share.update', sessionId: session.info.id, sharing }).catch(() => {});
      }
    }
  }

  // ---- server pushes ----------------------------------------------------------

  async onServerMessage(message: ServerMessage): Promise<void> {
    if (await this.#onWebAcd(message)) return;
    if (message.type === 'control.transferred') this.#notePendingControl(message);
    if (message.type === 'control.received') return this.#controlReceived(message);
    if (message.type === 'control.released') return this.#controlReleased(message);
    if (await this.#assisting.onServerMessage(message)) return;
    switch (message.type) {
      case 'participant.update': {
        const session = this.store.sessionById(message.sessionId);
        if (!session) return;
        const { participant } = message;
        await this.store.upsertParticipant(session.info.id, participant);
        // Customers and assistants both watch the stage (S17); the controller is us.
        if (participant.role === 'controller') return;
        if (participant.state === 'connected') {
          await this.media.run({ type: 'peer.open', participantId: participant.id, sessionId: session.info.id, name: participant.name, role: participant.role });
        }
        if (participant.state === 'left') await this.media.run({ type: 'peer.close', participantId: participant.id });
        return;
      }
      case 'share.state': {
        const session = this.store.sessionById(message.sessionId);
        if (!session) return;
        await this.store.setSupport(session.info.id, { stage: message.stage });
        await this.#forwardStage(this.store.sessionById(session.info.id));
        return;
      }
      case 'support.selected': {
        const session = this.store.sessionById(message.sessionId);
        if (!session) return;
        // Every share ended on the server: ours too (S14).
        if (message.sharesStopped) await this.#stopShare(session, { tellServer: false });
        await this.store.setSupport(session.info.id, {
          selectedId: message.participantId,
          ...(message.sharesStopped && { stage: null }),
        });
        await this.#forwardStage(this.store.sessionById(session.info.id));
        return;
      }
      case 'signal':
        if (!this.store.sessionOf(message.from)) return;
        await this.media.run({ type: 'peer.signal', participantId: message.from, payload: message.payload });
        return;
      case 'session.notice': {
        const session = this.store.sessionById(message.sessionId);
        if (!session) return;
        const { notice } = message;
        if (notice.kind === 'screen_refused') await this.store.setScreenRequest(session.info.id, null);
        await this.store.addNotice(session.info.id, {
          id: `n${this.#now()}-${Math.floor(Math.random() * 1e6)}`,
          at: this.#now(),
          kind: notice.kind,
          name: notice.name,
          reason: notice.reason,
        });
        return;
      }
      case 'error':
        // Unasked-for errors: an administrator disabled this account (the server closes the socket next).
        if (message.reason === 'disabled') {
          for (const session of [...this.store.sessions]) await this.#cleanUp(session.info.id);
          this.server.unwant();
          await this.store.signedOut({ reason: 'disabled', message: message.message });
        }
        return;
      case 'session.ended':
        if (!this.store.sessionById(message.sessionId)) return;
        await this.#cleanUp(
          message.sessionId,
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
      case 'media.peerQuality':
        await this.store.setQuality(event.participantId, event.quality);
        return;
      case 'media.chat':
        await this.#chat.received(event.sessionId, event.entry);
        return;
      case 'media.mark': {
        const share = this.store.sessionById(event.sessionId)?.share;
        if (share?.status !== 'sharing' || share.tabId === undefined) return;
        await this.marks?.show(share.tabId, event.mark).catch((e: unknown) => console.warn('[session] could not draw a mark in the shared tab', e));
        return;
      }
      case 'media.shareEnded': {
        const session = this.store.sessions.find((s) => s.share.status !== 'idle');
        if (session) await this.#stopShare(session);
        return;
      }
    }
  }

  // ---- sessions ---------------------------------------------------------------

  async #startSession(kind: SessionKind | undefined): Promise<void> {
    if (!this.store.auth) throw new PeerAssistError('unauthenticated', 'sign in first');
    if (this.store.assisting) throw new PeerAssistError('already_in_session', 'leave the session you assist first');
    // The server decides whether another session is allowed (mode, limits).
    await this.server.whenReady();
    const reply = await this.server.request({ type: 'session.start', ...(kind && { kind }) });
    if (reply.type !== 'session.started') throw new PeerAssistError('internal', `unexpected ${reply.type}`);
    // The new session becomes the active tab: the one we leave stops sharing first (S14, S15).
    const previous = this.store.session;
    if (previous) await this.#endSharing(previous);
    await this.store.sessionStarted(reply.session);
    await this.media.run({ type: 'media.configure', iceServers: this.#iceServers });
  }

  async #activate(sessionId: string): Promise<void> {
    const next = this.#requireSession(sessionId);
    const previous = this.store.session;
    if (previous?.info.id === next.info.id) return;
    if (previous) await this.#endSharing(previous);
    await this.store.activate(next.info.id);
  }

  async #endSession(session: DashboardSession): Promise<void> {
    try {
      await this.server.request({ type: 'session.end', sessionId: session.info.id });
    } catch (error) {
      // Already gone on the server: ending it here is all that is left to do.
      if (!(error instanceof PeerAssistError && error.reason === 'no_session')) throw error;
    }
    await this.#cleanUp(session.info.id);
  }

  async #cleanUp(sessionId: string, error?: { reason: 'no_session'; message: string }): Promise<void> {
    const session = this.store.sessionById(sessionId);
    if (!session) return;
    const { share } = session;
    if (share.status !== 'idle' && share.tabId !== undefined) await this.tabs.hideBanner(share.tabId).catch(() => {});
    await this.store.sessionEnded(sessionId, error);
    if (this.store.sessions.length === 0) {
      // An agent stays reachable for offers.
      if (!this.store.wantsConnection) this.server.unwant();
      await this.media.dispose().catch((e: unknown) => console.warn('[session] media dispose failed', e));
      return;
    }
    // Other sessions go on: only this one's media goes.
    const run = (command: Parameters<MediaHost['run']>[0]) =>
      this.media.run(command).catch((e: unknown) => console.warn(`[session] ${command.type} failed`, e));
    if (share.status !== 'idle') await run({ type: 'media.stopShare' });
    await run({ type: 'media.forward', sessionId, participantId: null });
    for (const p of session.participants) if (p.role === 'customer') await run({ type: 'peer.close', participantId: p.id });
  }

  // ---- whom the rep supports (S12–S14) ------------------------------------------

  async #select(participantId: string | null): Promise<void> {
    const session = this.#requireActive();
    if (session.selectedId === participantId) return;
    // Switching customer ends all sharing: ours here; the server ends the customer's and tells everyone.
    await this.#stopShare(session, { tellServer: false });
    const reply = await this.server.request({ type: 'support.select', sessionId: session.info.id, participantId });
    if (reply.type !== 'ok') throw new PeerAssistError('internal', `unexpected ${reply.type}`);
    await this.store.setSupport(session.info.id, { selectedId: participantId, stage: null });
    await this.#forwardStage(this.store.sessionById(session.info.id));
  }

  async #requestScreen(participantId: string): Promise<void> {
    const session = this.#requireActive();
    if (session.selectedId !== participantId) throw new PeerAssistError('not_selected', 'select the customer first');
    // One stage per session: the customer's screen replaces our share.
    await this.#stopShare(session);
    await this.server.request({ type: 'screen.request', sessionId: session.info.id, participantId });
    await this.store.setScreenRequest(session.info.id, { participantId, at: this.#now() });
  }

  /** "Stop viewing": the customer on the stage stops sharing (the server tells them). */
  async #stopViewing(session: DashboardSession): Promise<void> {
    if (session.screenRequest) await this.store.setScreenRequest(session.info.id, null);
    if (session.stage?.role !== 'customer') return;
    await this.server.request({ type: 'share.update', sessionId: session.info.id, sharing: false });
    await this.store.setSupport(session.info.id, { stage: null });
    await this.#forwardStage(this.store.sessionById(session.info.id));
  }

  /** Leaving a session tab (another tab, a new session): nothing of it stays shared. */
  async #endSharing(session: DashboardSession): Promise<void> {
    await this.#stopShare(session);
    await this.#stopViewing(session).catch((e: unknown) => console.warn('[session] stop viewing failed', e));
  }

  /** Tell the media context whose screen the session's peers and the viewer get. */
  async #forwardStage(session: DashboardSession | undefined): Promise<void> {
    if (!session) return;
    const participantId = session.stage?.role === 'customer' ? session.stage.participantId : null;
    await this.media.run({ type: 'media.forward', sessionId: session.info.id, participantId });
  }

  // ---- transfer of control (S19–S20) -------------------------------------------

  async #transfer(participantId: string): Promise<void> {
    const session = this.#requireActive();
    // A rep either controls sessions or assists one: passing one of several would leave both.
    if (this.store.sessions.length > 1) throw new PeerAssistError('already_in_session', 'end your other sessions first');
    const assistant = session.participants.find((p) => p.id === participantId && p.role === 'assistant' && p.state === 'connected');
    if (!assistant) throw new PeerAssistError('unknown_participant', 'that assistant is no longer in the session');
    // Every share ends with the transfer (S20); the server clears the stage for everyone.
    await this.#stopShare(session, { tellServer: false });
    // So does the chat in progress, with a message to everyone; its log goes with the session.
    const chat = await this.#chat.endForTransfer(session.info.id, assistant.name);
    // A voice call goes on with the new controller (S20): their engine joins it on arrival.
    const media = await this.media.run({ type: 'media.status' }).catch(() => null);
    const callRunning = media?.voiceIn?.includes(session.info.id) === true;
    await this.server.request({
      type: 'control.transfer',
      sessionId: session.info.id,
      participantId,
      // What only this extension holds goes to the new controller's (S20: nothing lost if we leave now).
      handoff: { invitations: session.invitations.filter((i) => i.status !== 'sending'), chat, ...(callRunning && { call: { running: true as const } }) },
    });
  }

  #notePendingControl(message: ServerMessageOf<'control.transferred'>): void {
    if (message.controller.participantId !== this.store.assisting?.participantId) return;
    this.#pendingControl = { sessionId: message.sessionId, previous: message.previous.name, reason: message.reason };
  }

  /** We assisted this session, or accepted its offer, and control came to us: it becomes ours. */
  async #controlReceived(message: ServerMessageOf<'control.received'>): Promise<void> {
    const accepted = this.#accepting.delete(message.sessionId);
    if (!accepted && this.store.assisting?.sessionId !== message.sessionId) return;
    const pending = this.#pendingControl?.sessionId === message.sessionId ? this.#pendingControl : undefined;
    this.#pendingControl = undefined;
    // The peer we watched the old controller through goes (an assistant's only); the engine opens ours to everyone below.
    if (!accepted) await this.media.run({ type: 'media.reset' }).catch((e: unknown) => console.warn('[session] media reset failed', e));
    await this.store.controlReceived(
      message.session,
      message.participants,
      { selectedId: message.selectedId, stage: message.stage },
      message.handoff.invitations,
      message.handoff.chat,
    );
    if (pending) {
      await this.store.addNotice(message.sessionId, {
        id: `n${this.#now()}-control`,
        at: this.#now(),
        kind: 'control_received',
        name: pending.previous.slice(0, 64),
        ...(pending.reason === 'controller_gone' && { reason: 'no_session' as const }),
      });
    }
    await this.#reconcileMedia(new Map([[message.sessionId, false]]));
    // The voice call that was running goes on: our engine joins it with our microphone (S20).
    if (message.handoff.call?.running) {
      await this.media.run({ type: 'calls.continue', sessionId: message.sessionId }).catch((e: unknown) => console.warn('[session] could not join the call', e));
    }
  }

  /** We passed control on: we assist the session now, and watch the new controller's stage. */
  async #controlReleased(message: ServerMessageOf<'control.released'>): Promise<void> {
    const session = this.store.sessionById(message.sessionId);
    if (!session) return;
    const { share } = session;
    if (share.status !== 'idle' && share.tabId !== undefined) await this.tabs.hideBanner(share.tabId).catch(() => {});
    // Our peers to the customers go: the new controller's engine connects to them.
    await this.media.run({ type: 'media.reset', reason: 'control_transferred' }).catch((e: unknown) => console.warn('[session] media reset failed', e));
    await this.store.controlReleased({
      sessionId: message.sessionId,
      number: message.number,
      participantId: message.participantId,
      controllerName: message.controllerName,
      participants: message.participants.filter((p) => p.state !== 'left'),
      sharing: message.sharing,
      passedTo: message.controllerName,
    });
    await this.#assisting.watch();
  }

  // ---- WebACD: agents, queues, offers (S21–S25) ----------------------------------

  async #setAgentStatus(status: AgentStatus): Promise<void> {
    await this.store.setAgentStatus(status);
    // Offline it is told on the next connection (onConnected).
    if (this.server.online) await this.server.request({ type: 'agent.status', status }).catch(() => {});
  }

  async #refreshDirectory(): Promise<void> {
    await this.server.whenReady();
    const reply = await this.server.request({ type: 'agents.list' });
    if (reply.type !== 'agents.listed') throw new PeerAssistError('internal', `unexpected ${reply.type}`);
    await this.store.setDirectory({ queues: reply.queues, agents: reply.agents, at: this.#now() });
  }

  /** Transfer session (S23–S25): offer the active session to a queue or to agents; the sender stays until one accepts. */
  async #handoff(target: HandoffTarget, message: string | undefined): Promise<void> {
    const session = this.#requireActive();
    if (!this.store.isAgent) throw new PeerAssistError('forbidden', 'only WebACD agents transfer sessions to queues and agents');
    if (message !== undefined && message.length > MAX_HANDOFF_MESSAGE) {
      throw new PeerAssistError('message_too_long', `a private message has at most ${MAX_HANDOFF_MESSAGE} characters`);
    }
    await this.server.request({
      type: 'session.handoff',
      sessionId: session.info.id,
      target,
      ...(message && { message }),
      handoff: { invitations: session.invitations.filter((i) => i.status !== 'sending'), ...this.#chat.handoffPart(session.info.id) },
    });
  }

  async #acceptOffer(offerId: string): Promise<void> {
    const offer = this.store.offers.find((o) => o.offerId === offerId);
    if (!offer) throw new PeerAssistError('offer_gone', 'that offer is no longer open');
    if (this.store.assisting) throw new PeerAssistError('already_in_session', 'leave the session you assist first');
    this.#accepting.add(offer.sessionId);
    try {
      await this.store.removeOffer(offerId);
      await this.server.request({ type: 'offer.accept', offerId });
    } catch (error) {
      this.#accepting.delete(offer.sessionId);
      throw error;
    }
  }

  /** Offers, withdrawals and the state of our own transfers; true when the message was one of them. */
  async #onWebAcd(message: ServerMessage): Promise<boolean> {
    switch (message.type) {
      case 'agent.offer': {
        const { type: _type, queueId: _queueId, ...offer } = message;
        await this.store.addOffer(offer);
        return true;
      }
      case 'offer.withdrawn':
        await this.store.removeOffer(message.offerId);
        return true;
      case 'agent.status':
        // Another socket of ours changed it, or the server says what is in force.
        if (message.status !== this.store.agentStatus) await this.store.setAgentStatus(message.status);
        return true;
      case 'handoff.state': {
        const session = this.store.sessionById(message.sessionId);
        if (!session) return true;
        if (message.state === 'accepted') {
          // An agent took the session over: our participation ends here (S25).
          await this.#cleanUp(session.info.id);
          await this.store.setStartNotice({ kind: 'assist_ended', number: session.info.number, reason: 'transferred' });
          return true;
        }
        const { state, queueId, position } = message;
        await this.store.setHandoff(
          session.info.id,
          state === 'cancelled' ? null : { state, ...(queueId !== undefined && { queueId }), ...(position !== undefined && { position }) },
        );
        return true;
      }
      default:
        return false;
    }
  }

  // ---- the rep's own share ------------------------------------------------------

  async #share(what: ShareSource): Promise<void> {
    const session = this.#requireActive();
    // A customer's screen on the stage gives way to ours: they are told to stop.
    if (session.stage?.role === 'customer' || session.screenRequest) await this.#stopViewing(session);
    const previous = session.share;
    const tabId = what.source === 'tab' ? what.tabId : undefined;
    await this.store.setShare(session.info.id, { status: 'starting', ...(tabId !== undefined && { tabId }) });
    let label: string | undefined;
    try {
      const prefs = this.store.sharePrefs;
      if (what.source === 'tab') {
        const streamId = await this.tabs.streamIdFor(what.tabId);
        const size = await this.tabs.sizeOf(what.tabId).catch(() => undefined);
        await this.media.run({ type: 'media.share', sessionId: session.info.id, source: 'tab', streamId, prefs, ...(size && { size }) });
      } else {
        label = (await this.media.run({ type: 'media.share', sessionId: session.info.id, source: 'desktop', prefs })).label;
      }
    } catch (error) {
      await this.store.setShare(session.info.id, previous.status === 'sharing' ? previous : { status: 'idle' });
      if (error instanceof PeerAssistError) throw error;
      throw new PeerAssistError('capture_failed', error instanceof Error ? error.message : String(error), { cause: error });
    }
    if (previous.status !== 'idle' && previous.tabId !== undefined && previous.tabId !== tabId) {
      await this.tabs.hideBanner(previous.tabId).catch(() => {});
    }
    if (tabId !== undefined) {
      const title = await this.tabs.titleOf(tabId).catch(() => '');
      await this.store.setShare(session.info.id, { status: 'sharing', tabId, tabTitle: title.slice(0, 512) });
      await this.tabs.showBanner(tabId).catch(() => {});
    } else {
      await this.store.setShare(session.info.id, { status: 'sharing', tabTitle: (label ?? '').slice(0, 512) });
    }
    await this.server.request({ type: 'share.update', sessionId: session.info.id, sharing: true });
  }

  /**
   * Stops our capture in this session. `tellServer: false` when the server
   * already knows (it cleared the stage itself, e.g. on support.select).
   */
  async #stopShare(session: DashboardSession, { tellServer = true } = {}): Promise<void> {
    const current = this.store.sessionById(session.info.id);
    if (!current || current.share.status === 'idle') return;
    const { tabId } = current.share;
    await this.media.run({ type: 'media.stopShare' });
    await this.store.setShare(current.info.id, { status: 'idle' });
    if (tabId !== undefined) await this.tabs.hideBanner(tabId).catch(() => {});
    if (!tellServer) return;
    await this.server.request({ type: 'share.update', sessionId: current.info.id, sharing: false }).catch(() => {
      // Offline: the customers' view goes dark through renegotiation anyway; the state is re-sent on resume.
    });
  }

  async #setPrefs(prefs: SharePrefs): Promise<void> {
    await this.store.setSharePrefs(prefs);
    if (this.store.sessions.some((s) => s.share.status === 'sharing')) await this.media.run({ type: 'media.prefs', prefs });
  }

  #requireActive(): DashboardSession {
    const session = this.store.session;
    if (!session) throw new PeerAssistError('no_session', 'no session is running');
    return session;
  }

  #requireSession(sessionId: string): DashboardSession {
    const session = this.store.sessionById(sessionId);
    if (!session) throw new PeerAssistError('no_session', 'no such session');
    return session;
  }
}
