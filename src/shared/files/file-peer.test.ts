// FilePeer's protocol between two ends, with in-memory data channels and an
// in-memory store: accept, decline, cancel midway, a damaged file, a peer
// that breaks the protocol, a lost connection, back-pressure and the stall
// report. No clocks: the tests wait for states, turn by turn of the event loop;
// the stall report's clock and interval are fakes the tests move by hand.
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { FILES_CHANNEL_LABEL, type TransferView } from '../protocol/files.ts';
import { HIGH_WATER, LOW_WATER } from './chunks.ts';
import { ACK_WINDOW, FilePeer, storedName } from './file-peer.ts';
import { STALL_REPORT_MS } from './stall-report.ts';

/** Larger than the sender's ack window, so a stuck receiver holds the sender midway. */
const BIG = ACK_WINDOW + 2 * 1024 * 1024;
import type { FileSink, FileStore } from './opfs.ts';

/**
 * A data channel as browsers make them: send() copies and counts the bytes in
 * bufferedAmount; they leave it as they go out (a macrotask later, or when a
 * held channel is released), and bufferedamountlow fires when bufferedAmount
 * falls from above bufferedAmountLowThreshold to at or below it (never with a
 * threshold of 0), before the bytes are delivered.
 */
class FakeChannel extends EventTarget {
  readyState: RTCDataChannelState = 'connecting';
  bufferedAmount = 0;
  bufferedAmountLowThreshold = 0;
  binaryType: BinaryType = 'arraybuffer';
  remote: FakeChannel | undefined;
  /** Changes bytes on the way (a damaged transfer). */
  tamper: ((bytes: Uint8Array) => void) | undefined;
  /** While true, sent messages wait in the buffer (a network slower than the sender). */
  held = false;
  readonly #queue: (string | ArrayBuffer)[] = [];
  constructor(readonly label: string) {
    super();
  }
  /** Let held messages go, all in one macrotask (the buffer drains at once). */
  release(): void {
    this.held = false;
    setTimeout(() => this.#drain(), 0);
  }
  #drain(): void {
    while (!this.held && this.#queue.length > 0) this.#deliver(this.#queue.shift()!);
  }
  #deliver(copy: string | ArrayBuffer): void {
    const before = this.bufferedAmount;
    this.bufferedAmount -= typeof copy === 'string' ? copy.length : copy.byteLength;
    const threshold = this.bufferedAmountLowThreshold;
    if (threshold > 0 && before > threshold && this.bufferedAmount <= threshold) this.dispatchEvent(new Event('bufferedamountlow'));
    const remote = this.remote;
    if (remote?.readyState === 'open') remote.dispatchEvent(Object.assign(new Event('message'), { data: copy }));
  }
  open(): void {
    this.readyState = 'open';
    this.dispatchEvent(new Event('open'));
  }
  send(data: string | ArrayBufferView): void {
    if (this.readyState !== 'open') throw new Error('not open');
    // Copied now, as a real channel does: the sender may reuse its buffer.
    let copy: string | ArrayBuffer;
    if (typeof data === 'string') copy = data;
    else {
      const bytes = new Uint8Array(data.buffer, data.byteOffset, data.byteLength).slice();
      this.tamper?.(bytes);
      copy = bytes.buffer;
    }
    this.bufferedAmount += typeof copy === 'string' ? copy.length : copy.byteLength;
    this.#queue.push(copy);
    if (!this.held) setTimeout(() => this.#drain(), 0);
  }
  close(): void {
    if (this.readyState === 'closed') return;
    this.readyState = 'closed';
    this.dispatchEvent(new Event('close'));
    const remote = this.remote;
    setTimeout(() => remote?.close(), 0);
  }
}

class FakePc extends EventTarget {
  other!: FakePc;
  readonly negotiated = new Map<number, FakeChannel>();
  readonly created: FakeChannel[] = [];
  /** Channels this end opens from now on start held (see FakeChannel.held). */
  holdNew = false;
  createDataChannel(label: string, init?: RTCDataChannelInit): FakeChannel {
    const channel = new FakeChannel(label);
    channel.held = this.holdNew;
    this.created.push(channel);
    if (init?.negotiated && init.id !== undefined) {
      const match = this.other.negotiated.get(init.id);
      this.negotiated.set(init.id, channel);
      if (match) {
        channel.remote = match;
        match.remote = channel;
        setTimeout(() => {
          channel.open();
          match.open();
        }, 0);
      }
      return channel;
    }
    const remote = new FakeChannel(label);
    channel.remote = remote;
    remote.remote = channel;
    setTimeout(() => {
      this.other.dispatchEvent(Object.assign(new Event('datachannel'), { channel: remote }));
      remote.open();
      channel.open();
    }, 0);
    return channel;
  }
}

function memoryStore(): FileStore & { files: Map<string, Uint8Array<ArrayBuffer>>; gate: Promise<void> | null } {
  const files = new Map<string, Uint8Array<ArrayBuffer>>();
  const store = {
    files,
    /** While set, writes wait for it: a slow disk, so a transfer can be caught midway. */
    gate: null as Promise<void> | null,
    async create(name: string): Promise<FileSink> {
      const parts: Uint8Array<ArrayBuffer>[] = [];
      files.set(name, new Uint8Array(0)); // the entry exists from the start, as in OPFS
      return {
        write: async (chunk) => {
          if (store.gate) await store.gate;
          parts.push(chunk.slice());
        },
        close: async () => {
          files.set(name, new Uint8Array(Buffer.concat(parts)));
        },
        abort: async () => {
          parts.length = 0;
        },
      };
    },
    async read(name: string): Promise<File> {
      const bytes = files.get(name);
      if (!bytes) throw new Error('not found');
      return new File([bytes], name);
    },
    async remove(name: string): Promise<void> {
      files.delete(name);
    },
  };
  return store;
}

/** The stall report's clock and interval, moved by hand: `look(ms)` lets ms pass and runs every peer's check. */
function fakeTime() {
  let now = 0;
  const checks = new Set<() => void>();
  return {
    now: () => now,
    setInterval: (callback: () => void) => {
      checks.add(callback);
      return callback;
    },
    clearInterval: (handle: unknown) => checks.delete(handle as () => void),
    look(ms: number) {
      now += ms;
      for (const check of checks) check();
    },
    get running() {
      return checks.size;
    },
  };
}

function pair() {
  const a = new FakePc();
  const b = new FakePc();
  a.other = b;
  b.other = a;
  const abortA = new AbortController();
  const abortB = new AbortController();
  const storeA = memoryStore();
  const storeB = memoryStore();
  const time = fakeTime();
  const warnings = { sender: [] as string[], receiver: [] as string[] };
  const clock = { now: time.now, setInterval: time.setInterval, clearInterval: time.clearInterval };
  let n = 0;
  const sender = new FilePeer({ pc: a as unknown as RTCPeerConnection, peerId: 'customer1', store: storeA, onChange: () => {}, signal: abortA.signal, newId: () => `transfer-${++n}-xyz`, log: () => {}, warn: (m) => warnings.sender.push(m), ...clock });
  const receiver = new FilePeer({ pc: b as unknown as RTCPeerConnection, peerId: null, store: storeB, onChange: () => {}, signal: abortB.signal, log: () => {}, warn: (m) => warnings.receiver.push(m), ...clock });
  return { a, b, sender, receiver, storeA, storeB, abortA, abortB, time, warnings };
}

async function until(condition: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 20_000; i++) {
    if (condition()) return;
    await new Promise((resolve) => setTimeout(resolve, 0));
  }
  throw new Error(`never: ${what}`);
}

