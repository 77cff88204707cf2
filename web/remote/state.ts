// The customer's Remote Support page as a pure state machine: every socket
// message, peer-connection change and user action is an event, and the page
// shows whatever `reduce` returns. The wiring (socket, PeerLink, screen
// capture, timers) lives in session-client.ts; nothing here touches the DOM or
// the network.
//
// The state keeps the facts (membership, socket, peer, the stage, our own
// share, video) and derives its `name` from them (status.ts derives the
// sentences), so a fact that changes while we are reconnecting (the rep stops
// sharing, say) is already right once we are back. session-client.ts reads the
// same facts to decide its side effects: when `ownShare` leaves 'sharing', it
// stops our capture.
//
//   idle ──join──► connecting ──customer.joined{lobby}──► lobby
//                     │                                     │ customer.admitted
//                     │ customer.joined{connected}          ▼
//                     └──────────────────────────────► connected
//                                                 (waiting for a share,
//                                                  or for its first frames)
//                                                        │ someone else on the stage + frames arrive
//                                                        ▼
//            ┌── share.state{sharing:false} ────────── viewing   ("Viewing {rep}'s / {name}'s screen")
//            ▼                                           ▲
//         stopped ── sharing + frames arrive ────────────┘
//            │ sharing, no frames yet (track re-added, still muted)
//            └──────────────────────────────────────► connected
//   viewing ── track muted or ended while still sharing ──► connected
//
//   our own screen (S13), `ownShare`, beside the above (any connected state):
//
//     idle ──screen.requested──► asking ──"Share my screen"──► starting ──capture ok──► sharing (ok to our
//                                                                            customer.share: we are on the stage)
//      ▲  (this browser cannot      │ "Not now"                 │ picker closed          │
//      │   share: a dialog that     ▼                           │ (share_declined),      │
//      │   only explains; we        idle                        │ other error            │
//      │   answer share_unsupported)                            ▼ (capture_failed)       │
//      └──────────────────────────────────────────────────── idle ◄─────────────────────┘
//          sharing ──► idle on: the track ending (browser's own stop bar), "Stop sharing",
//          share.state taking us off the stage (the rep's "Stop viewing"), an error answering
//          our customer.share (request withdrawn), support.selected
//          naming someone else, a re-join (we are a new participant), leave, session end.
//          asking/starting ──► idle on deselection, re-join, leave, session end.
//     While sharing, the page's name is `sharing` (it shows our preview, not the stage).
//
//   control.transferred (S20): another rep now controls the session. The rep's
//   name changes, every share has ended (the stage is cleared at once, and our
//   own share, its start or an open request end with it), and the page starts
//   afresh at "Connected to {new rep}" with a notice; the new controller's
//   media arrives on a new peer (session-client.ts restarts it on their offer).
//
//   handoff.state (S25, issue #8): the rep is handing the session to another
//   representative (a queue or chosen agents). `transfer` holds it beside
//   everything else (the rep stays until an agent accepts): offered, or queued
//   at a place; cancelled clears it; so does accepted, after which
//   control.transferred names the new rep as above.
//
//   after the first customer.joined, from lobby/connected/viewing/stopped/sharing:
//     socket drops, or peer 'reconnecting'/'failed' ──► reconnecting
//     next customer.joined (re-join) or peer 'connected' ──► back to the derived state
//
//   from any live state (terminal states absorb every later event):
//     session.ended{rep_gone}            ──► rep_gone
//     session.ended{other reason}        ──► ended
//     error{denied}                      ──► denied
//     error on our customer.join         ──► error(reason)   (no_session on a re-join ──► ended)
//     socket drops before the first join ──► error(network)
//     reconnect attempts exhausted       ──► error(network)
//     leave                              ──► left
import type { ErrorReason } from '../../src/shared/protocol/errors.ts';
import type { PeerStatus } from '../../src/shared/protocol/runtime.ts';
import type { SessionEndReason, ServerMessage, Stage } from '../../src/shared/protocol/wire.ts';

