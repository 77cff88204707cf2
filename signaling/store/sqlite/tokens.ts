// Sign-in tokens in SQLite. A sign-in is a token family: short-lived access
// tokens (what rep.hello and the admin API check) and a chain of refresh
// tokens, each traded once for the next pair. Only SHA-256 hashes are stored.
import { randomBytes } from 'node:crypto';
import type Database from 'better-sqlite3';
import { z } from 'zod';
import { newId } from '../../sessions/ids.ts';
import type { IssuedTokens, RefreshOutcome, TokenRepo, TokenTtl } from '../store.ts';
import { hashToken } from './rows.ts';
import { toUser } from './users.ts';

const RefreshRow = z.object({
  family_id: z.string(),
  user_id: z.string(),
  expires_at: z.number(),
  used_at: z.number().nullable(),
});

const newToken = () => randomBytes(32).toString('base64url');

export function sqliteTokens(db: Database.Database): TokenRepo {
  const insertAccess = db.prepare('INSERT INTO tokens (token_hash, user_id, created_at, expires_at, family_id) VALUES (?, ?, ?, ?, ?)');
  const insertRefresh = db.prepare(
    'INSERT INTO refresh_tokens (token_hash, family_id, user_id, created_at, expires_at) VALUES (?, ?, ?, ?, ?)',
  );
  // An expired access token is kept while its sign-in lives: signing out with
  // it must still find (and revoke) the refresh token. Refreshing drops the
  // family's older expired ones, so a family keeps at most a couple.
  const sweepAccess = db.prepare(
    `DELETE FROM tokens WHERE expires_at <= ?
     AND (family_id IS NULL OR NOT EXISTS (SELECT 1 FROM refresh_tokens r WHERE r.family_id = tokens.family_id))`,
  );
  const sweepRefresh = db.prepare('DELETE FROM refresh_tokens WHERE expires_at <= ?');
  const sweepFamilyAccess = db.prepare('DELETE FROM tokens WHERE family_id = ? AND expires_at <= ?');
  const accessUser = db.prepare(
    `SELECT users.* FROM tokens JOIN users ON users.id = tokens.user_id
     WHERE tokens.token_hash = ? AND tokens.expires_at > ? AND users.disabled = 0`,
  );
  const accessFamily = db.prepare('SELECT family_id FROM tokens WHERE token_hash = ?').pluck();
  const refreshRow = db.prepare('SELECT family_id, user_id, expires_at, used_at FROM refresh_tokens WHERE token_hash = ?');
  const spend = db.prepare('UPDATE refresh_tokens SET used_at = ? WHERE token_hash = ?');
  const activeUser = db.prepare('SELECT * FROM users WHERE id = ? AND disabled = 0');
  const deleteAccess = db.prepare('DELETE FROM tokens WHERE token_hash = ?');
  const deleteFamilyAccess = db.prepare('DELETE FROM tokens WHERE family_id = ?');
  const deleteFamilyRefresh = db.prepare('DELETE FROM refresh_tokens WHERE family_id = ?');
  const deleteUserAccess = db.prepare('DELETE FROM tokens WHERE user_id = ?');
  const deleteUserRefresh = db.prepare('DELETE FROM refresh_tokens WHERE user_id = ?');

  function pair(userId: string, familyId: string, ttl: TokenTtl, now: number): IssuedTokens {
    const tokens: IssuedTokens = {
      accessToken: newToken(),
      accessExpiresAt: now + ttl.accessMs,
      refreshToken: newToken(),
      refreshExpiresAt: now + ttl.refreshMs,
    };
    insertAccess.run(hashToken(tokens.accessToken), userId, now, tokens.accessExpiresAt, familyId);
    insertRefresh.run(hashToken(tokens.refreshToken), familyId, userId, now, tokens.refreshExpiresAt);
    return tokens;
  }

  function revokeFamily(familyId: string): void {
    deleteFamilyAccess.run(familyId);
    deleteFamilyRefresh.run(familyId);
  }

  const issue = db.transaction((userId: string, ttl: TokenTtl, now: number): IssuedTokens => {
    // Sweeping on issue keeps the tables at "live sign-ins" without a timer.
    sweepRefresh.run(now);
    sweepAccess.run(now);
    return pair(userId, newId('f'), ttl, now);
  });

  // One transaction: two requests trading the same token cannot both win.
  const refresh = db.transaction((token: string, ttl: TokenTtl, now: number): RefreshOutcome => {
    const hash = hashToken(token);
    const found = refreshRow.get(hash);
    if (found === undefined) return { ok: false, why: 'unknown' };
    const row = RefreshRow.parse(found);
    if (row.used_at !== null) {
      revokeFamily(row.family_id);
      return { ok: false, why: 'reused' };
    }
    if (row.expires_at <= now) return { ok: false, why: 'expired' };
    const user = toUser(activeUser.get(row.user_id));
    if (!user) {
      revokeFamily(row.family_id);
      return { ok: false, why: 'unknown' };
    }
    spend.run(now, hash);
    sweepFamilyAccess.run(row.family_id, now);
    return { ok: true, user, tokens: pair(user.id, row.family_id, ttl, now) };
  });

  const revoke = db.transaction((accessToken: string) => {
    const hash = hashToken(accessToken);
    const family = accessFamily.get(hash);
    if (typeof family === 'string') revokeFamily(family);
    deleteAccess.run(hash);
  });

  const revokeUser = db.transaction((userId: string) => {
    deleteUserAccess.run(userId);
    deleteUserRefresh.run(userId);
  });

  return {
    async issue(userId, ttl, now) {
      return issue(userId, ttl, now);
    },
    async verify(accessToken, now) {
      return toUser(accessUser.get(hashToken(accessToken), now));
    },
    async refresh(refreshToken, ttl, now) {
      return refresh(refreshToken, ttl, now);
    },
    async revoke(accessToken) {
      revoke(accessToken);
    },
    async revokeUser(userId) {
      revokeUser(userId);
    },
  };
}
