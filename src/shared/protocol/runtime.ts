// Messages between the extension's own contexts, named by who talks to whom:
//   popup → background    PopupCommand    (over a runtime Port; replies carry the rid)
//   background → popup    PopupPush       (state snapshots, replies)
//   background → media    MediaCommand    (runtime.sendMessage with target 'media')
//   media → background    MediaEvent      (runtime.sendMessage with target 'background')
// "media" is the offscreen document on Chrome and the background page itself on Firefox.
// The support site's content script talks to the background too: see site.ts.
import { z } from 'zod';
import { Email, IceServer, Id, Participant, RequestId, SessionNumber, SignalPayload } from './common.ts';
import { MarkMessage } from './channel.ts';
import { ChatEntry, ChatLog, ChatText } from './chat.ts';
import { ErrorReason } from './errors.ts';
import { EmailMode, SessionKind } from './settings.ts';
import { Invitation, InvitationAddress, InviteKind, MAX_INVITATIONS } from './invitation.ts';
import { AgentPresence, AgentStatus, HandoffTarget, MAX_HANDOFF_MESSAGE, SessionInfo, Stage, UserInfo } from './wire.ts';

export { AgentStatus } from './wire.ts';

export { Invitation, InvitationAddress, InvitationStatus, InviteKind, MAX_INVITATIONS } from './invitation.ts';

const rid = { rid: RequestId };

/**
 * Firefox suspends an idle event page (30 s by default; PLATFORM.md), and with
 * it the engine and every peer connection in it. An extension message is an
 * event that restarts that clock: open dashboard pages (the tab or sidebar the
 * rep works in) send this one every KEEPALIVE_MS.
 */
export const KeepAlive = z.object({ target: z.literal('background'), type: z.literal('keepalive') });
export type KeepAlive = z.infer<typeof KeepAlive>;
export const KEEPALIVE_MS = 5_000;

/** The dashboard as a page of its own: Chrome's side panel, Firefox's sidebar, or a tab (Firefox shares from there). */
export const DASHBOARD_PAGE = 'popup/sidepanel.html';

/** The language of an invitation's text: the rep's UI language. */
export const Locale = z.enum(['en', 'ko']);

/** How the rep's shares are captured: readable text first (contentHint "detail"), at most this size and rate. */
export const SharePrefs = z.object({
  resolution: z.enum(['720p', '1080p', '1440p']),
  frameRate: z.union([z.literal(5), z.literal(15), z.literal(30)]),
});
export type SharePrefs = z.infer<typeof SharePrefs>;
export const DEFAULT_SHARE_PREFS: SharePrefs = { resolution: '1080p', frameRate: 30 };
export const RESOLUTION_LIMITS: Record<SharePrefs['resolution'], { width: number; height: number }> = {
  '720p': { width: 1280, height: 720 },
  '1080p': { width: 1920, height: 1080 },
  '1440p': { width: 2560, height: 1440 },
};

// ---- WebACD (S21–S25) ----------------------------------------------------------

/** The private message to the agents, never shown to the customer (S24). */
export const MAX_PRIVATE_MESSAGE = MAX_HANDOFF_MESSAGE;

export const HandoffStatus = z.object({
  state: z.enum(['offered', 'queued', 'accepted', 'cancelled']),
  queueId: Id.optional(),
  /** Place in the queue, 1 = next. */
  position: z.number().int().positive().optional(),
});
export type HandoffStatus = z.infer<typeof HandoffStatus>;

export const AgentOffer = z.object({
  offerId: Id,
  sessionId: Id,
  number: SessionNumber,
  fromName: z.string().max(200),
  customers: z.array(z.string().max(64)).max(100),
  message: z.string().max(MAX_PRIVATE_MESSAGE).optional(),
  expiresAt: z.number(),
});
export type AgentOffer = z.infer<typeof AgentOffer>;