export type LiveStateName = 'idle' | 'connecting' | 'lobby' | 'connected' | 'viewing' | 'stopped' | 'sharing' | 'reconnecting';
export type TerminalStateName = 'ended' | 'rep_gone' | 'denied' | 'left' | 'error';
export type RemoteStateName = LiveStateName | TerminalStateName;

export type Terminal =
  | { name: 'ended'; reason: SessionEndReason | 'no_session' }
  | { name: 'rep_gone' }
  | { name: 'denied' }
  | { name: 'left' }
  | { name: 'error'; reason: ErrorReason };

/** Our own screen share: asking = the consent dialog is open; starting = the browser's picker is open. */
export type OwnShare = 'idle' | 'asking' | 'starting' | 'sharing';

/** Why a screen.refuse went out (the wire's reasons). */
export type RefuseReason = 'share_declined' | 'share_unsupported' | 'capture_failed';

/** Who shared last, as this customer sees it ('self' survives a re-join, when our participant id changes). */
export type Sharer = { role: 'controller'; name: string } | { role: 'customer'; name: string } | { role: 'self' };

/** The last thing that happened to us that the status line alone does not say (shown until the next one). */
export type Notice =
  /** The rep now supports us (support.selected with our id). */
  | { kind: 'selected' }
  /** The rep supports another customer, or nobody (`other: false`); `ownShareStopped`: our share (or its start) ended because of it. */
  | { kind: 'deselected'; other: boolean; ownShareStopped: boolean }
  /** The rep switched customers and ended someone else's share (support.selected{sharesStopped}). */
  | { kind: 'shares_stopped' }
  /** The rep took us off the stage ("Stop viewing"). */
  | { kind: 'share_stopped_by_rep' }
  /** We stopped: our Stop button or the browser's own "Stop sharing". */
  | { kind: 'share_stopped' }
  | { kind: 'share_declined' }
  | { kind: 'share_failed' }
  /** A re-join made us a new participant: our share is gone. */
  | { kind: 'share_lost' }
  /**
   * Another rep controls the session now (control.transferred): `previous` handed
   * it over, or was gone too long (`controllerGone`); `ownShareStopped`: our share
   * (or its start) ended with every other share.
   */
  | { kind: 'rep_changed'; rep: string; previous: string; controllerGone: boolean; ownShareStopped: boolean };

/** Our session is being handed to another representative (handoff.state): offered to agents, or waiting in a queue. */
export type Transfer = { state: 'offered' } | { state: 'queued'; position?: number };

export interface RemoteState {
  /** Derived from the facts below; what the page shows and `data-remote-state` says. */
  readonly name: RemoteStateName;
  /** The user pressed Join (or arrived with a name); false only while idle. */
  readonly started: boolean;
  /** This browser can share a screen (`getDisplayMedia` exists; most phones lack it). Known from the join on. */
  readonly canShare: boolean;
  /** The name we joined with (what the session calls us on the stage). */
  readonly ownName: string;
  /** Where the server put us on the latest join; 'none' until the first customer.joined. */
  readonly membership: 'none' | 'lobby' | 'connected';
  /** We got a customer.joined at least once: from then on a dropped socket means "reconnect", not "failed". */
  readonly hasJoined: boolean;
  /** Our participant id on the latest join (each re-join gets a new one). */
  readonly participantId: string | null;
  readonly socket: 'up' | 'down';
  /** Status of the PeerLink to the rep; 'none' before the rep's first signal and after each re-join. */
  readonly peer: PeerStatus | 'none';
  /** Someone is on the stage, as the server reports it (authoritative for "is anyone sharing?"). */
  readonly sharing: boolean;
  /** Who is on the stage (S13): the rep's share, another customer's screen, or ours. */
  readonly stage: Stage | null;
  /** Someone shared at some point: turns "waiting for a share" into "stopped sharing". */
  readonly everShared: boolean;
  /** Who was on the stage last, for "{name} stopped sharing". */
  readonly lastSharer: Sharer | null;
  /** The rep supports us now (S12). */
  readonly selected: boolean;
  /** The name of the rep who asked to see our screen, while their request is unanswered (the dialog is open). */
  readonly requestedBy: string | null;
  readonly ownShare: OwnShare;
  /**
   * rid of the customer.share{sharing:true} that offered our screen. The
   * server answers it with `ok` (it tells everyone else with share.state, not
   * us) or with an error carrying it (the request was withdrawn, or the rep
   * moved on).
   */
  readonly shareRid: string | null;
  readonly notice: Notice | null;
  /** A remote video track is live and unmuted, i.e. frames are arriving. */
  readonly videoLive: boolean;
  readonly repName: string;
  /** A transfer to another representative in progress (S25), or null. */
  readonly transfer: Transfer | null;
  /** rid of the latest customer.join we sent: an error carrying it refuses the join. */
  readonly joinRid: string | null;
  readonly terminal: Terminal | null;
}

