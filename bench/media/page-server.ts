// Serves the bench's own pages (the shared pattern, the bare receiver) on a
// loopback port, and hands out the probe injected into receiving pages.
import { readFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { PAGES_DIR } from '../lib/snapshot.ts';

const TYPES: Record<string, string> = { html: 'text/html; charset=utf-8', js: 'text/javascript; charset=utf-8' };

export async function startPageServer(): Promise<{ url: string; close: () => Promise<void> }> {
  const server = createServer(async (req, res) => {
    const name = new URL(req.url ?? '/', 'http://pages').pathname.slice(1);
    const type = TYPES[name.split('.').pop() ?? ''];
    if (!/^[a-z-]+\.(html|js)$/.test(name) || !type) return void res.writeHead(404).end();
    try {
      const body = await readFile(join(PAGES_DIR, name));
      res.writeHead(200, { 'content-type': type, 'cache-control': 'no-store' }).end(body);
    } catch {
      res.writeHead(404).end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** timecode.js + probe.js, for page.evaluateOnNewDocument. */
export async function probeScript(): Promise<string> {
  const [timecode, probe] = await Promise.all(['timecode.js', 'probe.js'].map((f) => readFile(join(PAGES_DIR, f), 'utf8')));
  return `${timecode}\n${probe}`;
}
