import { describe, expect, it } from 'vitest';
import type { ServerMessage, Stage } from '../../src/shared/protocol/wire.ts';
import { asksConsent, explainsUnsupported, initialState, reduce, showsVideo, type RemoteEvent, type RemoteState } from './state.ts';
import { noticeMessage, statusMessage, statusTone, transferMessages } from './status.ts';

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
    selected: false,
    stage: null,
    ...over,
  },
});
const msg = (message: ServerMessage): RemoteEvent => ({ type: 'message', message });
const repStage: Stage = { participantId: 'rep-1', role: 'controller', name: 'Dana' };
const otherStage: Stage = { participantId: 'customer-2', role: 'customer', name: 'Lee' };
const ourStage: Stage = { participantId: 'customer-1', role: 'customer', name: 'Kim' };
const stageState = (stage: Stage | null) => msg({ type: 'share.state', sessionId: 'session-1', sharing: stage !== null, stage });
/** The rep's own share on or off. */
const share = (sharing: boolean) => stageState(sharing ? repStage : null);
const video = (live: boolean): RemoteEvent => ({ type: 'video', live });
const selected = (participantId: string | null, sharesStopped = false) =>
  msg({ type: 'support.selected', sessionId: 'session-1', participantId, sharesStopped });
const requested = msg({ type: 'screen.requested', sessionId: 'session-1', repName: 'Dana' });

function run(...events: RemoteEvent[]): RemoteState {
  return events.reduce(reduce, initialState);
}

const started: RemoteEvent[] = [{ type: 'join', name: 'Kim', canShare: true }, { type: 'join.sent', rid: 'join-1' }];