export type RemoteEvent =
  /** The user asked to join (idle → connecting) as `name`; `canShare`: this browser can share a screen. */
  | { type: 'join'; name: string; canShare: boolean }
  /** A customer.join went out on a (re)opened socket. */
  | { type: 'join.sent'; rid: string }
  /** A validated message from the server. */
  | { type: 'message'; message: ServerMessage }
  /** The socket closed without us asking. */
  | { type: 'socket.lost' }
  /** The reconnect policy gave up. */
  | { type: 'socket.gave_up' }
  | { type: 'peer.status'; status: PeerStatus }
  /** The peer connection was closed to make way for a new one (re-join, new rep id). */
  | { type: 'peer.reset' }
  | { type: 'video'; live: boolean }
  /** "Share my screen" in the consent dialog: the browser's picker opens. */
  | { type: 'share.accept' }
  /** "Not now" (or Escape) in the consent dialog. */
  | { type: 'share.decline' }
  /** The "this browser cannot share" dialog was closed. */
  | { type: 'request.dismiss' }
  /** Our capture is running, goes to the rep, and customer.share{sharing:true, rid} went out. */
  | { type: 'share.started'; rid: string }
  /** The picker was closed (share_declined) or capture failed. */
  | { type: 'share.failed'; reason: 'share_declined' | 'capture_failed' }
  /** The user stopped our share: our Stop button, or the browser's own stop bar (the track ended). */
  | { type: 'share.stop' }
  /** The user pressed Leave session. */
  | { type: 'leave' };

export const initialState: RemoteState = {
  name: 'idle',
  started: false,
  canShare: false,
  ownName: '',
  membership: 'none',
  hasJoined: false,
  participantId: null,
  socket: 'up',
  peer: 'none',
  sharing: false,
  stage: null,
  everShared: false,
  lastSharer: null,
  selected: false,
  requestedBy: null,
  ownShare: 'idle',
  shareRid: null,
  notice: null,
  videoLive: false,
  repName: '',
  transfer: null,
  joinRid: null,
  terminal: null,
};

export function isTerminal(state: RemoteState): boolean {
  return state.terminal !== null;
}

/** Is the stage ours (the server shows our screen to the session)? */
export function onStage(state: RemoteState): boolean {
  return state.stage !== null && state.stage.participantId === state.participantId;
}

/**
 * Should the page show the video the rep forwards? Media is peer to peer, so it
 * may keep flowing while the socket reconnects. Not while we share: then the
 * page shows our own preview instead.
 */
export function showsVideo(state: RemoteState): boolean {
  return state.terminal === null && state.sharing && state.videoLive && state.ownShare !== 'sharing' && !onStage(state);
}

