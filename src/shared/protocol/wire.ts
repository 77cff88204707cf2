// The WebSocket protocol between the server and its clients (the rep's
// extension and the customer's Remote Support page). Declared once here and
// validated on both ends: `parseClientMessage` at the server, `parseServerMessage`
// in the clients.
//
// Naming: ClientMessage = client→server, ServerMessage = server→client.
// A client may put `rid` on any message; the server echoes it on the reply
// (or on the error), so a caller can await the answer to its own request.
import { z } from 'zod';
import {
  DisplayName,
  Email,
  IceServer,
  Id,
  JoinToken,
  Participant,
  RequestId,
  SessionNumber,
  SignalPayload,
} from './common.ts';
import { ChatEntry, MAX_CHAT_LOG } from './chat.ts';
import { ErrorReason } from './errors.ts';
import { Invitation, MAX_INVITATIONS } from './invitation.ts';
import { EmailMode, SessionKind, SessionMode } from './settings.ts';

const rid = { rid: RequestId.optional() };

// ---- client → server --------------------------------------------------------

/** First message on a rep socket: authenticates it with the token from /api/auth/login. */
export const RepHello = z.object({ type: z.literal('rep.hello'), ...rid, accessToken: z.string().min(16).max(128) });
/** Rep: open a new session; `kind` defaults to the rep's mode ('single' when it is 'both'). */
export const SessionStart = z.object({ type: z.literal('session.start'), ...rid, kind: SessionKind.optional() });
/** Rep: re-attach to a session it controls after its socket dropped (service-worker restart, network). */
export const SessionResume = z.object({ type: z.literal('session.resume'), ...rid, sessionId: Id });
/** Rep: end the session for everyone. */
export const SessionEnd = z.object({ type: z.literal('session.end'), ...rid, sessionId: Id });
/**
 * Rep: tell the session whether its screen is being shared. `sharing: false`
 * clears the stage whoever is on it: a customer sharing their screen is asked
 * to stop (the rep's "Stop viewing").
 */
export const ShareUpdate = z.object({ type: z.literal('share.update'), ...rid, sessionId: Id, sharing: z.boolean() });
/**
 * Rep: support this customer (S12, S14), or nobody (null). Selecting someone
 * else ends every share in the session, and everyone is told.
 */
export const SupportSelect = z.object({ type: z.literal('support.select'), ...rid, sessionId: Id, participantId: Id.nullable() });
/** Rep: ask the selected customer to share their screen (S13, "View customer's screen"). */
export const ScreenRequest = z.object({ type: z.literal('screen.request'), ...rid, sessionId: Id, participantId: Id });
/** Customer: I started (after a screen.requested) or stopped sharing my screen. */
export const CustomerShare = z.object({ type: z.literal('customer.share'), ...rid, sharing: z.boolean() });
/** Customer: I will not or cannot share my screen (answer to screen.requested). */
export const ScreenRefuse = z.object({
  type: z.literal('screen.refuse'),
  ...rid,
  reason: z.enum(['share_declined', 'share_unsupported', 'capture_failed']),
});
/** Rep: let a customer waiting in the lobby in, or turn them away. */
export const ParticipantAdmit = z.object({ type: z.literal('participant.admit'), ...rid, sessionId: Id, participantId: Id });
export const ParticipantDeny = z.object({ type: z.literal('participant.deny'), ...rid, sessionId: Id, participantId: Id });
/** Customer: join a session by number, with the link's token (joins at once) or without (waits to be admitted). */
export const CustomerJoin = z.object({
  type: z.literal('customer.join'),
  ...rid,
  number: SessionNumber,
  token: JoinToken.optional(),
  name: DisplayName,
  /**
   * The participant id this page had before the server restarted (issue #10):
   * with the link's token, a restored session takes the customer back under
   * it, so the rep's peer connection to them goes on. Ignored otherwise.
   */
  participantId: Id.optional(),
});
/** Rep: invite someone by email; the server sends it by SMTP (FEATURES.md S4, S10). */
export const InviteSend = z.object({
  type: z.literal('invite.send'),
  ...rid,
  sessionId: Id,
  /** customer: the join link; rep: the assist link (/support/<number>), useless unless signed in as a rep. */
  kind: z.enum(['customer', 'rep']),
  email: Email,
  /** Language of the email: the rep's choice (their UI language by default). */
  locale: z.enum(['en', 'ko']),
});
/** Rep: join another rep's session by number as an assistant (S16). */
export const AssistantJoin = z.object({ type: z.literal('assistant.join'), ...rid, number: SessionNumber });
/** Assistant: leave the session (the session goes on). */
export const AssistantLeave = z.object({ type: z.literal('assistant.leave'), ...rid, sessionId: Id });
/**
 * What the controller's extension holds that the server does not, handed to
 * the new controller's extension with control (S20: "nothing is lost if the
 * old controller leaves right after"). The server relays it untouched but
 * validated.
 */
