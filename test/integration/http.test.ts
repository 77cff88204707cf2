// The HTTP side: health check, the built web pages with their security
// headers and client-side routes, and a clear 503 before the pages are built.
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSession } from '../helpers/scenario.ts';
import { startTestServer, type TestServer } from '../helpers/server.ts';

const INDEX = '<!doctype html><title>PeerAssist</title><div id="app"></div>';

describe('/healthz', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(() => server.stop());

  it('answers 200 JSON with the live session count', async () => {
    const first = await fetch(`${server.url}/healthz`);
    expect(first.status).toBe(200);
    expect(first.headers.get('content-type')).toMatch(/^application\/json/);
    expect(await first.json()).toEqual({ ok: true, sessions: 0, uptimeS: expect.any(Number) });

    await startSession(server);
    expect(await (await fetch(`${server.url}/healthz`)).json()).toMatchObject({ ok: true, sessions: 1 });
  });
});

describe('web pages', () => {
  let webRoot: string;
  let server: TestServer;
  beforeAll(async () => {
    webRoot = await mkdtemp(join(tmpdir(), 'peerassist-site-'));
    await mkdir(join(webRoot, 'assets'));
    await writeFile(join(webRoot, 'index.html'), INDEX);
    await writeFile(join(webRoot, 'assets', 'app-3f2a1b.js'), 'console.log(1)');
    await writeFile(join(webRoot, '.env'), 'SECRET=1');
    server = await startTestServer({ webRoot });
  });
  afterAll(async () => {
    await server.stop();
    await rm(webRoot, { recursive: true, force: true });
  });

  it.each(['/', '/join', '/join/123456789?t=abcdefghijklmnopqrstuv', '/support', '/support/123456789', '/join/', '/admin', '/admin/', '/admin/users', '/admin/audit/'])(
    'serves index.html for %s with the security headers',
    async (path) => {
      const response = await fetch(`${server.url}${path}`);
      expect(response.status).toBe(200);
      expect(await response.text()).toBe(INDEX);
      expect(response.headers.get('content-type')).toMatch(/^text\/html/);
      expect(response.headers.get('content-security-policy')).toBe(
        "default-src 'self'; connect-src 'self' ws: wss:; img-src 'self' data: blob:; media-src 'self' blob:; " +
          "style-src 'self' 'unsafe-inline'; frame-ancestors 'none'",
      );
      expect(response.headers.get('x-content-type-options')).toBe('nosniff');
      expect(response.headers.get('referrer-policy')).toBe('no-referrer');
      expect(response.headers.get('cache-control')).toBe('no-cache');
    },
  );

  it('serves hashed assets as immutable', async () => {
    const response = await fetch(`${server.url}/assets/app-3f2a1b.js`);
    expect(response.status).toBe(200);
    expect(await response.text()).toBe('console.log(1)');
    expect(response.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
  });

  it.each(['/nope', '/join/12345', '/join/012345678', '/support/extra', '/support/12345', '/support/012345678', '/.env', '/assets/missing.js', '/api/nothing', '/admin/app.js', '/administrator'])(
    'answers 404 for %s',
    async (path) => {
      const response = await fetch(`${server.url}${path}`);
      expect(response.status).toBe(404);
      expect(await response.text()).not.toContain('SECRET');
    },
  );

  it('refuses other methods on pages', async () => {
    const response = await fetch(`${server.url}/join`, { method: 'POST', body: 'x' });
    expect(response.status).toBe(405);
    expect(response.headers.get('allow')).toBe('GET, HEAD');
  });
});

describe('web pages not built', () => {
  it('answers 503 with a hint to build, while the API still works', async () => {
    const server = await startTestServer();
    try {
      const page = await fetch(`${server.url}/join/123456789`);
      expect(page.status).toBe(503);
      expect(await page.text()).toBe('The web pages are not built: run npm run build\n');
      expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
    } finally {
      await server.stop();
    }
  });
});
