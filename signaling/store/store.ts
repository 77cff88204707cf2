// What the server keeps across restarts: accounts, sign-in tokens, site
// settings, queues and the audit log.
//
// Every method returns a Promise even though the embedded SQLite store answers
// synchronously: DESIGN.md plans a Redis store behind this same contract for
// running several nodes, and that one can only answer asynchronously. Both must
// pass the one contract suite in ./contract.ts.
import type { SessionSnapshot } from '../sessions/registry.ts';
import type { AuditEvent, AuditEventType, Queue } from '../../src/shared/protocol/admin.ts';
import type { Role } from '../../src/shared/protocol/common.ts';
import type { SessionMode, SiteSettings } from '../../src/shared/protocol/settings.ts';

export interface User {
  id: string;
  /** Lower-case, trimmed; unique. */
  email: string;
  name: string;
  /** `scrypt$…` string from auth/password.ts; never leaves the server. */
  passwordHash: string;
  roles: Role[];
  disabled: boolean;
  /** The user's own session mode; null = the site's (settings.sessionMode). */
  sessionMode: SessionMode | null;
  createdAt: number;
}

export interface NewUser {
  email: string;
  name: string;
  passwordHash: string;
  roles: Role[];
  sessionMode?: SessionMode | null;
}

/** Fields an administrator may change; absent fields stay as they are. */
export interface UserChanges {
  name?: string;
  roles?: Role[];
  disabled?: boolean;
  sessionMode?: SessionMode | null;
  passwordHash?: string;
}

export interface UserRepo {
  /** Throws DuplicateError('email') if the address is taken. */
  create(user: NewUser): Promise<User>;
  findByEmail(email: string): Promise<User | undefined>;
  findById(id: string): Promise<User | undefined>;
  /** Every account, oldest first. */
  list(): Promise<User[]>;
  /** The changed user, or undefined when there is no such user. */
  update(id: string, changes: UserChanges): Promise<User | undefined>;
  count(): Promise<number>;
}

export interface TokenTtl {
  accessMs: number;
  refreshMs: number;
}

/** A short-lived access token and the refresh token that replaces it. Both are 32 random bytes, base64url; only their SHA-256 is stored. */
export interface IssuedTokens {
  accessToken: string;
  accessExpiresAt: number;
  refreshToken: string;
  refreshExpiresAt: number;
}

export type RefreshOutcome =
  | { ok: true; user: User; tokens: IssuedTokens }
  /**
   * unknown: never issued, or revoked (sign-out, disabled, password reset);
   * expired; reused: already traded once, so someone holds a copy — the whole
   * sign-in (token family) is revoked (OAuth 2.0 Security BCP, RFC 9700 §4.14.2).
   */
  | { ok: false; why: 'unknown' | 'expired' | 'reused' };

export interface TokenRepo {
  /** A new sign-in: a new token family holding one access and one refresh token. */
  issue(userId: string, ttl: TokenTtl, now: number): Promise<IssuedTokens>;
  /** The access token's user, or undefined when the token is unknown, expired, revoked, or its user is disabled. */
  verify(accessToken: string, now: number): Promise<User | undefined>;
  /** Trades a refresh token for a new pair in the same family; the old refresh token is spent. */
  refresh(refreshToken: string, ttl: TokenTtl, now: number): Promise<RefreshOutcome>;
  /** Sign-out: revokes the access token's family (its access and refresh tokens). Idempotent. */
  revoke(accessToken: string): Promise<void>;
  /** Revokes every token of the user (disabled, password reset). */
  revokeUser(userId: string): Promise<void>;
}

export interface SettingsRepo {
  /** The stored settings; keys never set (or unreadable) fall back to DEFAULT_SETTINGS. */
  get(): Promise<SiteSettings>;
  /** Stores the given keys and returns the whole. Throws if the result is not valid SiteSettings. */
  update(changes: Partial<SiteSettings>): Promise<SiteSettings>;
}

export interface QueueRepo {
  /** Every queue, by name. */
  list(): Promise<Queue[]>;
  findById(id: string): Promise<Queue | undefined>;
  /** Names compare case-insensitively and without surrounding blanks. */
  findByName(name: string): Promise<Queue | undefined>;
  /** Throws DuplicateError('queue name') when the name is taken. */
  create(name: string): Promise<Queue>;
  /** Replaces the members (in the given order, duplicates dropped); undefined when there is no such queue. */
  setAgents(id: string, userIds: readonly string[]): Promise<Queue | undefined>;
  /** Adds one member (no-op if already one); undefined when there is no such queue. */
  addAgent(id: string, userId: string): Promise<Queue | undefined>;
  /** False when there was no such queue. */
  remove(id: string): Promise<boolean>;
}

/** A session waiting in a WebACD queue (issue #8), as kept across a restart. */
export interface WaitingEntry {
  /** The transfer's id. */
  id: string;
  sessionId: string;
  queueId: string;
  /** Who asked for the transfer (the session's controller then). */
  senderUserId: string;
  /** The private message to the queue's agents, if any. */
  message: string | null;
  enqueuedAt: number;
}

export interface QueueWaitingRepo {
  /** Appends the entry after every entry already waiting (any queue); an id already stored is left as it is. */
  add(entry: WaitingEntry): Promise<void>;
  /** Every waiting entry, in order of arrival. */
  list(): Promise<WaitingEntry[]>;
  /** False when there was no such entry. */
  remove(id: string): Promise<boolean>;
}

export type NewAuditEvent = Omit<AuditEvent, 'id'>;

export interface AuditQuery {
  limit: number;
  /** Only events older than this event id. */
  before?: number | undefined;
  type?: AuditEventType | undefined;
}

export interface AuditRepo {
  /** Appends one event; ids increase with every append. The log is never edited. */
  append(event: NewAuditEvent): Promise<AuditEvent>;
  /** Newest first. */
  list(query: AuditQuery): Promise<AuditEvent[]>;
  /** Every event, oldest first, read page by page so a long log never sits in memory at once. */
  all(): AsyncIterable<AuditEvent>;
}

export interface Store {
  users: UserRepo;
  tokens: TokenRepo;
  settings: SettingsRepo;
  queues: QueueRepo;
  /** Sessions waiting in WebACD queues; an entry goes when its queue is removed. */
  waiting: QueueWaitingRepo;
  audit: AuditRepo;
  /**
   * Live sessions kept across a restart of a single node (issue #10). Absent
   * where sessions live elsewhere (several nodes keep them in Redis).
   */
  liveSessions?: LiveSessionRepo;
  /** Idempotent. */
  close(): Promise<void>;
}

/** Synchronous like the registry that feeds it: a session's snapshot is on disk before its start is answered. */
export interface LiveSessionRepo {
  save(snapshot: SessionSnapshot, now: number): void;
  remove(id: string): void;
  all(): SessionSnapshot[];
}

/** A unique value (an e-mail address, a queue name) is already taken. */
export class DuplicateError extends Error {
  override readonly name = 'DuplicateError';
  constructor(readonly what: 'email' | 'queue name') {
    super(`that ${what} is already taken`);
  }
}

/** E-mail addresses compare case-insensitively and without surrounding blanks. */
export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}

/** Queue names are shown as typed but compared like this ("Billing" and " billing" are one queue). */
export function queueNameKey(name: string): string {
  return name.trim().toLowerCase();
}
