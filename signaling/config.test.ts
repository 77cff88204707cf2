import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { atPort, loadConfig, REPO_ROOT } from './config.ts';

describe('loadConfig', () => {
  it('has safe defaults', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({
      host: '127.0.0.1',
      port: 8787,
      dataDir: resolve('./data'),
      publicUrl: 'http://127.0.0.1:8787',
      webRoot: resolve(REPO_ROOT, 'dist/web'),
      iceServers: [],
      repGraceMs: 60_000,
      offerTimeoutMs: 30_000,
      accessTtlMs: 15 * 60 * 1000,
      refreshTtlMs: 30 * 24 * 60 * 60 * 1000,
      trustProxy: false,
      warnings: [],
    });
    expect(config.allowedOrigins).toEqual(['http://127.0.0.1:8787', 'http://localhost:8787']);
  });

  it('allows the extension whose id follows from manifest.json’s key by default', () => {
    // Chrome derives an unpacked extension's id from its public key: the first
    // 32 hex digits of SHA-256(key), each digit 0–f written as a letter a–p.
    const manifest = JSON.parse(readFileSync(resolve(REPO_ROOT, 'manifest.json'), 'utf8')) as { key: string };
    const hex = createHash('sha256').update(Buffer.from(manifest.key, 'base64')).digest('hex').slice(0, 32);
    const id = [...hex].map((digit) => String.fromCharCode(97 + parseInt(digit, 16))).join('');
    expect(loadConfig({}).extensionIds).toEqual([id]);
  });

  it('reads every variable', () => {
    const config = loadConfig({
      HOST: '0.0.0.0',
      PORT: '9000',
      DATA_DIR: '/tmp/pa-data',
      PUBLIC_URL: 'https://support.example.com/',
      WEB_ROOT: '/srv/web',
      ALLOWED_ORIGINS: 'https://help.example.com, https://other.example.com/path',
      STUN_URLS: 'stun:stun.example.com:3478',
      TURN_URLS: 'turn:turn.example.com:3478?transport=udp,turns:turn.example.com:5349',
      TURN_USERNAME: 'user',
      TURN_CREDENTIAL: 'secret',
      REP_GRACE_MS: '5000',
      OFFER_TIMEOUT_MS: '1500',
      EXTENSION_IDS: 'abcdefghijklmnopabcdefghijklmnop, ponmlkjihgfedcbaponmlkjihgfedcba',
      TRUST_PROXY: '1',
    });
    expect(config).toMatchObject({
      trustProxy: true,
      host: '0.0.0.0',
      port: 9000,
      dataDir: '/tmp/pa-data',
      publicUrl: 'https://support.example.com',
      webRoot: '/srv/web',
      repGraceMs: 5000,
      offerTimeoutMs: 1500,
      extensionIds: ['abcdefghijklmnopabcdefghijklmnop', 'ponmlkjihgfedcbaponmlkjihgfedcba'],
    });
    expect(config.allowedOrigins).toEqual([
      'https://support.example.com',
      'http://127.0.0.1:9000',
      'http://localhost:9000',
      'https://help.example.com',
      'https://other.example.com',
    ]);
    expect(config.iceServers).toEqual([
      { urls: ['stun:stun.example.com:3478'] },
      { urls: ['turn:turn.example.com:3478?transport=udp', 'turns:turn.example.com:5349'], username: 'user', credential: 'secret' },
    ]);
  });

  it('reads TRUST_PROXY as 1 or 0 and names it when it is neither', () => {
    expect(loadConfig({ TRUST_PROXY: '0' }).trustProxy).toBe(false);
    expect(loadConfig({ TRUST_PROXY: 'true' }).trustProxy).toBe(true);
    expect(() => loadConfig({ TRUST_PROXY: 'yes please' })).toThrow('Invalid TRUST_PROXY="yes please": expected 1 or 0');
  });

  it('links to 127.0.0.1 when listening on all interfaces without PUBLIC_URL', () => {
    expect(loadConfig({ HOST: '0.0.0.0', PORT: '8080' }).publicUrl).toBe('http://127.0.0.1:8080');
  });

  it('does not hand out TURN URLs without credentials, and says why', () => {
    const config = loadConfig({ TURN_URLS: 'turn:turn.example.com', TURN_USERNAME: 'user' });
    expect(config.iceServers).toEqual([]);
    expect(config.turnRest).toBeUndefined();
    expect(config.warnings.join()).toMatch(/TURN_URLS is set without TURN_SECRET, or TURN_USERNAME and TURN_CREDENTIAL/);
  });
  it.each([
    ['PORT', 'abc'],
    ['PORT', '70000'],
    ['PORT', '-1'],
    ['REP_GRACE_MS', '1.5'],
    ['OFFER_TIMEOUT_MS', '0'],
    ['PUBLIC_URL', 'not a url'],
    ['PUBLIC_URL', 'ftp://example.com'],
    ['ALLOWED_ORIGINS', 'example.com'],
    ['STUN_URLS', 'http://stun.example.com'],
    ['TURN_URLS', 'stun:wrong.example.com'],
    ['EXTENSION_IDS', 'not-an-id'],
  ])('refuses %s=%s with an error naming the variable', (name, value) => {
    expect(() => loadConfig({ [name]: value })).toThrow(new RegExp(`Invalid ${name}=`));
  });

  it('rebuilds the derived URL and origins for the real port (PORT=0)', () => {
    const config = atPort(loadConfig({ PORT: '0', ALLOWED_ORIGINS: 'https://help.example.com' }), 41234);
    expect(config.port).toBe(41234);
    expect(config.publicUrl).toBe('http://127.0.0.1:41234');
    expect(config.allowedOrigins).toEqual(['http://127.0.0.1:41234', 'http://localhost:41234', 'https://help.example.com']);
  });

  it('keeps an explicit PUBLIC_URL when the real port is known', () => {
    const config = atPort(loadConfig({ PORT: '0', PUBLIC_URL: 'https://support.example.com' }), 41234);
    expect(config.publicUrl).toBe('https://support.example.com');
    expect(config.allowedOrigins).toContain('https://support.example.com');
    expect(config.allowedOrigins).toContain('http://localhost:41234');
  });
});