export const Handoff = z.object({
  invitations: z.array(Invitation).max(MAX_INVITATIONS),
  /** The chat log kept so far (issue #9, S20), newest last, as much as fits MAX_HANDOFF_CHAT_BYTES; absent from older extensions. */
  chat: z.array(ChatEntry).max(MAX_CHAT_LOG).optional(),
  /**
   * A voice call was running (S20: "a voice call continues where both ends
   * support voice"): the new controller's engine joins it on arrival. Only
   * with control.transfer; absent when there was none, or from older extensions.
   */
  call: z.object({ running: z.literal(true) }).strict().optional(),
});
export type Handoff = z.infer<typeof Handoff>;
/** Controller: hand control to one of the session's assistants (S19). */
export const ControlTransfer = z.object({
  type: z.literal('control.transfer'),
  ...rid,
  sessionId: Id,
  /** The assistant's participant id. */
  participantId: Id,
  handoff: Handoff,
});
// ---- WebACD (issue #8, S21–S25) ----------------------------------------------
// An agent's availability, transfers of a whole session to agents or a queue,
// and the offers that carry them. Who hears what: signaling/webacd/router.ts.

/** The most characters a private transfer message may have (S24); the server refuses more with message_too_long. */
export const MAX_HANDOFF_MESSAGE = 345;
/**
 * The schema accepts longer text so that a message over the limit reaches the
 * handler and gets the typed message_too_long refusal rather than 'malformed'.
 */
const HandoffMessage = z.string().max(2000);
/** The most agents one transfer may be offered to. */
export const MAX_HANDOFF_AGENTS = 20;

export const AgentStatus = z.enum(['available', 'busy', 'away']);
export type AgentStatus = z.infer<typeof AgentStatus>;
/** How an agent looks to others: their own status, 'busy' at the customer limit, 'offline' without a socket. */
export const AgentPresence = z.enum(['available', 'busy', 'away', 'offline']);
export type AgentPresence = z.infer<typeof AgentPresence>;

/** Agent: set my availability (agent role only). */
export const AgentStatusSet = z.object({ type: z.literal('agent.status'), ...rid, status: AgentStatus });
/** Rep: which queues and agents can I transfer to? Answered with agents.listed. */
export const AgentsList = z.object({ type: z.literal('agents.list'), ...rid });
export const HandoffTarget = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('queue'), queueId: Id }),
  z.object({ kind: z.literal('agents'), userIds: z.array(Id).min(1).max(MAX_HANDOFF_AGENTS) }),
]);
export type HandoffTarget = z.infer<typeof HandoffTarget>;
/**
 * Controller who is a WebACD agent: transfer the whole session (S21–S25). The
 * first agent to accept becomes the controller and the sender leaves. The
 * private message goes to the agents only, never to customers.
 */
