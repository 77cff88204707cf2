// Server configuration from environment variables, each with a safe default
// (DESIGN.md, "configuration"). Parsed once at start-up; a bad value stops the
// server with a message naming the variable rather than failing later.
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { IceServer } from '../src/shared/protocol/common.ts';
import type { TurnRestConfig } from './settings/turn-credentials.ts';

/** The repository root: this file lives in <repo>/signaling/. */
export const REPO_ROOT = fileURLToPath(new URL('..', import.meta.url));

/** The Chrome extension's id, fixed by manifest.json's "key" (config.test.ts checks they agree). */
const DEFAULT_EXTENSION_IDS = ['fdgmbdnbjbjlpdlagchgjfilkilfmbnd'];
/** Access tokens live 15 minutes: a stolen one is soon useless, and refreshing is one request. */
const ACCESS_TTL_MS = 15 * 60 * 1000;
/** A sign-in lasts 30 days of inactivity; every refresh starts a new 30 days. */
const REFRESH_TTL_MS = 30 * 24 * 60 * 60 * 1000;
const HEARTBEAT_MS = 30_000;
/**
 * TURN_SECRET credentials live a day by default, the lifetime the TURN REST
 * draft (draft-uberti-behave-turn-rest) suggests: they are minted only when a
 * participant joins (or rejoins), and coturn refuses an expired username
 * (test/integration/turn.test.ts), so an ICE restart or a new allocation late in
 * a session longer than the TTL would find no relay.
 */
const TURN_TTL_DEFAULT_S = 24 * 60 * 60;

export interface Config {
  host: string;
  port: number;
  /** Absolute path of the directory holding the SQLite file and first-login.txt. */
  dataDir: string;
  /** What links point to (join links), without a trailing slash. */
  publicUrl: string;
  /** Built web pages (`npm run build` writes dist/web). */
  webRoot: string;
  /** Page origins allowed to open customer sockets (the server's own pages). */
  allowedOrigins: string[];
  /** STUN_URLS, and TURN_URLS with static TURN_USERNAME/TURN_CREDENTIAL: the same for everyone. */
  iceServers: IceServer[];
  /** TURN_URLS with TURN_SECRET: each participant gets their own short-lived credentials (settings/turn-credentials.ts). */
  turnRest: TurnRestConfig | undefined;
  /** How long a session outlives its controller's socket before it goes to an assistant or ends with 'rep_gone'. */
  repGraceMs: number;
  /** How long a WebACD transfer offer waits for an agent's accept before it is withdrawn (issue #8); OFFER_TIMEOUT_MS. */
  offerTimeoutMs: number;
  /**
   * Open WebSockets one client address may hold (MAX_CONNECTIONS_PER_ADDRESS);
   * more are refused at the upgrade with 429. Generous by default: a support
   * team behind one NAT shares an address.
   */
  maxConnectionsPerAddress: number;
  /** Lifetime of access tokens (rep.hello, the admin API). */
  accessTtlMs: number;
  /** Lifetime of a refresh token; each refresh issues a new one. */
  refreshTtlMs: number;
  /**
   * TRUST_PROXY=1: the server sits behind one reverse proxy, so the client's
   * address is the last X-Forwarded-For entry (what that proxy saw). Off by
   * default, since without a proxy anyone could write the header.
   */
  trustProxy: boolean;
  /** Interval of WebSocket-level pings that detect dead TCP connections. */
  heartbeatMs: number;
  /** Chrome extension ids whose origin may open sockets (Firefox ids are random per install). */
  extensionIds: string[];
  /** Things worth telling the operator at start-up (not errors). */
  warnings: string[];
  /** PUBLIC_URL as given, or undefined when publicUrl is derived from host and port. */
  explicitPublicUrl: string | undefined;
  /** ALLOWED_ORIGINS as given, kept so the origin list can be rebuilt once the real port is known. */
  extraAllowedOrigins: string[];
  /** SMTP_URL parsed; undefined = the server sends no mail (invitations go through the rep's own mail program). */
  smtp: SmtpConfig | undefined;
  /** MAIL_FROM: the From of invitations; by default PeerAssist <no-reply@host of PUBLIC_URL>. */
  mailFrom: string;
  /**
   * REDIS_URL: several nodes share sessions, queues and offers through this
   * Redis (signaling/cluster/); undefined = one node, everything in memory.
   */
  redisUrl: string | undefined;
  /** NODE_ID: this node's name in Redis (letters, digits, - and _); a random one by default. */
  nodeId: string | undefined;
}

