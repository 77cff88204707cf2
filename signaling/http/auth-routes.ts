// Sign-in, token refresh and sign-out (contract: src/shared/protocol/admin.ts),
// shared by the extension and the admin page.
//
//   login ──throttled?──▶ 429 rate_limited (Retry-After)
//     │
//   password ──wrong──▶ 401 bad_credentials   (audited auth.failed; counted by the throttle)
//     │  └──account disabled──▶ 403 disabled (audited auth.failed)
//     ▼
//   a new token family: 15-minute access token + 30-day refresh token (audited auth.login)
//
//   refresh ──unknown / expired / already used / user disabled──▶ 401 unauthenticated
//     ▼
//   the next pair in the same family; the refresh token presented is spent
import type { ServerResponse } from 'node:http';
import { LoginRequest, RefreshRequest, type AuthTokens } from '../../src/shared/protocol/admin.ts';
import { userActor } from '../audit/audit-log.ts';
import { authenticate } from '../auth/login.ts';
import { effectiveSessionMode } from '../auth/roles.ts';
import type { IssuedTokens, User } from '../store/store.ts';
import type { ApiContext } from './api-context.ts';
import { bearerToken } from './bearer.ts';
import { clientIp } from './client-ip.ts';
import { HttpError } from './errors.ts';
import { readJsonRequest } from './json-request.ts';
import { sendJson } from './respond.ts';
import type { Router } from './router.ts';

const MAX_AUTH_BODY_BYTES = 8 * 1024;

/** The tokens, and who they are for: with the session mode the dashboard's start screen offers (S1). */
async function authTokens(ctx: ApiContext, user: User, tokens: IssuedTokens): Promise<AuthTokens> {
  const sessionMode = effectiveSessionMode(user, await ctx.store.settings.get());
  return {
    accessToken: tokens.accessToken,
    expiresAt: tokens.accessExpiresAt,
    refreshToken: tokens.refreshToken,
    refreshExpiresAt: tokens.refreshExpiresAt,
    user: { id: user.id, email: user.email, name: user.name, roles: user.roles, sessionMode },
  };
}

export function addAuthRoutes(router: Router, ctx: ApiContext): void {
  const { config, store, clock, log, audit, throttle } = ctx;
  const ttl = { accessMs: config.accessTtlMs, refreshMs: config.refreshTtlMs };

  router.add('POST', '/api/auth/login', async (req, res) => {
    const body = await readJsonRequest(req, LoginRequest, MAX_AUTH_BODY_BYTES);
    const ip = clientIp(req, config.trustProxy);
    const keys = [`ip:${ip ?? 'unknown'}`, `account:${body.email}`];
    await throttle.sync(keys);
    const waitMs = throttle.waitMs(keys);
    if (waitMs > 0) {
      const seconds = Math.ceil(waitMs / 1000);
      throw new HttpError(429, 'rate_limited', `too many failed sign-ins; try again in ${seconds} s`, { 'Retry-After': String(seconds) });
    }
    // Counted before the (slow) password check, so parallel guesses all see each other.
    const forgive = throttle.failed(keys);
    const result = await authenticate(store, body.email, body.password);
    // A right password is no failure, even for a disabled account.
    if (result.ok || result.reason === 'disabled') forgive();
    if (!result.ok) {
      // The address typed is logged, never the password.
      await audit.record({ type: 'auth.failed', actor: body.email, actorId: result.userId, ip, detail: { email: body.email, reason: result.reason } });
      log.warn(`[http] sign-in refused: ${result.reason}`);
      if (result.reason === 'disabled') throw new HttpError(403, 'disabled', 'this account has been disabled by an administrator');
      throw new HttpError(401, 'bad_credentials', 'wrong e-mail address or password');
    }
    throttle.succeeded(`account:${body.email}`);
    const tokens = await store.tokens.issue(result.user.id, ttl, clock.now());
    await audit.record({ type: 'auth.login', ...userActor(result.user), ip });
    sendJson(res, 200, await authTokens(ctx, result.user, tokens));
  });

  router.add('POST', '/api/auth/refresh', async (req, res) => {
    const body = await readJsonRequest(req, RefreshRequest, MAX_AUTH_BODY_BYTES);
    const outcome = await store.tokens.refresh(body.refreshToken, ttl, clock.now());
    if (!outcome.ok) {
      // A spent token presented again means two holders: one of them is not the user.
      if (outcome.why === 'reused') log.warn('[http] a spent refresh token was presented again; that sign-in is revoked');
      throw new HttpError(401, 'unauthenticated', 'the sign-in has expired or was revoked; sign in again');
    }
    sendJson(res, 200, await authTokens(ctx, outcome.user, outcome.tokens));
  });

  router.add('POST', '/api/auth/logout', async (req, res: ServerResponse) => {
    const token = bearerToken(req);
    if (!token) throw new HttpError(401, 'unauthenticated', 'send the token as "Authorization: Bearer <token>"');
    const user = await store.tokens.verify(token, clock.now());
    // Revoked even when expired: its refresh token may still be alive.
    await store.tokens.revoke(token);
    if (user) await audit.record({ type: 'auth.logout', ...userActor(user), ip: clientIp(req, config.trustProxy) });
    res.writeHead(204, { 'Cache-Control': 'no-store' });
    res.end();
  });
}
