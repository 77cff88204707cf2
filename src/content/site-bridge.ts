// Runs on the configured server's /support pages (registered by the background,
// site-bridge.ts) and relays between the page and the background: the page
// posts PageToExtension messages to its own window; we answer with
// ExtensionToPage ones. Only messages from this very window and origin are
// read, and each is parsed before anything is relayed (src/shared/protocol/site.ts).
import '../shared/zod-jitless.ts';
import {
  EXTENSION_SOURCE,
  SiteReply,
  parsePageMessage,
  type ExtensionToPage,
  type SiteRequest,
} from '../shared/protocol/site.ts';

// Firefox has the promise-based `browser`; Chrome's MV3 `chrome.runtime.sendMessage` returns a promise too.
type SendMessage = (message: SiteRequest) => Promise<unknown>;
const runtime = ((globalThis as { browser?: typeof chrome }).browser ?? chrome).runtime;
const sendMessage: SendMessage = (message) => runtime.sendMessage(message);

function answer(message: ExtensionToPage): void {
  window.postMessage(message, location.origin);
}

async function ask(request: SiteRequest): Promise<SiteReply | undefined> {
  try {
    const parsed = SiteReply.safeParse(await sendMessage(request));
    return parsed.success ? parsed.data : undefined;
  } catch {
    // The extension was reloaded or removed under this page: stay silent, as if absent.
    return undefined;
  }
}

window.addEventListener('message', (event: MessageEvent) => {
  if (event.source !== window || event.origin !== location.origin) return;
  const message = parsePageMessage(event.data);
  if (!message) return;
  if (message.type === 'ping') {
    void ask({ target: 'site-bridge', type: 'site.ping' }).then((reply) => {
      // Refused (the extension is set to another server, e.g. another port of
      // this host): present, but the rep must sign in to this site first.
      if (reply) answer({ source: EXTENSION_SOURCE, type: 'ready', signedIn: reply.ok && reply.signedIn });
    });
    return;
  }
  const number = message.number;
  void ask({ target: 'site-bridge', type: 'site.assist', number }).then((reply) => {
    answer(
      reply
        ? { source: EXTENSION_SOURCE, type: 'assist.result', number, ok: reply.ok, ...(reply.reason && { reason: reply.reason }) }
        : { source: EXTENSION_SOURCE, type: 'assist.result', number, ok: false, reason: 'internal' },
    );
  });
});
