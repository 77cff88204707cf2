import { afterEach, describe, expect, it, vi } from 'vitest';
import { PAGE_CAPTURE_INBOX, pageCaptureInboxOf } from '../shared/page-capture.ts';
import { PeerAssistError } from '../shared/protocol/errors.ts';
import { PageCaptures, UNCLAIMED_CAPTURE_MS } from './page-captures.ts';

class FakeTrack {
  readyState: MediaStreamTrackState = 'live';
  readonly constraints: MediaTrackConstraints[] = [];
  stop(): void {
    this.readyState = 'ended';
  }
  async applyConstraints(constraints: MediaTrackConstraints): Promise<void> {
    this.constraints.push(constraints);
  }
}

class FakeStream {
  readonly track = new FakeTrack();
  getVideoTracks(): FakeTrack[] {
    return [this.track];
  }
  getTracks(): FakeTrack[] {
    return [this.track];
  }
}

const LIMITS = { width: 1280, height: 720, frameRate: 15 };

describe('PageCaptures (Firefox: a window or screen captured in a dashboard page)', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('gives the share command the stream the page handed over, narrowed to the share’s limits', async () => {
    const captures = new PageCaptures<FakeStream>();
    const stream = new FakeStream();
    captures.handOver(stream);
    await expect(captures.take(LIMITS)).resolves.toBe(stream);
    expect(stream.track.constraints).toEqual([{ width: { max: 1280 }, height: { max: 720 }, frameRate: { max: 15 } }]);
    expect(stream.track.readyState).toBe('live');
  });

  it('refuses a share with no stream handed over, with a typed error', async () => {
    const captures = new PageCaptures<FakeStream>();
    const refused = captures.take(LIMITS);
    await expect(refused).rejects.toBeInstanceOf(PeerAssistError);
    await expect(refused).rejects.toMatchObject({ reason: 'capture_failed' });
  });

  it('takes a stream once: a second share needs a new choice in the picker', async () => {
    const captures = new PageCaptures<FakeStream>();
    captures.handOver(new FakeStream());
    await captures.take(LIMITS);
    await expect(captures.take(LIMITS)).rejects.toMatchObject({ reason: 'capture_failed' });
  });

  it('refuses a stream whose capture already ended', async () => {
    const captures = new PageCaptures<FakeStream>();
    const stream = new FakeStream();
    captures.handOver(stream);
    stream.track.readyState = 'ended';
    await expect(captures.take(LIMITS)).rejects.toMatchObject({ reason: 'capture_failed' });
  });

  it('a newer hand-over replaces an unused one, whose capture is stopped', async () => {
    const captures = new PageCaptures<FakeStream>();
    const first = new FakeStream();
    const second = new FakeStream();
    captures.handOver(first);
    captures.handOver(second);
    expect(first.track.readyState).toBe('ended');
    await expect(captures.take(LIMITS)).resolves.toBe(second);
  });

  it('stops a stream no share command took in time', () => {
    vi.useFakeTimers();
    const captures = new PageCaptures<FakeStream>();
    const stream = new FakeStream();
    captures.handOver(stream);
    vi.advanceTimersByTime(UNCLAIMED_CAPTURE_MS - 1);
    expect(stream.track.readyState).toBe('live');
    vi.advanceTimersByTime(1);
    expect(stream.track.readyState).toBe('ended');
  });

  it('the capturing page closing ends its share (told to the engine), or drops an unused stream', async () => {
    const captures = new PageCaptures<FakeStream>();
    const closed: FakeStream[] = [];
    captures.onPageClosing((stream) => closed.push(stream));

    const shared = new FakeStream();
    captures.handOver(shared);
    await captures.take(LIMITS);
    captures.pageClosing(shared);
    expect(closed).toEqual([shared]);

    const unused = new FakeStream();
    captures.handOver(unused);
    captures.pageClosing(unused);
    expect(unused.track.readyState).toBe('ended');
    expect(closed).toEqual([shared]);
    await expect(captures.take(LIMITS)).rejects.toMatchObject({ reason: 'capture_failed' });
  });
});

describe('pageCaptureInboxOf (what a dashboard page finds on the background page)', () => {
  it('finds the inbox and calls it on its own object', () => {
    const captures = new PageCaptures<FakeStream>();
    const background = {};
    Object.defineProperty(background, PAGE_CAPTURE_INBOX, { value: captures });
    const inbox = pageCaptureInboxOf<FakeStream>(background);
    expect(inbox).toBeDefined();
    const stream = new FakeStream();
    inbox?.handOver(stream);
    return expect(captures.take(LIMITS)).resolves.toBe(stream);
  });

  it('finds nothing on anything else: no window, no inbox, an inbox without its methods', () => {
    expect(pageCaptureInboxOf(undefined)).toBeUndefined();
    expect(pageCaptureInboxOf(null)).toBeUndefined();
    expect(pageCaptureInboxOf('window')).toBeUndefined();
    expect(pageCaptureInboxOf({})).toBeUndefined();
    expect(pageCaptureInboxOf({ [PAGE_CAPTURE_INBOX]: null })).toBeUndefined();
    expect(pageCaptureInboxOf({ [PAGE_CAPTURE_INBOX]: { handOver: () => {} } })).toBeUndefined();
    expect(pageCaptureInboxOf({ [PAGE_CAPTURE_INBOX]: { handOver: 1, pageClosing: () => {} } })).toBeUndefined();
  });
});
