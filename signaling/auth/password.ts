// Password hashing with scrypt, a memory-hard function in node:crypto (DESIGN.md,
// Security: "passwords are hashed with a memory-hard hash"). The cost
// parameters travel inside the encoded hash, so raising them later keeps old
// hashes verifiable.
//
// Format: scrypt$<log2 N>$<r>$<p>$<salt base64>$<hash base64>
import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';

const LOG2_N = 15; // N = 32768: ~32 MiB and tens of milliseconds per hash
const BLOCK_SIZE = 8;
const PARALLELISM = 1;
const SALT_BYTES = 16;
const HASH_BYTES = 32;
const MAX_MEMORY = 64 * 1024 * 1024;

/** The async form runs on libuv's thread pool, so a sign-in never stalls the event loop. */
function derive(password: string, salt: Buffer, length: number, options: ScryptOptions): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    scrypt(password.normalize('NFC'), salt, length, options, (error, key) => (error ? reject(error) : resolve(key)));
  });
}

export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(SALT_BYTES);
  const hash = await derive(password, salt, HASH_BYTES, {
    N: 2 ** LOG2_N,
    r: BLOCK_SIZE,
    p: PARALLELISM,
    maxmem: MAX_MEMORY,
  });
  return ['scrypt', LOG2_N, BLOCK_SIZE, PARALLELISM, salt.toString('base64'), hash.toString('base64')].join('$');
}

interface Encoded {
  log2N: number;
  r: number;
  p: number;
  salt: Buffer;
  hash: Buffer;
}

function decode(encoded: string): Encoded | undefined {
  const match = /^scrypt\$(\d{1,2})\$(\d{1,2})\$(\d{1,2})\$([A-Za-z0-9+/]+={0,2})\$([A-Za-z0-9+/]+={0,2})$/.exec(encoded);
  if (!match) return undefined;
  const [, log2N, r, p, salt, hash] = match;
  const decoded = {
    log2N: Number(log2N),
    r: Number(r),
    p: Number(p),
    salt: Buffer.from(salt ?? '', 'base64'),
    hash: Buffer.from(hash ?? '', 'base64'),
  };
  // Bounds keep a corrupted or hostile row from asking for gigabytes of memory.
  const sane =
    decoded.log2N >= 10 && decoded.log2N <= 20 && decoded.r >= 1 && decoded.r <= 32 && decoded.p >= 1 && decoded.p <= 16;
  return sane && decoded.salt.length >= 8 && decoded.hash.length >= 16 ? decoded : undefined;
}

/** True when `password` matches; false for a wrong password or an unreadable hash. */
export async function verifyPassword(password: string, encoded: string): Promise<boolean> {
  const parsed = decode(encoded);
  if (!parsed) return false;
  const N = 2 ** parsed.log2N;
  const actual = await derive(password, parsed.salt, parsed.hash.length, {
    N,
    r: parsed.r,
    p: parsed.p,
    // scrypt needs about 128·N·r bytes; leave head-room above that.
    maxmem: Math.max(MAX_MEMORY, 256 * N * parsed.r),
  });
  return timingSafeEqual(actual, parsed.hash);
}
