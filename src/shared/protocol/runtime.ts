// Messages between the extension's own contexts, named by who talks to whom:
//   popup → background    PopupCommand    (over a runtime Port; replies carry the rid)
//   background → popup    PopupPush       (state snapshots, replies)
//   background → media    MediaCommand    (runtime.sendMessage with target 'media')
//   media → background    MediaEvent      (runtime.sendMessage with target 'background')
// "media" is the offscreen document on Chrome and the background page itself on Firefox.
import { z } from 'zod';
import { Email, IceServer, Id, Participant, RequestId, SignalPayload } from './common.ts';
import { ErrorReason } from './errors.ts';
import { SessionInfo, UserInfo } from './wire.ts';

const rid = { rid: RequestId };

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
  z.object({ type: z.literal('session.start'), ...rid }),
  z.object({ type: z.literal('session.end'), ...rid }),
  /** Share a tab the user invoked the extension on (activeTab grant), by id. */
  z.object({ type: z.literal('share.tab'), ...rid, tabId: z.number().int().nonnegative() }),
  z.object({ type: z.literal('share.stop'), ...rid }),
  z.object({ type: z.literal('participant.admit'), ...rid, participantId: Id }),
  z.object({ type: z.literal('participant.deny'), ...rid, participantId: Id }),
  z.object({ type: z.literal('error.dismiss'), ...rid }),
  z.object({ type: z.literal('notice.dismiss'), ...rid, noticeId: z.string().max(40) }),
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

export const ShareStatus = z.discriminatedUnion('status', [
  z.object({ status: z.literal('idle') }),
  z.object({ status: z.literal('starting'), tabId: z.number().int() }),
  z.object({ status: z.literal('sharing'), tabId: z.number().int(), tabTitle: z.string().max(512) }),
]);
export type ShareStatus = z.infer<typeof ShareStatus>;

export const PeerStatus = z.enum(['new', 'connecting', 'connected', 'reconnecting', 'failed', 'closed']);
export type PeerStatus = z.infer<typeof PeerStatus>;

/** Something the rep should see but need not answer (newest last, a few kept). */
export const SessionNoticeItem = z.object({
  id: z.string().max(40),
  at: z.number(),
  kind: z.literal('customer_refused'),
  name: z.string().max(64),
  reason: ErrorReason,
});
export type SessionNoticeItem = z.infer<typeof SessionNoticeItem>;
export const MAX_NOTICES = 5;

/** The rep's live session as the extension holds it (and stores it in storage.session). */
export const DashboardSession = z.object({
  info: SessionInfo,
  participants: z.array(Participant),
  peers: z.record(z.string(), PeerStatus),
  share: ShareStatus,
  notices: z.array(SessionNoticeItem).max(MAX_NOTICES).default([]),
});
export type DashboardSession = z.infer<typeof DashboardSession>;

/** An error to show the user: the reason picks the sentence, the message is for logs. */
export const UserError = z.object({ reason: ErrorReason, message: z.string() });

export const DashboardState = z.object({
  auth: z.discriminatedUnion('status', [
    z.object({ status: z.literal('signed_out'), serverUrl: z.string() }),
    z.object({ status: z.literal('signed_in'), serverUrl: z.string(), user: UserInfo }),
  ]),
  connection: ConnectionStatus,
  session: DashboardSession.nullable(),
  lastError: UserError.nullable(),
  /** What this browser can do: Chrome captures tabs through tabCapture + offscreen; Firefox cannot (yet). */
  canCaptureTab: z.boolean(),
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
  /** Turn a tabCapture stream id into a track and send it to every peer. */
  z.object({ type: z.literal('media.shareTab'), ...toMedia, streamId: z.string().min(1).max(512) }),
  z.object({ type: z.literal('media.stopShare'), ...toMedia }),
  z.object({ type: z.literal('peer.open'), ...toMedia, participantId: Id }),
  z.object({ type: z.literal('peer.close'), ...toMedia, participantId: Id }),
  z.object({ type: z.literal('peer.signal'), ...toMedia, participantId: Id, payload: SignalPayload }),
  /** Close every peer and stop every track (session ended). */
  z.object({ type: z.literal('media.reset'), ...toMedia }),
  /** Which peers exist and whether a share is live: lets a restarted background re-sync. */
  z.object({ type: z.literal('media.status'), ...toMedia }),
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
]);
export type MediaEvent = z.infer<typeof MediaEvent>;
export type MediaEventBody = DistributiveOmit<MediaEvent, 'target'>;
