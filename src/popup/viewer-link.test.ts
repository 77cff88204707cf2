import { describe, expect, it, vi } from 'vitest';
import type { SignalPayload } from '../shared/protocol/common.ts';
import type { ViewerToMedia } from '../shared/protocol/runtime.ts';
import { ViewerLink, type ViewerPeerOptions, type ViewerPort, type ViewerView } from './viewer-link.ts';

class FakePort implements ViewerPort {
  sent: ViewerToMedia[] = [];
  disconnected = false;
  #onMessage: ((message: unknown) => void)[] = [];
  #onDisconnect: (() => void)[] = [];
  onMessage = { addListener: (listener: (message: unknown) => void) => void this.#onMessage.push(listener) };
  onDisconnect = { addListener: (listener: () => void) => void this.#onDisconnect.push(listener) };
  postMessage(message: ViewerToMedia): void {
    if (this.disconnected) throw new Error('Attempting to use a disconnected port object');
    this.sent.push(message);
  }
  disconnect(): void {
    this.disconnected = true;
  }
  /** The media side says something. */
  deliver(message: unknown): void {
    for (const listener of this.#onMessage) listener(message);
  }
  /** The media side went away. */
  drop(): void {
    this.disconnected = true;
    for (const listener of this.#onDisconnect) listener();
  }
}

class FakePeer {
  received: SignalPayload[] = [];
  closed = false;
  constructor(readonly options: ViewerPeerOptions) {
    options.signal.addEventListener('abort', () => this.close());
  }
  receive(payload: SignalPayload): Promise<void> {
    this.received.push(payload);
    return Promise.resolve();
  }
  close(): void {
    this.closed = true;
  }
}

const OFFER: SignalPayload = { kind: 'description', description: { type: 'offer', sdp: 'v=0' } };
const CANDIDATE: SignalPayload = { kind: 'candidate', candidate: { candidate: 'candidate:1 1 udp 1 127.0.0.1 5000 typ host', sdpMid: '0' } };
const track = (id: string) => ({ id, kind: 'video' }) as unknown as MediaStreamTrack;

function setup({ helloTimeoutMs = 0 } = {}) {
  const ports: FakePort[] = [];
  const peers: FakePeer[] = [];
  const views: ViewerView[] = [];
  const timers: { callback: () => void; ms: number }[] = [];
  const abort = new AbortController();
  const link = new ViewerLink({
    connect: () => {
      const port = new FakePort();
      ports.push(port);
      return port;
    },
    createPeer: (options) => {
      const peer = new FakePeer(options);
      peers.push(peer);
      return peer;
    },
    onView: (view) => views.push(view),
    signal: abort.signal,
    reconnectMs: 100,
    maxReconnectMs: 400,
    helloTimeoutMs,
    setTimeout: (callback, ms) => timers.push({ callback, ms }),
    clearTimeout: () => timers.splice(0),
  });
  return { link, ports, peers, views, timers, abort };
}

describe('ViewerLink', () => {
  it('connects at once and asks to watch the active session, again when it changes', () => {
    const { link, ports } = setup();
    expect(ports).toHaveLength(1);
    link.watch('session-1');
    link.watch('session-1');
    link.watch('session-2');
    expect(ports[0]!.sent).toEqual([
      { type: 'viewer.watch', sessionId: 'session-1' },
      { type: 'viewer.watch', sessionId: 'session-2' },
    ]);
  });

  it('feeds the media side’s signals to the peer and sends the peer’s signals back', () => {
    const { ports, peers } = setup();
    ports[0]!.deliver({ type: 'viewer.signal', payload: OFFER });
    ports[0]!.deliver({ type: 'viewer.signal', payload: CANDIDATE });
    expect(peers[0]!.received).toEqual([OFFER, CANDIDATE]);
    peers[0]!.options.send({ kind: 'candidate', candidate: null });
    expect(ports[0]!.sent).toEqual([{ type: 'viewer.signal', payload: { kind: 'candidate', candidate: null } }]);
  });

  it('ignores malformed messages instead of trusting them', () => {
    const { ports, peers, views } = setup();
    ports[0]!.deliver({ type: 'viewer.signal', payload: { kind: 'description', description: { type: 'bogus' } } });
    ports[0]!.deliver({ type: 'viewer.stage', participantId: 'no spaces allowed' });
    ports[0]!.deliver('not even an object');
    ports[0]!.deliver({ type: 'media.reset' });
    expect(peers[0]!.received).toEqual([]);
    expect(views).toEqual([]);
  });

  it('reports whose screen is on the stage and the track that shows it; a blank stage keeps the track', () => {
    const { ports, peers, views, link } = setup();
    ports[0]!.deliver({ type: 'viewer.stage', participantId: 'customer-1' });
    const screen = track('t1');
    peers[0]!.options.onTrack(screen);
    expect(link.view).toEqual({ stage: 'customer-1', track: screen });
    ports[0]!.deliver({ type: 'viewer.stage', participantId: null });
    expect(views.at(-1)).toEqual({ stage: null, track: screen });
    const next = track('t2');
    peers[0]!.options.onTrack(next);
    expect(views.at(-1)).toEqual({ stage: null, track: next });
  });

  it('reconnects with a fresh peer when the media side goes away, backing off, and watches again', () => {
    const { link, ports, peers, views, timers } = setup();
    link.watch('session-1');
    peers[0]!.options.onTrack(track('t1'));
    ports[0]!.drop();
    expect(peers[0]!.closed).toBe(true);
    expect(views.at(-1)).toEqual({ stage: undefined, track: null });
    expect(timers.map((t) => t.ms)).toEqual([100]);
    timers.shift()!.callback();
    expect(ports).toHaveLength(2);
    expect(peers).toHaveLength(2);
    expect(ports[1]!.sent).toEqual([{ type: 'viewer.watch', sessionId: 'session-1' }]);
    // The offscreen document is not there yet: each failure waits longer, up to the cap.
    ports[1]!.drop();
    timers.shift()!.callback();
    ports[2]!.drop();
    timers.shift()!.callback();
    ports[3]!.drop();
    expect(timers.map((t) => t.ms)).toEqual([400]);
    timers.shift()!.callback();
    // Once the media side talks, the next loss starts over from the first delay.
    ports[4]!.deliver({ type: 'viewer.stage', participantId: null });
    ports[4]!.drop();
    expect(timers.map((t) => t.ms)).toEqual([100]);
  });

  it('a signal from an old port’s peer never reaches the new port', () => {
    const { ports, peers, timers } = setup();
    ports[0]!.drop();
    timers.shift()!.callback();
    peers[0]!.options.send(OFFER);
    peers[0]!.options.onTrack(track('stale'));
    expect(ports[1]!.sent).toEqual([]);
  });

  it('one abort tears everything down: the port, the peer and a pending reconnect', () => {
    const first = setup();
    first.abort.abort();
    expect(first.ports[0]!.disconnected).toBe(true);
    expect(first.peers[0]!.closed).toBe(true);

    const second = setup();
    second.ports[0]!.drop();
    expect(second.timers).toHaveLength(1);
    second.abort.abort();
    expect(second.timers).toHaveLength(0);
    expect(second.ports).toHaveLength(1);
  });

  it('retries when connecting throws (no media context yet)', () => {
    const timers: (() => void)[] = [];
    const connect = vi.fn<() => ViewerPort>(() => {
      throw new Error('Could not establish connection. Receiving end does not exist.');
    });
    new ViewerLink({
      connect,
      createPeer: (options) => new FakePeer(options),
      onView: () => {},
      signal: new AbortController().signal,
      helloTimeoutMs: 0,
      setTimeout: (callback) => timers.push(callback),
    });
    expect(timers).toHaveLength(1);
    timers[0]!();
    expect(connect).toHaveBeenCalledTimes(2);
  });

  it('a port the media side never answers (held by the service worker alone) is dropped and connected again', () => {
    const { link, ports, timers } = setup({ helloTimeoutMs: 2000 });
    link.watch('s_session001');
    expect(timers.map((t) => t.ms)).toEqual([2000]);
    timers.shift()!.callback();
    expect(ports[0]!.disconnected).toBe(true);
    expect(timers.map((t) => t.ms)).toEqual([100]);
    timers.shift()!.callback();
    expect(ports).toHaveLength(2);
    expect(ports[1]!.sent).toEqual([{ type: 'viewer.watch', sessionId: 's_session001' }]);
    // This time the media side answers: the check passes and nothing more is scheduled.
    ports[1]!.deliver({ type: 'viewer.stage', participantId: null });
    timers.shift()!.callback();
    expect(ports[1]!.disconnected).toBe(false);
    expect(timers).toEqual([]);
  });
});
