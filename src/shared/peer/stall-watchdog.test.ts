import { describe, expect, it } from 'vitest';
import { linkBytesReceived, StallWatchdog } from './stall-watchdog.ts';

/** A watchdog on a scripted clock and byte counter; sample() is driven by hand. */
function rig() {
  let now = 0;
  let bytes: number | null = 0;
  const events: string[] = [];
  const abort = new AbortController();
  const dog = new StallWatchdog({
    bytesReceived: async () => bytes,
    onStall: () => events.push('stall'),
    onRetry: (n) => events.push(`retry ${n}`),
    onRecover: () => events.push('recover'),
    onGiveUp: () => events.push('give up'),
    now: () => now,
    signal: abort.signal,
    setInterval: () => 0,
    clearInterval: () => {},
  });
  const at = async (ms: number, received: number | null) => {
    now = ms;
    bytes = received;
    await dog.sample();
  };
  return { dog, events, at, abort };
}

describe('StallWatchdog', () => {
  it('says nothing while bytes keep arriving', async () => {
    const { events, at } = rig();
    for (let t = 500; t <= 30_000; t += 500) await at(t, t);
    expect(events).toEqual([]);
  });

  it('notices 1 s without a new byte; retries 8 s later, then every 5 s; gives up after the third retry', async () => {
    const { events, at } = rig();
    await at(1000, 100);
    await at(1750, 100);
    expect(events).toEqual([]);
    await at(2000, 100);
    expect(events).toEqual(['stall']);
    await at(9500, 100);
    expect(events).toEqual(['stall']);
    await at(10_000, 100);
    expect(events).toEqual(['stall', 'retry 1']);
    await at(14_500, 100);
    await at(15_000, 100);
    await at(20_000, 100);
    expect(events).toEqual(['stall', 'retry 1', 'retry 2', 'retry 3']);
    await at(25_000, 100);
    await at(40_000, 100);
    expect(events).toEqual(['stall', 'retry 1', 'retry 2', 'retry 3', 'give up']);
  });

  it('recovers when bytes flow again, and starts counting afresh', async () => {
    const { dog, events, at } = rig();
    await at(500, 100);
    await at(3000, 100);
    expect(dog.stalled).toBe(true);
    await at(3500, 200);
    expect(events).toEqual(['stall', 'recover']);
    expect(dog.stalled).toBe(false);
    await at(4250, 200);
    await at(4500, 200);
    expect(events).toEqual(['stall', 'recover', 'stall']);
  });

  it('treats an unknown byte count (no transport yet) as no progress', async () => {
    const { events, at } = rig();
    await at(2000, null);
    expect(events).toEqual(['stall']);
  });

  it('stops when its signal aborts', async () => {
    const { events, at, abort } = rig();
    abort.abort();
    await at(5000, 0);
    expect(events).toEqual([]);
  });
});

describe('linkBytesReceived (the byte count the watchdog samples)', () => {
  it('counts the transport’s bytes (Chrome), not the pairs’ as well', () => {
    expect(
      linkBytesReceived([
        { type: 'transport', bytesReceived: 5000 },
        { type: 'candidate-pair', bytesReceived: 5000 },
        { type: 'inbound-rtp', bytesReceived: 4000 },
      ]),
    ).toBe(5000);
  });

  it('counts the candidate pairs’ bytes when the transport has none (Firefox, as read off Firefox ESR here)', () => {
    expect(
      linkBytesReceived([
        { type: 'transport' },
        { type: 'candidate-pair', bytesReceived: 13_380 },
        { type: 'candidate-pair', bytesReceived: 0 },
        { type: 'data-channel', bytesReceived: 10_000 },
      ]),
    ).toBe(13_380);
  });

  it('says nothing (null) before there is a transport or a pair to count', () => {
    expect(linkBytesReceived([])).toBeNull();
    expect(linkBytesReceived([{ type: 'transport' }, { type: 'peer-connection' }])).toBeNull();
  });
});