export const SessionHandoff = z.object({
  type: z.literal('session.handoff'),
  ...rid,
  sessionId: Id,
  target: HandoffTarget,
  message: HandoffMessage.optional(),
  /** What the sender's extension holds, handed to whoever accepts (as with control.transfer); none when absent. */
  handoff: Handoff.optional(),
});
/** Controller: withdraw the session's pending transfer. */
export const HandoffCancel = z.object({ type: z.literal('handoff.cancel'), ...rid, sessionId: Id });
/** Agent: take / refuse an offer (agent.offer). */
export const OfferAccept = z.object({ type: z.literal('offer.accept'), ...rid, offerId: Id });
export const OfferDecline = z.object({ type: z.literal('offer.decline'), ...rid, offerId: Id });

/** Customer: leave the session. */
export const CustomerLeave = z.object({ type: z.literal('customer.leave'), ...rid });
/** Anyone in a session: WebRTC signaling for one other member; the server stamps the sender. */
export const SignalOut = z.object({ type: z.literal('signal'), ...rid, to: Id, payload: SignalPayload });
/** Keep-alive (MV3 service workers need traffic every <30 s; PLATFORM.md). */
export const Ping = z.object({ type: z.literal('ping'), ...rid });
/**
 * The Remote Support page's connection check before joining (issue #10): the
 * ICE servers to try. With the link's token the TURN entry carries credentials
 * of its own; without one (a number-only join) only STUN is handed out.
 */
export const ConnectionCheck = z.object({ type: z.literal('connection.check'), ...rid, number: SessionNumber, token: JoinToken.optional() });

export const ClientMessage = z.discriminatedUnion('type', [
  RepHello,
  SessionStart,
  SessionResume,
  SessionEnd,
  ShareUpdate,
  SupportSelect,
  ScreenRequest,
  CustomerShare,
  ScreenRefuse,
  ParticipantAdmit,
  ParticipantDeny,
  CustomerJoin,
  CustomerLeave,
  InviteSend,
  AssistantJoin,
  AssistantLeave,
  ControlTransfer,
  AgentStatusSet,
  AgentsList,
  SessionHandoff,
  HandoffCancel,
  OfferAccept,
  OfferDecline,
  SignalOut,
  Ping,
  ConnectionCheck,
]);
export type ClientMessage = z.infer<typeof ClientMessage>;
export type ClientMessageType = ClientMessage['type'];
export const CLIENT_MESSAGE_TYPES = ClientMessage.options.map((o) => o.shape.type.value);

// ---- server → client --------------------------------------------------------

export const SessionInfo = z.object({
  id: Id,
  number: SessionNumber,
  joinToken: JoinToken,
  /** Full link a customer opens: PUBLIC_URL/join/<number>?t=<token>. */
  joinUrl: z.string().url(),
  startedAt: z.number().int(),
  /** Defaults to 'single': what older servers (and older stored sessions) meant. */
  kind: SessionKind.default('single'),
});
export type SessionInfo = z.infer<typeof SessionInfo>;

export const UserInfo = z.object({ id: Id, email: z.string(), name: z.string() });
export type UserInfo = z.infer<typeof UserInfo>;

export const SessionEndReason = z.enum(['ended_by_rep', 'rep_gone', 'server_shutdown']);
export type SessionEndReason = z.infer<typeof SessionEndReason>;

/**
 * Who is on the session's stage (S13): the controller's share or one
 * customer's screen; there is one stage per session, and every connected
 * participant sees it. `participantId` is the sharer's.
 */
export const Stage = z.object({ participantId: Id, role: z.enum(['controller', 'customer']), name: z.string().max(64) });
export type Stage = z.infer<typeof Stage>;

/** Which customer the rep supports and what is on the stage: part of every view of a live session. */
const SupportView = {
  /** The customer the rep supports (S12), or null before the rep selects one. */
  selectedId: Id.nullable(),
  stage: Stage.nullable(),
};