/** The consent dialog ("Share your screen?") is open. */
export function asksConsent(state: RemoteState): boolean {
  return state.terminal === null && state.ownShare === 'asking' && state.requestedBy !== null;
}

/** The rep asked, but this browser cannot share: a dialog that only explains (the refusal has gone out). */
export function explainsUnsupported(state: RemoteState): boolean {
  return state.terminal === null && state.requestedBy !== null && !state.canShare;
}

export function reduce(state: RemoteState, event: RemoteEvent): RemoteState {
  if (state.terminal) return state;
  if (!state.started) {
    return event.type === 'join' ? derive({ ...state, started: true, ownName: event.name, canShare: event.canShare }) : state;
  }
  const next = apply(state, event);
  return next === state ? state : derive(next);
}

function apply(state: RemoteState, event: RemoteEvent): RemoteState {
  switch (event.type) {
    case 'join':
      return state;
    case 'join.sent':
      return { ...state, joinRid: event.rid };
    case 'message':
      return onMessage(state, event.message);
    case 'socket.lost':
      // Before the server ever accepted us there is no session to get back to.
      if (!state.hasJoined) return end(state, { name: 'error', reason: 'network' });
      return state.socket === 'down' ? state : { ...state, socket: 'down' };
    case 'socket.gave_up':
      return end(state, { name: 'error', reason: 'network' });
    case 'peer.status':
      return state.peer === event.status ? state : { ...state, peer: event.status };
    case 'peer.reset':
      return state.peer === 'none' && !state.videoLive ? state : { ...state, peer: 'none', videoLive: false };
    case 'video':
      return state.videoLive === event.live ? state : { ...state, videoLive: event.live };
    case 'share.accept':
      return state.ownShare === 'asking' ? { ...state, ownShare: 'starting', requestedBy: null, notice: null } : state;
    case 'share.decline':
      return state.ownShare === 'asking' ? { ...state, ownShare: 'idle', requestedBy: null, notice: { kind: 'share_declined' } } : state;
    case 'request.dismiss':
      return state.requestedBy !== null && state.ownShare !== 'asking' ? { ...state, requestedBy: null } : state;
    case 'share.started':
      return state.ownShare === 'starting' ? { ...state, ownShare: 'sharing', shareRid: event.rid, notice: null } : state;
    case 'share.failed':
      return state.ownShare === 'starting'
        ? { ...state, ownShare: 'idle', notice: { kind: event.reason === 'share_declined' ? 'share_declined' : 'share_failed' } }
        : state;
    case 'share.stop': {
      if (state.ownShare !== 'sharing') return state;
      const stopped: RemoteState = { ...state, ownShare: 'idle', notice: { kind: 'share_stopped' } };
      // Our customer.share{false} clears the stage; the server tells everyone but us.
      return onStage(state) ? onStageChange(stopped, false, null) : stopped;
    }
    case 'leave':
      return end(state, { name: 'left' });
  }
}