describe('remote state', () => {
  it('starts idle and ignores everything until the user joins', () => {
    expect(run().name).toBe('idle');
    expect(run(joined(), share(true)).name).toBe('idle');
    expect(run({ type: 'join', name: 'Kim', canShare: true }).name).toBe('connecting');
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
    // The rep stops sharing while we are away; the re-join (a new participant to the server) says so.
    const back = reduce(reduce(socketDown, { type: 'join.sent', rid: 'join-2' }), joined({ rid: 'join-2', sharing: false, participantId: 'customer-2' }));
    expect(back.name).toBe('stopped');
    expect(back.peer).toBe('none');
    expect(back.videoLive).toBe(false);
  });

  it('back under the same participant id after a server restart: the peer and the picture went on', () => {
    const viewing = run(...started, joined({ sharing: true }), { type: 'peer.status', status: 'connected' }, video(true));
    const socketDown = reduce(viewing, { type: 'socket.lost' });
    const back = reduce(reduce(socketDown, { type: 'join.sent', rid: 'join-2' }), joined({ rid: 'join-2', sharing: true }));
    expect(back.peer).toBe('connected');
    expect(back.videoLive).toBe(true);
    expect(back.name).toBe('viewing');
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
    for (const event of [joined(), share(true), video(true), { type: 'socket.lost' } as const, { type: 'join', name: 'Kim', canShare: true } as const]) {
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
    expect(statusTone(live)).toBe('ok');
    expect(statusTone(run(...started, joined(), share(true), video(true), share(false)))).toBe('notice');
    expect(statusTone(run(...started, msg({ type: 'error', reason: 'denied', message: 'no' })))).toBe('problem');
    expect(statusTone(reduce(live, { type: 'leave' }))).toBe('ended');
    expect(statusTone(reduce(live, { type: 'socket.lost' }))).toBe('progress');
  });
});

describe('remote state: the stage and our own screen (#6)', () => {
  /** Connected, selected, asked, accepted, capturing, and the server put us on the stage (its ok to our customer.share). */
  const sharingEvents: RemoteEvent[] = [
    ...started,
    joined({ selected: true }),
    requested,
    { type: 'share.accept' },
    { type: 'share.started', rid: 'share-1' },
    msg({ type: 'ok', rid: 'share-1' }),
  ];

  it('says whose screen is shown: the rep’s, another customer’s, or ours', () => {
    const rep = run(...started, joined(), stageState(repStage), video(true));
    expect(rep.name).toBe('viewing');
    expect(statusMessage(rep)).toEqual({ key: 'remote_status_viewing_rep', values: { rep: 'Dana' } });

    const other = reduce(rep, stageState(otherStage));
    expect(other.name).toBe('viewing');
    expect(showsVideo(other)).toBe(true);
    expect(statusMessage(other)).toEqual({ key: 'remote_status_viewing_customer', values: { name: 'Lee' } });

    // Another customer's screen before its first frames.
    const waiting = run(...started, joined(), stageState(otherStage));
    expect(waiting.name).toBe('connected');
    expect(statusMessage(waiting)).toEqual({ key: 'remote_status_waiting_customer_screen', values: { rep: 'Dana', name: 'Lee' } });

    // Lee stops: the status names Lee, not the rep.
    const stopped = reduce(other, stageState(null));
    expect(stopped.name).toBe('stopped');
    expect(statusMessage(stopped)).toEqual({ key: 'remote_status_customer_stopped', values: { name: 'Lee' } });
    expect(statusMessage(reduce(rep, share(false)))).toEqual({ key: 'status_rep_stopped' });

    // We are on the stage: our preview, not the forwarded video, even if frames arrive.
    const ours = run(...sharingEvents, video(true));
    expect(ours.name).toBe('sharing');
    expect(showsVideo(ours)).toBe(false);
    expect(statusMessage(ours)).toEqual({ key: 'remote_status_sharing' });
    expect(statusTone(ours)).toBe('ok');
  });

  it('a customer.joined carries the stage and the selection', () => {
    const state = run(...started, joined({ sharing: true, stage: otherStage, selected: true }), video(true));
    expect(state.selected).toBe(true);
    expect(statusMessage(state)).toEqual({ key: 'remote_status_viewing_customer', values: { name: 'Lee' } });
  });

  it('asks for consent, then shares once the capture runs', () => {
    const asking = run(...started, joined({ selected: true }), requested);
    expect(asking.ownShare).toBe('asking');
    expect(asking.requestedBy).toBe('Dana');
    expect(asksConsent(asking)).toBe(true);
    expect(explainsUnsupported(asking)).toBe(false);

    const starting = reduce(asking, { type: 'share.accept' });
    expect(starting.ownShare).toBe('starting');
    expect(asksConsent(starting)).toBe(false);
    expect(statusMessage(starting)).toEqual({ key: 'remote_status_share_starting' });
    expect(statusTone(starting)).toBe('progress');

    const sharing = reduce(starting, { type: 'share.started', rid: 'share-1' });
    expect(sharing.ownShare).toBe('sharing');
    expect(sharing.name).toBe('sharing');
    // A second request while sharing opens no dialog.
    expect(reduce(sharing, requested)).toBe(sharing);
  });

  it('"Not now" and a closed picker decline; any other capture error fails', () => {
    const asking = run(...started, joined({ selected: true }), requested);
    const declined = reduce(asking, { type: 'share.decline' });
    expect(declined.ownShare).toBe('idle');
    expect(asksConsent(declined)).toBe(false);
    expect(noticeMessage(declined)).toEqual({ key: 'remote_notice_share_declined' });

    const starting = reduce(asking, { type: 'share.accept' });
    const picker = reduce(starting, { type: 'share.failed', reason: 'share_declined' });
    expect(picker.ownShare).toBe('idle');
    expect(noticeMessage(picker)).toEqual({ key: 'remote_notice_share_declined' });
    const failed = reduce(starting, { type: 'share.failed', reason: 'capture_failed' });
    expect(failed.ownShare).toBe('idle');
    expect(noticeMessage(failed)).toEqual({ key: 'remote_notice_share_failed' });
  });

  it('on a browser that cannot share, explains instead of asking', () => {
    const phone = run({ type: 'join', name: 'Kim', canShare: false }, { type: 'join.sent', rid: 'join-1' }, joined({ selected: true }), requested);
    expect(phone.ownShare).toBe('idle');
    expect(asksConsent(phone)).toBe(false);
    expect(explainsUnsupported(phone)).toBe(true);
    // Accepting is impossible; dismissing closes the explanation.
    expect(reduce(phone, { type: 'share.accept' })).toBe(phone);
    const dismissed = reduce(phone, { type: 'request.dismiss' });
    expect(explainsUnsupported(dismissed)).toBe(false);
    // It can still watch.
    expect(reduce(reduce(dismissed, share(true)), video(true)).name).toBe('viewing');
  });

  it('ignores a screen request in the lobby', () => {
    const lobby = run(...started, joined({ state: 'lobby' }), requested);
    expect(lobby.ownShare).toBe('idle');
    expect(asksConsent(lobby)).toBe(false);
  });

  it('stops our share on our Stop button or the browser’s own stop bar', () => {
    // The rep was sharing its tab; our screen took the stage from it.
    const before = run(...started, joined({ selected: true }), stageState(repStage), video(true), ...sharingEvents.slice(3));
    expect(before.name).toBe('sharing');
    const stopped = reduce(before, { type: 'share.stop' });
    expect(stopped.ownShare).toBe('idle');
    expect(noticeMessage(stopped)).toEqual({ key: 'remote_notice_share_stopped' });
    // Our customer.share{false} empties the stage (the server tells everyone but us): not back to the rep's old tab.
    expect(stopped.sharing).toBe(false);
    expect(showsVideo(stopped)).toBe(false);
    expect(stopped.name).toBe('stopped');
    expect(statusMessage(stopped)).toEqual({ key: 'remote_status_connected_idle', values: { rep: 'Dana' } });
    // The rep shares next.
    expect(reduce(stopped, stageState(repStage)).name).toBe('viewing');
  });

  it('is on the stage once the server says ok to our customer.share, or a share.state shows us', () => {
    const unconfirmed = run(...sharingEvents.slice(0, -1));
    expect(unconfirmed.stage).toBeNull();
    expect(reduce(unconfirmed, msg({ type: 'ok', rid: 'join-1' })).stage).toBeNull();
    const confirmed = reduce(unconfirmed, msg({ type: 'ok', rid: 'share-1' }));
    expect(confirmed.stage).toEqual(ourStage);
    expect(confirmed.sharing).toBe(true);

    const echoed = reduce(unconfirmed, stageState(ourStage));
    expect(echoed.stage).toEqual(ourStage);
    expect(reduce(echoed, stageState(null)).ownShare).toBe('idle');
  });

  it('stops our share when the server refuses our customer.share', () => {
    const live = run(...sharingEvents.slice(0, -1));
    expect(reduce(live, msg({ type: 'error', rid: 'signal-1', reason: 'rate_limited', message: 'slow' }))).toBe(live);
    const refused = reduce(live, msg({ type: 'error', rid: 'share-1', reason: 'not_requested', message: 'no', inReplyTo: 'customer.share' }));
    expect(refused.ownShare).toBe('idle');
    expect(refused.name).toBe('connected');
    expect(noticeMessage(refused)).toEqual({ key: 'remote_notice_share_failed' });
  });

  it('stops our share when the rep takes us off the stage ("Stop viewing")', () => {
    const stopped = reduce(run(...sharingEvents), stageState(null));
    expect(stopped.ownShare).toBe('idle');
    expect(noticeMessage(stopped)).toEqual({ key: 'remote_notice_share_stopped_by_rep', values: { rep: 'Dana' } });
  });

  it('keeps sharing when a share.state about someone else arrives before the server put us on the stage', () => {
    const before = run(...started, joined({ selected: true }), stageState(repStage), requested, { type: 'share.accept' }, { type: 'share.started', rid: 'share-1' });
    const after = reduce(before, stageState(null));
    expect(after.ownShare).toBe('sharing');
  });

  it('stops our share when the rep supports someone else, or nobody, and says so', () => {
    const other = reduce(run(...sharingEvents), selected('customer-2', true));
    expect(other.ownShare).toBe('idle');
    expect(other.selected).toBe(false);
    expect(other.sharing).toBe(false);
    expect(other.stage).toBeNull();
    expect(noticeMessage(other)).toEqual({ key: 'remote_notice_helping_other_stopped', values: { rep: 'Dana' } });

    const nobody = reduce(run(...sharingEvents), selected(null, true));
    expect(nobody.ownShare).toBe('idle');
    expect(noticeMessage(nobody)).toEqual({ key: 'remote_notice_unselected_stopped', values: { rep: 'Dana' } });

    // While the picker is open: that share will not happen.
    const picking = run(...started, joined({ selected: true }), requested, { type: 'share.accept' }, selected('customer-2'));
    expect(picking.ownShare).toBe('idle');
    expect(noticeMessage(picking)).toEqual({ key: 'remote_notice_helping_other_stopped', values: { rep: 'Dana' } });
    expect(reduce(picking, { type: 'share.started', rid: 'share-1' }).ownShare).toBe('idle');
  });

  it('closes an unanswered request when the rep switches customer', () => {
    const switched = run(...started, joined({ selected: true }), requested, selected('customer-2'));
    expect(asksConsent(switched)).toBe(false);
    expect(noticeMessage(switched)).toEqual({ key: 'remote_notice_helping_other', values: { rep: 'Dana' } });
    // Answering it afterwards changes nothing.
    expect(reduce(switched, { type: 'share.accept' })).toBe(switched);
  });

  it('tells us when the rep selects us, and when a switch ended someone else’s share', () => {
    const us = run(...started, joined(), selected('customer-1'));
    expect(us.selected).toBe(true);
    expect(noticeMessage(us)).toEqual({ key: 'remote_notice_selected', values: { rep: 'Dana' } });

    const watching = run(...started, joined(), stageState(otherStage), video(true));
    const switched = reduce(watching, selected('customer-3', true));
    expect(switched.sharing).toBe(false);
    expect(showsVideo(switched)).toBe(false);
    expect(noticeMessage(switched)).toEqual({ key: 'remote_notice_shares_stopped', values: { rep: 'Dana' } });

    const unselected = reduce(us, selected(null));
    expect(noticeMessage(unselected)).toEqual({ key: 'remote_notice_unselected', values: { rep: 'Dana' } });
  });

  it('a re-join loses our share and says so', () => {
    const away = run(...sharingEvents, { type: 'socket.lost' });
    // Media is peer to peer: the share goes on while the socket reconnects.
    expect(away.name).toBe('reconnecting');
    expect(away.ownShare).toBe('sharing');
    const back = reduce(reduce(away, { type: 'join.sent', rid: 'join-2' }), joined({ rid: 'join-2', participantId: 'customer-9', selected: false }));
    expect(back.ownShare).toBe('idle');
    expect(noticeMessage(back)).toEqual({ key: 'remote_notice_share_lost' });
    // The last share was ours, even under our new id.
    expect(back.name).toBe('stopped');
    expect(statusMessage(back)).toEqual({ key: 'remote_status_connected_idle', values: { rep: 'Dana' } });
  });

  it('leaving or the session ending ends our share and any dialog', () => {
    for (const event of [{ type: 'leave' } as const, msg({ type: 'session.ended', sessionId: 'session-1', reason: 'ended_by_rep' })]) {
      const over = reduce(run(...sharingEvents), event);
      expect(over.ownShare).toBe('idle');
      expect(over.stage).toBeNull();
      expect(noticeMessage(over)).toBeNull();
      const asked = reduce(run(...started, joined({ selected: true }), requested), event);
      expect(asksConsent(asked)).toBe(false);
    }
  });
});

describe('remote state: control changes hands (#7)', () => {
  const transferred = (reason: 'transfer' | 'controller_gone' = 'transfer') =>
    msg({
      type: 'control.transferred',
      sessionId: 'session-1',
      controller: { participantId: 'rep-2', name: 'Lee' },
      previous: { participantId: 'rep-1', name: 'Dana' },
      reason,
    });
  const sharingEvents: RemoteEvent[] = [
    ...started,
    joined({ selected: true }),
    requested,
    { type: 'share.accept' },
    { type: 'share.started', rid: 'share-1' },
    msg({ type: 'ok', rid: 'share-1' }),
  ];

  it('names the new representative in the status and the notice', () => {
    const state = run(...started, joined(), transferred());
    expect(state.repName).toBe('Lee');
    expect(statusMessage(state)).toEqual({ key: 'status_connected', values: { rep: 'Lee' } });
    expect(noticeMessage(state)).toEqual({ key: 'remote_notice_rep_changed', values: { rep: 'Lee', previous: 'Dana' } });
  });

  it('says the previous one left when control fell to an assistant', () => {
    const state = run(...started, joined(), transferred('controller_gone'));
    expect(noticeMessage(state)).toEqual({ key: 'remote_notice_rep_replaced', values: { rep: 'Lee', previous: 'Dana' } });
  });

  it('clears the old stage at once and starts afresh, not "stopped sharing"', () => {
    const viewing = run(...started, joined(), share(true), video(true));
    expect(viewing.name).toBe('viewing');
    const after = reduce(viewing, transferred());
    expect(after.sharing).toBe(false);
    expect(after.stage).toBeNull();
    expect(showsVideo(after)).toBe(false);
    expect(after.name).toBe('connected');
    // The share.state that follows changes nothing.
    const cleared = reduce(after, share(false));
    expect(cleared.name).toBe('connected');
    expect(cleared.notice).toEqual(after.notice);
    // The new controller shares: the page views it under the new name.
    expect(statusMessage(reduce(reduce(cleared, stageState({ participantId: 'rep-2', role: 'controller', name: 'Lee' })), video(true)))).toEqual({
      key: 'remote_status_viewing_rep',
      values: { rep: 'Lee' },
    });
  });

  it('ends our own share and says so', () => {
    const after = reduce(run(...sharingEvents), transferred());
    expect(after.ownShare).toBe('idle');
    expect(after.stage).toBeNull();
    expect(after.name).toBe('connected');
    expect(noticeMessage(after)).toEqual({ key: 'remote_notice_rep_changed_stopped', values: { rep: 'Lee', previous: 'Dana' } });
    const gone = reduce(run(...sharingEvents), transferred('controller_gone'));
    expect(noticeMessage(gone)?.key).toBe('remote_notice_rep_replaced_stopped');
    // No "the rep stopped viewing your screen" from the share.state that follows.
    expect(reduce(after, share(false)).notice).toEqual(after.notice);
  });

  it('closes the old controller’s screen request and a picker left open', () => {
    const asked = run(...started, joined({ selected: true }), requested);
    expect(asksConsent(asked)).toBe(true);
    const after = reduce(asked, transferred());
    expect(asksConsent(after)).toBe(false);
    expect(after.requestedBy).toBeNull();
    expect(noticeMessage(after)?.key).toBe('remote_notice_rep_changed');

    const picking = reduce(asked, { type: 'share.accept' });
    expect(reduce(picking, transferred()).ownShare).toBe('idle');
    expect(noticeMessage(reduce(picking, transferred()))?.key).toBe('remote_notice_rep_changed_stopped');

    const cannot = run({ type: 'join', name: 'Kim', canShare: false }, { type: 'join.sent', rid: 'join-1' }, joined({ selected: true }), requested);
    expect(explainsUnsupported(cannot)).toBe(true);
    expect(explainsUnsupported(reduce(cannot, transferred()))).toBe(false);
  });

  it('keeps whether the rep supports us (the new controller inherits the selection)', () => {
    expect(run(...started, joined({ selected: true }), transferred()).selected).toBe(true);
  });

  it('is ignored once the session is over', () => {
    const left = run(...started, joined(), { type: 'leave' });
    expect(reduce(left, transferred())).toBe(left);
  });
});

describe('remote state: being transferred to another representative (#8, S25)', () => {
  const handoff = (state: 'offered' | 'queued' | 'accepted' | 'cancelled', position?: number) =>
    msg({ type: 'handoff.state', sessionId: 'session-1', state, ...(position === undefined ? {} : { position }) });
  const transferred = msg({
    type: 'control.transferred',
    sessionId: 'session-1',
    controller: { participantId: 'rep-2', name: 'Lee' },
    previous: { participantId: 'rep-1', name: 'Dana' },
    reason: 'transfer',
  });

  it('says nothing about a transfer until there is one', () => {
    expect(transferMessages(run(...started, joined()))).toEqual([]);
  });

  it('says we are being transferred while agents are offered the session', () => {
    const state = run(...started, joined(), handoff('offered'));
    expect(state.transfer).toEqual({ state: 'offered' });
    expect(transferMessages(state)).toEqual([{ key: 'remote_transfer_pending' }]);
    // The rep is still there meanwhile: the status line goes on as before.
    expect(statusMessage(state)).toEqual({ key: 'status_connected', values: { rep: 'Dana' } });
  });

  it('adds our place in the queue, and follows it as it moves', () => {
    const third = run(...started, joined(), handoff('queued', 3));
    expect(transferMessages(third)).toEqual([{ key: 'remote_transfer_pending' }, { key: 'remote_transfer_position', values: { n: '3' } }]);
    const first = reduce(third, handoff('queued', 1));
    expect(transferMessages(first)[1]).toEqual({ key: 'remote_transfer_position', values: { n: '1' } });
    // The same place again changes nothing.
    expect(reduce(first, handoff('queued', 1))).toBe(first);
    // Queued without a place: only that we are being transferred.
    expect(transferMessages(run(...started, joined(), handoff('queued')))).toEqual([{ key: 'remote_transfer_pending' }]);
  });

  it('clears when the transfer is cancelled', () => {
    const state = run(...started, joined(), handoff('queued', 2), handoff('cancelled'));
    expect(state.transfer).toBeNull();
    expect(transferMessages(state)).toEqual([]);
  });

  it('clears on accepted, and control.transferred names the new rep', () => {
    const accepted = run(...started, joined(), handoff('offered'), handoff('accepted'));
    expect(transferMessages(accepted)).toEqual([]);
    const arrived = reduce(accepted, transferred);
    expect(noticeMessage(arrived)).toEqual({ key: 'remote_notice_rep_changed', values: { rep: 'Lee', previous: 'Dana' } });
    // control.transferred alone (accepted lost or late) clears it too.
    expect(reduce(run(...started, joined(), handoff('queued', 1)), transferred).transfer).toBeNull();
  });

  it('says nothing once the session is over', () => {
    const state = run(...started, joined(), handoff('queued', 1), { type: 'leave' });
    expect(transferMessages(state)).toEqual([]);
    expect(reduce(state, handoff('offered'))).toBe(state);
  });
});
