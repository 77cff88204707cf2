// Random identifiers the server hands out. All come from node:crypto: session
// numbers and join tokens are what stands between a stranger and a session.
import { randomBytes, randomInt as cryptoRandomInt } from 'node:crypto';

/** `randomInt(min, max)`: an integer with min ≤ n < max, like crypto.randomInt. */
export type RandomInt = (min: number, max: number) => number;

/** Nine digits, first one non-zero (see SessionNumber in src/shared/protocol/common.ts). */
export function newSessionNumber(randomInt: RandomInt = cryptoRandomInt): string {
  return String(randomInt(100_000_000, 1_000_000_000));
}

/** 128 random bits, base64url without padding: 22 characters (JoinToken). */
export function newJoinToken(): string {
  return randomBytes(16).toString('base64url');
}

/**
 * 96 random bits, base64url (16 characters), optionally after a short prefix
 * naming what it identifies ("u_…" for users). Random rather than counted, so
 * an id is never reused, even across restarts.
 */
export function newId(prefix = ''): string {
  if (!/^[A-Za-z0-9]{0,8}$/.test(prefix)) throw new Error(`bad id prefix ${JSON.stringify(prefix)}`);
  const random = randomBytes(12).toString('base64url');
  return prefix ? `${prefix}_${random}` : random;
}
