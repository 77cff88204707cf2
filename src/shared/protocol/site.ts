// The support site's bridge to the rep's extension (FEATURES.md S16: "Provide
// support → Support session → Join"), named by who talks to whom:
//
//   site page ──window.postMessage──► content script   PageToExtension
//   site page ◄──window.postMessage── content script   ExtensionToPage
//   content script ──runtime.sendMessage──► background  SiteRequest (answered with SiteReply)
//
// The content script runs only on the configured server's /support pages
// (registered at run time: the server address is a setting), and the
// background acts only on requests whose sender tab is on that server's origin.
// Every side parses what it receives: a page can post anything to itself.
import { z } from 'zod';
import { SessionNumber } from './common.ts';
import { ErrorReason } from './errors.ts';

export const SITE_SOURCE = 'peerassist-site';
export const EXTENSION_SOURCE = 'peerassist-extension';

// ---- page → content script ----------------------------------------------------

const fromPage = { source: z.literal(SITE_SOURCE) };
export const PageToExtension = z.discriminatedUnion('type', [
  /** Is an extension here, and is the rep signed in? Answered with `ready`. */
  z.object({ ...fromPage, type: z.literal('ping') }),
  /** Join this session as an assistant. Answered with `assist.result`. */
  z.object({ ...fromPage, type: z.literal('assist'), number: SessionNumber }),
]);
export type PageToExtension = z.infer<typeof PageToExtension>;

// ---- content script → page ----------------------------------------------------

const fromExtension = { source: z.literal(EXTENSION_SOURCE) };
export const ExtensionToPage = z.discriminatedUnion('type', [
  z.object({ ...fromExtension, type: z.literal('ready'), signedIn: z.boolean() }),
  z.object({
    ...fromExtension,
    type: z.literal('assist.result'),
    number: SessionNumber,
    ok: z.boolean(),
    /** Why it failed (unauthenticated: signed out in the extension; no_session: wrong or dead number…). */
    reason: ErrorReason.optional(),
  }),
]);
export type ExtensionToPage = z.infer<typeof ExtensionToPage>;

// ---- content script → background ------------------------------------------

const toBackground = { target: z.literal('site-bridge') };
export const SiteRequest = z.discriminatedUnion('type', [
  z.object({ ...toBackground, type: z.literal('site.ping') }),
  z.object({ ...toBackground, type: z.literal('site.assist'), number: SessionNumber }),
]);
export type SiteRequest = z.infer<typeof SiteRequest>;

/** The background's answer to a SiteRequest (sendMessage's response). */
export const SiteReply = z.object({ ok: z.boolean(), signedIn: z.boolean(), reason: ErrorReason.optional() });
export type SiteReply = z.infer<typeof SiteReply>;

/** Parse a `message` event's data as the page's request; undefined for anything else. */
export function parsePageMessage(data: unknown): PageToExtension | undefined {
  const parsed = PageToExtension.safeParse(data);
  return parsed.success ? parsed.data : undefined;
}

/** Parse a `message` event's data as the extension's answer; undefined for anything else. */
export function parseExtensionMessage(data: unknown): ExtensionToPage | undefined {
  const parsed = ExtensionToPage.safeParse(data);
  return parsed.success ? parsed.data : undefined;
}

/**
 * The match pattern for the site bridge on a server. No port: Firefox match
 * patterns cannot hold one (MDN "Match patterns"), and Chrome's match any port
 * when none is given; the background checks the exact origin of every request.
 */
export function supportPagesPattern(serverUrl: string): string {
  const url = new URL(serverUrl);
  return `${url.protocol}//${url.hostname}/support*`;
}

/** The host permission a server needs (same reason: no port). */
export function hostPermissionPattern(serverUrl: string): string {
  const url = new URL(serverUrl);
  return `${url.protocol}//${url.hostname}/*`;
}
