// How a file is cut for the data channel, and how much may wait in its buffer.
// 64 KiB messages go through every browser's SCTP stack (Chrome allows 256 KiB,
// Firefox more; Safari and older stacks are safe at 64 KiB). The sender stops
// reading when the channel holds HIGH_WATER bytes and goes on at LOW_WATER
// (bufferedAmountLowThreshold), so at most a few MiB of a file are ever in memory.
export const CHUNK_SIZE = 64 * 1024;
export const HIGH_WATER = 4 * 1024 * 1024;
export const LOW_WATER = 1024 * 1024;

export interface ChunkRange {
  start: number;
  end: number;
}

/** The byte ranges [start, end) a file of `size` bytes is sent in, in order. */
export function* chunkRanges(size: number, chunkSize = CHUNK_SIZE): Generator<ChunkRange> {
  if (!Number.isSafeInteger(size) || size < 0) throw new RangeError(`bad size ${size}`);
  if (!Number.isSafeInteger(chunkSize) || chunkSize <= 0) throw new RangeError(`bad chunk size ${chunkSize}`);
  for (let start = 0; start < size; start += chunkSize) yield { start, end: Math.min(size, start + chunkSize) };
}

/** Whether the sender must wait for the channel to drain before the next chunk. */
export function mustWait(bufferedAmount: number, highWater = HIGH_WATER): boolean {
  return bufferedAmount >= highWater;
}

/**
 * The receiver's check of one arriving chunk: never more bytes than offered
 * (a peer that sends more is broken or hostile, and would fill the disk).
 */
export function acceptsChunk(received: number, chunkLength: number, size: number): boolean {
  return chunkLength > 0 && received + chunkLength <= size;
}

/**
 * A file's bytes in order, at most `chunkSize` at a time. Through a BYOB
 * reader where the browser has one, into ONE buffer reused for the whole
 * file: a 100 MB file then makes no garbage at all (with slice().arrayBuffer()
 * every chunk is a fresh ArrayBuffer, and V8 lets tens of MB of them pile up
 * before it collects). Each chunk is valid until the next one is asked for:
 * use it (send copies it, the hash reads it) before going on.
 */
export async function* readChunks(blob: Blob, chunkSize = CHUNK_SIZE): AsyncGenerator<Uint8Array<ArrayBuffer>> {
  let reader: ReadableStreamBYOBReader | undefined;
  try {
    reader = blob.stream().getReader({ mode: 'byob' });
  } catch {
    reader = undefined;
  }
  if (!reader) {
    for (const range of chunkRanges(blob.size, chunkSize)) yield new Uint8Array(await blob.slice(range.start, range.end).arrayBuffer());
    return;
  }
  let buffer = new ArrayBuffer(chunkSize);
  try {
    for (;;) {
      const { value, done } = await reader.read(new Uint8Array(buffer));
      if (done || !value) return;
      if (value.byteLength > 0) yield value as Uint8Array<ArrayBuffer>;
      buffer = value.buffer as ArrayBuffer;
    }
  } finally {
    // Stopped early (cancelled, failed): let the file go.
    await reader.cancel().catch(() => {});
  }
}
