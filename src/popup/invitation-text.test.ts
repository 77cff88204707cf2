import { describe, expect, it } from 'vitest';
import { translator } from '../shared/i18n/index.ts';
import { inviteBody, inviteLink, inviteMailto, inviteSubject, joinMessage, mailtoUrl, type InviteContext } from './invitation-text.ts';

const context: InviteContext = {
  number: '123456789',
  joinUrl: 'https://support.example.test/join/123456789?t=abcdefghijklmnopqrstuv',
  serverUrl: 'https://support.example.test/',
  repName: 'Dana Rep',
};
const en = translator('en');
const ko = translator('ko');

/** Read a mailto: URL back the way a mail program does. */
function parseMailto(url: string): { to: string; subject?: string; body?: string } {
  expect(url.startsWith('mailto:')).toBe(true);
  const [to, query = ''] = url.slice('mailto:'.length).split('?');
  const params: Record<string, string> = {};
  for (const pair of query.split('&')) {
    const [key, value = ''] = pair.split('=');
    params[key!] = decodeURIComponent(value);
  }
  return { to: decodeURIComponent(to!), ...params };
}

describe('invitation links', () => {
  it('a customer gets the join link; a rep the Support session page with the number', () => {
    expect(inviteLink('customer', context)).toBe(context.joinUrl);
    expect(inviteLink('rep', context)).toBe('https://support.example.test/support/123456789');
  });
});

describe('joinMessage (Copy join link)', () => {
  it('carries the link and the number in groups of three, in both languages', () => {
    expect(joinMessage(en, context)).toBe(`Join my support session: ${context.joinUrl} (session 123 456 789)`);
    const korean = joinMessage(ko, context);
    expect(korean).toContain(context.joinUrl);
    expect(korean).toContain('123 456 789');
    expect(korean).toContain('참여');
  });
});

describe('the invitation text', () => {
  it('a customer’s names the join link, the site’s Join page and the number', () => {
    const body = inviteBody(en, 'customer', context);
    expect(body).toContain(`\n${context.joinUrl}\n`);
    expect(body).toContain('https://support.example.test/join');
    expect(body).toContain('123 456 789');
    expect(body.endsWith('Dana Rep')).toBe(true);
    expect(inviteSubject(en, 'customer', context)).toBe('Join my remote support session 123 456 789');
  });

  it('a rep’s names the assist link and never the customer’s token', () => {
    const body = inviteBody(en, 'rep', context);
    expect(body).toContain('https://support.example.test/support/123456789');
    expect(body).not.toContain('?t=');
    expect(inviteSubject(en, 'rep', context)).toContain('123 456 789');
  });

  it('is Korean in Korean, with the seed’s words', () => {
    expect(inviteSubject(ko, 'customer', context)).toContain('참여');
    expect(inviteBody(ko, 'rep', context)).toContain('도우미');
    expect(inviteBody(ko, 'customer', context)).toContain(context.joinUrl);
  });
});

describe('mailtoUrl', () => {
  it('encodes spaces as %20 and line breaks as CRLF, and reads back exactly', () => {
    const url = mailtoUrl('kim@example.com', 'A & B?', 'line one\nline two = 2 + 2');
    expect(url).toBe('mailto:kim@example.com?subject=A%20%26%20B%3F&body=line%20one%0D%0Aline%20two%20%3D%202%20%2B%202');
    expect(url).not.toContain('+');
    expect(parseMailto(url)).toEqual({ to: 'kim@example.com', subject: 'A & B?', body: 'line one\r\nline two = 2 + 2' });
  });

  it('leaves the address empty when the rep types it in the mail program', () => {
    expect(mailtoUrl('', 'S', 'B')).toBe('mailto:?subject=S&body=B');
  });

  it('encodes Korean as UTF-8 and the join link’s own query so it survives intact', () => {
    const url = inviteMailto(ko, 'customer', 'lee@example.com', context);
    const parsed = parseMailto(url);
    expect(parsed.to).toBe('lee@example.com');
    expect(parsed.subject).toBe(inviteSubject(ko, 'customer', context));
    expect(parsed.body).toBe(inviteBody(ko, 'customer', context).replace(/\n/g, '\r\n'));
    expect(parsed.body).toContain(context.joinUrl);
    // The link's "?t=" must not end the body early or start a new parameter.
    expect(url).not.toMatch(/[?&]t=/);
    expect(url).toMatch(/%EC|%EB|%ED/); // UTF-8 bytes of Hangul
  });
});
