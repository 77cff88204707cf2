// Passwords the server makes up: the first account's (bootstrap.ts), and a new
// or reset account's when the admin gives none (admin API, CLI). They are
// read off a screen and typed by hand, so the alphabet has no look-alikes.
import { randomInt } from 'node:crypto';

/** No 0/O, 1/l/I. */
const ALPHABET = 'abcdefghjkmnpqrstuvwxyz23456789';

/** Four groups of five (about 99 bits), e.g. "k3m9q-…". */
export function generatePassword(): string {
  const group = () => Array.from({ length: 5 }, () => ALPHABET[randomInt(ALPHABET.length)]).join('');
  return [group(), group(), group(), group()].join('-');
}
