// The customer's call logic against a fake link and fake devices: which
// tracks are the call's, what the call channel says, device errors, mute, and
// the call ending with the link (S20).
import { afterEach, describe, expect, it } from 'vitest';
import { CallPeerMessage } from '../../src/shared/protocol/call.ts';
import { CallClient, type CallLink, type CustomerCallState } from './call-client.ts';

class FakeChannel extends EventTarget {
  readyState: RTCDataChannelState = 'open';
  readonly sent: Record<string, unknown>[] = [];
  /** Answers as the rep would (an ack for every announcement). */
  onSend: ((message: Record<string, unknown>) => void) | undefined;
  send(data: string): void {
    // Parsed with the channel's own schema: the test also fails if the client sends something off-protocol.
    const message: Record<string, unknown> = CallPeerMessage.parse(JSON.parse(data));
    this.sent.push(message);
    this.onSend?.(message);
  }
  deliver(message: unknown): void {
    this.dispatchEvent(Object.assign(new Event('message'), { data: typeof message === 'string' ? message : JSON.stringify(message) }));
  }
}

interface FakeTrack {
  kind: 'audio' | 'video';
  id: string;
  enabled: boolean;
  readyState: 'live' | 'ended';
  stop(): void;
  addEventListener(): void;
}

function track(kind: 'audio' | 'video', id: string): FakeTrack {
  return { kind, id, enabled: true, readyState: 'live', stop() { this.readyState = 'ended'; }, addEventListener() {} };
}

function stream(id: string, tracks: FakeTrack[]): MediaStream {
  return {
    id,
    getTracks: () => tracks,
    getAudioTracks: () => tracks.filter((t) => t.kind === 'audio'),
    getVideoTracks: () => tracks.filter((t) => t.kind === 'video'),
  } as unknown as MediaStream;
}

function fakeLink() {
  const channel = new FakeChannel();
  const slots = new Map<string, { track: MediaStreamTrack; stream?: MediaStream }>();
  const pc = {
    sctp: {},
    createDataChannel: () => channel,
    getReceivers: () => [],
    getSenders: () => [],
    addEventListener() {},
  } as unknown as RTCPeerConnection;
  const link: CallLink = {
    pc,
    async setTrack(slot, t, s) {
      if (t) slots.set(slot, { track: t, ...(s && { stream: s }) });
      else slots.delete(slot);
    },
    trackIn: (slot) => slots.get(slot)?.track ?? null,
  };
  return { link, channel, slots };
}

let client: CallClient | undefined;
afterEach(() => client?.close());

function setup(getUserMedia?: (c: MediaStreamConstraints) => Promise<MediaStream>) {
  const states: CustomerCallState[] = [];
  const played: (MediaStreamTrack | null)[] = [];
  client = new CallClient({
    onState: (s) => states.push(s),
    playAudio: (t) => played.push(t),
    createStream: (tracks) => stream(`local-${tracks[0]?.id}`, tracks as unknown as FakeTrack[]),
    ...(getUserMedia && { getUserMedia }),
    log: () => {},
  });
  const fake = fakeLink();
  client.attach(fake.link);
  return { client, states, played, ...fake };
}

