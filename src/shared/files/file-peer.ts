// File transfers with one other participant, over that participant's
// RTCPeerConnection: the same code on the rep's side (offscreen document, one
// FilePeer per customer) and on the customer's page (one, to the rep).
//
// Control messages go on a negotiated data channel with a fixed id, created by
// both ends (no waiting on the other side's ondatachannel); each transfer's
// bytes go on a data channel of their own, opened by the sender once the
// receiver accepted. The protocol and the states are drawn in
// src/shared/protocol/files.ts.
//
// Memory: the sender reads the File slice by slice and stops at HIGH_WATER
// buffered bytes (bufferedAmountLowThreshold wakes it); it also never runs more
// than ACK_WINDOW bytes ahead of what the receiver says it wrote, so a receiver
// whose disk is slower than the network does not pile chunks up in memory.
// The receiver writes each chunk to OPFS as it comes. Both hash as they go
// (@noble/hashes' streaming SHA-256: WebCrypto has no incremental digest).
//
// Teardown is one abort() of the peer's signal (STYLE.md habit 6): every
// transfer still running fails as connection_lost and leaves no partial file.
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex } from '@noble/hashes/utils.js';
import { PeerAssistError } from '../protocol/errors.ts';
import {
  FILE_CHANNEL_PREFIX,
  FILES_CHANNEL_ID,
  FILES_CHANNEL_LABEL,
  FileControl,
  FINISHED_STATES,
  MAX_FILE_SIZE,
  type TransferFailure,
  type TransferView,
} from '../protocol/files.ts';
import { acceptsChunk, LOW_WATER, mustWait, readChunks } from './chunks.ts';
import type { FileSink, FileStore } from './opfs.ts';
import { SpeedMeter } from './speed.ts';
import { STALL_CHECK_MS, StallReporter } from './stall-report.ts';

/** The sender runs at most this far ahead of the receiver's writes. */
export const ACK_WINDOW = 8 * 1024 * 1024;
/** The receiver says what it wrote every this many bytes. */
export const ACK_EVERY = 1024 * 1024;
/** Offers waiting for an answer, per peer: more are refused (a flood would fill the list). */
export const MAX_PENDING_OFFERS = 20;

type Hasher = ReturnType<typeof sha256.create>;

interface Transfer {
  view: TransferView;
  meter: SpeedMeter;
  hash: Hasher;
  channel: RTCDataChannel | null;
  /** out: the file to read, and what to do when the transfer is over (delete a copy). */
  file?: Blob;
  release?: () => void;
  /** out: the receiver's last acknowledged byte count; and who waits for it to move. */
  acked: number;
  wake: (() => void) | null;
  /** out: what the sender waits for right now (said when the transfer stalls). */
  waiting: string;
  /** in: where the bytes go, the chain of writes in order, bytes accepted so far. */
  sink?: FileSink | null;
  writes: Promise<void>;
  received: number;
  lastAck: number;
  expected: string | null;
}

export interface FilePeerOptions {
  pc: RTCPeerConnection;
  /** The other end as the UI names it (a participant id on the rep's side; null on the customer's page). */
  peerId: string | null;
  store: FileStore;
  /** Something changed; `progress` is true for byte counts only (the caller may throttle those). */
  onChange: (progress: boolean) => void;
  signal: AbortSignal;
  now?: () => number;
  newId?: () => string;
  log?: (message: string, detail?: unknown) => void;
  /** A transfer stopped moving (stall-report.ts); console.warn by default. */
  warn?: (message: string) => void;
  setInterval?: (callback: () => void, ms: number) => unknown;
  clearInterval?: (handle: unknown) => void;
}

export class FilePeer {
  readonly #options: FilePeerOptions;
  readonly #control: RTCDataChannel;
  readonly #transfers = new Map<string, Transfer>();
  readonly #now: () => number;
  readonly #log: (message: string, detail?: unknown) => void;

