import { describe, expect, it, vi } from 'vitest';
import { PeerAssistError } from '../shared/protocol/errors.ts';
import {
  SITE_BRIDGE_FILE,
  SITE_BRIDGE_ID,
  SiteBridgeRegistration,
  handleSiteRequest,
  isSiteRequest,
  type ScriptRegistry,
  type SiteBridgeDeps,
  type SiteSender,
} from './site-bridge.ts';

const EXTENSION_ID = 'fdgmbdnbjbjlpdlagchgjfilkilfmbnd';
const SERVER = 'http://127.0.0.1:8787';
const fromSite: SiteSender = { id: EXTENSION_ID, url: `${SERVER}/support/123456789`, frameId: 0, tab: { id: 4 } };
const assist = { target: 'site-bridge', type: 'site.assist', number: '123456789' };

function deps(over: Partial<SiteBridgeDeps> = {}): SiteBridgeDeps & { assist: ReturnType<typeof vi.fn> } {
  return { extensionId: EXTENSION_ID, serverUrl: () => SERVER, signedIn: () => true, assist: vi.fn(async () => {}), ...over } as never;
}

describe('handleSiteRequest', () => {
  it('answers a ping with whether the rep is signed in', async () => {
    await expect(handleSiteRequest({ target: 'site-bridge', type: 'site.ping' }, fromSite, deps())).resolves.toEqual({ ok: true, signedIn: true });
    await expect(handleSiteRequest({ target: 'site-bridge', type: 'site.ping' }, fromSite, deps({ signedIn: () => false }))).resolves.toEqual({
      ok: true,
      signedIn: false,
    });
  });

  it('joins as an assistant for the page on the configured server', async () => {
    const d = deps();
    await expect(handleSiteRequest(assist, fromSite, d)).resolves.toEqual({ ok: true, signedIn: true });
    expect(d.assist).toHaveBeenCalledWith('123456789');
  });

  it('passes the reason of a failed join back to the page', async () => {
    const d = deps({ assist: vi.fn(async () => Promise.reject(new PeerAssistError('no_session', 'gone'))) });
    await expect(handleSiteRequest(assist, fromSite, d)).resolves.toEqual({ ok: false, signedIn: true, reason: 'no_session' });
  });

  it('asks a signed-out rep to sign in first, joining nothing', async () => {
    const d = deps({ signedIn: () => false });
    await expect(handleSiteRequest(assist, fromSite, d)).resolves.toEqual({ ok: false, signedIn: false, reason: 'unauthenticated' });
    expect(d.assist).not.toHaveBeenCalled();
  });

  it.each<[string, SiteSender]>([
    ['another origin', { ...fromSite, url: 'http://evil.example.test/support' }],
    ['another port of the same host', { ...fromSite, url: 'http://127.0.0.1:9999/support' }],
    ['another extension', { ...fromSite, id: 'abcdefghijklmnopabcdefghijklmnop' }],
    ['an extension page (no tab)', { id: EXTENSION_ID, url: `${SERVER}/support`, frameId: 0 }],
    ['a frame inside the page', { ...fromSite, frameId: 3 }],
    ['no URL at all', { id: EXTENSION_ID, tab: { id: 1 }, frameId: 0 }],
  ])('refuses %s without acting', async (_what, sender) => {
    const d = deps();
    await expect(handleSiteRequest(assist, sender, d)).resolves.toEqual({ ok: false, signedIn: false, reason: 'forbidden' });
    expect(d.assist).not.toHaveBeenCalled();
  });

  it('refuses a malformed request', async () => {
    const d = deps();
    await expect(handleSiteRequest({ target: 'site-bridge', type: 'site.assist', number: '12' }, fromSite, d)).resolves.toMatchObject({
      ok: false,
      reason: 'malformed',
    });
    await expect(handleSiteRequest({ target: 'site-bridge', type: 'session.end' }, fromSite, d)).resolves.toMatchObject({ reason: 'malformed' });
    expect(d.assist).not.toHaveBeenCalled();
  });

  it('tells its own messages from the media events', () => {
    expect(isSiteRequest(assist)).toBe(true);
    expect(isSiteRequest({ target: 'background', type: 'media.signal' })).toBe(false);
    expect(isSiteRequest(null)).toBe(false);
    expect(isSiteRequest('site-bridge')).toBe(false);
  });
});

class FakeScripts implements ScriptRegistry {
  readonly registered = new Map<string, { id: string; matches: string[]; js: string[] }>();
  calls: string[] = [];
  async getRegisteredContentScripts({ ids }: { ids: string[] }) {
    return ids.flatMap((id) => (this.registered.has(id) ? [this.registered.get(id)!] : []));
  }
  async registerContentScripts(scripts: Array<{ id: string; matches: string[]; js: string[] }>) {
    this.calls.push('register');
    for (const s of scripts) {
      if (this.registered.has(s.id)) throw new Error(`Duplicate script ID '${s.id}'`);
      this.registered.set(s.id, s);
    }
  }
  async unregisterContentScripts({ ids }: { ids: string[] }) {
    this.calls.push('unregister');
    for (const id of ids) this.registered.delete(id);
  }
}

describe('SiteBridgeRegistration', () => {
  const granted = new Set(['http://127.0.0.1/*', 'http://localhost/*']);
  const permissions = { contains: async ({ origins }: { origins: string[] }) => origins.every((o) => granted.has(o)) };

  it('registers the bridge for the server’s /support pages (no port: Firefox match patterns have none)', async () => {
    const scripts = new FakeScripts();
    const registration = new SiteBridgeRegistration(scripts, permissions);
    await expect(registration.sync('http://127.0.0.1:8787')).resolves.toBe('registered');
    expect(scripts.registered.get(SITE_BRIDGE_ID)).toMatchObject({ matches: ['http://127.0.0.1/support*'], js: [SITE_BRIDGE_FILE] });
    // Again for the same server (every worker start): nothing to do.
    await registration.sync('http://127.0.0.1:41234/');
    expect(scripts.calls).toEqual(['register']);
  });

  it('moves to a new server when it may run there, and unregisters when it may not', async () => {
    const scripts = new FakeScripts();
    const registration = new SiteBridgeRegistration(scripts, permissions);
    await registration.sync('http://127.0.0.1:8787');
    await registration.sync('http://localhost:9000');
    expect(scripts.registered.get(SITE_BRIDGE_ID)?.matches).toEqual(['http://localhost/support*']);
    await expect(registration.sync('https://support.example.com')).resolves.toBe('no_permission');
    expect(scripts.registered.size).toBe(0);
  });

  it('queues quick changes so they never race into a duplicate id', async () => {
    const scripts = new FakeScripts();
    const registration = new SiteBridgeRegistration(scripts, permissions);
    await Promise.all([registration.sync('http://127.0.0.1:1'), registration.sync('http://localhost:2'), registration.sync('http://127.0.0.1:3')]);
    expect(scripts.registered.get(SITE_BRIDGE_ID)?.matches).toEqual(['http://127.0.0.1/support*']);
  });
});