const view = (peer: FilePeer, id: string): TransferView | undefined => peer.views().find((v) => v.id === id);
const stateOf = (peer: FilePeer, id: string) => view(peer, id)?.state;

function randomBytes(size: number): Uint8Array<ArrayBuffer> {
  const bytes = new Uint8Array(size);
  for (let i = 0; i < size; i++) bytes[i] = (i * 2654435761) >>> 24;
  return bytes;
}

async function connected() {
  const ends = pair();
  await until(() => ends.sender.connected && ends.receiver.connected, 'the control channel opens');
  return ends;
}

describe('FilePeer', () => {
  it('opens the control channel negotiated on both ends, with no ondatachannel', async () => {
    const { a, b } = await connected();
    expect(a.created[0]?.label).toBe(FILES_CHANNEL_LABEL);
    expect(b.created[0]?.label).toBe(FILES_CHANNEL_LABEL);
  });

  it('sends a file only after Accept; the receiver stores exactly those bytes, both sides say done', async () => {
    const { sender, receiver, storeB } = await connected();
    const bytes = randomBytes(300_000);
    let released = 0;
    const id = sender.send(new Blob([bytes]), 'report.pdf', 'application/pdf', () => released++);
    await until(() => stateOf(receiver, id) === 'offered', 'the offer arrives');
    expect(view(receiver, id)).toMatchObject({ name: 'report.pdf', size: 300_000, direction: 'in', bytes: 0 });
    expect(storeB.files.size).toBe(0);
    expect(stateOf(sender, id)).toBe('offered');

    await receiver.accept(id);
    await until(() => stateOf(sender, id) === 'done' && stateOf(receiver, id) === 'done', 'both ends finish');
    expect(view(receiver, id)?.stored).toBe(storedName(id));
    const stored = storeB.files.get(storedName(id))!;
    expect(createHash('sha256').update(stored).digest('hex')).toBe(createHash('sha256').update(bytes).digest('hex'));
    expect(view(sender, id)?.bytes).toBe(300_000);
    expect(released).toBe(1);
  });

  it('an empty file goes through too', async () => {
    const { sender, receiver, storeB } = await connected();
    const id = sender.send(new Blob([]), 'empty.txt', 'text/plain');
    await until(() => stateOf(receiver, id) === 'offered', 'the offer arrives');
    await receiver.accept(id);
    await until(() => stateOf(sender, id) === 'done' && stateOf(receiver, id) === 'done', 'both ends finish');
    expect(storeB.files.get(storedName(id))?.byteLength).toBe(0);
  });

  it('Decline: the sender is told and nothing is written', async () => {
    const { sender, receiver, storeB } = await connected();
    let released = 0;
    const id = sender.send(new Blob([randomBytes(1000)]), 'a.bin', '', () => released++);
    await until(() => stateOf(receiver, id) === 'offered', 'the offer arrives');
    receiver.decline(id);
    await until(() => stateOf(sender, id) === 'declined', 'the sender hears the decline');
    expect(stateOf(receiver, id)).toBe('declined');
    expect(storeB.files.size).toBe(0);
    expect(released).toBe(1);
  });

  it('a cancel midway by the receiver ends both sides and deletes the partial file', async () => {
    const { sender, receiver, storeB } = await connected();
    let open: () => void = () => {};
    storeB.gate = new Promise((resolve) => (open = resolve));
    const id = sender.send(new Blob([randomBytes(BIG)]), 'big.bin', '');
    await until(() => stateOf(receiver, id) === 'offered', 'the offer arrives');
    await receiver.accept(id);
    // The receiver's disk is stuck: the sender stops at its ack window.
    await until(() => (view(sender, id)?.bytes ?? 0) >= ACK_WINDOW, 'bytes flow up to the window');
    expect(stateOf(sender, id)).toBe('sending');
    expect(view(sender, id)!.bytes).toBeLessThan(ACK_WINDOW + 128 * 1024);
    await receiver.cancel(id);
    open();
    await until(() => stateOf(sender, id) === 'cancelled', 'the sender hears the cancel');
    expect(view(sender, id)?.cancelledBy).toBe('peer');
    expect(view(receiver, id)).toMatchObject({ state: 'cancelled', cancelledBy: 'me', stored: null });
    expect(storeB.files.has(storedName(id))).toBe(false);
    // The sender stopped short of the end.
    expect(view(sender, id)!.bytes).toBeLessThan(BIG);
  });

  it('a cancel midway by the sender: the receiver deletes its partial file', async () => {
    const { sender, receiver, storeB } = await connected();
    let open: () => void = () => {};
    storeB.gate = new Promise((resolve) => (open = resolve));
    const id = sender.send(new Blob([randomBytes(BIG)]), 'big.bin', '');
    await until(() => stateOf(receiver, id) === 'offered', 'the offer arrives');
    await receiver.accept(id);
    await until(() => (view(sender, id)?.bytes ?? 0) > 0, 'bytes flow');
    await sender.cancel(id);
    open();
    await until(() => stateOf(receiver, id) === 'cancelled', 'the receiver hears the cancel');
    await until(() => !storeB.files.has(storedName(id)), 'the partial file goes');
    expect(view(receiver, id)?.cancelledBy).toBe('peer');
  });

  it('a cancel by the sender after its last byte, while the receiver still writes: no file is kept', async () => {
    const { sender, receiver, storeB } = await connected();
    let open: () => void = () => {};
    storeB.gate = new Promise((resolve) => (open = resolve));
    const id = sender.send(new Blob([randomBytes(500_000)]), 'late.bin', '');
    await until(() => stateOf(receiver, id) === 'offered', 'the offer arrives');
    await receiver.accept(id);
    await until(() => stateOf(sender, id) === 'verifying', 'every byte sent');
    await sender.cancel(id);
    await until(() => stateOf(receiver, id) === 'cancelled', 'the receiver hears the cancel');
    open();
    await until(() => !storeB.files.has(storedName(id)), 'the partial file goes');
    expect(view(receiver, id)?.stored).toBeNull();
  });

  it('a damaged byte on the way: both sides fail with hash_mismatch and no file is kept', async () => {
    const { a, sender, receiver, storeB } = await connected();
    const id = sender.send(new Blob([randomBytes(200_000)]), 'a.bin', '');
    await until(() => stateOf(receiver, id) === 'offered', 'the offer arrives');
    await receiver.accept(id);
    await until(() => a.created.length > 1, 'the data channel opens');
    a.created[1]!.tamper = (bytes) => {
      bytes[0] = bytes[0]! ^ 0xff;
    };
    await until(() => stateOf(sender, id) === 'failed' && stateOf(receiver, id) === 'failed', 'both ends fail');
    expect(view(receiver, id)).toMatchObject({ failure: 'hash_mismatch', stored: null });
    expect(view(sender, id)?.failure).toBe('hash_mismatch');
    expect(storeB.files.has(storedName(id))).toBe(false);
  });

  it('malformed control messages change nothing', async () => {
    const { a, receiver } = await connected();
    const control = a.created[0]!;
    for (const junk of ['not json', '{}', JSON.stringify({ type: 'file.offer', id: 'transfer-1-xyz', name: '../../etc/passwd', size: 1, mime: '' }), JSON.stringify({ type: 'file.offer', id: 'x', name: 'a', size: 1, mime: '' }), JSON.stringify({ type: 'file.done', id: 'transfer-1-xyz', sha256: 'nothex' }), 'x'.repeat(5000)]) control.send(junk);
    control.send(JSON.stringify({ type: 'file.offer', id: 'transfer-9-xyz', name: 'ok.txt', size: 3, mime: '' }));
    await until(() => receiver.views().length > 0, 'the good offer arrives');
    expect(receiver.views().map((v) => v.name)).toEqual(['ok.txt']);
  });

  it('a peer that sends more bytes than it offered fails the transfer with protocol, and nothing is kept', async () => {
    const { a, receiver, storeB } = await connected();
    const control = a.created[0]!;
    const id = 'transfer-7-xyz';
    control.send(JSON.stringify({ type: 'file.offer', id, name: 'small.bin', size: 10, mime: '' }));
    await until(() => stateOf(receiver, id) === 'offered', 'the offer arrives');
    await receiver.accept(id);
    const data = (a as unknown as RTCPeerConnection).createDataChannel(`peerassist-file:${id}`);
    await until(() => data.readyState === 'open', 'the data channel opens');
    data.send(new Uint8Array(11));
    await until(() => stateOf(receiver, id) === 'failed', 'the receiver gives up');
    expect(view(receiver, id)?.failure).toBe('protocol');
    expect(storeB.files.has(storedName(id))).toBe(false);
  });

  it('an offer flood beyond MAX_PENDING_OFFERS is declined, not listed', async () => {
    const { a, receiver } = await connected();
    const control = a.created[0]!;
    for (let i = 0; i < 25; i++) control.send(JSON.stringify({ type: 'file.offer', id: `flood-${i}-abcdef`, name: `f${i}`, size: 1, mime: '' }));
    await until(() => receiver.views().length >= 20, 'offers arrive');
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(receiver.views()).toHaveLength(20);
  });

  it('a lost connection fails what runs and deletes the partial file', async () => {
    const { sender, receiver, storeB, abortB } = await connected();
    let open: () => void = () => {};
    storeB.gate = new Promise((resolve) => (open = resolve));
    const id = sender.send(new Blob([randomBytes(1_000_000)]), 'big.bin', '');
    await until(() => stateOf(receiver, id) === 'offered', 'the offer arrives');
    await receiver.accept(id);
    await until(() => (view(sender, id)?.bytes ?? 0) > 0, 'bytes flow');
    abortB.abort();
    open();
    await until(() => stateOf(receiver, id) === 'failed', 'the receiver fails');
    expect(view(receiver, id)?.failure).toBe('connection_lost');
    await until(() => !storeB.files.has(storedName(id)), 'the partial file goes');
  });

  it('back-pressure: the sender stops at the high-water mark and goes on when bufferedamountlow fires; the file arrives whole', async () => {
    const { a, sender, receiver, storeB, time, warnings } = await connected();
    a.holdNew = true;
    const size = HIGH_WATER + 1024 * 1024;
    const bytes = randomBytes(size);
    const id = sender.send(new Blob([bytes]), 'big.bin', '');
    await until(() => stateOf(receiver, id) === 'offered', 'the offer arrives');
    await receiver.accept(id);
    // The network takes nothing: the sender fills the channel's buffer and waits.
    await until(() => (view(sender, id)?.bytes ?? 0) >= HIGH_WATER, 'the buffer fills');
    const data = a.created[1]!;
    expect(data.bufferedAmountLowThreshold).toBe(LOW_WATER);
    // A few more turns: it stays put (nothing wakes it but the event).
    for (let i = 0; i < 10; i++) await new Promise((resolve) => setTimeout(resolve, 0));
    expect(view(sender, id)!.bytes).toBe(data.bufferedAmount);
    expect(data.bufferedAmount).toBeLessThan(HIGH_WATER + 64 * 1024);
    time.look(1);
    time.look(STALL_REPORT_MS);
    expect(warnings.sender).toEqual([expect.stringMatching(new RegExp(`^transfer ${id} has not moved for 10 s: sending, waiting for bufferedamountlow; sent ${data.bufferedAmount} of ${size}, acked 0; channel open, ${data.bufferedAmount} bytes buffered$`))]);
    expect(warnings.receiver).toEqual([expect.stringMatching(/receiving, waiting for chunks from the sender; received 0 of \d+, written 0/)]);
    data.release();
    await until(() => stateOf(sender, id) === 'done' && stateOf(receiver, id) === 'done', 'both ends finish');
    const stored = storeB.files.get(storedName(id))!;
    expect(createHash('sha256').update(stored).digest('hex')).toBe(createHash('sha256').update(bytes).digest('hex'));
  }, 20_000); // megabytes through in-memory channels: about 1 s here, several on a loaded machine

  it('a transfer that stops moving is reported once per stall, with where each side waits; the report stops with the peer', async () => {
    const { a, sender, receiver, storeB, time, warnings, abortA, abortB } = await connected();
    let open: () => void = () => {};
    storeB.gate = new Promise((resolve) => (open = resolve));
    const id = sender.send(new Blob([randomBytes(BIG)]), 'big.bin', '');
    await until(() => stateOf(receiver, id) === 'offered', 'the offer arrives');
    // Waiting for a person to accept is not a stall.
    time.look(1);
    time.look(STALL_REPORT_MS * 2);
    expect(warnings).toEqual({ sender: [], receiver: [] });
    await receiver.accept(id);
    await until(() => (view(sender, id)?.bytes ?? 0) >= ACK_WINDOW, 'bytes flow up to the window');
    await until(() => a.created[1]?.bufferedAmount === 0, 'every byte sent reached the receiver');
    time.look(1);
    time.look(STALL_REPORT_MS - 1);
    expect(warnings).toEqual({ sender: [], receiver: [] });
    time.look(1);
    expect(warnings.sender).toEqual([expect.stringMatching(new RegExp(`has not moved for 10 s: sending, waiting for a file\\.ack; sent ${ACK_WINDOW} of ${BIG}, acked 0; channel open, 0 bytes buffered$`))]);
    expect(warnings.receiver).toEqual([expect.stringMatching(new RegExp(`has not moved for 10 s: receiving, waiting for disk writes \\(${ACK_WINDOW} bytes not written yet\\); received ${ACK_WINDOW} of ${BIG}, written 0, last ack 0`))]);
    // Once per stall.
    time.look(STALL_REPORT_MS);
    expect(warnings.sender).toHaveLength(1);
    open();
    await until(() => stateOf(sender, id) === 'done' && stateOf(receiver, id) === 'done', 'both ends finish');
    time.look(STALL_REPORT_MS * 2);
    expect(warnings.sender).toHaveLength(1);
    abortA.abort();
    abortB.abort();
    expect(time.running).toBe(0);
  }, 20_000);

  it('send refuses when the control channel is not open', () => {
    const { sender } = pair();
    expect(() => sender.send(new Blob([new Uint8Array(1)]), 'a', '')).toThrow(/not open/);
  });
});