export const Directory = z.object({
  queues: z.array(z.object({ id: Id, name: z.string().max(200) })).max(200),
  agents: z.array(z.object({ userId: Id, name: z.string().max(200), status: AgentPresence })).max(500),
  at: z.number(),
});
export type Directory = z.infer<typeof Directory>;

// ---- popup → background -----------------------------------------------------

export const PopupCommand = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('auth.signIn'),
    ...rid,
    serverUrl: z.string().url().max(512),
    email: Email,
    password: z.string().min(1).max(512),
  }),
  z.object({ type: z.literal('auth.signOut'), ...rid }),
  /** Options page: change the server address (signs out of the old server). */
  z.object({ type: z.literal('settings.setServer'), ...rid, serverUrl: z.string().url().max(512) }),
  /** Start a session; `kind` only matters to a rep whose mode is 'both' (S1). */
  z.object({ type: z.literal('session.start'), ...rid, kind: SessionKind.optional() }),
  /** End the active session (or the one named). */
  z.object({ type: z.literal('session.end'), ...rid, sessionId: Id.optional() }),
  /** Multi-session mode (S15): support the customer of this session tab; every share of the previous one ends. */
  z.object({ type: z.literal('session.activate'), ...rid, sessionId: Id }),
  /** Share a tab the user invoked the extension on (activeTab grant), by id. */
  z.object({ type: z.literal('share.tab'), ...rid, tabId: z.number().int().nonnegative() }),
  /** Share a window or the whole screen: the browser's picker lets the rep choose (S13). */
  z.object({ type: z.literal('share.desktop'), ...rid }),
  /** Stop the rep's own share. */
  z.object({ type: z.literal('share.stop'), ...rid }),
  /** The resolution and frame rate of the rep's shares (the next share, and the running one). */
  z.object({ type: z.literal('share.prefs'), ...rid, prefs: SharePrefs }),
  /** Support this customer of the active session, or nobody (S12, S14). */
  z.object({ type: z.literal('support.select'), ...rid, participantId: Id.nullable() }),
  /** "View customer's screen": ask the selected customer to share (S13). */
  z.object({ type: z.literal('screen.request'), ...rid, participantId: Id }),
  /** Stop viewing: the customer's share ends. */
  z.object({ type: z.literal('screen.stop'), ...rid }),
  z.object({ type: z.literal('participant.admit'), ...rid, participantId: Id }),
  z.object({ type: z.literal('participant.deny'), ...rid, participantId: Id }),
  z.object({ type: z.literal('error.dismiss'), ...rid }),
  z.object({ type: z.literal('notice.dismiss'), ...rid, noticeId: z.string().max(40) }),
  /** Tools → Invite → OK without "Send using my email program": the server sends it (S10). */
  z.object({ type: z.literal('invite.send'), ...rid, kind: InviteKind, email: Email, locale: Locale }),
  /**
   * The dashboard opened an invitation in the rep's own mail program: list it.
   * With `invitationId`, a failed server invitation was sent that way instead.
   */
  z.object({
    type: z.literal('invite.opened'),
    ...rid,
    kind: InviteKind,
    email: InvitationAddress,
    invitationId: z.string().max(40).optional(),
  }),
  /** Join another rep's session by number as an assistant (S16). */
  z.object({ type: z.literal('assist.join'), ...rid, number: SessionNumber }),
  /** Leave the session this rep assists (it goes on without them). */
  z.object({ type: z.literal('assist.leave'), ...rid }),
  /** Session → Transfer session → Transfer control: hand the active session to one of its assistants (S19). */
  z.object({ type: z.literal('control.transfer'), ...rid, participantId: Id }),
  /** WebACD agents (S21–S25): this agent's availability. */
  z.object({ type: z.literal('agent.status'), ...rid, status: AgentStatus }),
  /** Fetch the queues and agents the Transfer session dialog lists (into `directory`). */
  z.object({ type: z.literal('agents.refresh'), ...rid }),
  /** Transfer session → Transfer session: offer the active session to a queue or to agents, with a private message (≤ 345 characters). */
  z.object({
    type: z.literal('session.handoff'),
    ...rid,
    target: HandoffTarget,
    /** Longer than the limit reaches the server, which refuses it with message_too_long (S24). */
    message: z.string().max(2000).optional(),
  }),
  /** Withdraw the active session's pending handoff. */
  z.object({ type: z.literal('handoff.cancel'), ...rid }),
  /** An offered session: take it (first accept wins) or let it go. */
  z.object({ type: z.literal('offer.accept'), ...rid, offerId: Id }),
  z.object({ type: z.literal('offer.decline'), ...rid, offerId: Id }),
  z.object({ type: z.literal('startNotice.dismiss'), ...rid }),
  /** Chat (issue #9): say something in this session (one we control or assist). */
  z.object({ type: z.literal('chat.send'), ...rid, sessionId: Id, text: ChatText }),
  /** The rep looked at the session's chat: nothing in it is unread any more. */
  z.object({ type: z.literal('chat.read'), ...rid, sessionId: Id }),
]);
export type PopupCommand = z.infer<typeof PopupCommand>;
export type PopupCommandType = PopupCommand['type'];

