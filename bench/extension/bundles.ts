// Bytes each entry point loads, raw and gzipped (each file on its own, at
// zlib's default level, as a server would send it): the HTML, its scripts and
// styles, and every module those scripts import statically. Modules loaded
// with import() are counted apart, as "lazy": they are not part of the start.
import { readdir, readFile } from 'node:fs/promises';
import { dirname, join, relative } from 'node:path';
import { gzipSync } from 'node:zlib';

export interface EntrySize {
  entry: string;
  files: string[];
  rawBytes: number;
  gzipBytes: number;
  lazyFiles: string[];
  lazyGzipBytes: number;
}

const STATIC_IMPORT = /(?:\bfrom\s*|\bimport\s*)["'](\.{1,2}\/[^"']+\.js)["']/g;
const DYNAMIC_IMPORT = /\bimport\(\s*["'](\.{1,2}\/[^"']+\.js)["']\s*\)/g;
const HTML_ASSET = /<(?:script[^>]*\bsrc|link[^>]*\brel="(?:stylesheet|modulepreload)"[^>]*\bhref)="([^"]+)"/g;

async function sizeOf(path: string): Promise<{ raw: number; gzip: number; text: string }> {
  const bytes = await readFile(path);
  return { raw: bytes.length, gzip: gzipSync(bytes).length, text: bytes.toString('utf8') };
}

/** `entry` is relative to `root` (an .html page or a single script). */
export async function entrySize(root: string, entry: string): Promise<EntrySize> {
  const seen = new Set<string>();
  const lazy = new Set<string>();
  let rawBytes = 0;
  let gzipBytes = 0;
  const visit = async (path: string): Promise<void> => {
    if (seen.has(path)) return;
    seen.add(path);
    const { raw, gzip, text } = await sizeOf(path);
    rawBytes += raw;
    gzipBytes += gzip;
    const refs: string[] = [];
    if (path.endsWith('.html')) {
      for (const [, href] of text.matchAll(HTML_ASSET)) refs.push(href!.startsWith('/') ? join(root, href!) : join(dirname(path), href!));
    } else if (path.endsWith('.js')) {
      for (const [, spec] of text.matchAll(STATIC_IMPORT)) refs.push(join(dirname(path), spec!));
      for (const [, spec] of text.matchAll(DYNAMIC_IMPORT)) lazy.add(join(dirname(path), spec!));
    }
    for (const ref of refs) await visit(ref);
  };
  await visit(join(root, entry));
  let lazyGzipBytes = 0;
  const lazyFiles = [...lazy].filter((path) => !seen.has(path));
  for (const path of lazyFiles) lazyGzipBytes += (await sizeOf(path)).gzip;
  return {
    entry,
    files: [...seen].map((path) => relative(root, path)),
    rawBytes,
    gzipBytes,
    lazyFiles: lazyFiles.map((path) => relative(root, path)),
    lazyGzipBytes,
  };
}

export async function bundleSizes(chromeDir: string, webDir: string) {
  // Every content script the build makes (the share banner, and any added since).
  const content = (await readdir(join(chromeDir, 'content'))).filter((f) => f.endsWith('.js')).map((f) => `content/${f}`);
  const chrome = ['background.js', ...content, 'popup/popup.html', 'offscreen/offscreen.html', 'options/options.html'];
  return {
    chrome: await Promise.all(chrome.map((entry) => entrySize(chromeDir, entry))),
    web: [await entrySize(webDir, 'index.html')],
  };
}
