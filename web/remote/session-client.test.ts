import { describe, expect, it } from 'vitest';
import type { PeerLinkOptions } from '../../src/shared/peer/peer-link.ts';
import type { SignalPayload } from '../../src/shared/protocol/common.ts';
import { ClientMessage, type ServerMessage } from '../../src/shared/protocol/wire.ts';
import {
  DISPLAY_MEDIA_OPTIONS,
  SessionClient,
  socketUrl,
  type PeerLike,
  type SessionClientOptions,
  type SocketLike,
  type Timers,
} from './session-client.ts';
import { asksConsent, explainsUnsupported, type RemoteState } from './state.ts';

// ---- fakes ------------------------------------------------------------------

class FakeSocket implements SocketLike {
  static all: FakeSocket[] = [];
  readyState = 0;
  readonly sent: ClientMessage[] = [];
  closedByClient = false;
  readonly #events = new EventTarget();
  constructor(readonly url: string) {
    FakeSocket.all.push(this);
  }
  addEventListener(type: string, listener: (event: { data: unknown }) => void, options?: { signal?: AbortSignal }): void {
    this.#events.addEventListener(type, (event) => listener(event as Event & { data: unknown }), options);
  }
  send(data: string): void {
    this.sent.push(ClientMessage.parse(JSON.parse(data)));
  }
  close(): void {
    this.closedByClient = true;
    this.readyState = 3;
  }
  // test side
  open(): void {
    this.readyState = 1;
    this.#events.dispatchEvent(new Event('open'));
  }
  receive(message: ServerMessage | string): void {
    const event = Object.assign(new Event('message'), { data: typeof message === 'string' ? message : JSON.stringify(message) });
    this.#events.dispatchEvent(event);
  }
  drop(): void {
    this.readyState = 3;
    this.#events.dispatchEvent(new Event('close'));
  }
}

class FakePeer implements PeerLike {
  readonly received: SignalPayload[] = [];
  /** Every setVideoTrack call: our screen going out (a track) or stopping (null). */
  readonly videoTracks: { track: MediaStreamTrack | null; stream: MediaStream | undefined }[] = [];
  closed = false;
  constructor(readonly options: PeerLinkOptions) {
    options.signal?.addEventListener('abort', () => this.close());
  }
  receive(payload: SignalPayload): Promise<void> {
    this.received.push(payload);
    return Promise.resolve();
  }
  setVideoTrack(track: MediaStreamTrack | null, stream?: MediaStream): Promise<void> {
    this.videoTracks.push({ track, stream });
    return Promise.resolve();
  }
  close(): void {
    this.closed = true;
  }
}

class FakeTrack extends EventTarget {
  muted = true;
  readyState: MediaStreamTrackState = 'live';
  contentHint = '';
  stopped = false;
  constructor(readonly kind: 'video' | 'audio' = 'video') {
    super();
  }
  /** Like the real one: stop() ends the track without an 'ended' event. */
  stop(): void {
    this.stopped = true;
    this.readyState = 'ended';
  }
  set(change: 'mute' | 'unmute' | 'ended'): void {
    if (change === 'ended') this.readyState = 'ended';
    else this.muted = change === 'mute';
    this.dispatchEvent(new Event(change));
  }
}

class FakeStream {
  constructor(readonly tracks: FakeTrack[]) {}
  getTracks(): FakeTrack[] {
    return this.tracks;
  }
  getVideoTracks(): FakeTrack[] {
    return this.tracks.filter((t) => t.kind === 'video');
  }
}

/** getDisplayMedia whose answer the test gives: pick() resolves the latest call, fail() rejects it. */
class FakeDisplay {
  readonly calls: DisplayMediaStreamOptions[] = [];
  #pending: { resolve: (s: MediaStream) => void; reject: (e: unknown) => void } | null = null;
  readonly getDisplayMedia = (options: DisplayMediaStreamOptions): Promise<MediaStream> => {
    this.calls.push(options);
    return new Promise((resolve, reject) => {
      this.#pending = { resolve, reject };
    });
  };
  /** The user picks a screen; resolves after the client has handled it. */
  async pick(track = new FakeTrack(), extra: FakeTrack[] = []): Promise<{ track: FakeTrack; stream: FakeStream }> {
    const stream = new FakeStream([track, ...extra]);
    this.#pending?.resolve(stream as unknown as MediaStream);
    await flush();
    return { track, stream };
  }
  async fail(name: string): Promise<void> {
    this.#pending?.reject(Object.assign(new Error(name), { name }));
    await flush();
  }
}