/** Omit that keeps a union a union (plain Omit collapses it to the shared keys). */
type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;
/** A command as the UI writes it; the connector adds the rid. */
export type PopupCommandBody = DistributiveOmit<PopupCommand, 'rid'>;

// ---- background → popup -----------------------------------------------------

export const ConnectionStatus = z.enum(['offline', 'connecting', 'online']);
export type ConnectionStatus = z.infer<typeof ConnectionStatus>;

/**
 * The rep's own share. A tab share carries the tab's id; a window or screen
 * share has none, and its title is the source's name.
 */
export const ShareStatus = z.discriminatedUnion('status', [
  z.object({ status: z.literal('idle') }),
  z.object({ status: z.literal('starting'), tabId: z.number().int().optional() }),
  z.object({ status: z.literal('sharing'), tabId: z.number().int().optional(), tabTitle: z.string().max(512) }),
]);
export type ShareStatus = z.infer<typeof ShareStatus>;

/** A customer's connection as the rep's media engine measures it (round trip and loss on the peer connection). */
export const PeerQuality = z.object({
  level: z.enum(['good', 'fair', 'poor']),
  rttMs: z.number().nonnegative().optional(),
  lossPct: z.number().min(0).max(100).optional(),
});
export type PeerQuality = z.infer<typeof PeerQuality>;

export const PeerStatus = z.enum(['new', 'connecting', 'connected', 'reconnecting', 'failed', 'closed']);
export type PeerStatus = z.infer<typeof PeerStatus>;

/** Something the rep should see but need not answer (newest last, a few kept). */
export const SessionNoticeItem = z.object({
  id: z.string().max(40),
  at: z.number(),
  /**
   * customer_refused: the server turned a customer away; screen_refused: a
   * customer did not share their screen; control_received: `name` handed us
   * control (no reason) or was gone too long (reason no_session).
   */
  kind: z.enum(['customer_refused', 'screen_refused', 'control_received']),
  name: z.string().max(64),
  reason: ErrorReason.optional(),
});
export type SessionNoticeItem = z.infer<typeof SessionNoticeItem>;
export const MAX_NOTICES = 5;


/** The rep's live session as the extension holds it (and stores it in storage.session). */
export const DashboardSession = z.object({
  info: SessionInfo,
  /** Present and recently left customers (state 'left', the last MAX_LEFT kept), assistants, in joining order. */
  participants: z.array(Participant),
  peers: z.record(z.string(), PeerStatus),
  quality: z.record(z.string(), PeerQuality).default({}),
  share: ShareStatus,
  /** The customer the rep supports (S12). */
  selectedId: Id.nullable().default(null),
  /** Who is on the session's stage as the server last said: the rep's share or a customer's screen. */
  stage: Stage.nullable().default(null),
  /** "View customer's screen" was asked and not yet answered. */
  screenRequest: z.object({ participantId: Id, at: z.number() }).nullable().default(null),
  /** Offered to a queue or to agents (S25) and not yet accepted: where it stands. */
  handoff: HandoffStatus.nullable().default(null),
  notices: z.array(SessionNoticeItem).max(MAX_NOTICES).default([]),
  invitations: z.array(Invitation).max(MAX_INVITATIONS).default([]),
  /** The session's chat (issue #9): kept here so a closed popup or a restarted worker loses none of it; absent until the first entry. */
  chat: ChatLog.optional(),
});
export type DashboardSession = z.infer<typeof DashboardSession>;
/** Customers who left stay listed (greyed, state 'left') until this many newer ones have left. */
export const MAX_LEFT = 5;

