// Which page opened a socket, from the Origin header of the upgrade request.
// Browsers always send Origin on WebSocket handshakes and pages cannot forge it,
// so this is what stops a foreign web page from opening customer sockets in a
// visitor's browser. Non-browser clients send none; they are treated like any
// other unauthenticated client (rep sockets are trusted by their token).
import type { Config } from '../config.ts';
import type { OriginKind } from './connection.ts';

/** The origin kind, or undefined when the origin is not allowed (answer 403). */
export function classifyOrigin(
  origin: string | undefined,
  config: Pick<Config, 'allowedOrigins' | 'extensionIds'>,
): OriginKind | undefined {
  if (origin === undefined) return 'none';
  let url: URL;
  try {
    url = new URL(origin);
  } catch {
    return undefined;
  }
  if (url.protocol === 'chrome-extension:') return config.extensionIds.includes(url.host) ? 'extension' : undefined;
  // Firefox gives each install a random extension id, so no allow-list can name it.
  if (url.protocol === 'moz-extension:') return url.host ? 'extension' : undefined;
  // Compare the serialised origin, so "HTTP://LOCALHOST:8787" and "http://localhost:8787" agree.
  if ((url.protocol === 'http:' || url.protocol === 'https:') && config.allowedOrigins.includes(url.origin)) return 'site';
  return undefined;
}
