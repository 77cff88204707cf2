// Short-lived TURN credentials in coturn's shared-secret scheme (`use-auth-secret`
// with `static-auth-secret`, the "TURN REST API" of draft-uberti-behave-turn-rest):
//
//   username   = "<expiry, Unix seconds>:<who>"
//   credential = base64(HMAC-SHA1(secret, username))
//
// coturn recomputes the HMAC from the username it receives and refuses the
// request once the expiry has passed, so the server never stores per-user TURN
// accounts and a leaked credential stops working by itself. Each participant
// gets their own `who` (participant id, or user id for a rep's extension), so
// TURN logs and quotas tell them apart.
import { createHmac } from 'node:crypto';
import type { IceServer } from '../../src/shared/protocol/common.ts';

/** TURN_URLS with TURN_SECRET: credentials are minted per participant. */
export interface TurnRestConfig {
  urls: string[];
  secret: string;
  /** How long minted credentials stay valid (TURN_TTL_SECONDS). */
  ttlSeconds: number;
}

export interface TurnCredentials {
  username: string;
  credential: string;
}

/**
 * The credentials coturn accepts until `expiresAt` (Unix seconds) for `who`.
 * `who` must not contain ':' (coturn's default separator): ids here are base64url.
 */
export function turnCredentials(secret: string, who: string, expiresAt: number): TurnCredentials {
  if (who.includes(':')) throw new Error(`TURN user ${JSON.stringify(who)} must not contain ':'`);
  const username = `${Math.floor(expiresAt)}:${who}`;
  return { username, credential: createHmac('sha1', secret).update(username).digest('base64') };
}

/** The TURN entry handed to `who` at `nowMs`, valid for the configured TTL from then. */
export function turnServerFor(turn: TurnRestConfig, who: string, nowMs: number): IceServer {
  const expiresAt = Math.floor(nowMs / 1000) + turn.ttlSeconds;
  return { urls: turn.urls, ...turnCredentials(turn.secret, who, expiresAt) };
}