/** A session as an assistant sees it (assistant.joined, and control.released to a controller who passed control on). */
const AssistView = {
  sessionId: Id,
  number: SessionNumber,
  /** The assistant's own participant id. */
  participantId: Id,
  controllerName: z.string(),
  participants: z.array(Participant),
  sharing: z.boolean(),
  iceServers: z.array(IceServer),
  ...SupportView,
};

export const ServerMessage = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('rep.welcome'),
    ...rid,
    user: UserInfo,
    iceServers: z.array(IceServer),
    /** The session mode this rep works in: their own if an admin set one, else the site's (S1, S11). Optional: older servers omit it. */
    sessionMode: SessionMode.optional(),
    /** How invitations go out: 'server' (SMTP, configured) or 'client' (the rep's own mail program). */
    emailMode: EmailMode.optional(),
  }),
  z.object({ type: z.literal('session.started'), ...rid, session: SessionInfo }),
  /** Reply to invite.send: the SMTP server accepted the message. */
  z.object({
    type: z.literal('invite.sent'),
    ...rid,
    invitation: z.object({ id: Id, kind: z.enum(['customer', 'rep']), email: z.string(), sentAt: z.number() }),
  }),
  /** Reply to assistant.join: you assist this session (no join token: assistants don't invite). */
  z.object({
    type: z.literal('assistant.joined'),
    ...rid,
    ...AssistView,
  }),
  z.object({
    type: z.literal('session.resumed'),
    ...rid,
    session: SessionInfo,
    participants: z.array(Participant),
    sharing: z.boolean(),
    ...SupportView,
    /**
     * The server restarted and restored this session (issue #10): its customers
     * are on their way back under their old ids, so the rep keeps their peers
     * for a while instead of dropping those not listed yet.
     */
    restored: z.boolean().optional(),
  }),
  z.object({ type: z.literal('session.ended'), ...rid, sessionId: Id, reason: SessionEndReason }),
  /** To a customer: you are in (state 'connected') or waiting to be admitted (state 'lobby'). */
  z.object({
    type: z.literal('customer.joined'),
    ...rid,
    sessionId: Id,
    participantId: Id,
    repName: z.string(),
    state: z.enum(['lobby', 'connected']),
    sharing: z.boolean(),
    iceServers: z.array(IceServer),
    /** Whether the rep supports this customer now, and who shares. */
    selected: z.boolean(),
    stage: Stage.nullable(),
  }),
  /** To a customer in the lobby: admitted. */
  z.object({ type: z.literal('customer.admitted'), sessionId: Id }),
  /** To the session's reps (the controller and each assistant): a participant appeared, changed state, or left. */
  z.object({ type: z.literal('participant.update'), sessionId: Id, participant: Participant }),
  /**
   * To everyone in the session (controller, assistants, connected customers):
   * the stage changed. `sharing` is true while anyone shares; `stage` says who.
   * A customer who is on the stage and gets `sharing: false` stops sharing.
   */
  z.object({ type: z.literal('share.state'), sessionId: Id, sharing: z.boolean(), stage: Stage.nullable() }),
  /**
   * To everyone in the session: the rep now supports this customer (or nobody).
   * `sharesStopped`: a share was running and has ended (S14). Customers learn
   * only whether it is them (`participantId` is theirs or someone else's id).
   */
  z.object({
    type: z.literal('support.selected'),
    sessionId: Id,
    participantId: Id.nullable(),
    sharesStopped: z.boolean(),
  }),
  /**
   * Control changed hands (S19–S20), to everyone in the session. Every share
   * ended with it (share.state follows). `reason`: the controller passed it, or
   * their extension was gone longer than the grace period and the
   * longest-present assistant took over.
   */
  z.object({
    type: z.literal('control.transferred'),
    sessionId: Id,
    controller: z.object({ participantId: Id, name: z.string() }),
    previous: z.object({ participantId: Id, name: z.string() }),
    reason: z.enum(['transfer', 'controller_gone']),
  }),
  /**
   * To the new controller's socket, after control.transferred: the session as
   * a controller holds it (like session.resumed) and what the previous
   * controller's extension handed over (empty when they were gone).
   */
  z.object({
    type: z.literal('control.received'),
    sessionId: Id,
    session: SessionInfo,
    participants: z.array(Participant),
    ...SupportView,
    handoff: Handoff,
  }),
  /** To the previous controller's socket (a transfer they asked for): you assist this session now. */
  z.object({
    type: z.literal('control.released'),
    ...AssistView,
  }),
  /** Reply to agents.list: every queue, and every agent with how they look now. */
  z.object({
    type: z.literal('agents.listed'),
    ...rid,
    queues: z.array(z.object({ id: Id, name: z.string().max(200) })),
    agents: z.array(z.object({ userId: Id, name: z.string().max(200), status: AgentPresence })),
  }),
  /** Reply to agent.status: the status now in force (and to the agent's other sockets). */
  z.object({ type: z.literal('agent.status'), ...rid, status: AgentStatus }),
  /**
   * To an agent: a session is offered to you (S25). Accept with offer.accept
   * before `expiresAt` (server clock, ms); `message` is the sender's private note.
   */
  z.object({
    type: z.literal('agent.offer'),
    offerId: Id,
    sessionId: Id,
    number: SessionNumber,
    fromName: z.string().max(200),
    customers: z.array(z.string().max(64)),
    message: z.string().max(MAX_HANDOFF_MESSAGE).optional(),
    /** Set when the transfer came through a queue. */
    queueId: Id.optional(),
    expiresAt: z.number().int(),
  }),
  /** To an agent: the offer is no longer yours to accept. */
  z.object({
    type: z.literal('offer.withdrawn'),
    offerId: Id,
    reason: z.enum(['accepted_elsewhere', 'expired', 'cancelled']),
  }),
  /**
   * Where a transfer stands, to the sender and to the session's customers:
   * 'offered' (agents are being asked), 'queued' (waiting for an agent of the
   * queue; `position` 1 = next), 'accepted' (the sender's participation ends
   * here: their extension drops the session), 'cancelled' (the session stays
   * with the sender). Customers never get `queueId`.
   */
  z.object({
    type: z.literal('handoff.state'),
    ...rid,
    sessionId: Id,
    state: z.enum(['offered', 'queued', 'accepted', 'cancelled']),
    queueId: Id.optional(),
    position: z.number().int().min(1).optional(),
  }),
  /** To the selected customer: the rep asks to see your screen (answer with customer.share or screen.refuse). */
  z.object({ type: z.literal('screen.requested'), sessionId: Id, repName: z.string() }),
  /**
   * To the rep: something happened that needs no answer but should be seen,
   * e.g. a customer was turned away because of the site's customer limit.
   */
  z.object({
    type: z.literal('session.notice'),
    sessionId: Id,
    notice: z.discriminatedUnion('kind', [
      z.object({ kind: z.literal('customer_refused'), name: DisplayName, reason: ErrorReason }),
      /** The customer asked to share their screen declined, cannot share, or their capture failed. */
      z.object({
        kind: z.literal('screen_refused'),
        name: DisplayName,
        reason: z.enum(['share_declined', 'share_unsupported', 'capture_failed']),
      }),
    ]),
  }),
  z.object({ type: z.literal('signal'), from: Id, payload: SignalPayload }),
  z.object({ type: z.literal('ok'), ...rid }),
  z.object({ type: z.literal('pong'), ...rid }),
  /** Reply to connection.check. */
  z.object({ type: z.literal('connection.checked'), ...rid, iceServers: z.array(IceServer) }),
  z.object({
    type: z.literal('error'),
    ...rid,
    reason: ErrorReason,
    message: z.string().max(500),
    /** The type of the message that was refused, when it could be read. */
    inReplyTo: z.string().max(64).optional(),
  }),
]);
export type ServerMessage = z.infer<typeof ServerMessage>;
export type ServerMessageOf<T extends ServerMessage['type']> = Extract<ServerMessage, { type: T }>;
