// The admin's sign-in as the page keeps it: the AuthTokens from /api/auth/login
// plus the moment they arrived, in sessionStorage (gone when the tab closes; a
// shared computer keeps no admin sign-in), and when to refresh them.
import { z } from 'zod';
import { AuthTokens } from '../../src/shared/protocol/admin.ts';

export const STORAGE_KEY = 'peerassist.admin.auth';

export const StoredAuth = AuthTokens.extend({
  /** The page's clock when the tokens arrived: refresh timing is measured from here. */
  receivedAt: z.number(),
});
export type StoredAuth = z.infer<typeof StoredAuth>;

/** The part of the Web Storage API we use, so tests pass a Map-backed fake. */
export interface KeyValueStorage {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
}

/** Refresh at most this long before the access token expires. */
export const REFRESH_MARGIN_MS = 60_000;
/** Never refresh sooner than this after the last tokens arrived (guards against a refresh loop). */
export const MIN_REFRESH_DELAY_MS = 10_000;

/**
 * When to refresh, as a delay from `now`: a fifth of the token's lifetime
 * before it expires, at most a minute before (15-minute tokens: at 14 min).
 * `expiresAt` is the server's clock; if ours is far off, the floor keeps us
 * from refreshing in a loop, and a 401 on any call refreshes anyway.
 */
export function refreshDelay(auth: Pick<StoredAuth, 'expiresAt' | 'receivedAt'>, now: number): number {
  const lifetime = auth.expiresAt - auth.receivedAt;
  const margin = Math.min(REFRESH_MARGIN_MS, Math.max(0, lifetime) / 5);
  const due = Math.max(auth.receivedAt + MIN_REFRESH_DELAY_MS, auth.expiresAt - margin);
  return Math.max(0, due - now);
}

/** True when the refresh token itself has run out: only signing in again helps. */
export function refreshExpired(auth: Pick<StoredAuth, 'refreshExpiresAt'>, now: number): boolean {
  return now >= auth.refreshExpiresAt;
}

export function loadAuth(storage: KeyValueStorage, now: number): StoredAuth | null {
  let raw: string | null;
  try {
    raw = storage.getItem(STORAGE_KEY);
  } catch {
    return null;
  }
  if (raw === null) return null;
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch {
    json = undefined;
  }
  const parsed = StoredAuth.safeParse(json);
  if (!parsed.success || refreshExpired(parsed.data, now)) {
    clearAuth(storage);
    return null;
  }
  return parsed.data;
}

export function saveAuth(storage: KeyValueStorage, auth: StoredAuth): void {
  try {
    storage.setItem(STORAGE_KEY, JSON.stringify(auth));
  } catch {
    // Storage full or blocked: the sign-in still works for this page's life.
  }
}

export function clearAuth(storage: KeyValueStorage): void {
  try {
    storage.removeItem(STORAGE_KEY);
  } catch {
    // Nothing to clear.
  }
}