function onMessage(state: RemoteState, message: ServerMessage): RemoteState {
  switch (message.type) {
    case 'customer.joined': {
      // A (re)join: the server treats it as a new participant, so the rep builds
      // a new peer connection, any old video is gone, and so is our share: the
      // new participant never shared, and the rep must ask again. Unless we came
      // back under the same id after a server restart (issue #10): then the
      // peer connection, and the picture on it, went on all along.
      const returning = state.participantId === message.participantId && state.peer !== 'none';
      const lostShare = !returning && (state.ownShare === 'starting' || state.ownShare === 'sharing');
      const joined: RemoteState = {
        ...state,
        membership: message.state,
        hasJoined: true,
        participantId: message.participantId,
        socket: 'up',
        peer: returning ? state.peer : 'none',
        videoLive: returning ? state.videoLive : false,
        repName: message.repName,
        selected: message.selected,
        requestedBy: null,
        ownShare: returning ? state.ownShare : 'idle',
        notice: lostShare ? { kind: 'share_lost' } : state.notice,
      };
      return onStageChange(joined, message.sharing, message.stage);
    }
    case 'customer.admitted':
      return state.membership === 'lobby' ? { ...state, membership: 'connected' } : state;
    case 'share.state': {
      const next = onStageChange(state, message.sharing, message.stage);
      // The server took us off the stage while we share: the rep pressed "Stop
      // viewing" (or put something else on the one stage). Stop ours.
      if (onStage(state) && !onStage(next) && state.ownShare === 'sharing') {
        return { ...next, ownShare: 'idle', notice: { kind: 'share_stopped_by_rep' } };
      }
      return next;
    }
    case 'ok':
      // The server put our screen on the stage (it tells everyone else with share.state).
      if (message.rid === undefined || message.rid !== state.shareRid || state.ownShare !== 'sharing' || state.participantId === null) return state;
      return onStageChange(state, true, { participantId: state.participantId, role: 'customer', name: state.ownName });
    case 'support.selected':
      return onSupportSelected(state, message);
    case 'control.transferred':
      return onControlTransferred(state, message);
    case 'handoff.state':
      return onHandoff(state, message);
    case 'screen.requested':
      // Only the customer the rep supports is asked; a request while the picker
      // is open or while we already share needs no new dialog (the client
      // answers it again when sharing).
      if (state.membership !== 'connected' || state.ownShare === 'starting' || state.ownShare === 'sharing') return state;
      return {
        ...state,
        selected: true,
        requestedBy: message.repName,
        ownShare: state.canShare ? 'asking' : 'idle',
      };
    case 'session.ended':
      return end(state, message.reason === 'rep_gone' ? { name: 'rep_gone' } : { name: 'ended', reason: message.reason });
    case 'error':
      return onError(state, message);
    default:
      // Messages for reps (rep.welcome, participant.update…), ok/pong, signals: nothing to show.
      return state;
  }
}

function onStageChange(state: RemoteState, sharing: boolean, stage: Stage | null): RemoteState {
  const sharer = stage ? sharerOf(stage, state.participantId) : state.lastSharer;
  return { ...state, sharing, stage, everShared: state.everShared || sharing, lastSharer: sharer };
}

function sharerOf(stage: Stage, participantId: string | null): Sharer {
  if (stage.participantId === participantId) return { role: 'self' };
  return { role: stage.role, name: stage.name };
}

function onSupportSelected(state: RemoteState, message: Extract<ServerMessage, { type: 'support.selected' }>): RemoteState {
  const selected = message.participantId !== null && message.participantId === state.participantId;
  // A switch that ended the shares (S14) is final: the share.state that
  // follows says the same, but the page must not show a stale stage meanwhile.
  const staged = message.sharesStopped ? onStageChange(state, false, null) : state;
  if (selected) {
    // Re-selecting us ends nothing, but if the server says every share ended, ours did too.
    if (message.sharesStopped && state.ownShare === 'sharing') return { ...staged, selected: true, ownShare: 'idle', notice: { kind: 'shares_stopped' } };
    return { ...staged, selected: true, notice: state.selected ? state.notice : { kind: 'selected' } };
  }
  // Someone else (or nobody): an open request is void, and our share stops.
  const ownShareStopped = state.ownShare === 'starting' || state.ownShare === 'sharing';
  const notice: Notice | null = ownShareStopped
    ? { kind: 'deselected', other: message.participantId !== null, ownShareStopped: true }
    : message.sharesStopped
      ? { kind: 'shares_stopped' }
      : message.participantId !== null || state.selected
        ? { kind: 'deselected', other: message.participantId !== null, ownShareStopped: false }
        : state.notice;
  return { ...staged, selected: false, requestedBy: null, ownShare: 'idle', notice };
}