/** Where the server hands its mail over (SMTP_URL=smtp://user:pass@host:587 or smtps://…:465). */
export interface SmtpConfig {
  host: string;
  port: number;
  /** smtps: TLS from the first byte (port 465); smtp: plain, upgraded with STARTTLS when the server offers it. */
  secure: boolean;
  /** From the URL's user info, percent-decoded; absent = no AUTH. */
  auth: { user: string; pass: string } | undefined;
  /** The URL without its password, safe to print in logs and messages. */
  shown: string;
}

type Env = Record<string, string | undefined>;

function fail(name: string, value: string, expected: string): never {
  throw new Error(`Invalid ${name}=${JSON.stringify(value)}: expected ${expected}`);
}

function text(env: Env, name: string): string | undefined {
  const value = env[name]?.trim();
  return value ? value : undefined;
}

function list(env: Env, name: string): string[] {
  return (env[name] ?? '')
    .split(',')
    .map((item) => item.trim())
    .filter(Boolean);
}

function integer(env: Env, name: string, fallback: number, min: number, max: number): number {
  const raw = text(env, name);
  if (raw === undefined) return fallback;
  if (!/^\d+$/.test(raw)) fail(name, raw, `a whole number from ${min} to ${max}`);
  const value = Number(raw);
  if (value < min || value > max) fail(name, raw, `a whole number from ${min} to ${max}`);
  return value;
}

function flag(env: Env, name: string): boolean {
  const raw = text(env, name);
  if (raw === undefined || raw === '0' || raw === 'false') return false;
  if (raw === '1' || raw === 'true') return true;
  fail(name, raw, '1 or 0');
}

function httpOrigin(name: string, raw: string): string {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    fail(name, raw, 'an http(s) URL');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') fail(name, raw, 'an http(s) URL');
  return url.origin;
}

