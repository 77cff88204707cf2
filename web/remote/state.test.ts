import { describe, expect, it } from 'vitest';
import type { ServerMessage } from '../../src/shared/protocol/wire.ts';
import { initialState, reduce, showsVideo, statusMessage, statusTone, type RemoteEvent, type RemoteState } from './state.ts';

const joined = (over: Partial<Extract<ServerMessage, { type: 'customer.joined' }>> = {}): RemoteEvent => ({
  type: 'message',
  message: {
    type: 'customer.joined',
    rid: 'join-1',
    sessionId: 'session-1',
    participantId: 'customer-1',
    repName: 'Dana',
    state: 'connected',
    sharing: false,
    iceServers: [],
    ...over,
  },
});
const msg = (message: ServerMessage): RemoteEvent => ({ type: 'message', message });
const share = (sharing: boolean) => msg({ type: 'share.state', sessionId: 'session-1', sharing });
const video = (live: boolean): RemoteEvent => ({ type: 'video', live });

function run(...events: RemoteEvent[]): RemoteState {
  return events.reduce(reduce, initialState);
}

const started: RemoteEvent[] = [{ type: 'join' }, { type: 'join.sent', rid: 'join-1' }];

describe('remote state', () => {
  it('starts idle and ignores everything until the user joins', () => {
    expect(run().name).toBe('idle');
    expect(run(joined(), share(true)).name).toBe('idle');
    expect(run({ type: 'join' }).name).toBe('connecting');
  });

  it('goes connecting → connected → viewing → stopped → viewing', () => {
    const connected = run(...started, joined());
    expect(connected.name).toBe('connected');
    expect(connected.repName).toBe('Dana');

    // Sharing but no frames yet: still waiting.
    const sharing = reduce(connected, share(true));
    expect(sharing.name).toBe('connected');
    const viewing = reduce(sharing, video(true));
    expect(viewing.name).toBe('viewing');
    expect(showsVideo(viewing)).toBe(true);

    const stopped = reduce(viewing, share(false));
    expect(stopped.name).toBe('stopped');
    expect(showsVideo(stopped)).toBe(false);

    // Frames of the old track are still live: the new share shows at once.
    expect(reduce(stopped, share(true)).name).toBe('viewing');
    // The rep removed the track (it muted), then shares again: wait for frames.
    const muted = reduce(stopped, video(false));
    expect(reduce(muted, share(true)).name).toBe('connected');
    expect(run(...started, joined(), share(true), video(false), share(true), video(true)).name).toBe('viewing');
  });

  it('views at once when the rep was already sharing on join', () => {
    const state = run(...started, joined({ sharing: true }));
    expect(state.name).toBe('connected');
    expect(reduce(state, video(true)).name).toBe('viewing');
  });

  it('waits in the lobby until admitted', () => {
    const lobby = run(...started, joined({ state: 'lobby' }));
    expect(lobby.name).toBe('lobby');
    expect(reduce(lobby, share(true)).name).toBe('lobby');
    const admitted = reduce(lobby, msg({ type: 'customer.admitted', sessionId: 'session-1' }));
    expect(admitted.name).toBe('connected');
  });

  it('reconnects while the peer or the socket is down, and comes back to the derived state', () => {
    const viewing = run(...started, joined({ sharing: true }), { type: 'peer.status', status: 'connected' }, video(true));
    expect(viewing.name).toBe('viewing');

    const peerDown = reduce(viewing, { type: 'peer.status', status: 'reconnecting' });
    expect(peerDown.name).toBe('reconnecting');
    // The video keeps showing what still arrives: media is peer to peer.
    expect(showsVideo(peerDown)).toBe(true);
    expect(reduce(peerDown, { type: 'peer.status', status: 'connected' }).name).toBe('viewing');
    expect(reduce(viewing, { type: 'peer.status', status: 'failed' }).name).toBe('reconnecting');

    const socketDown = reduce(viewing, { type: 'socket.lost' });
    expect(socketDown.name).toBe('reconnecting');
    // The rep stops sharing while we are away; the re-join says so.
    const back = reduce(reduce(socketDown, { type: 'join.sent', rid: 'join-2' }), joined({ rid: 'join-2', sharing: false }));
    expect(back.name).toBe('stopped');
    expect(back.peer).toBe('none');
    expect(back.videoLive).toBe(false);
  });

  it('fails with network when the socket drops before the first join, or when retries run out', () => {
    const failed = run(...started, { type: 'socket.lost' });
    expect(failed.name).toBe('error');
    expect(failed.terminal).toEqual({ name: 'error', reason: 'network' });
    expect(statusMessage(failed)).toEqual({ key: 'error_network' });

    const gaveUp = run(...started, joined(), { type: 'socket.lost' }, { type: 'socket.gave_up' });
    expect(gaveUp.terminal).toEqual({ name: 'error', reason: 'network' });
  });

  it('ends on session.ended, with rep_gone its own state', () => {
    const live = run(...started, joined({ sharing: true }), video(true));
    const ended = reduce(live, msg({ type: 'session.ended', sessionId: 'session-1', reason: 'ended_by_rep' }));
    expect(ended.name).toBe('ended');
    expect(showsVideo(ended)).toBe(false);
    expect(statusMessage(ended)).toEqual({ key: 'status_ended' });

    const gone = reduce(live, msg({ type: 'session.ended', sessionId: 'session-1', reason: 'rep_gone' }));
    expect(gone.name).toBe('rep_gone');
    expect(statusMessage(gone)).toEqual({ key: 'status_rep_gone' });
  });

  it('is denied on error reason denied, in the lobby or on the join itself', () => {
    const lobby = run(...started, joined({ state: 'lobby' }));
    const denied = reduce(lobby, msg({ type: 'error', reason: 'denied', message: 'declined' }));
    expect(denied.name).toBe('denied');
    expect(statusMessage(denied)).toEqual({ key: 'status_denied' });
  });

  it('turns a refused join into an error with its reason', () => {
    const byRid = run(...started, msg({ type: 'error', rid: 'join-1', reason: 'invalid_token', message: 'bad token' }));
    expect(byRid.terminal).toEqual({ name: 'error', reason: 'invalid_token' });
    expect(statusMessage(byRid)).toEqual({ key: 'error_invalid_token' });

    const byType = run(...started, msg({ type: 'error', reason: 'no_session', message: 'no', inReplyTo: 'customer.join' }));
    expect(byType.terminal).toEqual({ name: 'error', reason: 'no_session' });

    const unattributed = run(...started, msg({ type: 'error', reason: 'rate_limited', message: 'slow down' }));
    expect(unattributed.terminal).toEqual({ name: 'error', reason: 'rate_limited' });
  });

  it('shrugs off errors about other messages once in the session', () => {
    const live = run(...started, joined());
    const after = reduce(live, msg({ type: 'error', reason: 'unknown_participant', message: 'gone', inReplyTo: 'signal' }));
    expect(after).toBe(live);
    expect(reduce(live, msg({ type: 'error', reason: 'rate_limited', message: 'slow' }))).toBe(live);
  });

  it('reads a no_session on a re-join as the session having ended', () => {
    const away = run(...started, joined(), { type: 'socket.lost' }, { type: 'join.sent', rid: 'join-2' });
    const ended = reduce(away, msg({ type: 'error', rid: 'join-2', reason: 'no_session', message: 'no such session' }));
    expect(ended.name).toBe('ended');
    expect(ended.terminal).toEqual({ name: 'ended', reason: 'no_session' });
  });

  it('leaves, and terminal states absorb every later event', () => {
    const left = run(...started, joined(), { type: 'leave' });
    expect(left.name).toBe('left');
    expect(statusMessage(left)).toEqual({ key: 'status_left' });
    for (const event of [joined(), share(true), video(true), { type: 'socket.lost' } as const, { type: 'join' } as const]) {
      expect(reduce(left, event)).toBe(left);
    }
  });

  it('returns the same object when nothing changes', () => {
    const live = run(...started, joined());
    expect(reduce(live, msg({ type: 'pong' }))).toBe(live);
    expect(reduce(live, video(false))).toBe(live);
    expect(reduce(live, { type: 'peer.reset' })).toBe(live);
  });

  it('fills the rep name into the status and gives every state a tone', () => {
    const live = run(...started, joined());
    expect(statusMessage(live)).toEqual({ key: 'status_connected', values: { rep: 'Dana' } });
    expect(statusMessage(run())).toBeNull();
    expect(statusTone('viewing')).toBe('ok');
    expect(statusTone('stopped')).toBe('notice');
    expect(statusTone('denied')).toBe('problem');
    expect(statusTone('left')).toBe('ended');
    expect(statusTone('reconnecting')).toBe('progress');
  });
});