const flush = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

/** Timers the test advances by hand. */
class ManualTimers implements Timers {
  now = 0;
  #next = 1;
  readonly pending = new Map<number, { at: number; callback: () => void }>();
  setTimeout(callback: () => void, ms: number): unknown {
    const id = this.#next++;
    this.pending.set(id, { at: this.now + ms, callback });
    return id;
  }
  clearTimeout(handle: unknown): void {
    this.pending.delete(handle as number);
  }
  advance(ms: number): void {
    const until = this.now + ms;
    for (;;) {
      const due = [...this.pending.entries()].filter(([, t]) => t.at <= until).sort((a, b) => a[1].at - b[1].at)[0];
      if (!due) break;
      this.pending.delete(due[0]);
      this.now = due[1].at;
      due[1].callback();
    }
    this.now = until;
  }
}

const offer: SignalPayload = { kind: 'description', description: { type: 'offer', sdp: 'v=0' } };
const candidate: SignalPayload = { kind: 'candidate', candidate: { candidate: 'candidate:1 1 udp 1 127.0.0.1 9 typ host' } };
const joinedMessage = (over: Partial<Extract<ServerMessage, { type: 'customer.joined' }>> = {}): ServerMessage => ({
  type: 'customer.joined',
  rid: 'join-1',
  sessionId: 'session-1',
  participantId: 'customer-1',
  repName: 'Dana',
  state: 'connected',
  sharing: false,
  iceServers: [{ urls: 'stun:stun.example.com' }],
  selected: false,
  stage: null,
  ...over,
});
const repStage = { participantId: 'rep-0001', role: 'controller', name: 'Dana' } as const;
const ourStage = { participantId: 'customer-1', role: 'customer', name: 'Kim' } as const;

function setup(over: Partial<SessionClientOptions> = {}) {
  FakeSocket.all = [];
  const peers: FakePeer[] = [];
  const states: RemoteState[] = [];
  const streams: (MediaStream | null)[] = [];
  const ownStreams: (MediaStream | null)[] = [];
  const display = new FakeDisplay();
  const timers = new ManualTimers();
  const abort = new AbortController();
  const client = new SessionClient({
    url: 'ws://example.test/ws',
    number: '123456789',
    token: 'AAAAAAAAAAAAAAAAAAAAAA',
    name: 'Kim',
    onState: (state) => states.push(state),
    onStream: (stream) => streams.push(stream),
    onOwnStream: (stream) => ownStreams.push(stream),
    getDisplayMedia: display.getDisplayMedia,
    signal: abort.signal,
    WebSocket: FakeSocket,
    createPeer: (options) => {
      const peer = new FakePeer(options);
      peers.push(peer);
      return peer;
    },
    createStream: (tracks) => ({ tracks }) as unknown as MediaStream,
    reconnect: (attempt) => (attempt <= 3 ? 1000 * attempt : null),
    timers,
    pingMs: 25_000,
    log: () => {},
    ...over,
  });
  const socket = () => {
    const last = FakeSocket.all.at(-1);
    if (!last) throw new Error('no socket');
    return last;
  };
  const name = () => client.state.name;
  return { client, peers, states, streams, ownStreams, display, timers, abort, socket, name };
}

/** Started, socket open, joined. */
function joinedSetup(over: Partial<SessionClientOptions> = {}, joined = joinedMessage()) {
  const t = setup(over);
  t.client.start();
  t.socket().open();
  t.socket().receive(joined);
  return t;
}

// ---- tests ------------------------------------------------------------------

describe('socketUrl', () => {
  it('uses wss on https and ws on http, on the page’s own host', () => {
    expect(socketUrl({ protocol: 'https:', host: 'support.example.com' })).toBe('wss://support.example.com/ws');
    expect(socketUrl({ protocol: 'http:', host: '127.0.0.1:8787' })).toBe('ws://127.0.0.1:8787/ws');
  });
});