function onControlTransferred(state: RemoteState, message: Extract<ServerMessage, { type: 'control.transferred' }>): RemoteState {
  const ownShareStopped = state.ownShare === 'starting' || state.ownShare === 'sharing';
  return {
    ...state,
    repName: message.controller.name,
    // The transfer, if this was one, is over: the new rep is here.
    transfer: null,
    // Every share ended with the transfer; the share.state that follows says so
    // too, but nothing of the old controller's stage should linger meanwhile.
    sharing: false,
    stage: null,
    // A new representative: "Connected to {rep}", not "{old rep} stopped sharing".
    everShared: false,
    lastSharer: null,
    // The old controller's screen request goes with them.
    requestedBy: null,
    ownShare: 'idle',
    notice: {
      kind: 'rep_changed',
      rep: message.controller.name,
      previous: message.previous.name,
      controllerGone: message.reason === 'controller_gone',
      ownShareStopped,
    },
  };
}

function onHandoff(state: RemoteState, message: Extract<ServerMessage, { type: 'handoff.state' }>): RemoteState {
  let transfer: Transfer | null;
  if (message.state === 'offered') transfer = { state: 'offered' };
  else if (message.state === 'queued') transfer = message.position === undefined ? { state: 'queued' } : { state: 'queued', position: message.position };
  // cancelled: the rep keeps the session; accepted: control.transferred follows and names the new rep.
  else transfer = null;
  if (sameTransfer(state.transfer, transfer)) return state;
  return { ...state, transfer };
}

function sameTransfer(a: Transfer | null, b: Transfer | null): boolean {
  if (a === null || b === null) return a === b;
  return a.state === b.state && (a.state === 'queued' ? a.position : undefined) === (b.state === 'queued' ? b.position : undefined);
}

function onError(state: RemoteState, error: Extract<ServerMessage, { type: 'error' }>): RemoteState {
  if (error.reason === 'denied') return end(state, { name: 'denied' });
  if (error.rid !== undefined && error.rid === state.shareRid && state.ownShare === 'sharing') {
    // The server would not show our screen (the request was withdrawn, or the rep moved on): stop capturing.
    return { ...state, ownShare: 'idle', notice: { kind: 'share_failed' } };
  }
  const refusesJoin =
    (error.rid !== undefined && error.rid === state.joinRid) ||
    error.inReplyTo === 'customer.join' ||
    // Before we are in, an error about nothing in particular can only be about the join.
    (state.membership === 'none' && error.rid === undefined && error.inReplyTo === undefined);
  // Anything else (a signal to a rep who just left, a rate limit on a signal…) is not fatal.
  if (!refusesJoin) return state;
  // Re-joining after a dropped socket and the session is gone: it ended while we were away.
  if (error.reason === 'no_session' && state.hasJoined) return end(state, { name: 'ended', reason: 'no_session' });
  return end(state, { name: 'error', reason: error.reason });
}

function end(state: RemoteState, terminal: Terminal): RemoteState {
  // Nothing is shared with us any more, whatever the rep was doing, and our own share is over.
  return { ...state, terminal, sharing: false, stage: null, videoLive: false, ownShare: 'idle', requestedBy: null, transfer: null };
}

function derive(state: RemoteState): RemoteState {
  const name = nameOf(state);
  return name === state.name ? state : { ...state, name };
}

function nameOf(state: RemoteState): RemoteStateName {
  if (state.terminal) return state.terminal.name;
  if (!state.started) return 'idle';
  if (!state.hasJoined) return 'connecting';
  if (state.socket === 'down' || state.peer === 'reconnecting' || state.peer === 'failed') return 'reconnecting';
  if (state.membership !== 'connected') return 'lobby';
  if (state.ownShare === 'sharing') return 'sharing';
  // The server still shows us on the stage just after we stopped: nothing of someone else's to wait for.
  if (state.sharing && !onStage(state)) return state.videoLive ? 'viewing' : 'connected';
  return state.everShared ? 'stopped' : 'connected';
}