function publicUrlOf(raw: string): string {
  httpOrigin('PUBLIC_URL', raw);
  if (/[?#]/.test(raw)) fail('PUBLIC_URL', raw, 'a URL without query or fragment');
  return raw.replace(/\/+$/, '');
}

/** The ports mail servers listen on for each scheme when the URL names none. */
const SMTP_DEFAULT_PORTS = { 'smtp:': 587, 'smtps:': 465 } as const;

function smtpOf(env: Env): SmtpConfig | undefined {
  const raw = text(env, 'SMTP_URL');
  if (raw === undefined) return undefined;
  const expected = 'smtp://[user:password@]host[:port] or smtps://…';
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    fail('SMTP_URL', redactedUrl(raw), expected);
  }
  if (url.protocol !== 'smtp:' && url.protocol !== 'smtps:') fail('SMTP_URL', redactedUrl(raw), expected);
  // WHATWG URL keeps brackets around IPv6 hosts; sockets want the bare address.
  const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
  if (!host || (url.pathname && url.pathname !== '/') || url.search || url.hash) fail('SMTP_URL', redactedUrl(raw), expected);
  const port = url.port ? Number(url.port) : SMTP_DEFAULT_PORTS[url.protocol];
  let auth: SmtpConfig['auth'];
  if (url.username || url.password) {
    try {
      auth = { user: decodeURIComponent(url.username), pass: decodeURIComponent(url.password) };
    } catch {
      fail('SMTP_URL', redactedUrl(raw), 'percent-encoded user and password');
    }
  }
  const shownUrl = new URL(url.href);
  if (shownUrl.password) shownUrl.password = '***';
  return { host, port, secure: url.protocol === 'smtps:', auth, shown: shownUrl.href.replace(/\/$/, '') };
}

/** SMTP_URL carries a password: error messages show the URL without it. */
function redactedUrl(raw: string): string {
  return raw.replace(/^([a-z]+:\/\/[^:@/]*):[^@/]*@/i, '$1:***@');
}

/** MAIL_FROM, or "PeerAssist <no-reply@host>" with the host links point to. */
function mailFromOf(env: Env, publicUrl: string): string {
  const explicit = text(env, 'MAIL_FROM');
  if (explicit !== undefined) {
    // An address alone, or "Name <address>"; nodemailer parses either. Line breaks would forge headers.
    if (/[\r\n]/.test(explicit) || !/[^\s@<>]+@[^\s@<>]+/.test(explicit)) fail('MAIL_FROM', explicit, 'an address such as PeerAssist <no-reply@example.com>');
    return explicit;
  }
  return `PeerAssist <no-reply@${new URL(publicUrl).hostname}>`;
}

function iceUrls(env: Env, name: string, schemes: RegExp): string[] {
  const urls = list(env, name);
  for (const url of urls) if (!schemes.test(url)) fail(name, url, `URLs starting with ${schemes.source.slice(1, -1)}`);
  return urls;
}

function checkedIceServer(server: IceServer): IceServer {
  const checked = IceServer.safeParse(server);
  if (!checked.success) fail('TURN_URLS/STUN_URLS', String(server.urls), `at most 8 URLs of at most 512 characters`);
  return server;
}

function iceServersOf(env: Env, warnings: string[]): { iceServers: IceServer[]; turnRest: TurnRestConfig | undefined } {
  // Default: no ICE servers. Two browsers on one machine or one LAN reach each
  // other through host candidates; STUN/TURN only matter across NATs.
  const iceServers: IceServer[] = [];
  const stun = iceUrls(env, 'STUN_URLS', /^(stun:|stuns:)/);
  if (stun.length) iceServers.push(checkedIceServer({ urls: stun }));
  const turn = iceUrls(env, 'TURN_URLS', /^(turn:|turns:)/);
  const username = text(env, 'TURN_USERNAME');
  const credential = text(env, 'TURN_CREDENTIAL');
  const secret = text(env, 'TURN_SECRET');
  const ttlSeconds = integer(env, 'TURN_TTL_SECONDS', TURN_TTL_DEFAULT_S, 60, 7 * 24 * 60 * 60);
  // These errors never quote TURN_SECRET: start-up errors end up in logs.
  if (secret !== undefined) {
    if (username !== undefined || credential !== undefined) {
      throw new Error(
        'TURN_SECRET cannot be combined with TURN_USERNAME/TURN_CREDENTIAL: use either coturn\'s shared secret (use-auth-secret) or one static TURN account, not both',
      );
    }
    if (!turn.length) throw new Error('TURN_SECRET is set without TURN_URLS: name the TURN server(s) the credentials are for');
    // The entry is minted per participant (settings/effective.ts); check its shape once here.
    checkedIceServer({ urls: turn });
    return { iceServers, turnRest: { urls: turn, secret, ttlSeconds } };
  }
  if (text(env, 'TURN_TTL_SECONDS') !== undefined) warnings.push('TURN_TTL_SECONDS only applies with TURN_SECRET; it is ignored');
  if (turn.length && username && credential) {
    iceServers.push(checkedIceServer({ urls: turn, username, credential }));
  } else if (turn.length) {
    // Browsers reject turn: URLs without credentials (RTCPeerConnection throws),
    // so handing them out would break every call.
    warnings.push('TURN_URLS is set without TURN_SECRET, or TURN_USERNAME and TURN_CREDENTIAL; TURN servers are not handed out');
  }
  return { iceServers, turnRest: undefined };
}

function originsFor(host: string, port: number, publicUrl: string, extra: string[]): string[] {
  const origins = [httpOrigin('PUBLIC_URL', publicUrl), `http://127.0.0.1:${port}`, `http://localhost:${port}`, ...extra];
  if (host !== '0.0.0.0' && host !== '127.0.0.1' && host !== 'localhost' && host !== '::') {
    origins.push(httpOrigin('HOST', `http://${host.includes(':') ? `[${host}]` : host}:${port}`));
  }
  return [...new Set(origins)];
}

function derivedPublicUrl(host: string, port: number): string {
  const shown = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host.includes(':') ? `[${host}]` : host;
  return `http://${shown}:${port}`;
}

export function loadConfig(env: Env = process.env): Config {
  const warnings: string[] = [];
  const host = text(env, 'HOST') ?? '127.0.0.1';
  const port = integer(env, 'PORT', 8787, 0, 65_535);
  const dataDir = resolve(text(env, 'DATA_DIR') ?? './data');
  const explicitPublicUrl = text(env, 'PUBLIC_URL');
  const publicUrl = explicitPublicUrl ? publicUrlOf(explicitPublicUrl) : derivedPublicUrl(host, port);
  const webRootRaw = text(env, 'WEB_ROOT');
  const webRoot = webRootRaw ? resolve(webRootRaw) : resolve(REPO_ROOT, 'dist/web');
  const extraAllowedOrigins = list(env, 'ALLOWED_ORIGINS').map((origin) => httpOrigin('ALLOWED_ORIGINS', origin));
  const extensionIds = list(env, 'EXTENSION_IDS');
  for (const id of extensionIds) if (!/^[a-p]{32}$/.test(id)) fail('EXTENSION_IDS', id, '32 letters a–p per id');
  const { iceServers, turnRest } = iceServersOf(env, warnings);

  return {
    host,
    port,
    dataDir,
    publicUrl,
    webRoot,
    allowedOrigins: originsFor(host, port, publicUrl, extraAllowedOrigins),
    iceServers,
    turnRest,
    repGraceMs: integer(env, 'REP_GRACE_MS', 60_000, 0, 24 * 60 * 60 * 1000),
    offerTimeoutMs: integer(env, 'OFFER_TIMEOUT_MS', 30_000, 1, 60 * 60 * 1000),
    maxConnectionsPerAddress: integer(env, 'MAX_CONNECTIONS_PER_ADDRESS', 500, 1, 1_000_000),
    accessTtlMs: ACCESS_TTL_MS,
    refreshTtlMs: REFRESH_TTL_MS,
    trustProxy: flag(env, 'TRUST_PROXY'),
    heartbeatMs: HEARTBEAT_MS,
    extensionIds: extensionIds.length ? extensionIds : DEFAULT_EXTENSION_IDS,
    warnings,
    explicitPublicUrl: explicitPublicUrl ? publicUrl : undefined,
    extraAllowedOrigins,
    smtp: smtpOf(env),
    // The host of PUBLIC_URL does not change with the port, so atPort() keeps this.
    mailFrom: mailFromOf(env, publicUrl),
    redisUrl: redisUrlOf(env),
    nodeId: nodeIdOf(env),
  };
}

function redisUrlOf(env: Env): string | undefined {
  const url = text(env, 'REDIS_URL');
  if (url === undefined) return undefined;
  if (!/^rediss?:\/\/[^\s]+$/.test(url)) fail('REDIS_URL', url.replace(/\/\/[^@/]*@/, '//…@'), 'redis://host:port or rediss://…');
  return url;
}

function nodeIdOf(env: Env): string | undefined {
  const id = text(env, 'NODE_ID');
  if (id !== undefined && !/^[A-Za-z0-9_-]{1,40}$/.test(id)) fail('NODE_ID', id, 'up to 40 letters, digits, - or _');
  return id;
}

/**
 * The same configuration once the server listens on `port` (PORT=0 lets the OS
 * choose, as tests do): the derived public URL and origins name the real port.
 */
export function atPort(config: Config, port: number): Config {
  const publicUrl = config.explicitPublicUrl ?? derivedPublicUrl(config.host, port);
  return {
    ...config,
    port,
    publicUrl,
    allowedOrigins: originsFor(config.host, port, publicUrl, config.extraAllowedOrigins),
  };
}