/**
 * Another rep's session this rep assists (S16–S17): no join token, no control.
 * Kept in storage.session like a controlled session, and re-asserted with
 * assistant.join after a reconnect (the server treats it as idempotent).
 */
export const AssistSession = z.object({
  sessionId: Id,
  number: SessionNumber,
  /** This rep's own participant id in that session. */
  participantId: Id,
  controllerName: z.string().max(128),
  participants: z.array(Participant),
  sharing: z.boolean(),
  /** We controlled this session and passed control on (S20): the dashboard says so; no control features until it comes back. */
  passedTo: z.string().max(128).nullable().default(null),
  /** The session's chat as the controller's hub relays it to us (issue #9); absent until the first entry. */
  chat: ChatLog.optional(),
});
export type AssistSession = z.infer<typeof AssistSession>;

/** Something to tell the rep on the start screen, e.g. the session they assisted has ended. */
export const StartNotice = z.object({
  kind: z.literal('assist_ended'),
  number: SessionNumber,
  /**
   * ended_by_rep / rep_gone / server_shutdown, or 'gone' when the server no
   * longer knew the session; 'transferred': a session we controlled was taken
   * over by the agent who accepted our transfer (S25), so we left it.
   */
  reason: z.enum(['ended_by_rep', 'rep_gone', 'server_shutdown', 'gone', 'transferred']),
});
export type StartNotice = z.infer<typeof StartNotice>;

/** An error to show the user: the reason picks the sentence, the message is for logs. */
export const UserError = z.object({ reason: ErrorReason, message: z.string() });

export const DashboardState = z.object({
  auth: z.discriminatedUnion('status', [
    z.object({ status: z.literal('signed_out'), serverUrl: z.string() }),
    z.object({ status: z.literal('signed_in'), serverUrl: z.string(), user: UserInfo }),
  ]),
  connection: ConnectionStatus,
  /** Every session this rep controls: one in single-session mode, one per customer in multi-session mode (S15). */
  sessions: z.array(DashboardSession),
  /** The session tab the rep works in; its customer gets the rep's shares. */
  activeSessionId: Id.nullable(),
  /** The active session (one of `sessions`), for views that show one. */
  session: DashboardSession.nullable(),
  /** Kinds of session this rep may start (from rep.welcome's session mode; S1). */
  sessionKinds: z.array(SessionKind).min(1),
  sharePrefs: SharePrefs,
  /** The session this rep assists, if any (never at the same time as `session`). */
  assisting: AssistSession.nullable(),
  /** How invitations go out on this server (rep.welcome; 'client' until the server says otherwise). */
  emailMode: EmailMode,
  startNotice: StartNotice.nullable(),
  lastError: UserError.nullable(),
  /** What this browser can do: Chrome captures tabs through tabCapture + offscreen; Firefox has no tab capture. */
  canCaptureTab: z.boolean(),
  /** Windows and screens through the browser's picker: Chrome's offscreen document, Firefox's dashboard page (page-capture.ts). */
  canCaptureDesktop: z.boolean(),
  /** This rep is a WebACD agent: their availability (S21). Null for a rep without the agent role. */
  agent: z.object({ status: AgentStatus }).nullable().default(null),
  /** Sessions offered to this agent, newest last (S25). */
  offers: z.array(AgentOffer).max(20).default([]),
  /** Queues and agents for the Transfer session dialog, as last fetched (agents.refresh). */
  directory: Directory.nullable().default(null),
});
export type DashboardState = z.infer<typeof DashboardState>;

