import { describe, expect, it } from 'vitest';
import { acceptsChunk, CHUNK_SIZE, chunkRanges, HIGH_WATER, LOW_WATER, mustWait, readChunks } from './chunks.ts';

describe('chunkRanges', () => {
  it('covers every byte once, in order, with no chunk over the size', () => {
    const size = 3 * CHUNK_SIZE + 17;
    const ranges = [...chunkRanges(size)];
    expect(ranges).toHaveLength(4);
    expect(ranges[0]).toEqual({ start: 0, end: CHUNK_SIZE });
    expect(ranges[3]).toEqual({ start: 3 * CHUNK_SIZE, end: size });
    for (let i = 1; i < ranges.length; i++) expect(ranges[i]!.start).toBe(ranges[i - 1]!.end);
    expect(ranges.every((r) => r.end - r.start > 0 && r.end - r.start <= CHUNK_SIZE)).toBe(true);
  });

  it('an exact multiple has no empty tail; an empty file has no chunk', () => {
    expect([...chunkRanges(2 * CHUNK_SIZE)]).toHaveLength(2);
    expect([...chunkRanges(0)]).toEqual([]);
    expect([...chunkRanges(5, 2)]).toEqual([
      { start: 0, end: 2 },
      { start: 2, end: 4 },
      { start: 4, end: 5 },
    ]);
  });

  it('refuses sizes that are not whole, non-negative numbers', () => {
    expect(() => [...chunkRanges(-1)]).toThrow(RangeError);
    expect(() => [...chunkRanges(1.5)]).toThrow(RangeError);
    expect(() => [...chunkRanges(10, 0)]).toThrow(RangeError);
  });
});

describe('back-pressure and the receiver check', () => {
  it('waits at the high-water mark and not below it', () => {
    expect(LOW_WATER).toBeLessThan(HIGH_WATER);
    expect(mustWait(HIGH_WATER - 1)).toBe(false);
    expect(mustWait(HIGH_WATER)).toBe(true);
    expect(mustWait(0)).toBe(false);
  });

  it('a receiver never takes more bytes than were offered, nor empty chunks', () => {
    expect(acceptsChunk(0, 10, 10)).toBe(true);
    expect(acceptsChunk(5, 6, 10)).toBe(false);
    expect(acceptsChunk(0, 0, 10)).toBe(false);
    expect(acceptsChunk(10, 1, 10)).toBe(false);
  });
});

describe('readChunks', () => {
  it('gives every byte of a file in order, no chunk over the size', async () => {
    const bytes = new Uint8Array(3 * 1000 + 17).map((_, i) => (i * 7) % 251);
    const out: number[] = [];
    let count = 0;
    for await (const chunk of readChunks(new Blob([bytes]), 1000)) {
      expect(chunk.byteLength).toBeGreaterThan(0);
      expect(chunk.byteLength).toBeLessThanOrEqual(1000);
      out.push(...chunk); // copied at once: the buffer is reused for the next chunk
      count += 1;
    }
    expect(count).toBeGreaterThanOrEqual(4);
    expect(new Uint8Array(out)).toEqual(bytes);
  });

  it('an empty file has no chunk', async () => {
    const chunks = [];
    for await (const chunk of readChunks(new Blob([]))) chunks.push(chunk);
    expect(chunks).toEqual([]);
  });
});
