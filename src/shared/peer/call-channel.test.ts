import { describe, expect, it } from 'vitest';
import { CallChannel } from './call-channel.ts';
import { DeviceError, captureDevice } from './devices.ts';

class FakeChannel extends EventTarget {
  readyState: RTCDataChannelState = 'connecting';
  readonly sent: unknown[] = [];
  send(data: string): void {
    this.sent.push(JSON.parse(data));
  }
  deliver(data: unknown): void {
    this.dispatchEvent(Object.assign(new Event('message'), { data: typeof data === 'string' ? data : JSON.stringify(data) }));
  }
  opened(): void {
    this.readyState = 'open';
    this.dispatchEvent(new Event('open'));
  }
}

function fakePc(sctp: boolean) {
  const channel = new FakeChannel();
  const created: RTCDataChannelInit[] = [];
  const pc = Object.assign(new EventTarget(), {
    sctp: sctp ? {} : null,
    createDataChannel: (_label: string, init: RTCDataChannelInit) => {
      created.push(init);
      return channel;
    },
  });
  return { pc: pc as unknown as RTCPeerConnection & { sctp: unknown }, channel, created };
}

describe('CallChannel', () => {
  it('is negotiated with the fixed id; a polite side waits for the SCTP transport before creating it', () => {
    const { pc, created } = fakePc(false);
    new CallChannel(pc, { signal: new AbortController().signal, onMessage: () => {} });
    expect(created).toEqual([]);
    (pc as { sctp: unknown }).sctp = {};
    pc.dispatchEvent(new Event('signalingstatechange'));
    expect(created).toEqual([{ negotiated: true, id: 91 }]);
  });

  it('acknowledges an announcement only after the receiver has taken it in', () => {
    const { pc, channel } = fakePc(true);
    const seen: string[] = [];
    new CallChannel(pc, {
      signal: new AbortController().signal,
      onMessage: (message) => seen.push(`${message.type} (acks sent: ${channel.sent.length})`),
    });
    channel.opened();
    channel.deliver({ type: 'tracks', seq: 3, camera: 'cam' });
    expect(seen).toEqual(['tracks (acks sent: 0)']);
    expect(channel.sent).toEqual([{ type: 'ack', seq: 3 }]);
  });

  it('announce resolves on the matching ack', async () => {
    const { pc, channel } = fakePc(true);
    const call = new CallChannel(pc, { signal: new AbortController().signal, onMessage: () => {}, ackTimeoutMs: 60_000 });
    channel.opened();
    const announced = call.announce('cam-1');
    expect(channel.sent).toEqual([{ type: 'tracks', seq: 1, camera: 'cam-1' }]);
    channel.deliver({ type: 'ack', seq: 99 }); // not ours
    channel.deliver({ type: 'ack', seq: 1 });
    await expect(announced).resolves.toBeUndefined();
  });

  it('ignores malformed messages and sends nothing before the channel is open', async () => {
    const { pc, channel } = fakePc(true);
    const seen: unknown[] = [];
    const call = new CallChannel(pc, { signal: new AbortController().signal, onMessage: (m) => seen.push(m), log: () => {} });
    call.send({ type: 'recording', on: true });
    await call.announce('cam'); // resolves at once: nobody to wait for
    expect(channel.sent).toEqual([]);
    channel.deliver('{not json');
    channel.deliver({ type: 'recording' });
    channel.deliver(42);
    expect(seen).toEqual([]);
  });
});

describe('captureDevice', () => {
  const track = (kind: string) => ({ kind, contentHint: '' }) as unknown as MediaStreamTrack;
  const stream = (tracks: MediaStreamTrack[]) =>
    ({ getAudioTracks: () => tracks.filter((t) => t.kind === 'audio'), getVideoTracks: () => tracks.filter((t) => t.kind === 'video') }) as unknown as MediaStream;

  it('maps a refusal to a reason, and to permission_needed where no prompt can show', async () => {
    const refuse = () => Promise.reject(Object.assign(new Error('no'), { name: 'NotAllowedError' }));
    await expect(captureDevice('mic', refuse)).rejects.toMatchObject({ reason: 'mic_denied' });
    await expect(captureDevice('camera', refuse, { visiblePage: false })).rejects.toBeInstanceOf(DeviceError);
    await expect(captureDevice('camera', refuse, { visiblePage: false })).rejects.toMatchObject({ reason: 'permission_needed' });
  });

  it('a stream without the wanted track is a missing device', async () => {
    await expect(captureDevice('camera', async () => stream([track('audio')]))).rejects.toMatchObject({ reason: 'camera_missing' });
  });

  it('asks for a small, smooth camera and marks it as motion', async () => {
    let asked: MediaStreamConstraints | undefined;
    const camera = track('video');
    const captured = await captureDevice('camera', async (c) => {
      asked = c;
      return stream([camera]);
    });
    expect(captured.track).toBe(camera);
    expect(camera.contentHint).toBe('motion');
    expect(asked?.video).toMatchObject({ width: { ideal: 640 } });
    expect(asked?.audio).toBeUndefined();
  });
});