export const PopupPush = z.discriminatedUnion('type', [
  z.object({ type: z.literal('state'), state: DashboardState }),
  z.object({
    type: z.literal('reply'),
    ...rid,
    ok: z.boolean(),
    error: z.object({ reason: ErrorReason, message: z.string() }).optional(),
  }),
]);
export type PopupPush = z.infer<typeof PopupPush>;

// ---- background → media -----------------------------------------------------

const toMedia = { target: z.literal('media') };
export const MediaCommand = z.discriminatedUnion('type', [
  z.object({ type: z.literal('media.configure'), ...toMedia, iceServers: z.array(IceServer) }),
  /**
   * Capture and send to every peer of the session: a tab (by its tabCapture
   * stream id), or a window or screen the rep picks in the browser's picker
   * (getDisplayMedia in the media context; no stream id).
   */
  z.object({
    type: z.literal('media.share'),
    ...toMedia,
    sessionId: Id,
    source: z.enum(['tab', 'desktop']),
    streamId: z.string().min(1).max(512).optional(),
    /** The tab's size in CSS pixels: capture at that size, never scaled up. */
    size: z.object({ width: z.number().int().positive(), height: z.number().int().positive() }).optional(),
    prefs: SharePrefs,
  }),
  /** Apply new prefs to the running share (frame rate and size, without renegotiating). */
  z.object({ type: z.literal('media.prefs'), ...toMedia, prefs: SharePrefs }),
  z.object({ type: z.literal('media.stopShare'), ...toMedia }),
  /**
   * A peer for a participant of that session: the controller opens one (impolite)
   * per customer and per assistant; an assistant opens one (polite) to the
   * controller, whose stage it watches.
   */
  z.object({
    type: z.literal('peer.open'),
    ...toMedia,
    participantId: Id,
    sessionId: Id,
    polite: z.boolean().optional(),
    /** Who they are, so the chat hub can stamp their messages (issue #9). */
    name: z.string().max(64).optional(),
    role: z.enum(['assistant', 'customer']).optional(),
  }),
  /**
   * Which customer's screen the session's other peers (and the dashboard's
   * viewer) get: the one the server put on the stage, or nobody. The rep's
   * own share, when running in that session, takes precedence.
   */
  z.object({ type: z.literal('media.forward'), ...toMedia, sessionId: Id, participantId: Id.nullable() }),
  z.object({ type: z.literal('peer.close'), ...toMedia, participantId: Id }),
  z.object({ type: z.literal('peer.signal'), ...toMedia, participantId: Id, payload: SignalPayload }),
  /** Close every peer and stop every track (session ended). */
  z.object({
    type: z.literal('media.reset'),
    ...toMedia,
    /** Told to customers whose call or recording this ends (issue #9); session_ended when absent. */
    reason: z.enum(['session_ended', 'control_transferred']).optional(),
  }),
  /**
   * Chat (issue #9): the controller's engine (the hub) sends this entry to
   * every peer of the session; an assistant's engine sends it to the hub as
   * chat.send, and the hub's echo comes back as media.chat.
   */
  z.object({ type: z.literal('chat.post'), ...toMedia, sessionId: Id, entry: ChatEntry }),
  /** The hub's memory of the log (replayed to newcomers), e.g. the log that came with control. */
  z.object({ type: z.literal('chat.seed'), ...toMedia, sessionId: Id, entries: z.array(ChatEntry).max(200) }),
  /** A mark from the rep's dashboard (pointer/annotation, issue #9): to every peer of the session. */
  z.object({ type: z.literal('mark.post'), ...toMedia, sessionId: Id, mark: MarkMessage }),
  /** Which peers exist and whether a share is live: lets a restarted background re-sync. */
  z.object({ type: z.literal('media.status'), ...toMedia }),
  /** Control came with a voice call running (S20): the engine joins it with the rep's microphone. */
  z.object({ type: z.literal('calls.continue'), ...toMedia, sessionId: Id }),
]);
export type MediaCommand = z.infer<typeof MediaCommand>;
export type MediaCommandOf<T extends MediaCommand['type']> = Extract<MediaCommand, { type: T }>;
/** A command as the background writes it; the media host adds the target. */
export type MediaCommandBody = DistributiveOmit<MediaCommand, 'target'>;

