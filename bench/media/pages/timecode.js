// The timestamp code drawn into the shared tab and read back from the
// receiver's video. Layout, in CSS pixels of the shared tab:
//   a magenta border BORDER wide around COLS x ROWS cells of CELL px;
//   cells row-major: bits 0..31 = Date.now() mod 2^32 (white = 1),
//   bits 32..39 = the sum of its four bytes mod 256 (a frame caught mid-update
//   or blurred by the encoder fails the check and is skipped, not misread).
(function (global) {
  const BORDER = 16, CELL = 24, COLS = 8, ROWS = 5;
  const WIDTH = 2 * BORDER + COLS * CELL, HEIGHT = 2 * BORDER + ROWS * CELL;

  function bitsOf(value) {
    const v = value >>> 0;
    const sum = ((v & 255) + ((v >>> 8) & 255) + ((v >>> 16) & 255) + (v >>> 24)) & 255;
    const bits = [];
    for (let i = 0; i < 32; i++) bits.push((v >>> i) & 1);
    for (let i = 0; i < 8; i++) bits.push((sum >>> i) & 1);
    return bits;
  }

  function draw(ctx, value) {
    ctx.fillStyle = '#ff00ff';
    ctx.fillRect(0, 0, WIDTH, HEIGHT);
    const bits = bitsOf(value);
    for (let i = 0; i < bits.length; i++) {
      ctx.fillStyle = bits[i] ? '#fff' : '#000';
      ctx.fillRect(BORDER + (i % COLS) * CELL, BORDER + Math.floor(i / COLS) * CELL, CELL, CELL);
    }
  }

  const isMagenta = (d, i) => d[i] > 180 && d[i + 1] < 90 && d[i + 2] > 180;

  /** The magenta box in an RGBA image: {x, y, w, h} in image pixels, or null. */
  function locate(image) {
    const { data, width, height } = image;
    let minX = width, minY = height, maxX = -1, maxY = -1;
    for (let y = 0; y < height; y += 2) {
      for (let x = 0; x < width; x += 2) {
        if (!isMagenta(data, (y * width + x) * 4)) continue;
        if (x < minX) minX = x;
        if (x > maxX) maxX = x;
        if (y < minY) minY = y;
        if (y > maxY) maxY = y;
      }
    }
    if (maxX < 0 || maxX - minX < 20 || maxY - minY < 12) return null;
    return { x: minX, y: minY, w: maxX - minX + 2, h: maxY - minY + 2 };
  }

  /** Decodes the value from an RGBA image of the box alone; null if the checksum fails. */
  function read(image) {
    const { data, width, height } = image;
    const sx = width / WIDTH, sy = height / HEIGHT;
    const bits = [];
    for (let i = 0; i < COLS * ROWS; i++) {
      const cx = Math.round((BORDER + ((i % COLS) + 0.5) * CELL) * sx);
      const cy = Math.round((BORDER + (Math.floor(i / COLS) + 0.5) * CELL) * sy);
      let sum = 0;
      for (let dy = -2; dy <= 2; dy++) {
        for (let dx = -2; dx <= 2; dx++) {
          const p = ((cy + dy) * width + (cx + dx)) * 4;
          sum += data[p] + data[p + 1] + data[p + 2];
        }
      }
      bits.push(sum / 75 > 128 ? 1 : 0);
    }
    let value = 0;
    for (let i = 0; i < 32; i++) value = (value | (bits[i] << i)) >>> 0;
    const expected = bitsOf(value);
    for (let i = 32; i < 40; i++) if (bits[i] !== expected[i]) return null;
    return value;
  }

  global.benchTimecode = { WIDTH, HEIGHT, draw, locate, read };
})(globalThis);
