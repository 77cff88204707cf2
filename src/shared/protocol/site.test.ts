import { describe, expect, it } from 'vitest';
import {
  ExtensionToPage,
  PageToExtension,
  SiteReply,
  SiteRequest,
  hostPermissionPattern,
  parseExtensionMessage,
  parsePageMessage,
  supportPagesPattern,
} from './site.ts';

describe('the site bridge protocol', () => {
  it('accepts what the page may post', () => {
    expect(parsePageMessage({ source: 'peerassist-site', type: 'ping' })).toEqual({ source: 'peerassist-site', type: 'ping' });
    expect(parsePageMessage({ source: 'peerassist-site', type: 'assist', number: '123456789' })).toEqual({
      source: 'peerassist-site',
      type: 'assist',
      number: '123456789',
    });
  });

  it.each<[string, unknown]>([
    ['no source', { type: 'ping' }],
    ['the extension’s own answer', { source: 'peerassist-extension', type: 'ready', signedIn: true }],
    ['an unknown type', { source: 'peerassist-site', type: 'session.end' }],
    ['a short number', { source: 'peerassist-site', type: 'assist', number: '12345' }],
    ['a number with spaces (the page normalizes first)', { source: 'peerassist-site', type: 'assist', number: '123 456 789' }],
    ['a leading zero', { source: 'peerassist-site', type: 'assist', number: '012345678' }],
    ['a string', 'ping'],
    ['null', null],
  ])('refuses a page message with %s', (_what, data) => {
    expect(parsePageMessage(data)).toBeUndefined();
    expect(PageToExtension.safeParse(data).success).toBe(false);
  });

  it('accepts the extension’s answers and refuses anything else', () => {
    expect(parseExtensionMessage({ source: 'peerassist-extension', type: 'ready', signedIn: false })).toEqual({
      source: 'peerassist-extension',
      type: 'ready',
      signedIn: false,
    });
    expect(
      ExtensionToPage.safeParse({ source: 'peerassist-extension', type: 'assist.result', number: '123456789', ok: false, reason: 'no_session' }).success,
    ).toBe(true);
    expect(parseExtensionMessage({ source: 'peerassist-extension', type: 'assist.result', number: '123456789', ok: false, reason: 'kaboom' })).toBeUndefined();
    expect(parseExtensionMessage({ source: 'peerassist-site', type: 'ready', signedIn: true })).toBeUndefined();
    expect(parseExtensionMessage({ source: 'peerassist-extension', type: 'ready' })).toBeUndefined();
  });

  it('content script → background requests and replies', () => {
    expect(SiteRequest.safeParse({ target: 'site-bridge', type: 'site.assist', number: '123456789' }).success).toBe(true);
    expect(SiteRequest.safeParse({ target: 'background', type: 'site.ping' }).success).toBe(false);
    expect(SiteReply.safeParse({ ok: false, signedIn: true, reason: 'forbidden' }).success).toBe(true);
    expect(SiteReply.safeParse({ ok: true }).success).toBe(false);
  });

  it('match patterns carry no port (Firefox cannot match on one)', () => {
    expect(supportPagesPattern('http://127.0.0.1:8787')).toBe('http://127.0.0.1/support*');
    expect(supportPagesPattern('https://support.example.com/')).toBe('https://support.example.com/support*');
    expect(hostPermissionPattern('http://localhost:41234/x')).toBe('http://localhost/*');
  });
});