/** What the media context answers to a command (sendMessage's response). */
export const MediaReply = z.discriminatedUnion('ok', [
  z.object({
    ok: z.literal(true),
    peers: z.array(Id).optional(),
    sharing: z.boolean().optional(),
    /** The sessions where the rep's microphone is in a voice call (read before control passes on, S20). */
    voiceIn: z.array(Id).max(64).optional(),
    /** After media.share: the captured source's name (a window's title, "Screen 1"…). */
    label: z.string().max(512).optional(),
  }),
  z.object({ ok: z.literal(false), reason: ErrorReason, message: z.string() }),
]);
export type MediaReply = z.infer<typeof MediaReply>;

// ---- media → background -----------------------------------------------------

const toBackground = { target: z.literal('background') };
export const MediaEvent = z.discriminatedUnion('type', [
  z.object({ type: z.literal('media.signal'), ...toBackground, to: Id, payload: SignalPayload }),
  z.object({ type: z.literal('media.peerState'), ...toBackground, participantId: Id, state: PeerStatus }),
  /** The captured tab went away (closed, navigated to a page that can't be captured). */
  z.object({ type: z.literal('media.shareEnded'), ...toBackground }),
  /** Every few seconds per connected peer: round trip and loss, summed up as a level. */
  z.object({ type: z.literal('media.peerQuality'), ...toBackground, participantId: Id, quality: PeerQuality }),
  /** An entry of a session's chat arrived on the session channel (issue #9): store it. */
  z.object({ type: z.literal('media.chat'), ...toBackground, sessionId: Id, entry: ChatEntry }),
  /** A participant drew or pointed on the shared view, or cleared the marks: the shared tab's overlay shows it. */
  z.object({ type: z.literal('media.mark'), ...toBackground, sessionId: Id, mark: MarkMessage }),
]);
export type MediaEvent = z.infer<typeof MediaEvent>;
export type MediaEventBody = DistributiveOmit<MediaEvent, 'target'>;

// ---- dashboard viewer ⇄ media -----------------------------------------------
// The rep sees a customer's screen in the dashboard (popup, side panel,
// sidebar). The customer's track arrives in the media context (offscreen
// document / Firefox background page), which cannot show it; the viewer opens
// a runtime Port named VIEWER_PORT to it and gets the track over a local
// PeerLink, signaled through that port.

export const VIEWER_PORT = 'peerassist.viewer';

export const ViewerToMedia = z.discriminatedUnion('type', [
  /** Show the stage of this session (the active session tab); sent again when it changes. */
  z.object({ type: z.literal('viewer.watch'), sessionId: Id }),
  z.object({ type: z.literal('viewer.signal'), payload: SignalPayload }),
  /** The rep drew or pointed on the viewer (issue #9): to everyone in the watched session. */
  z.object({ type: z.literal('viewer.mark'), mark: MarkMessage }),
]);
export type ViewerToMedia = z.infer<typeof ViewerToMedia>;

export const MediaToViewer = z.discriminatedUnion('type', [
  z.object({ type: z.literal('viewer.signal'), payload: SignalPayload }),
  /** Whose screen the viewer now gets (null: nobody's; the video goes blank). */
  z.object({ type: z.literal('viewer.stage'), participantId: Id.nullable() }),
  /** Someone in the watched session drew or pointed (issue #9): the viewer's overlay shows it. */
  z.object({ type: z.literal('viewer.mark'), mark: MarkMessage }),
]);
export type MediaToViewer = z.infer<typeof MediaToViewer>;