describe('TURN_SECRET (coturn use-auth-secret)', () => {
  it('mints credentials per participant from TURN_URLS and the secret, for a day by default', () => {
    const config = loadConfig({ STUN_URLS: 'stun:stun.example.com', TURN_URLS: 'turn:turn.example.com:3478,turns:turn.example.com:5349', TURN_SECRET: 's3cret' });
    // Static entries stay STUN only; the TURN entry is built per participant (settings/effective.ts).
    expect(config.iceServers).toEqual([{ urls: ['stun:stun.example.com'] }]);
    expect(config.turnRest).toEqual({ urls: ['turn:turn.example.com:3478', 'turns:turn.example.com:5349'], secret: 's3cret', ttlSeconds: 86_400 });
    expect(config.warnings).toEqual([]);
  });

  it('reads TURN_TTL_SECONDS from 60 s to 7 days', () => {
    const env = { TURN_URLS: 'turn:turn.example.com', TURN_SECRET: 's3cret' };
    expect(loadConfig({ ...env, TURN_TTL_SECONDS: '600' }).turnRest?.ttlSeconds).toBe(600);
    expect(loadConfig({ ...env, TURN_TTL_SECONDS: '60' }).turnRest?.ttlSeconds).toBe(60);
    expect(loadConfig({ ...env, TURN_TTL_SECONDS: '604800' }).turnRest?.ttlSeconds).toBe(604_800);
    for (const bad of ['59', '604801', '0', '1.5', '-60', 'an hour']) {
      expect(() => loadConfig({ ...env, TURN_TTL_SECONDS: bad })).toThrow(`Invalid TURN_TTL_SECONDS=${JSON.stringify(bad)}: expected a whole number from 60 to 604800`);
    }
  });

  it('warns that TURN_TTL_SECONDS does nothing without TURN_SECRET', () => {
    const config = loadConfig({ TURN_URLS: 'turn:turn.example.com', TURN_USERNAME: 'u', TURN_CREDENTIAL: 'p', TURN_TTL_SECONDS: '600' });
    expect(config.iceServers).toEqual([{ urls: ['turn:turn.example.com'], username: 'u', credential: 'p' }]);
    expect(config.warnings).toEqual(['TURN_TTL_SECONDS only applies with TURN_SECRET; it is ignored']);
  });

  it('refuses a secret without TURN_URLS', () => {
    expect(() => loadConfig({ TURN_SECRET: 's3cret' })).toThrow('TURN_SECRET is set without TURN_URLS');
    expect(() => loadConfig({ STUN_URLS: 'stun:stun.example.com', TURN_SECRET: 's3cret' })).toThrow('TURN_SECRET is set without TURN_URLS');
  });

  it.each([
    { TURN_USERNAME: 'user', TURN_CREDENTIAL: 'pass' },
    { TURN_USERNAME: 'user' },
    { TURN_CREDENTIAL: 'pass' },
  ])('refuses a secret together with static credentials (%o), without quoting the secret', (statics) => {
    const load = () => loadConfig({ TURN_URLS: 'turn:turn.example.com', TURN_SECRET: 'do-not-print-me', ...statics });
    expect(load).toThrow('TURN_SECRET cannot be combined with TURN_USERNAME/TURN_CREDENTIAL');
    expect(load).not.toThrow(/do-not-print-me/);
  });

  it('checks TURN_URLS as without a secret', () => {
    expect(() => loadConfig({ TURN_URLS: 'stun:wrong.example.com', TURN_SECRET: 's3cret' })).toThrow('Invalid TURN_URLS=');
    const tooMany = Array.from({ length: 9 }, (_, i) => `turn:t${i}.example.com`).join(',');
    expect(() => loadConfig({ TURN_URLS: tooMany, TURN_SECRET: 's3cret' })).toThrow(/at most 8 URLs/);
  });
});