describe('CallClient', () => {
  it('the rep’s voice is the call’s and plays; a video is the stage unless the rep announced it as a camera', () => {
    const { client, channel, played } = setup();
    const voice = track('audio', 'a1') as unknown as MediaStreamTrack;
    expect(client.claimTrack(voice, [])).toBe(true);
    expect(played).toEqual([voice]);

    const screen = track('video', 'v1') as unknown as MediaStreamTrack;
    expect(client.claimTrack(screen, [stream('screen-stream', [])])).toBe(false);

    channel.deliver({ type: 'tracks', seq: 7, camera: 'camera-stream' });
    expect(channel.sent).toContainEqual({ type: 'ack', seq: 7 });
    const camera = track('video', 'v2') as unknown as MediaStreamTrack;
    expect(client.claimTrack(camera, [stream('camera-stream', [])])).toBe(true);
    expect(client.state.repCamera?.getVideoTracks()[0]).toBe(camera);
    // The screen still is not a camera.
    expect(client.claimTrack(screen, [stream('screen-stream', [])])).toBe(false);
  });

  it('shows "Recording" from the rep’s on to off; malformed or forged messages change nothing', () => {
    const { client, channel } = setup();
    channel.deliver({ type: 'recording', on: true });
    expect(client.state.recording).toBe(true);
    const before = client.state;
    channel.deliver('not json');
    channel.deliver({ type: 'recording', on: 'maybe' });
    channel.deliver({ type: 'tracks', seq: 1, camera: 'has a space' });
    expect(client.state).toBe(before);
    channel.deliver({ type: 'recording', on: false });
    expect(client.state.recording).toBe(false);
  });

  it.each([
    ['NotAllowedError', 'mic_denied'],
    ['NotFoundError', 'mic_missing'],
    ['NotReadableError', 'device_busy'],
  ] as const)('a microphone that fails with %s is reported as %s, and nothing is sent', async (name, reason) => {
    const { client, slots } = setup(() => Promise.reject(Object.assign(new Error(name), { name })));
    await client.voice(true);
    expect(client.state.error).toBe(reason);
    expect(client.state.self.voice).toBe(false);
    expect(client.state.pending).toBeNull();
    expect(slots.size).toBe(0);
  });

  it('voice sends the microphone; mute silences the track without renegotiating and tells the rep', async () => {
    const mic = track('audio', 'mic1');
    const { client, slots, channel } = setup(async () => stream('mic-stream', [mic]));
    await client.voice(true);
    expect(slots.get('mic')?.track).toBe(mic);
    expect(client.state.self).toMatchObject({ voice: true, muted: false });
    await client.mute(true);
    expect(mic.enabled).toBe(false);
    expect(slots.get('mic')?.track).toBe(mic);
    expect(channel.sent.at(-1)).toEqual({ type: 'presence', presence: { voice: true, muted: true, camera: false, speaking: false } });
    await client.voice(false);
    expect(mic.readyState).toBe('ended');
    expect(slots.has('mic')).toBe(false);
  });

  it('the camera is announced, and acknowledged, before its track is added', async () => {
    const camera = track('video', 'cam1');
    const { client, slots, channel } = setup(async () => stream('my-camera', [camera]));
    const order: string[] = [];
    channel.onSend = (message) => {
      if (message.type !== 'tracks') return;
      order.push(`announced ${String(message.camera)} (added: ${slots.has('camera')})`);
      channel.deliver({ type: 'ack', seq: message.seq });
    };
    await client.camera(true);
    expect(order).toEqual(['announced my-camera (added: false)']);
    expect(slots.get('camera')?.track).toBe(camera);
    expect(client.state.self.camera).toBe(true);
  });

  it('when control passes to another rep, the camera stops but the voice call goes on, on the new controller’s link (S20)', async () => {
    const mic = track('audio', 'mic1');
    const camera = track('video', 'cam1');
    const devices = [stream('mic-stream', [mic]), stream('cam-stream', [camera])];
    const { client, played, channel } = setup(async () => devices.shift()!);
    channel.onSend = (message) => {
      if (message.type === 'tracks') channel.deliver({ type: 'ack', seq: message.seq });
    };
    await client.voice(true);
    await client.camera(true);
    client.attach(null, 'control_transferred');
    expect(mic.readyState).toBe('live');
    expect(camera.readyState).toBe('ended');
    expect(client.state).toMatchObject({ available: false, ended: 'control_transferred', self: { voice: true, camera: false }, ownCamera: null });
    expect(played.at(-1)).toBeNull();
    // The new controller's link: our microphone goes out on it at once.
    const next = fakeLink();
    client.attach(next.link);
    next.channel.dispatchEvent(new Event('open'));
    // Let the sync the open started finish (no time involved: a macrotask turn).
    await new Promise((resolve) => setTimeout(resolve));
    expect(next.slots.get('mic')?.track).toBe(mic);
    expect(next.slots.has('camera')).toBe(false);
    expect(client.state).toMatchObject({ available: true, ended: 'control_transferred', self: { voice: true } });
    expect(next.channel.sent).toContainEqual({ type: 'presence', presence: { voice: true, muted: false, camera: false, speaking: false } });
  });

  it('the old controller saying control passed ends our camera, not our voice; a new link keeps it', async () => {
    const mic = track('audio', 'mic1');
    const { client, channel } = setup(async () => stream('mic-stream', [mic]));
    await client.voice(true);
    channel.deliver({ type: 'recording', on: true });
    channel.deliver({ type: 'ended', reason: 'control_transferred' });
    expect(mic.readyState).toBe('live');
    expect(client.state).toMatchObject({ ended: 'control_transferred', recording: false, self: { voice: true } });
    // The link then goes without a reason given (the page saw the transfer later): voice still goes on.
    client.attach(null);
    expect(mic.readyState).toBe('live');
    expect(client.state).toMatchObject({ ended: 'control_transferred', self: { voice: true } });
  });

  it('a link lost for another reason ends the call and stops the devices', async () => {
    const mic = track('audio', 'mic1');
    const { client } = setup(async () => stream('mic-stream', [mic]));
    await client.voice(true);
    client.attach(null);
    expect(mic.readyState).toBe('ended');
    expect(client.state).toMatchObject({ available: false, ended: 'peer_gone', self: { voice: false } });
  });

  it('the rep ending the call stops our devices and says why', async () => {
    const mic = track('audio', 'mic1');
    const { client, channel } = setup(async () => stream('mic-stream', [mic]));
    await client.voice(true);
    channel.deliver({ type: 'recording', on: true });
    channel.deliver({ type: 'ended', reason: 'session_ended' });
    expect(mic.readyState).toBe('ended');
    expect(client.state).toMatchObject({ ended: 'session_ended', recording: false });
  });
});
