// The background's half of the support site's bridge (site.ts; FEATURES.md
// S16): a rep on the server's Support session page chooses Join, the page asks
// the content script, the content script asks us. We act only for a content
// script of this extension running in the top frame of a tab on the configured
// server's own origin; anything else is refused without touching state.
//
// The content script is registered at run time (the server address is a
// setting): for `${protocol}//${host}/support*` once the extension holds the
// host permission for that server (host_permissions cover 127.0.0.1 and
// localhost; any other server is asked for at sign-in, optional_host_permissions).
import { PeerAssistError, reasonOf } from '../shared/protocol/errors.ts';
import { SiteRequest, hostPermissionPattern, supportPagesPattern, type SiteReply } from '../shared/protocol/site.ts';

export interface SiteSender {
  id?: string | undefined;
  url?: string | undefined;
  frameId?: number | undefined;
  tab?: { id?: number | undefined } | undefined;
}

export interface SiteBridgeDeps {
  extensionId: string;
  serverUrl: () => string;
  signedIn: () => boolean;
  /** Join as an assistant (SessionController.joinAsAssistant). */
  assist: (number: string) => Promise<void>;
}

/** True when the message is meant for the site bridge (other runtime messages go elsewhere). */
export function isSiteRequest(message: unknown): boolean {
  return typeof message === 'object' && message !== null && (message as { target?: unknown }).target === 'site-bridge';
}

function sameOrigin(a: string | undefined, b: string): boolean {
  if (!a) return false;
  try {
    return new URL(a).origin === new URL(b).origin;
  } catch {
    return false;
  }
}

/** Answer one request from the site bridge's content script. */
export async function handleSiteRequest(message: unknown, sender: SiteSender, deps: SiteBridgeDeps): Promise<SiteReply> {
  const signedIn = deps.signedIn();
  // Our own content script, in a tab's top frame, on this server's origin: else a stranger.
  if (sender.id !== deps.extensionId || sender.tab === undefined || sender.frameId !== 0 || !sameOrigin(sender.url, deps.serverUrl())) {
    console.warn('[site] refused a request from', sender.url);
    return { ok: false, signedIn: false, reason: 'forbidden' };
  }
  const parsed = SiteRequest.safeParse(message);
  if (!parsed.success) return { ok: false, signedIn, reason: 'malformed' };
  const request = parsed.data;
  switch (request.type) {
    case 'site.ping':
      return { ok: true, signedIn };
    case 'site.assist':
      if (!signedIn) return { ok: false, signedIn, reason: 'unauthenticated' };
      try {
        await deps.assist(request.number);
        return { ok: true, signedIn };
      } catch (error) {
        const reason = reasonOf(error);
        if (!(error instanceof PeerAssistError)) console.error('[site] assist failed', error);
        return { ok: false, signedIn: deps.signedIn(), reason };
      }
  }
}

// ---- registering the content script ------------------------------------------

export const SITE_BRIDGE_ID = 'peerassist-site-bridge';
export const SITE_BRIDGE_FILE = 'content/site-bridge.js';

/** The parts of browser.scripting and browser.permissions used here (both browsers have them in MV3). */
export interface ScriptRegistry {
  getRegisteredContentScripts(filter: { ids: string[] }): Promise<Array<{ id: string; matches?: string[] | undefined }>>;
  registerContentScripts(scripts: Array<{ id: string; matches: string[]; js: string[]; runAt: 'document_start'; allFrames: false }>): Promise<void>;
  unregisterContentScripts(filter: { ids: string[] }): Promise<void>;
}
export interface PermissionCheck {
  contains(permissions: { origins: string[] }): Promise<boolean>;
}

/**
 * Keeps exactly one registration, for the current server. Calls are queued so
 * two quick changes never race into a "duplicate script id" error.
 */
export class SiteBridgeRegistration {
  #queue: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly scripts: ScriptRegistry,
    private readonly permissions: PermissionCheck,
  ) {}

  /** Register for `serverUrl` if we may run there; unregister otherwise. Resolves with what holds now. */
  sync(serverUrl: string): Promise<'registered' | 'no_permission'> {
    const next = this.#queue.then(() => this.#sync(serverUrl));
    this.#queue = next.catch(() => {});
    return next;
  }

  async #sync(serverUrl: string): Promise<'registered' | 'no_permission'> {
    const pattern = supportPagesPattern(serverUrl);
    const allowed = await this.permissions.contains({ origins: [hostPermissionPattern(serverUrl)] });
    const [current] = await this.scripts.getRegisteredContentScripts({ ids: [SITE_BRIDGE_ID] });
    if (allowed && current?.matches?.length === 1 && current.matches[0] === pattern) return 'registered';
    if (current) await this.scripts.unregisterContentScripts({ ids: [SITE_BRIDGE_ID] });
    if (!allowed) return 'no_permission';
    // document_start: the listener is in place before the page's own script pings.
    await this.scripts.registerContentScripts([{ id: SITE_BRIDGE_ID, matches: [pattern], js: [SITE_BRIDGE_FILE], runAt: 'document_start', allFrames: false }]);
    return 'registered';
  }
}