describe('SessionClient', () => {
  it('joins with number, token and name once the socket opens', () => {
    const t = setup();
    expect(t.name()).toBe('idle');
    t.client.start();
    expect(t.name()).toBe('connecting');
    expect(t.socket().url).toBe('ws://example.test/ws');
    expect(t.socket().sent).toEqual([]);
    t.socket().open();
    expect(t.socket().sent).toEqual([
      { type: 'customer.join', rid: 'join-1', number: '123456789', name: 'Kim', token: 'AAAAAAAAAAAAAAAAAAAAAA' },
    ]);
    t.socket().receive(joinedMessage());
    expect(t.name()).toBe('connected');
  });

  it('leaves the token out when the link has none', () => {
    const t = setup({ token: undefined });
    t.client.start();
    t.socket().open();
    expect(t.socket().sent[0]).toEqual({ type: 'customer.join', rid: 'join-1', number: '123456789', name: 'Kim' });
  });

  it('ignores malformed and unknown messages without changing state', () => {
    const t = joinedSetup();
    const before = t.client.state;
    t.socket().receive('not json');
    t.socket().receive(JSON.stringify({ type: 'customer.joined', repName: 'x' }));
    t.socket().receive(JSON.stringify({ type: 'nope' }));
    expect(t.client.state).toBe(before);
  });

  it('creates the polite PeerLink on the rep’s first signal and routes signals back to the rep', () => {
    const t = joinedSetup();
    expect(t.peers).toHaveLength(0);
    t.socket().receive({ type: 'signal', from: 'rep-0001', payload: offer });
    t.socket().receive({ type: 'signal', from: 'rep-0001', payload: candidate });
    expect(t.peers).toHaveLength(1);
    const peer = t.peers[0]!;
    expect(peer.options.polite).toBe(true);
    expect(peer.options.iceServers).toEqual([{ urls: 'stun:stun.example.com' }]);
    expect(peer.received).toEqual([offer, candidate]);

    const answer: SignalPayload = { kind: 'description', description: { type: 'answer', sdp: 'v=0' } };
    peer.options.send(answer);
    expect(t.socket().sent.at(-1)).toEqual({ type: 'signal', to: 'rep-0001', payload: answer });
  });

  it('ignores stray signals from someone else, but starts over on a new offer', () => {
    const t = joinedSetup();
    t.socket().receive({ type: 'signal', from: 'rep-0001', payload: offer });
    t.socket().receive({ type: 'signal', from: 'other-01', payload: candidate });
    expect(t.peers).toHaveLength(1);
    expect(t.peers[0]!.received).toEqual([offer]);

    t.socket().receive({ type: 'signal', from: 'rep-0002', payload: offer });
    expect(t.peers).toHaveLength(2);
    expect(t.peers[0]!.closed).toBe(true);
    t.peers[1]!.options.send(candidate);
    expect(t.socket().sent.at(-1)).toEqual({ type: 'signal', to: 'rep-0002', payload: candidate });
  });

  it('does not open a peer before the server accepted the join', () => {
    const t = setup();
    t.client.start();
    t.socket().open();
    t.socket().receive({ type: 'signal', from: 'rep-0001', payload: offer });
    expect(t.peers).toHaveLength(0);
  });

  it('shows the rep’s video once frames arrive, and hides it when sharing stops or the track mutes', () => {
    const t = joinedSetup({}, joinedMessage({ sharing: true }));
    t.socket().receive({ type: 'signal', from: 'rep-0001', payload: offer });
    const peer = t.peers[0]!;
    const track = new FakeTrack();
    peer.options.onTrack?.(track as unknown as MediaStreamTrack, []);
    expect(t.streams.at(-1)).toEqual({ tracks: [track] });
    // A remote track starts muted: no frames yet.
    expect(t.name()).toBe('connected');
    track.set('unmute');
    expect(t.name()).toBe('viewing');
    expect(t.client.state.sharing).toBe(true);

    t.socket().receive({ type: 'share.state', sessionId: 'session-1', sharing: false, stage: null });
    expect(t.name()).toBe('stopped');
    track.set('mute');
    t.socket().receive({ type: 'share.state', sessionId: 'session-1', sharing: true, stage: repStage });
    expect(t.name()).toBe('connected');
    // Renegotiation hands back the same track; it unmutes when frames come.
    peer.options.onTrack?.(track as unknown as MediaStreamTrack, []);
    track.set('unmute');
    expect(t.name()).toBe('viewing');
    track.set('ended');
    expect(t.name()).toBe('connected');

    // Audio is not shown (there is none yet).
    peer.options.onTrack?.(new FakeTrack('audio') as unknown as MediaStreamTrack, []);
    expect(t.streams.at(-1)).toEqual({ tracks: [track] });
  });

  it('reports the peer’s reconnecting status', () => {
    const t = joinedSetup();
    t.socket().receive({ type: 'signal', from: 'rep-0001', payload: offer });
    const onStatus = t.peers[0]!.options.onStatus!;
    onStatus('connected');
    expect(t.name()).toBe('connected');
    onStatus('reconnecting');
    expect(t.name()).toBe('reconnecting');
    onStatus('connected');
    expect(t.name()).toBe('connected');
  });

  it('re-joins on a fresh socket when the peer fails for good', () => {
    const t = joinedSetup();
    t.socket().receive({ type: 'signal', from: 'rep-0001', payload: offer });
    const first = t.socket();
    t.peers[0]!.options.onStatus!('failed');
    expect(t.peers[0]!.closed).toBe(true);
    expect(first.closedByClient).toBe(true);
    expect(t.name()).toBe('reconnecting');
    t.timers.advance(1000);
    expect(FakeSocket.all).toHaveLength(2);
    t.socket().open();
    expect(t.socket().sent[0]).toMatchObject({ type: 'customer.join', rid: 'join-2' });
  });

  it('reconnects with back-off after the socket drops mid-session, re-sending customer.join', () => {
    const t = joinedSetup({}, joinedMessage({ sharing: true }));
    t.socket().receive({ type: 'signal', from: 'rep-0001', payload: offer });
    t.socket().drop();
    expect(t.name()).toBe('reconnecting');
    // Media is peer to peer: the peer stays up while the socket is away.
    expect(t.peers[0]!.closed).toBe(false);

    t.timers.advance(999);
    expect(FakeSocket.all).toHaveLength(1);
    t.timers.advance(1);
    expect(FakeSocket.all).toHaveLength(2);
    // That attempt fails too: the next waits longer.
    t.socket().drop();
    t.timers.advance(1999);
    expect(FakeSocket.all).toHaveLength(2);
    t.timers.advance(1);
    expect(FakeSocket.all).toHaveLength(3);

    t.socket().open();
    // With the id we had: after a server restart it would keep the rep's peer to us.
    expect(t.socket().sent[0]).toEqual({
      type: 'customer.join',
      rid: 'join-2',
      number: '123456789',
      name: 'Kim',
      token: 'AAAAAAAAAAAAAAAAAAAAAA',
      participantId: 'customer-1',
    });
    // Here the server treats it as a new join (a new id); the old peer makes way for the rep's new offer.
    t.socket().receive(joinedMessage({ rid: 'join-2', sharing: true, participantId: 'customer-2' }));
    expect(t.peers[0]!.closed).toBe(true);
    expect(t.name()).toBe('connected');
    t.socket().receive({ type: 'signal', from: 'rep-0001', payload: offer });
    expect(t.peers).toHaveLength(2);

    // The attempt counter starts over after a successful join.
    t.socket().drop();
    t.timers.advance(1000);
    expect(FakeSocket.all).toHaveLength(4);
  });

  it('back under the same participant id (the server restarted): the peer to the rep is kept', () => {
    const t = joinedSetup({}, joinedMessage({ sharing: true }));
    t.socket().receive({ type: 'signal', from: 'rep-0001', payload: offer });
    t.socket().drop();
    t.timers.advance(1000);
    t.socket().open();
    t.socket().receive(joinedMessage({ rid: 'join-2', sharing: true }));
    expect(t.peers).toHaveLength(1);
    expect(t.peers[0]!.closed).toBe(false);
  });

  it('gives up with a network error when the policy says so', () => {
    const t = joinedSetup();
    for (let attempt = 1; attempt <= 3; attempt++) {
      t.socket().drop();
      t.timers.advance(1000 * attempt);
    }
    expect(FakeSocket.all).toHaveLength(4);
    t.socket().drop();
    expect(t.client.state.terminal).toEqual({ name: 'error', reason: 'network' });
    expect(t.timers.pending.size).toBe(0);
  });

  it('fails at once when the very first socket cannot connect', () => {
    const t = setup();
    t.client.start();
    t.socket().drop();
    expect(t.client.state.terminal).toEqual({ name: 'error', reason: 'network' });
    expect(FakeSocket.all).toHaveLength(1);
    t.timers.advance(60_000);
    expect(FakeSocket.all).toHaveLength(1);
  });

  it('sends a keep-alive ping while connected', () => {
    const t = joinedSetup();
    t.timers.advance(25_000);
    expect(t.socket().sent.at(-1)).toEqual({ type: 'ping' });
    t.timers.advance(25_000);
    expect(t.socket().sent.filter((m) => m.type === 'ping')).toHaveLength(2);
  });

  it('Leave session sends customer.leave and closes everything', () => {
    const t = joinedSetup();
    t.socket().receive({ type: 'signal', from: 'rep-0001', payload: offer });
    t.client.leave();
    expect(t.socket().sent.at(-1)).toEqual({ type: 'customer.leave' });
    expect(t.socket().closedByClient).toBe(true);
    expect(t.peers[0]!.closed).toBe(true);
    expect(t.name()).toBe('left');
    expect(t.streams.at(-1)).toBeNull();
    expect(t.timers.pending.size).toBe(0);
    // Nothing afterwards changes it.
    t.socket().receive(joinedMessage());
    expect(t.name()).toBe('left');
  });

  it('session.ended closes the peer and the socket; rep_gone is its own state', () => {
    const t = joinedSetup();
    t.socket().receive({ type: 'signal', from: 'rep-0001', payload: offer });
    t.socket().receive({ type: 'session.ended', sessionId: 'session-1', reason: 'rep_gone' });
    expect(t.name()).toBe('rep_gone');
    expect(t.peers[0]!.closed).toBe(true);
    expect(t.socket().closedByClient).toBe(true);
    // The server closing its end afterwards is not a loss to recover from.
    t.socket().drop();
    expect(FakeSocket.all).toHaveLength(1);
    expect(t.timers.pending.size).toBe(0);
  });

  it('denied and refused joins end the session with their reason', () => {
    const lobby = joinedSetup({}, joinedMessage({ state: 'lobby' }));
    expect(lobby.name()).toBe('lobby');
    lobby.socket().receive({ type: 'error', reason: 'denied', message: 'declined', inReplyTo: 'customer.join' });
    expect(lobby.name()).toBe('denied');
    expect(lobby.socket().closedByClient).toBe(true);

    const refused = setup();
    refused.client.start();
    refused.socket().open();
    refused.socket().receive({ type: 'error', rid: 'join-1', reason: 'invalid_token', message: 'bad token', inReplyTo: 'customer.join' });
    expect(refused.client.state.terminal).toEqual({ name: 'error', reason: 'invalid_token' });
  });

  it('aborting the signal tears everything down quietly', () => {
    const t = joinedSetup();
    t.socket().receive({ type: 'signal', from: 'rep-0001', payload: offer });
    const statesBefore = t.states.length;
    t.abort.abort();
    expect(t.socket().closedByClient).toBe(true);
    expect(t.socket().sent.some((m) => m.type === 'customer.leave')).toBe(false);
    expect(t.peers[0]!.closed).toBe(true);
    expect(t.timers.pending.size).toBe(0);
    t.socket().drop();
    expect(FakeSocket.all).toHaveLength(1);
    expect(t.states.length).toBe(statesBefore);
    // start() after abort does nothing.
    const late = setup();
    late.abort.abort();
    late.client.start();
    expect(FakeSocket.all).toHaveLength(0);
  });
});