describe('SMTP_URL and MAIL_FROM', () => {
  it('sends no mail by default, and names the host of PUBLIC_URL in the From', () => {
    expect(loadConfig({}).smtp).toBeUndefined();
    expect(loadConfig({}).mailFrom).toBe('PeerAssist <no-reply@127.0.0.1>');
    expect(loadConfig({ PUBLIC_URL: 'https://support.example.com:8443/help' }).mailFrom).toBe('PeerAssist <no-reply@support.example.com>');
  });

  it('reads smtp:// with percent-encoded credentials, and keeps the password out of what it shows', () => {
    expect(loadConfig({ SMTP_URL: 'smtp://mailer%40example.com:p%40ss%3Aword@mail.example.com:2525' }).smtp).toEqual({
      host: 'mail.example.com',
      port: 2525,
      secure: false,
      auth: { user: 'mailer@example.com', pass: 'p@ss:word' },
      shown: 'smtp://mailer%40example.com:***@mail.example.com:2525',
    });
  });

  it('uses 587 for smtp:// and 465 (TLS from the start) for smtps:// when no port is given', () => {
    expect(loadConfig({ SMTP_URL: 'smtp://mail.example.com' }).smtp).toEqual({
      host: 'mail.example.com',
      port: 587,
      secure: false,
      auth: undefined,
      shown: 'smtp://mail.example.com',
    });
    expect(loadConfig({ SMTP_URL: 'smtps://user:pw@mail.example.com/' }).smtp).toMatchObject({ port: 465, secure: true, auth: { user: 'user', pass: 'pw' } });
    expect(loadConfig({ SMTP_URL: 'smtp://[::1]:25' }).smtp).toMatchObject({ host: '::1', port: 25 });
  });

  it.each(['http://mail.example.com', 'mail.example.com:587', 'smtp://', 'smtp://mail.example.com:99999', 'smtp://mail.example.com/path', 'smtp://mail.example.com?tls=off'])(
    'refuses SMTP_URL=%s, naming the variable',
    (value) => {
      expect(() => loadConfig({ SMTP_URL: value })).toThrow(/Invalid SMTP_URL=/);
    },
  );

  it('never repeats the password of a refused SMTP_URL', () => {
    expect(() => loadConfig({ SMTP_URL: 'http://user:hunter2@mail.example.com' })).toThrow(/user:\*\*\*@mail/);
    expect(() => loadConfig({ SMTP_URL: 'http://user:hunter2@mail.example.com' })).not.toThrow(/hunter2/);
  });

  it('takes MAIL_FROM as given, and refuses one without an address or with a line break', () => {
    expect(loadConfig({ MAIL_FROM: 'Help Desk <help@example.com>' }).mailFrom).toBe('Help Desk <help@example.com>');
    expect(loadConfig({ MAIL_FROM: 'help@example.com' }).mailFrom).toBe('help@example.com');
    expect(() => loadConfig({ MAIL_FROM: 'Help Desk' })).toThrow(/Invalid MAIL_FROM=/);
    expect(() => loadConfig({ MAIL_FROM: 'a@b.c\nBcc: victim@example.com' })).toThrow(/Invalid MAIL_FROM=/);
  });

  it('keeps the mail settings when the real port is known', () => {
    const config = atPort(loadConfig({ PORT: '0', SMTP_URL: 'smtp://mail.example.com' }), 41234);
    expect(config.smtp?.host).toBe('mail.example.com');
    expect(config.mailFrom).toBe('PeerAssist <no-reply@127.0.0.1>');
  });

  it('reads REDIS_URL and NODE_ID for several nodes, and refuses malformed ones without quoting a password', () => {
    expect(loadConfig({})).toMatchObject({ redisUrl: undefined, nodeId: undefined });
    expect(loadConfig({ REDIS_URL: 'redis://127.0.0.1:6379', NODE_ID: 'node-a' })).toMatchObject({ redisUrl: 'redis://127.0.0.1:6379', nodeId: 'node-a' });
    expect(loadConfig({ REDIS_URL: 'rediss://user:secret@redis.example.com:6380/0' }).redisUrl).toBe('rediss://user:secret@redis.example.com:6380/0');
    expect(() => loadConfig({ REDIS_URL: 'http://user:secret@redis.example.com' })).toThrow(/REDIS_URL/);
    expect(() => loadConfig({ REDIS_URL: 'http://user:secret@redis.example.com' })).not.toThrow(/secret/);
    expect(() => loadConfig({ NODE_ID: 'node a' })).toThrow(/NODE_ID/);
  });
});
