// The HTTP side of the server: health, sign-in/out for the extension, and the
// built web pages. (WebSockets arrive through the 'upgrade' event instead; see ws/gateway.ts.)
import type { IncomingMessage, ServerResponse } from 'node:http';
import { z } from 'zod';
import { Email } from '../../src/shared/protocol/common.ts';
import { PeerAssistError } from '../../src/shared/protocol/errors.ts';
import { authenticate } from '../auth/login.ts';
import type { Clock } from '../clock.ts';
import type { Config } from '../config.ts';
import type { Logger } from '../log.ts';
import type { SessionRegistry } from '../sessions/registry.ts';
import type { Store } from '../store/store.ts';
import { readJsonBody } from './body.ts';
import { applyCors } from './cors.ts';
import { sendApiError, sendJson, sendText } from './respond.ts';
import { createStaticSite } from './static-site.ts';

const MAX_LOGIN_BODY_BYTES = 8 * 1024;

const LoginBody = z.object({
  email: Email,
  password: z.string().min(1, 'a password is required').max(1024),
});

export interface AppOptions {
  config: Config;
  store: Store;
  registry: SessionRegistry;
  clock: Clock;
  log: Logger;
}

type Handler = (req: IncomingMessage, res: ServerResponse) => void | Promise<void>;

export function createApp(options: AppOptions): (req: IncomingMessage, res: ServerResponse) => void {
  const { config, store, registry, clock, log } = options;
  const startedAt = clock.now();
  const site = createStaticSite(config.webRoot);

  const healthz: Handler = (_req, res) => {
    sendJson(res, 200, { ok: true, sessions: registry.size, uptimeS: Math.floor((clock.now() - startedAt) / 1000) });
  };

  const login: Handler = async (req, res) => {
    // Requiring JSON forces a CORS preflight on cross-site requests, which only
    // the extension passes: no other page can post sign-ins from a visitor's browser.
    if (!/^application\/json\b/i.test(req.headers['content-type'] ?? '')) {
      return sendApiError(res, 415, 'malformed', 'send the sign-in as application/json');
    }
    const parsed = LoginBody.safeParse(await readJsonBody(req, MAX_LOGIN_BODY_BYTES));
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      return sendApiError(res, 400, 'malformed', `${issue?.path.join('.') || 'body'}: ${issue?.message ?? 'invalid'}`);
    }
    const user = await authenticate(store, parsed.data.email, parsed.data.password);
    if (!user) {
      log.warn('[http] sign-in refused: bad credentials');
      return sendApiError(res, 401, 'bad_credentials', 'wrong e-mail address or password');
    }
    const { token, expiresAt } = await store.tokens.issue(user.id, config.tokenTtlMs, clock.now());
    sendJson(res, 200, { accessToken: token, expiresAt, user: { id: user.id, email: user.email, name: user.name } });
  };

  const logout: Handler = async (req, res) => {
    const token = /^Bearer\s+([A-Za-z0-9_-]{16,128})$/i.exec(req.headers.authorization ?? '')?.[1];
    if (!token) return sendApiError(res, 401, 'unauthenticated', 'send the token as "Authorization: Bearer <token>"');
    await store.tokens.revoke(token);
    res.writeHead(204, { 'Cache-Control': 'no-store' });
    res.end();
  };

  const api: Record<string, Handler> = { '/api/auth/login': login, '/api/auth/logout': logout };

  async function route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const { pathname } = new URL(req.url ?? '/', 'http://localhost');
    const method = req.method ?? 'GET';

    if (pathname === '/healthz') {
      if (method !== 'GET' && method !== 'HEAD') return sendText(res, 405, 'Method not allowed\n', { Allow: 'GET, HEAD' });
      return healthz(req, res);
    }

    if (pathname.startsWith('/api/')) {
      applyCors(req, res, config);
      const handler = api[pathname];
      if (!handler) return sendApiError(res, 404, 'unknown_type', 'no such API endpoint');
      if (method === 'OPTIONS') {
        res.writeHead(204);
        res.end();
        return;
      }
      if (method !== 'POST') return sendApiError(res, 405, 'malformed', 'use POST', { Allow: 'POST, OPTIONS' });
      return handler(req, res);
    }

    if (method !== 'GET' && method !== 'HEAD') return sendText(res, 405, 'Method not allowed\n', { Allow: 'GET, HEAD' });
    site(req, res);
  }

  return (req, res) => {
    route(req, res).catch((error: unknown) => {
      if (error instanceof PeerAssistError && !res.headersSent) {
        const status = error.reason === 'too_large' ? 413 : 400;
        // Stop reading an oversized body: the connection is closed after this answer.
        return sendApiError(res, status, error.reason, error.message, status === 413 ? { Connection: 'close' } : {});
      }
      log.error(`[http] ${req.method} ${req.url?.split('?')[0]} failed`, error);
      if (!res.headersSent) sendApiError(res, 500, 'internal', 'something went wrong on the server');
      else res.destroy();
    });
  };
}
