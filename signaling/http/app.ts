// The HTTP side of the server: health, the JSON API (sign-in for the
// extension and the admin page, the admin API), and the built web pages.
// (WebSockets arrive through the 'upgrade' event instead; see ws/gateway.ts.)
import type { IncomingMessage, ServerResponse } from 'node:http';
import { PeerAssistError } from '../../src/shared/protocol/errors.ts';
import type { SessionRegistry } from '../sessions/registry.ts';
import { addAuditRoutes } from './admin/audit.ts';
import { addQueueRoutes } from './admin/queues.ts';
import { addSettingsRoutes } from './admin/settings.ts';
import { addUserRoutes } from './admin/users.ts';
import { addWebacdRoutes } from './admin/webacd.ts';
import type { ApiContext } from './api-context.ts';
import { addAuthRoutes } from './auth-routes.ts';
import { applyCors } from './cors.ts';
import { HttpError } from './errors.ts';
import { sendApiError, sendJson, sendText } from './respond.ts';
import { Router } from './router.ts';
import { createStaticSite } from './static-site.ts';

export interface AppOptions extends ApiContext {
  registry: SessionRegistry;
}

export function createApp(options: AppOptions): (req: IncomingMessage, res: ServerResponse) => void {
  const { config, registry, clock, log } = options;
  const startedAt = clock.now();
  const site = createStaticSite(config.webRoot);
  const api = new Router();
  addAuthRoutes(api, options);
  addUserRoutes(api, options);
  addQueueRoutes(api, options);
  addSettingsRoutes(api, options);
  addAuditRoutes(api, options);
  addWebacdRoutes(api, options);

  async function route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const { pathname } = new URL(req.url ?? '/', 'http://localhost');
    const method = req.method ?? 'GET';

    if (pathname === '/healthz') {
      if (method !== 'GET' && method !== 'HEAD') return sendText(res, 405, 'Method not allowed\n', { Allow: 'GET, HEAD' });
      return sendJson(res, 200, { ok: true, sessions: registry.size, uptimeS: Math.floor((clock.now() - startedAt) / 1000) });
    }

    if (pathname.startsWith('/api/')) {
      // Only sign-in, refresh and sign-out are for the extension's origin; the
      // admin API serves the admin page on this server's own origin.
      if (pathname.startsWith('/api/auth/')) applyCors(req, res, config);
      const match = api.match(method, pathname);
      if (!match) return sendApiError(res, 404, 'unknown_type', 'no such API endpoint');
      if ('allowed' in match) {
        const allow = [...match.allowed, 'OPTIONS'].join(', ');
        if (method === 'OPTIONS') {
          res.writeHead(204, { Allow: allow });
          res.end();
          return;
        }
        return sendApiError(res, 405, 'malformed', `use ${match.allowed.join(' or ')}`, { Allow: allow });
      }
      return match.handler(req, res, match.params);
    }

    if (method !== 'GET' && method !== 'HEAD') return sendText(res, 405, 'Method not allowed\n', { Allow: 'GET, HEAD' });
    site(req, res);
  }

  return (req, res) => {
    route(req, res).catch((error: unknown) => {
      if (error instanceof HttpError && !res.headersSent) {
        return sendApiError(res, error.status, error.reason, error.message, error.headers);
      }
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
