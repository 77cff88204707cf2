// `npm run build`: the web pages the server serves (dist/web) and the unpacked
// extension for each browser (dist/chrome, dist/firefox), from one manifest.
//
//   dist/chrome   manifest as written (service_worker + scripts, fixed key,
//                 side_panel), without Firefox's sidebar_action
//   dist/firefox  same files; manifest without Chrome-only keys/permissions,
//                 which Firefox would only warn about (offscreen, tabCapture,
//                 sidePanel, side_panel, key)
// The dashboard is one page in two entries: popup.html (the toolbar popup) and
// sidepanel.html (Chrome's side panel, Firefox's sidebar).
import { cp, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build, type InlineConfig } from 'vite';
import { toChromeMessages, type Locale } from '../src/shared/i18n/index.ts';
import { drawIcon } from './icons.ts';

const root = fileURLToPath(new URL('..', import.meta.url));
const at = (path: string) => fileURLToPath(new URL(path, new URL('..', import.meta.url)));
const chromeDir = at('dist/chrome/');
const firefoxDir = at('dist/firefox/');

const jsx = { oxc: { jsx: { runtime: 'automatic' as const, importSource: 'preact' } } };
const quiet = { logLevel: 'warn' as const, configFile: false as const };

/** A classic script with everything inlined: service workers, event pages and injected content scripts can't share chunks. */
function scriptBuild(entry: string, fileName: string): InlineConfig {
  return {
    ...quiet,
    ...jsx,
    root,
    build: {
      outDir: chromeDir,
      emptyOutDir: false,
      target: 'es2022',
      minify: true,
      lib: { entry: at(entry), formats: ['iife'], name: 'PeerAssist', fileName: () => fileName },
      rolldownOptions: { output: { codeSplitting: false } },
    },
  };
}

async function buildExtension(): Promise<void> {
  await rm(chromeDir, { recursive: true, force: true });
  await build({
    ...quiet,
    ...jsx,
    root: at('src/'),
    base: '/',
    build: {
      outDir: chromeDir,
      emptyOutDir: false,
      target: 'es2022',
      assetsInlineLimit: 0, // extension CSP forbids nothing here, but keep assets as files like the web build
      rolldownOptions: {
        input: {
          popup: at('src/popup/popup.html'),
          sidepanel: at('src/popup/sidepanel.html'),
          options: at('src/options/options.html'),
          offscreen: at('src/offscreen/offscreen.html'),
          // Voice and video (issue #9): where Chrome can ask for the microphone and camera.
          permission: at('src/calls/permission.html'),
        },
      },
    },
  });
  await build(scriptBuild('src/background/main.ts', 'background.js'));
  await build(scriptBuild('src/content/share-banner.ts', 'content/share-banner.js'));
  // Pointer and annotation marks over the shared tab (issue #9).
  await build(scriptBuild('src/content/marks-overlay.ts', 'content/marks-overlay.js'));
  // The support site's bridge to the extension; registered at run time for the configured server.
  await build(scriptBuild('src/content/site-bridge.ts', 'content/site-bridge.js'));

  for (const locale of ['en', 'ko'] satisfies Locale[]) {
    await mkdir(`${chromeDir}_locales/${locale}`, { recursive: true });
    await writeFile(`${chromeDir}_locales/${locale}/messages.json`, JSON.stringify(toChromeMessages(locale), null, 2));
  }
  await mkdir(`${chromeDir}icons`, { recursive: true });
  for (const size of [16, 32, 48, 128]) await writeFile(`${chromeDir}icons/${size}.png`, drawIcon(size));

  const manifest = JSON.parse(await readFile(at('manifest.json'), 'utf8')) as Record<string, unknown>;
  const manifests = browserManifests(manifest);
  await writeFile(`${chromeDir}manifest.json`, JSON.stringify(manifests.chrome, null, 2));

  await rm(firefoxDir, { recursive: true, force: true });
  await cp(chromeDir, firefoxDir, { recursive: true });
  await writeFile(`${firefoxDir}manifest.json`, JSON.stringify(manifests.firefox, null, 2));
  await rm(`${firefoxDir}offscreen`, { recursive: true, force: true });
}

/** Chrome's default for extension pages, without Firefox's upgrade-insecure-requests. */
export const FIREFOX_EXTENSION_PAGES_CSP = "script-src 'self'";

/** Each browser's manifest from the one in the repository: each leaves out the keys only the other knows. */
export function browserManifests(manifest: Record<string, unknown>): { chrome: Record<string, unknown>; firefox: Record<string, unknown> } {
  // Chrome would list sidebar_action as an unrecognized key on chrome://extensions.
  const { sidebar_action: _sidebar, ...chrome } = manifest;
  // Firefox has no externally_connectable (nothing outside the add-on can message it anyway).
  const { key: _key, minimum_chrome_version: _min, side_panel: _panel, externally_connectable: _external, ...firefox } = manifest;
  const chromeOnly = new Set(['offscreen', 'tabCapture', 'sidePanel']);
  firefox.permissions = (manifest.permissions as string[]).filter((p) => !chromeOnly.has(p));
  firefox.background = { scripts: ['background.js'] };
  // Firefox's default MV3 policy adds upgrade-insecure-requests, which turns the
  // ws:// of a plain-http server (the embedded default on 127.0.0.1) into wss://
  // that nothing answers: the rep could sign in but never connect. The server's
  // own URL decides the scheme, as on Chrome; scripts stay our own files only.
  firefox.content_security_policy = { extension_pages: FIREFOX_EXTENSION_PAGES_CSP };
  return { chrome, firefox };
}

async function buildWeb(): Promise<void> {
  await build({ configFile: at('vite.web.config.ts'), logLevel: 'warn' });
}

export type BuildPart = 'web' | 'extension';

export async function buildAll(only?: BuildPart): Promise<void> {
  const started = performance.now();
  if (only !== 'extension') await buildWeb();
  if (only !== 'web') await buildExtension();
  console.log(`built ${only ?? 'web and extension'} in ${Math.round(performance.now() - started)} ms`);
}

// `npm run build -- web` or `-- extension` builds one half; no argument builds both.
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const only = process.argv[2];
  if (only !== undefined && only !== 'web' && only !== 'extension') {
    console.error(`unknown part "${only}": use web or extension`);
    process.exit(2);
  }
  await buildAll(only);
}
