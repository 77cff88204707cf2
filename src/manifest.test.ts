// The extension's attack surface, as the manifests declare it (issue #10,
// "Extension hardening"): least permissions, no way in from other extensions
// or web pages, the default content security policy, no remote code.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { browserManifests } from '../scripts/build.ts';

const manifest = JSON.parse(readFileSync(new URL('../manifest.json', import.meta.url), 'utf8')) as Record<string, unknown>;
const { chrome, firefox } = browserManifests(manifest);

describe('the manifests', () => {
  it('ask for the least: what the features use, hosts only for the server on request', () => {
    // storage: the session; activeTab + tabCapture: Share this tab; scripting: the share banner and
    // the site bridge; offscreen: WebRTC on Chrome; sidePanel: the dashboard beside the page.
    // Window/screen sharing uses getDisplayMedia, whose picker is the consent: no desktopCapture.
    expect(chrome.permissions).toEqual(['storage', 'activeTab', 'scripting', 'tabCapture', 'offscreen', 'sidePanel']);
    expect(firefox.permissions).toEqual(['storage', 'activeTab', 'scripting']);
    // Loopback for the default server; any other server is asked for at sign-in (optional).
    expect(chrome.host_permissions).toEqual(['http://127.0.0.1/*', 'http://localhost/*']);
    expect(chrome.optional_host_permissions).toEqual(['https://*/*', 'http://*/*']);
    expect(chrome.content_scripts).toBeUndefined(); // registered at run time for the configured server only
  });

  it('let no other extension and no web page message the extension (Chrome)', () => {
    expect(chrome.externally_connectable).toEqual({ ids: [] });
    expect(firefox.externally_connectable).toBeUndefined();
  });

  it('keep the default content security policy: no remote code, no eval', () => {
    expect(chrome.content_security_policy).toBeUndefined();
    // Firefox: its default without upgrade-insecure-requests, which would turn a plain-http server's ws:// into wss://.
    expect(firefox.content_security_policy).toEqual({ extension_pages: "script-src 'self'" });
    expect(JSON.stringify(manifest)).not.toMatch(/unsafe-eval|https?:\/\/(?!127\.0\.0\.1\/\*|localhost\/\*|\*\/\*)/);
  });
});
