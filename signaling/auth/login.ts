// Checking an e-mail and password. The answer takes the same path (one scrypt)
// whether or not the address exists, so response time does not reveal which
// addresses have accounts.
import { randomBytes } from 'node:crypto';
import type { Store, User } from '../store/store.ts';
import { hashPassword, verifyPassword } from './password.ts';

let dummyHash: Promise<string> | undefined;

/** A real hash of a random password, made once, to verify against when there is no such user. */
function dummy(): Promise<string> {
  dummyHash ??= hashPassword(randomBytes(16).toString('base64url'));
  return dummyHash;
}

export type SignInResult =
  | { ok: true; user: User }
  /**
   * 'disabled' only once the password was right, so it tells nothing to
   * someone guessing; `userId` names the account (for the audit log) when there is one.
   */
  | { ok: false; reason: 'bad_credentials' | 'disabled'; userId: string | null };

export async function authenticate(store: Store, email: string, password: string): Promise<SignInResult> {
  const user = await store.users.findByEmail(email);
  if (!user) {
    await verifyPassword(password, await dummy());
    return { ok: false, reason: 'bad_credentials', userId: null };
  }
  if (!(await verifyPassword(password, user.passwordHash))) return { ok: false, reason: 'bad_credentials', userId: user.id };
  // Checked after the hash so a disabled account costs the same time as any other refusal.
  if (user.disabled) return { ok: false, reason: 'disabled', userId: user.id };
  return { ok: true, user };
}