describe('SessionClient: sharing our screen (#6)', () => {
  const requested: ServerMessage = { type: 'screen.requested', sessionId: 'session-1', repName: 'Dana' };
  const sentOf = (t: ReturnType<typeof setup>, type: ClientMessage['type']) => t.socket().sent.filter((m) => m.type === type);

  /** Joined and selected, with a peer to the rep, and asked to share. */
  function asked(over: Partial<SessionClientOptions> = {}) {
    const t = joinedSetup(over, joinedMessage({ selected: true }));
    t.socket().receive({ type: 'signal', from: 'rep-0001', payload: offer });
    t.socket().receive(requested);
    return t;
  }

  /** …and sharing: the user said yes and picked a screen, and the server put us on the stage (it answers ok). */
  async function sharing(over: Partial<SessionClientOptions> = {}) {
    const t = asked(over);
    const accepted = t.client.acceptShare();
    const picked = await t.display.pick();
    await accepted;
    t.socket().receive({ type: 'ok', rid: 'share-1' });
    expect(t.client.state.stage).toEqual(ourStage);
    expect(t.client.state.ownShare).toBe('sharing');
    return { ...t, ...picked, peer: t.peers[0]! };
  }

  /** The share is over: not sent any more, the capture stopped, the preview gone. */
  function expectStopped(t: Awaited<ReturnType<typeof sharing>>) {
    expect(t.client.state.ownShare).toBe('idle');
    expect(t.track.stopped).toBe(true);
    expect(t.ownStreams.at(-1)).toBeNull();
  }

  it('asks for consent, then captures the screen and sends it to the rep', async () => {
    const t = asked();
    expect(asksConsent(t.client.state)).toBe(true);
    expect(t.display.calls).toHaveLength(0);

    const accepted = t.client.acceptShare();
    expect(t.client.state.ownShare).toBe('starting');
    expect(t.display.calls).toEqual([DISPLAY_MEDIA_OPTIONS]);
    expect(t.display.calls[0]).toEqual({ video: { displaySurface: 'monitor', frameRate: { max: 30 } }, audio: false });
    // Nothing goes out before the user picked something.
    expect(sentOf(t, 'customer.share')).toEqual([]);

    const { track, stream } = await t.display.pick();
    await accepted;
    expect(track.contentHint).toBe('detail');
    expect(t.peers[0]!.videoTracks).toEqual([{ track, stream }]);
    expect(t.socket().sent.at(-1)).toEqual({ type: 'customer.share', rid: 'share-1', sharing: true });
    expect(t.ownStreams.at(-1)).toBe(stream);
    expect(t.name()).toBe('sharing');
  });

  it('"Not now" refuses with share_declined and captures nothing', () => {
    const t = asked();
    t.client.declineShare();
    expect(t.socket().sent.at(-1)).toEqual({ type: 'screen.refuse', reason: 'share_declined' });
    expect(t.display.calls).toHaveLength(0);
    expect(asksConsent(t.client.state)).toBe(false);
    // A second press does not send a second refusal.
    t.client.declineShare();
    expect(sentOf(t, 'screen.refuse')).toHaveLength(1);
  });

  it('a browser without getDisplayMedia refuses with share_unsupported at once and only explains', async () => {
    const t = asked({ getDisplayMedia: null });
    expect(t.socket().sent.at(-1)).toEqual({ type: 'screen.refuse', reason: 'share_unsupported' });
    expect(asksConsent(t.client.state)).toBe(false);
    expect(explainsUnsupported(t.client.state)).toBe(true);
    await t.client.acceptShare();
    expect(sentOf(t, 'customer.share')).toEqual([]);
    t.client.dismissRequest();
    expect(explainsUnsupported(t.client.state)).toBe(false);
    expect(sentOf(t, 'screen.refuse')).toHaveLength(1);
  });

  it('closing the picker refuses with share_declined; any other capture error with capture_failed', async () => {
    for (const [name, reason] of [
      ['NotAllowedError', 'share_declined'],
      ['NotReadableError', 'capture_failed'],
      ['AbortError', 'capture_failed'],
    ] as const) {
      const t = asked();
      const accepted = t.client.acceptShare();
      await t.display.fail(name);
      await accepted;
      expect(t.socket().sent.at(-1)).toEqual({ type: 'screen.refuse', reason });
      expect(sentOf(t, 'customer.share')).toEqual([]);
      expect(t.client.state.ownShare).toBe('idle');
      expect(t.peers[0]!.videoTracks).toEqual([]);
    }
  });

  it('the browser’s own "Stop sharing" (the track ends) stops the share and tells the server', async () => {
    const t = await sharing();
    t.track.set('ended');
    expectStopped(t);
    expect(t.peer.videoTracks.at(-1)).toEqual({ track: null, stream: undefined });
    expect(t.socket().sent.at(-1)).toEqual({ type: 'customer.share', sharing: false });
    expect(t.client.state.notice).toEqual({ kind: 'share_stopped' });
  });

  it('our Stop sharing button stops the share and tells the server once', async () => {
    const t = await sharing();
    t.client.stopShare();
    expectStopped(t);
    expect(t.peer.videoTracks.at(-1)?.track).toBeNull();
    t.client.stopShare();
    expect(sentOf(t, 'customer.share')).toEqual([
      { type: 'customer.share', rid: 'share-1', sharing: true },
      { type: 'customer.share', sharing: false },
    ]);
  });

  it('the rep’s "Stop viewing" (share.state sharing:false with us on the stage) stops the share', async () => {
    const t = await sharing();
    t.socket().receive({ type: 'share.state', sessionId: 'session-1', sharing: false, stage: null });
    expectStopped(t);
    expect(t.peer.videoTracks.at(-1)?.track).toBeNull();
    expect(t.socket().sent.at(-1)).toEqual({ type: 'customer.share', sharing: false });
  });

  it('a share.state about someone else does not stop a share the server has not staged yet', async () => {
    const t = asked();
    t.socket().receive({ type: 'share.state', sessionId: 'session-1', sharing: true, stage: repStage });
    const accepted = t.client.acceptShare();
    const { track } = await t.display.pick();
    await accepted;
    t.socket().receive({ type: 'share.state', sessionId: 'session-1', sharing: false, stage: null });
    expect(t.client.state.ownShare).toBe('sharing');
    expect(track.stopped).toBe(false);
  });

  it('the rep selecting another customer stops the share and says so', async () => {
    const t = await sharing();
    t.socket().receive({ type: 'support.selected', sessionId: 'session-1', participantId: 'customer-2', sharesStopped: true });
    expectStopped(t);
    expect(t.peer.videoTracks.at(-1)?.track).toBeNull();
    expect(t.socket().sent.at(-1)).toEqual({ type: 'customer.share', sharing: false });
    expect(t.client.state.notice).toEqual({ kind: 'deselected', other: true, ownShareStopped: true });
  });

  it('a refusal from the server (request withdrawn) stops the capture without answering back', async () => {
    const t = asked();
    const accepted = t.client.acceptShare();
    const { track } = await t.display.pick();
    await accepted;
    t.socket().receive({ type: 'error', rid: 'share-1', reason: 'not_requested', message: 'not asked', inReplyTo: 'customer.share' });
    expect(t.client.state.ownShare).toBe('idle');
    expect(track.stopped).toBe(true);
    expect(t.peers[0]!.videoTracks.at(-1)?.track).toBeNull();
    expect(sentOf(t, 'customer.share')).toEqual([{ type: 'customer.share', rid: 'share-1', sharing: true }]);
    expect(t.name()).toBe('connected');
  });

  it('a capture that arrives after a deselection is stopped at once and never sent', async () => {
    const t = asked();
    const accepted = t.client.acceptShare();
    t.socket().receive({ type: 'support.selected', sessionId: 'session-1', participantId: 'customer-2', sharesStopped: false });
    const { track } = await t.display.pick();
    await accepted;
    expect(track.stopped).toBe(true);
    expect(t.peers[0]!.videoTracks).toEqual([]);
    expect(sentOf(t, 'customer.share')).toEqual([]);
    expect(sentOf(t, 'screen.refuse')).toEqual([]);
    expect(t.client.state.ownShare).toBe('idle');
  });

  it('Leave session ends the share, then leaves', async () => {
    const t = await sharing();
    t.client.leave();
    expectStopped(t);
    expect(t.socket().sent.slice(-2)).toEqual([{ type: 'customer.share', sharing: false }, { type: 'customer.leave' }]);
    expect(t.name()).toBe('left');
  });

  it('the session ending stops the capture without talking to a session that is gone', async () => {
    const t = await sharing();
    t.socket().receive({ type: 'session.ended', sessionId: 'session-1', reason: 'ended_by_rep' });
    expectStopped(t);
    expect(sentOf(t, 'customer.share')).toEqual([{ type: 'customer.share', rid: 'share-1', sharing: true }]);
    expect(t.name()).toBe('ended');
  });

  it('a re-join after a socket drop loses the share and says so', async () => {
    const t = await sharing();
    t.socket().drop();
    // Media is peer to peer: the capture goes on while the socket reconnects.
    expect(t.track.stopped).toBe(false);
    t.timers.advance(1000);
    t.socket().open();
    t.socket().receive(joinedMessage({ rid: 'join-2', participantId: 'customer-7' }));
    expectStopped(t);
    expect(t.client.state.notice).toEqual({ kind: 'share_lost' });
    // The new participant never shared: nothing to take back on the new socket.
    expect(sentOf(t, 'customer.share')).toEqual([]);
    // The rep's new offer makes a new peer, which does not get the old screen.
    t.socket().receive({ type: 'signal', from: 'rep-0001', payload: offer });
    expect(t.peers[1]!.videoTracks).toEqual([]);
  });

  it('aborting (the page goes away) stops the capture quietly', async () => {
    const t = await sharing();
    t.abort.abort();
    expect(t.track.stopped).toBe(true);
    expect(t.ownStreams.at(-1)).toBeNull();
    expect(sentOf(t, 'customer.share')).toEqual([{ type: 'customer.share', rid: 'share-1', sharing: true }]);
  });

  it('answers a repeated request while sharing with customer.share true, without a new dialog', async () => {
    const t = await sharing();
    t.socket().receive(requested);
    expect(asksConsent(t.client.state)).toBe(false);
    expect(t.socket().sent.at(-1)).toEqual({ type: 'customer.share', sharing: true });
    expect(t.display.calls).toHaveLength(1);
  });

  it('sends a screen shared before the rep’s first offer once the peer exists', async () => {
    const t = joinedSetup({}, joinedMessage({ selected: true }));
    t.socket().receive(requested);
    const accepted = t.client.acceptShare();
    const { track, stream } = await t.display.pick();
    await accepted;
    expect(t.peers).toHaveLength(0);
    t.socket().receive({ type: 'signal', from: 'rep-0001', payload: offer });
    expect(t.peers[0]!.videoTracks).toEqual([{ track, stream }]);
  });

  describe('control changes hands (#7)', () => {
    const transferred = (reason: 'transfer' | 'controller_gone' = 'transfer'): ServerMessage => ({
      type: 'control.transferred',
      sessionId: 'session-1',
      controller: { participantId: 'rep-0002', name: 'Lee' },
      previous: { participantId: 'rep-0001', name: 'Dana' },
      reason,
    });
    const stageCleared: ServerMessage = { type: 'share.state', sessionId: 'session-1', sharing: false, stage: null };

    it('stops our share without telling a server that ended every share, and says who the representative is now', async () => {
      const t = await sharing();
      t.socket().receive(transferred());
      expectStopped(t);
      expect(t.peer.videoTracks.at(-1)?.track).toBeNull();
      // The server ended every share itself: nothing to take back.
      expect(sentOf(t, 'customer.share')).toEqual([{ type: 'customer.share', rid: 'share-1', sharing: true }]);
      expect(t.client.state.repName).toBe('Lee');
      expect(t.client.state.notice).toEqual({ kind: 'rep_changed', rep: 'Lee', previous: 'Dana', controllerGone: false, ownShareStopped: true });
      // The share.state that follows changes nothing more.
      t.socket().receive(stageCleared);
      expect(t.client.state.notice?.kind).toBe('rep_changed');
      expect(sentOf(t, 'customer.share')).toHaveLength(1);
    });

    it('drops the previous controller’s peer at once and takes the new controller’s offer', () => {
      const t = joinedSetup();
      t.socket().receive({ type: 'signal', from: 'rep-0001', payload: offer });
      t.socket().receive({ type: 'share.state', sessionId: 'session-1', sharing: true, stage: repStage });
      t.socket().receive(transferred('controller_gone'));
      expect(t.peers[0]!.closed).toBe(true);
      expect(t.streams.at(-1)).toBeNull();
      expect(t.name()).toBe('connected');

      t.socket().receive({ type: 'signal', from: 'rep-0002', payload: offer });
      expect(t.peers).toHaveLength(2);
      t.peers[1]!.options.send(candidate);
      expect(t.socket().sent.at(-1)).toEqual({ type: 'signal', to: 'rep-0002', payload: candidate });
    });

    it('keeps a peer that is not the previous controller’s (the new controller offered first)', () => {
      const t = joinedSetup();
      t.socket().receive({ type: 'signal', from: 'rep-0002', payload: offer });
      t.socket().receive(transferred());
      expect(t.peers).toHaveLength(1);
      expect(t.peers[0]!.closed).toBe(false);
    });

    it('a capture that arrives after the transfer is stopped at once and never sent', async () => {
      const t = asked();
      const accepted = t.client.acceptShare();
      t.socket().receive(transferred());
      const { track } = await t.display.pick();
      await accepted;
      expect(track.stopped).toBe(true);
      expect(t.peers[0]!.videoTracks).toEqual([]);
      expect(sentOf(t, 'customer.share')).toEqual([]);
      expect(t.client.state.notice).toMatchObject({ kind: 'rep_changed', ownShareStopped: true });
    });
  });
});
