// The customer's Remote Support page as a pure state machine: every socket
// message, peer-connection change and user action is an event, and the page
// shows whatever `reduce` returns. The wiring (socket, PeerLink, timers) lives
// in session-client.ts; nothing here touches the DOM or the network.
//
// The state keeps the facts (membership, socket, peer, sharing, video) and
// derives its `name` from them, so a fact that changes while we are
// reconnecting (the rep stops sharing, say) is already right once we are back.
//
//   idle ──join──► connecting ──customer.joined{lobby}──► lobby
//                     │                                     │ customer.admitted
//                     │ customer.joined{connected}          ▼
//                     └──────────────────────────────► connected
//                                                 (waiting for a share,
//                                                  or for its first frames)
//                                                        │ sharing + frames arrive
//                                                        ▼
//            ┌── share.state{sharing:false} ────────── viewing
//            ▼                                           ▲
//         stopped ── sharing + frames arrive ────────────┘
//            │ sharing, no frames yet (track re-added, still muted)
//            └──────────────────────────────────────► connected
//   viewing ── track muted or ended while still sharing ──► connected
//
//   after the first customer.joined, from lobby/connected/viewing/stopped:
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
import type { SessionEndReason, ServerMessage } from '../../src/shared/protocol/wire.ts';
import { errorKey, type MessageKey } from '../../src/shared/i18n/index.ts';

export type LiveStateName = 'idle' | 'connecting' | 'lobby' | 'connected' | 'viewing' | 'stopped' | 'reconnecting';
export type TerminalStateName = 'ended' | 'rep_gone' | 'denied' | 'left' | 'error';
export type RemoteStateName = LiveStateName | TerminalStateName;

export type Terminal =
  | { name: 'ended'; reason: SessionEndReason | 'no_session' }
  | { name: 'rep_gone' }
  | { name: 'denied' }
  | { name: 'left' }
  | { name: 'error'; reason: ErrorReason };

export interface RemoteState {
  /** Derived from the facts below; what the page shows and `data-remote-state` says. */
  readonly name: RemoteStateName;
  /** The user pressed Join (or arrived with a name); false only while idle. */
  readonly started: boolean;
  /** Where the server put us on the latest join; 'none' until the first customer.joined. */
  readonly membership: 'none' | 'lobby' | 'connected';
  /** We got a customer.joined at least once: from then on a dropped socket means "reconnect", not "failed". */
  readonly hasJoined: boolean;
  readonly socket: 'up' | 'down';
  /** Status of the PeerLink to the rep; 'none' before the rep's first signal and after each re-join. */
  readonly peer: PeerStatus | 'none';
  /** The rep's share as the server reports it (authoritative for "is the rep sharing?"). */
  readonly sharing: boolean;
  /** The rep shared at some point: turns "waiting for a share" into "stopped sharing". */
  readonly everShared: boolean;
  /** A remote video track is live and unmuted, i.e. frames are arriving. */
  readonly videoLive: boolean;
  readonly repName: string;
  /** rid of the latest customer.join we sent: an error carrying it refuses the join. */
  readonly joinRid: string | null;
  readonly terminal: Terminal | null;
}

export type RemoteEvent =
  /** The user asked to join (idle → connecting). */
  | { type: 'join' }
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
  /** The user pressed Leave session. */
  | { type: 'leave' };

export const initialState: RemoteState = {
  name: 'idle',
  started: false,
  membership: 'none',
  hasJoined: false,
  socket: 'up',
  peer: 'none',
  sharing: false,
  everShared: false,
  videoLive: false,
  repName: '',
  joinRid: null,
  terminal: null,
};

export function isTerminal(state: RemoteState): boolean {
  return state.terminal !== null;
}

/** Should the page show the rep's video? Media is peer to peer, so it may keep flowing while the socket reconnects. */
export function showsVideo(state: RemoteState): boolean {
  return state.terminal === null && state.sharing && state.videoLive;
}

export function reduce(state: RemoteState, event: RemoteEvent): RemoteState {
  if (state.terminal) return state;
  if (!state.started) return event.type === 'join' ? derive({ ...state, started: true }) : state;
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
    case 'leave':
      return end(state, { name: 'left' });
  }
}

function onMessage(state: RemoteState, message: ServerMessage): RemoteState {
  switch (message.type) {
    case 'customer.joined':
      // A (re)join: the server treats it as a new participant, so the rep builds
      // a new peer connection and any old video is gone.
      return {
        ...state,
        membership: message.state,
        hasJoined: true,
        socket: 'up',
        peer: 'none',
        videoLive: false,
        repName: message.repName,
        sharing: message.sharing,
        everShared: state.everShared || message.sharing,
      };
    case 'customer.admitted':
      return state.membership === 'lobby' ? { ...state, membership: 'connected' } : state;
    case 'share.state':
      return { ...state, sharing: message.sharing, everShared: state.everShared || message.sharing };
    case 'session.ended':
      return end(state, message.reason === 'rep_gone' ? { name: 'rep_gone' } : { name: 'ended', reason: message.reason });
    case 'error':
      return onError(state, message);
    default:
      // Messages for reps (rep.welcome, participant.update…), ok/pong, signals: nothing to show.
      return state;
  }
}

function onError(state: RemoteState, error: Extract<ServerMessage, { type: 'error' }>): RemoteState {
  if (error.reason === 'denied') return end(state, { name: 'denied' });
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
  // Nothing is shared with us any more, whatever the rep was doing.
  return { ...state, terminal, sharing: false, videoLive: false };
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
  if (state.sharing) return state.videoLive ? 'viewing' : 'connected';
  return state.everShared ? 'stopped' : 'connected';
}

/** The sentence for the status line, as a key and its values (the page translates it). */
export function statusMessage(state: RemoteState): { key: MessageKey; values?: Record<string, string> } | null {
  const rep = { rep: state.repName };
  const terminal = state.terminal;
  switch (state.name) {
    case 'idle':
      return null;
    case 'connecting':
      return { key: 'status_connecting' };
    case 'lobby':
      return { key: 'status_waiting_admit' };
    case 'connected':
      return { key: 'status_connected', values: rep };
    case 'viewing':
      return { key: 'status_viewing', values: rep };
    case 'stopped':
      return { key: 'status_rep_stopped' };
    case 'reconnecting':
      return { key: 'status_reconnecting' };
    case 'ended':
      return { key: 'status_ended' };
    case 'rep_gone':
      return { key: 'status_rep_gone' };
    case 'denied':
      return { key: 'status_denied' };
    case 'left':
      return { key: 'status_left' };
    case 'error':
      return { key: errorKey(terminal?.name === 'error' ? terminal.reason : 'internal') };
  }
}

/** How the status line looks; the sentence always says the same thing in words. */
export type StatusTone = 'progress' | 'ok' | 'notice' | 'ended' | 'problem';

export function statusTone(name: RemoteStateName): StatusTone {
  switch (name) {
    case 'idle':
    case 'connecting':
    case 'lobby':
    case 'reconnecting':
      return 'progress';
    case 'connected':
    case 'viewing':
      return 'ok';
    case 'stopped':
      return 'notice';
    case 'ended':
    case 'left':
      return 'ended';
    case 'rep_gone':
    case 'denied':
    case 'error':
      return 'problem';
  }
}
