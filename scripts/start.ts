// `npm start`: build whatever is missing or older than its sources, then run
// the server (signaling/main.ts prints the URLs, the extension folders and the
// first sign-in).
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildAll } from './build.ts';

const root = fileURLToPath(new URL('..', import.meta.url));

/** Newest modification time under `path` (a file or a folder), 0 if absent. */
function newest(path: string): number {
  if (!existsSync(path)) return 0;
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let max = 0;
  for (const entry of readdirSync(path)) max = Math.max(max, newest(join(path, entry)));
  return max;
}

const built = (file: string) => (existsSync(join(root, file)) ? statSync(join(root, file)).mtimeMs : 0);
const sources = (...paths: string[]) => Math.max(...paths.map((p) => newest(join(root, p))));

const webBuilt = built('dist/web/index.html');
const extensionBuilt = Math.min(built('dist/chrome/manifest.json'), built('dist/firefox/manifest.json'));
const webStale = webBuilt === 0 || sources('web', 'src/shared', 'vite.web.config.ts') > webBuilt;
const extensionStale = extensionBuilt === 0 || sources('src', 'manifest.json', 'scripts') > extensionBuilt;

if (webStale && extensionStale) await buildAll();
else if (webStale) await buildAll('web');
else if (extensionStale) await buildAll('extension');

await import('../signaling/main.ts');
