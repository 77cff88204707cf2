// Builds the web pages the server serves (DESIGN.md, "Parts": web/): the support
// site and the customer's Remote Support page, one single-page app in dist/web.
// The server answers index.html for every page route and serves /assets/*.
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const webRoot = fileURLToPath(new URL('./web/', import.meta.url));

export default defineConfig({
  root: webRoot,
  base: '/',
  // Vite 8 transforms TS/JSX with Oxc; tsconfig's jsxImportSource alone is not
  // enough to be sure every file gets Preact's automatic runtime, so say it here.
  oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
  build: {
    outDir: fileURLToPath(new URL('./dist/web/', import.meta.url)),
    emptyOutDir: true,
    // CSP is `default-src 'self'`: a data: URI (the default for small assets) would be blocked.
    assetsInlineLimit: 0,
    target: 'es2022',
    sourcemap: false,
  },
  preview: { host: '127.0.0.1' },
});
