// The web pages `npm run build` writes to dist/web: the support site, the
// customer's Remote Support page and the admin page, one single-page app with
// client-side routes.
import { existsSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { join } from 'node:path';
import sirv from 'sirv';
import { sendText } from './respond.ts';

/**
 * Paths the app routes on the client; each is served index.html: /, /join,
 * /join/<number>, /support, /support/<number> (a rep's invitation link), /admin and /admin/<tab>…
 */
const SPA_ROUTE = /^\/(?:(?:join|support)(?:\/[1-9]\d{8})?|admin(?:\/[A-Za-z0-9_-]+)*)?\/?$/;

/**
 * On every page and file: the join link carries its token in the URL, so no
 * Referer may leak it to anything the page loads; the page talks only to this
 * server (and its WebSocket); nothing may frame it. Harmless on non-HTML files,
 * and setting them everywhere cannot miss a page.
 */
const SECURITY_HEADERS: Record<string, string> = {
  'Content-Security-Policy':
    "default-src 'self'; connect-src 'self' ws: wss:; img-src 'self' data: blob:; media-src 'self' blob:; " +
    "style-src 'self' 'unsafe-inline'; frame-ancestors 'none'",
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
};

/** Vite names files under /assets/ by content hash, so they never change under one name. */
const IMMUTABLE = 'public, max-age=31536000, immutable';

export function createStaticSite(webRoot: string): (req: IncomingMessage, res: ServerResponse) => void {
  const indexFile = join(webRoot, 'index.html');
  // sirv's "dev" mode looks files up on disk per request instead of indexing
  // them once at start-up: `npm run build` may write dist/web while the server
  // runs, and the new pages (with new hashed asset names) must appear without a restart.
  const serve = sirv(webRoot, {
    dev: true,
    etag: true,
    dotfiles: false,
    setHeaders(res, pathname) {
      for (const [name, value] of Object.entries(SECURITY_HEADERS)) res.setHeader(name, value);
      if (pathname.startsWith('/assets/')) res.setHeader('Cache-Control', IMMUTABLE);
    },
    onNoMatch: (_req, res) => sendText(res, 404, 'Not found\n'),
  });

  return (req, res) => {
    if (!existsSync(indexFile)) {
      sendText(res, 503, 'The web pages are not built: run npm run build\n', { 'Retry-After': '10' });
      return;
    }
    const url = new URL(req.url ?? '/', 'http://localhost');
    // sirv's dev mode does not filter dot-files itself (.env, .git, …).
    if (url.pathname.split('/').some((segment) => segment.startsWith('.'))) {
      sendText(res, 404, 'Not found\n');
      return;
    }
    if (SPA_ROUTE.test(url.pathname)) req.url = `/index.html${url.search}`;
    serve(req, res);
  };
}