  constructor(options: FilePeerOptions) {
    this.#options = options;
    this.#now = options.now ?? (() => performance.now());
    this.#log = options.log ?? ((message, detail) => console.debug(`[files] ${message}`, detail ?? ''));
    const { pc, signal } = options;
    this.#control = pc.createDataChannel(FILES_CHANNEL_LABEL, { negotiated: true, id: FILES_CHANNEL_ID, ordered: true });
    const on = { signal };
    this.#control.addEventListener('message', (event) => this.#onControl(event.data), on);
    this.#control.addEventListener('open', () => this.#changed(), on);
    this.#control.addEventListener('close', () => this.#lost(), on);
    // addEventListener, not ondatachannel: PeerLink owns that property.
    pc.addEventListener('datachannel', (event) => this.#onDataChannel(event.channel), on);
    signal.addEventListener('abort', () => this.#lost(), { once: true });
    if (!signal.aborted) this.#reportStalls(options);
  }

  /** Every STALL_CHECK_MS, a transfer that has not moved for STALL_REPORT_MS is reported once, with where it waits. */
  #reportStalls(options: FilePeerOptions): void {
    const set = options.setInterval ?? ((callback, ms) => setInterval(callback, ms));
    const clear = options.clearInterval ?? ((handle) => clearInterval(handle as ReturnType<typeof setInterval>));
    const warn = options.warn ?? ((message) => console.warn(`[files] ${message}`));
    const stalls = new StallReporter();
    const timer = set(() => {
      // Offered transfers wait for a person, not for bytes: not a stall.
      const running = [...this.#transfers.values()].filter((t) => ['sending', 'receiving', 'verifying'].includes(t.view.state));
      const marks = running.map((t) => ({ id: t.view.id, mark: `${t.view.state} ${t.view.bytes} ${t.acked} ${t.received}` }));
      for (const { id, forMs } of stalls.check(this.#now(), marks)) {
        const t = this.#transfers.get(id);
        if (t) warn(`transfer ${id} has not moved for ${Math.round(forMs / 1000)} s: ${this.#where(t)}`);
      }
    }, STALL_CHECK_MS);
    options.signal.addEventListener('abort', () => clear(timer), { once: true });
  }

  /** Where a transfer waits, with its counters: for a person reading a stalled run's console. */
  #where(t: Transfer): string {
    const { state, direction, bytes, size } = t.view;
    const channel = t.channel ? `channel ${t.channel.readyState}, ${t.channel.bufferedAmount} bytes buffered` : 'no channel';
    if (direction === 'out') return `${state}, waiting for ${t.waiting}; sent ${bytes} of ${size}, acked ${t.acked}; ${channel}`;
    let waiting: string;
    if (state === 'verifying') waiting = 'the file to commit';
    else if (t.received > bytes) waiting = `disk writes (${t.received - bytes} bytes not written yet)`;
    else if (t.received < size) waiting = 'chunks from the sender';
    else waiting = "the sender's file.done";
    return `${state}, waiting for ${waiting}; received ${t.received} of ${size}, written ${bytes}, last ack ${t.lastAck}; ${channel}`;
  }

  get peerId(): string | null {
    return this.#options.peerId;
  }

  get connected(): boolean {
    return this.#control.readyState === 'open';
  }

  views(): TransferView[] {
    return [...this.#transfers.values()].map((t) => ({ ...t.view, bytesPerSecond: Math.round(t.meter.bytesPerSecond(this.#now())) }));
  }

  has(id: string): boolean {
    return this.#transfers.has(id);
  }

  /**
   * Offer a file; its bytes go once the other side accepts. `release` runs
   * when the transfer is over, whatever the outcome (the rep's side deletes
   * its OPFS copy of the file then).
   */
  send(file: Blob, name: string, mime: string, release?: () => void): string {
    if (!this.connected) throw new PeerAssistError('network', 'the file channel is not open');
    if (file.size > MAX_FILE_SIZE) throw new PeerAssistError('too_large', `${file.size} bytes`);
    const id = (this.#options.newId ?? (() => crypto.randomUUID()))();
    const transfer = this.#newTransfer({ id, direction: 'out', name, size: file.size, mime: mime.slice(0, 200) });
    transfer.file = file;
    if (release) transfer.release = release;
    this.#transfers.set(id, transfer);
    this.#sendControl({ type: 'file.offer', id, name, size: file.size, mime: transfer.view.mime });
    this.#changed();
    return id;
  }

  /** Receiver: yes to an offer. Opens the OPFS file, then tells the sender. */
  async accept(id: string): Promise<void> {
    const t = this.#transfers.get(id);
    if (!t || t.view.direction !== 'in' || t.view.state !== 'offered') return;
    t.view.state = 'receiving';
    t.sink = null;
    this.#changed();
    const stored = storedName(id);
    try {
      const sink = await this.#options.store.create(stored);
      // Cancelled (by either side) or the link went while the file was being opened.
      if (t.view.state !== 'receiving') {
        await sink.abort().catch(() => {});
        await this.#options.store.remove(stored).catch(() => {});
        return;
      }
      t.sink = sink;
    } catch (error) {
      this.#log('could not open a file for writing', error);
      this.#sendControl({ type: 'file.cancel', id });
      await this.#fail(t, 'write_failed');
      return;
    }
    this.#sendControl({ type: 'file.accept', id });
    this.#meter(t);
  }

  decline(id: string): void {
    const t = this.#transfers.get(id);
    if (!t || t.view.direction !== 'in' || t.view.state !== 'offered') return;
    t.view.state = 'declined';
    this.#sendControl({ type: 'file.decline', id });
    this.#changed();
  }

  /** Either side, at any point before the end: the other side is told, and no partial file stays. */
  async cancel(id: string): Promise<void> {
    const t = this.#transfers.get(id);
    if (!t || isFinished(t)) return;
    this.#sendControl({ type: 'file.cancel', id });
    await this.#finish(t, 'cancelled', { cancelledBy: 'me' });
  }

  /** Forget a finished transfer; a received file goes from OPFS too. */
  async dismiss(id: string): Promise<void> {
    const t = this.#transfers.get(id);
    if (!t || !isFinished(t)) return;
    this.#transfers.delete(id);
    if (t.view.stored) await this.#options.store.remove(t.view.stored).catch((error: unknown) => this.#log('remove failed', error));
    this.#changed();
  }

  // ---- control ----------------------------------------------------------------

  #sendControl(message: FileControl): void {
    if (this.#control.readyState !== 'open') return;
    try {
      this.#control.send(JSON.stringify(message));
    } catch (error) {
      this.#log('control send failed', error);
    }
  }

  #onControl(data: unknown): void {
    if (typeof data !== 'string' || data.length > 4096) {
      this.#log('ignored a control message that is not short text');
      return;
    }
    let json: unknown;
    try {
      json = JSON.parse(data);
    } catch {
      this.#log('ignored a control message that is not JSON');
      return;
    }
    // Parse, don't cast: a bad message is logged and changes nothing.
    const parsed = FileControl.safeParse(json);
    if (!parsed.success) {
      this.#log('ignored a malformed control message', parsed.error.issues[0]?.message);
      return;
    }
    const message = parsed.data;
    if (message.type === 'file.offer') return this.#onOffer(message);
    if (message.type === 'file.ack') return this.#onAck(message.id, message.bytes);
    const t = this.#transfers.get(message.id);
    if (!t || isFinished(t)) return;
    const out = t.view.direction === 'out';
    switch (message.type) {
      case 'file.accept':
        if (out && t.view.state === 'offered') void this.#pump(t);
        return;
      case 'file.decline':
        if (out && t.view.state === 'offered') void this.#finish(t, 'declined');
        return;
      case 'file.cancel':
        void this.#finish(t, 'cancelled', { cancelledBy: 'peer' });
        return;
      case 'file.done':
        if (!out && t.view.state === 'receiving') {
          t.expected = message.sha256;
          void this.#maybeComplete(t);
        }
        return;
      case 'file.result':
        if (out && t.view.state === 'verifying') void (message.ok ? this.#finish(t, 'done') : this.#fail(t, 'hash_mismatch'));
        return;
    }
  }

  #onOffer(message: Extract<FileControl, { type: 'file.offer' }>): void {
    if (this.#transfers.has(message.id)) return this.#log('ignored an offer with a known id');
    const pending = [...this.#transfers.values()].filter((t) => t.view.direction === 'in' && t.view.state === 'offered').length;
    if (pending >= MAX_PENDING_OFFERS) {
      this.#sendControl({ type: 'file.decline', id: message.id });
      return;
    }
    const t = this.#newTransfer({ id: message.id, direction: 'in', name: message.name, size: message.size, mime: message.mime });
    this.#transfers.set(message.id, t);
    this.#changed();
  }

  #onAck(id: string, bytes: number): void {
    const t = this.#transfers.get(id);
    if (!t || t.view.direction !== 'out' || bytes < t.acked) return;
    t.acked = bytes;
    t.wake?.();
  }

  // ---- sending ----------------------------------------------------------------

  async #pump(t: Transfer): Promise<void> {
    const file = t.file;
    if (!file) return;
    t.view.state = 'sending';
    this.#meter(t);
    let channel: RTCDataChannel;
    try {
      channel = this.#options.pc.createDataChannel(FILE_CHANNEL_PREFIX + t.view.id, { ordered: true });
    } catch (error) {
      this.#log('could not open a data channel', error);
      this.#sendControl({ type: 'file.cancel', id: t.view.id });
      return this.#fail(t, 'connection_lost');
    }
    t.channel = channel;
    channel.binaryType = 'arraybuffer';
    channel.bufferedAmountLowThreshold = LOW_WATER;
    channel.addEventListener('close', () => {
      if (t.view.state === 'sending') void this.#fail(t, 'connection_lost');
    });
    channel.addEventListener('bufferedamountlow', () => t.wake?.());
    t.waiting = 'the data channel to open';
    if (!(await this.#opened(channel, t))) return;
    let sent = 0;
    try {
      t.waiting = 'the file to be read';
      for await (const chunk of readChunks(file)) {
        // Back-pressure: the channel's buffer, and the receiver's writes.
        while (t.view.state === 'sending' && (mustWait(channel.bufferedAmount) || sent - t.acked >= ACK_WINDOW)) {
          t.waiting = mustWait(channel.bufferedAmount) ? 'bufferedamountlow' : 'a file.ack';
          await new Promise<void>((resolve) => {
            t.wake = resolve;
          });
          t.wake = null;
        }
        if (t.view.state !== 'sending' || channel.readyState !== 'open') return;
        if (sent + chunk.byteLength > t.view.size) throw new Error('the file grew while it was being sent');
        t.hash.update(chunk);
        channel.send(chunk);
        sent += chunk.byteLength;
        t.view.bytes = sent;
        t.meter.add(this.#now(), sent);
        this.#options.onChange(true);
        t.waiting = 'the file to be read';
      }
      if (sent !== t.view.size) throw new Error(`read ${sent} of ${t.view.size} bytes`);
    } catch (error) {
      this.#log('could not read the file', error);
      if (t.view.state !== 'sending') return;
      this.#sendControl({ type: 'file.cancel', id: t.view.id });
      return this.#fail(t, 'read_failed');
    }
    if (t.view.state !== 'sending') return;
    t.view.state = 'verifying';
    t.waiting = "the receiver's file.result";
    this.#sendControl({ type: 'file.done', id: t.view.id, sha256: bytesToHex(t.hash.digest()) });
    this.#changed();
  }

  /** Resolves true when the channel opens, false if the transfer ended or the channel closed first. */
  #opened(channel: RTCDataChannel, t: Transfer): Promise<boolean> {
    if (channel.readyState === 'open') return Promise.resolve(true);
    return new Promise((resolve) => {
      channel.addEventListener('open', () => resolve(t.view.state === 'sending'), { once: true });
      channel.addEventListener('close', () => resolve(false), { once: true });
      t.wake = () => {
        if (t.view.state !== 'sending') resolve(false);
      };
    });
  }

  // ---- receiving --------------------------------------------------------------

  #onDataChannel(channel: RTCDataChannel): void {
    if (!channel.label.startsWith(FILE_CHANNEL_PREFIX)) return;
    const t = this.#transfers.get(channel.label.slice(FILE_CHANNEL_PREFIX.length));
    // Only for a transfer we accepted; anything else is closed at once.
    if (!t || t.view.direction !== 'in' || t.view.state !== 'receiving' || t.channel) {
      channel.close();
      return;
    }
    t.channel = channel;
    channel.binaryType = 'arraybuffer';
    channel.addEventListener('message', (event) => this.#onChunk(t, event.data));
    channel.addEventListener('close', () => {
      // The sender closes its channel when it cancels; the cancel message says so too.
      if (t.view.state === 'receiving' && t.received < t.view.size) void this.#fail(t, 'connection_lost');
    });
  }

  #onChunk(t: Transfer, data: unknown): void {
    if (t.view.state !== 'receiving') return;
    if (!(data instanceof ArrayBuffer) || !acceptsChunk(t.received, data.byteLength, t.view.size) || !t.sink) {
      this.#log('a chunk that does not fit the offer');
      this.#sendControl({ type: 'file.cancel', id: t.view.id });
      void this.#fail(t, 'protocol');
      return;
    }
    const chunk = new Uint8Array(data);
    const sink = t.sink;
    t.received += chunk.byteLength;
    t.hash.update(chunk);
    t.writes = t.writes.then(async () => {
      if (t.view.state !== 'receiving') return;
      try {
        await sink.write(chunk);
      } catch (error) {
        if (t.view.state !== 'receiving') return;
        this.#log('could not write a chunk', error);
        this.#sendControl({ type: 'file.cancel', id: t.view.id });
        await this.#fail(t, 'write_failed');
        return;
      }
      t.view.bytes += chunk.byteLength;
      t.meter.add(this.#now(), t.view.bytes);
      if (t.view.bytes - t.lastAck >= ACK_EVERY || t.view.bytes === t.view.size) {
        t.lastAck = t.view.bytes;
        this.#sendControl({ type: 'file.ack', id: t.view.id, bytes: t.view.bytes });
      }
      this.#options.onChange(true);
      await this.#maybeComplete(t);
    });
  }

  /** Every byte written and the sender's hash known: commit the file and compare. */
  async #maybeComplete(t: Transfer): Promise<void> {
    if (t.view.state !== 'receiving' || t.expected === null || t.view.bytes !== t.view.size || !t.sink) return;
    t.view.state = 'verifying';
    this.#changed();
    const ok = bytesToHex(t.hash.digest()) === t.expected;
    try {
      await t.sink.close();
      t.sink = null;
    } catch (error) {
      this.#log('could not commit the file', error);
      this.#sendControl({ type: 'file.result', id: t.view.id, ok: false });
      return this.#fail(t, 'write_failed');
    }
    this.#sendControl({ type: 'file.result', id: t.view.id, ok });
    if (!ok) return this.#fail(t, 'hash_mismatch');
    t.view.stored = storedName(t.view.id);
    await this.#finish(t, 'done');
  }

  // ---- endings ----------------------------------------------------------------

  #fail(t: Transfer, failure: TransferFailure): Promise<void> {
    return this.#finish(t, 'failed', { failure });
  }

  /** The one way a transfer ends: state, channel, partial file, the sender's copy. */
  async #finish(
    t: Transfer,
    state: 'done' | 'declined' | 'cancelled' | 'failed',
    extra: { cancelledBy?: 'me' | 'peer'; failure?: TransferFailure } = {},
  ): Promise<void> {
    if (isFinished(t)) return;
    t.view.state = state;
    t.view.cancelledBy = extra.cancelledBy ?? null;
    t.view.failure = extra.failure ?? null;
    if (state === 'done') t.view.bytes = t.view.size;
    t.wake?.();
    const channel = t.channel;
    t.channel = null;
    // The receiver closes a finished channel; a sender closes it only when it gives up (the receiver may still be reading).
    if (channel && (state !== 'done' || t.view.direction === 'in')) channel.close();
    t.file = undefined;
    t.release?.();
    t.release = undefined;
    this.#changed();
    if (t.view.direction === 'in' && state !== 'done') {
      const sink = t.sink;
      t.sink = null;
      await sink?.abort().catch(() => {});
      // The OPFS entry exists once accepted; it must not outlive a transfer that did not finish.
      if (state !== 'declined') await this.#options.store.remove(storedName(t.view.id)).catch((error: unknown) => this.#log('remove failed', error));
      t.view.stored = null;
    }
  }

  /** The peer connection or the control channel went: nothing running can finish. */
  #lost(): void {
    for (const t of this.#transfers.values()) if (!isFinished(t)) void this.#fail(t, 'connection_lost');
  }

  #newTransfer(base: Pick<TransferView, 'id' | 'direction' | 'name' | 'size' | 'mime'>): Transfer {
    return {
      view: { ...base, peerId: this.#options.peerId, state: 'offered', bytes: 0, bytesPerSecond: 0, cancelledBy: null, failure: null, stored: null },
      meter: new SpeedMeter(),
      hash: sha256.create(),
      channel: null,
      acked: 0,
      wake: null,
      waiting: 'an accept',
      writes: Promise.resolve(),
      received: 0,
      lastAck: 0,
      expected: null,
    };
  }

  #meter(t: Transfer): void {
    t.meter.add(this.#now(), t.view.bytes);
    this.#changed();
  }

  #changed(): void {
    this.#options.onChange(false);
  }
}

/** Where a received file lives in OPFS. */
export function storedName(id: string): string {
  return `in-${id}`;
}

function isFinished(t: Transfer): boolean {
  return FINISHED_STATES.includes(t.view.state);
}
