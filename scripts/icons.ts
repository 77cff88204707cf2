// Draws the extension's toolbar icons as PNGs at build time, so the repository
// holds no binaries: a blue rounded square with two linked "peer" dots.
import { deflateSync } from 'node:zlib';

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(bytes: Uint8Array): number {
  let c = 0xffffffff;
  for (const byte of bytes) c = (CRC_TABLE[(c ^ byte) & 0xff] ?? 0) ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type: string, data: Uint8Array): Buffer {
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const out = Buffer.alloc(body.length + 8);
  out.writeUInt32BE(data.length, 0);
  body.copy(out, 4);
  out.writeUInt32BE(crc32(body), body.length + 4);
  return out;
}

/** Coverage (0..1) of pixel (x, y) by the icon's shapes, supersampled 4×4 for smooth edges. */
function coverage(size: number, x: number, y: number, inside: (u: number, v: number) => boolean): number {
  let hits = 0;
  for (let i = 0; i < 4; i++) for (let j = 0; j < 4; j++) if (inside((x + (i + 0.5) / 4) / size, (y + (j + 0.5) / 4) / size)) hits++;
  return hits / 16;
}

const inRoundedSquare = (u: number, v: number) => {
  const r = 0.22;
  const cx = Math.min(Math.max(u, r), 1 - r);
  const cy = Math.min(Math.max(v, r), 1 - r);
  return (u - cx) ** 2 + (v - cy) ** 2 <= r * r;
};
const inDot = (cx: number, cy: number, r: number) => (u: number, v: number) => (u - cx) ** 2 + (v - cy) ** 2 <= r * r;
const inLink = (u: number, v: number) => {
  // A thick segment from (0.32, 0.68) to (0.68, 0.32).
  const t = Math.min(1, Math.max(0, ((u - 0.32) * 0.36 + (v - 0.68) * -0.36) / (0.36 * 0.36 * 2)));
  const px = 0.32 + 0.36 * t;
  const py = 0.68 - 0.36 * t;
  return (u - px) ** 2 + (v - py) ** 2 <= 0.06 ** 2;
};
const inMark = (u: number, v: number) => inDot(0.32, 0.68, 0.16)(u, v) || inDot(0.68, 0.32, 0.16)(u, v) || inLink(u, v);

export function drawIcon(size: number): Buffer {
  const raw = Buffer.alloc(size * (size * 4 + 1));
  for (let y = 0; y < size; y++) {
    const row = y * (size * 4 + 1);
    raw[row] = 0; // filter: none
    for (let x = 0; x < size; x++) {
      const bg = coverage(size, x, y, inRoundedSquare);
      const mark = coverage(size, x, y, inMark);
      const o = row + 1 + x * 4;
      // #0b5cad background, white mark.
      raw[o] = Math.round(11 + (255 - 11) * mark);
      raw[o + 1] = Math.round(92 + (255 - 92) * mark);
      raw[o + 2] = Math.round(173 + (255 - 173) * mark);
      raw[o + 3] = Math.round(255 * bg);
    }
  }
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header.set([8, 6, 0, 0, 0], 8); // 8-bit RGBA
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(raw)),
    chunk('IEND', new Uint8Array()),
  ]);
}
