import { describe, expect, it } from 'vitest';
import { escapeHtml } from './escape-html.ts';
import { composeInvitation, type InvitationInput } from './invitation.ts';

const customer: InvitationInput = {
  kind: 'customer',
  locale: 'en',
  repName: 'Alex Rep',
  number: '123456789',
  link: 'https://support.example.com/join/123456789?t=abcdefghijklmnopqrstuv',
};
const rep: InvitationInput = { ...customer, kind: 'rep', link: 'https://support.example.com/support/123456789' };

/** The visible text of the HTML part: tags dropped, the few entities used here decoded. */
function visibleText(html: string): string {
  return html
    .replace(/<[^>]+>/g, ' ')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ');
}

describe('escapeHtml', () => {
  it('escapes the five characters that matter in content and quoted attributes', () => {
    expect(escapeHtml(`<a href="x" title='y'>&</a>`)).toBe('&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;&lt;/a&gt;');
    expect(escapeHtml('지원 세션')).toBe('지원 세션');
  });
});

describe('composeInvitation', () => {
  it('customer, English: subject, greeting, the link and the grouped number in both parts', () => {
    const mail = composeInvitation(customer);
    expect(mail.subject).toBe('Alex Rep invites you to a support session');
    expect(mail.text).toContain('Hello,');
    expect(mail.text).toContain('Alex Rep invites you to a remote support session.');
    expect(mail.text).toContain(`\n${customer.link}\n`);
    expect(mail.text).toContain('Session number: 123 456 789');
    expect(mail.text).toContain('The link works only while the session lasts.');

    expect(mail.html).toContain('<html lang="en">');
    // The & of a query string is escaped in the attribute, as HTML requires; this link has none.
    expect(mail.html).toContain(`<a href="${customer.link}"`);
    expect(mail.html).toContain('Join the session</a>');
    expect(mail.html).toContain('<strong>123 456 789</strong>');
    expect(visibleText(mail.html)).toContain('Alex Rep invites you to a remote support session.');
  });

  it('rep: asks to assist and points at the assist flow', () => {
    const mail = composeInvitation(rep);
    expect(mail.subject).toBe('Alex Rep asks you to assist in a support session');
    expect(mail.text).toContain('join a support session as an assistant');
    expect(mail.text).toContain('Provide support → Support session');
    expect(mail.text).toContain(rep.link);
    expect(mail.html).toContain('Assist in the session</a>');
    expect(mail.html).toContain(`href="${rep.link}"`);
  });

  it('Korean: the seed’s words (지원 세션, 참여, 세션 번호) for both kinds', () => {
    const forCustomer = composeInvitation({ ...customer, locale: 'ko' });
    expect(forCustomer.subject).toBe('Alex Rep님이 지원 세션에 초대했습니다');
    expect(forCustomer.text).toContain('세션 번호: 123 456 789');
    expect(forCustomer.text).toContain('참여');
    expect(forCustomer.html).toContain('<html lang="ko">');
    expect(forCustomer.html).toContain('세션 참여</a>');

    const forRep = composeInvitation({ ...rep, locale: 'ko' });
    expect(forRep.subject).toContain('지원 세션');
    expect(forRep.text).toContain('도우미');
    expect(forRep.text).toContain('지원 제공 → 세션 지원');
    expect(forRep.html).toContain('세션 번호: <strong>123 456 789</strong>');
  });

  it('keeps a name that looks like HTML as text in the HTML part, and as typed in the text part', () => {
    const mail = composeInvitation({ ...customer, repName: `<img src="https://evil.example/x.png" onerror='alert(1)'>&Co` });
    expect(mail.html).not.toContain('<img');
    expect(mail.html).toContain('&lt;img src=&quot;https://evil.example/x.png&quot; onerror=&#39;alert(1)&#39;&gt;&amp;Co');
    expect(mail.text).toContain(`<img src="https://evil.example/x.png" onerror='alert(1)'>&Co invites you`);
    // The subject is a header, not HTML: nodemailer encodes it; it stays as typed.
    expect(mail.subject).toMatch(/^<img src=/);
  });

  it('escapes the link inside the href attribute', () => {
    const mail = composeInvitation({ ...customer, link: 'https://support.example.com/join/123456789?t=a&x="y"' });
    expect(mail.html).toContain('href="https://support.example.com/join/123456789?t=a&amp;x=&quot;y&quot;"');
    expect(mail.text).toContain('https://support.example.com/join/123456789?t=a&x="y"');
  });

  it('loads nothing remote: the only URLs are the invitation link', () => {
    for (const input of [customer, rep]) {
      const { html } = composeInvitation(input);
      expect(html).not.toMatch(/<img|<link|<script|url\(|@import|src=/i);
      const urls = html.match(/https?:\/\/[^\s"<]+/g) ?? [];
      expect(new Set(urls)).toEqual(new Set([input.link]));
    }
  });
});
