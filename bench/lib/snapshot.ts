// The bench runs against a private copy of the build (dist/chrome, dist/web):
// other work may rebuild dist/ while a browser still loads files from it. The
// copy of the extension also gets the bare-pair sender page (bench/), which
// the reference opens as the extension's offscreen document; the product's own
// files are untouched, and the manifest's fixed key keeps the extension id.
import { cp } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { tempDir } from './temp-dirs.ts';

const at = (path: string) => fileURLToPath(new URL(`../../${path}`, import.meta.url));
export const PAGES_DIR = at('bench/media/pages/');

export interface BuildSnapshot {
  chromeDir: string;
  webDir: string;
  remove(): Promise<void>;
}

export async function snapshotBuild(): Promise<BuildSnapshot> {
  const { dir, remove } = tempDir('peerassist-bench-build-');
  const chromeDir = join(dir, 'chrome');
  const webDir = join(dir, 'web');
  await cp(at('dist/chrome'), chromeDir, { recursive: true });
  await cp(at('dist/web'), webDir, { recursive: true });
  for (const file of ['sender.html', 'sender.js', 'blank.html']) await cp(join(PAGES_DIR, file), join(chromeDir, 'bench', file));
  return { chromeDir, webDir, remove: async () => remove() };
}
