// What the server keeps across restarts: accounts and sign-in tokens.
//
// Every method returns a Promise even though the embedded SQLite store answers
// synchronously: DESIGN.md plans a Redis store behind this same contract for
// running several nodes, and that one can only answer asynchronously.
import type { Role } from '../../src/shared/protocol/common.ts';

export interface User {
  id: string;
  /** Lower-case, trimmed; unique. */
  email: string;
  name: string;
  /** `scrypt$…` string from auth/password.ts; never leaves the server. */
  passwordHash: string;
  roles: Role[];
  disabled: boolean;
  createdAt: number;
}

export interface NewUser {
  email: string;
  name: string;
  passwordHash: string;
  roles: Role[];
}

export interface UserRepo {
  /** Throws if the e-mail address is taken. */
  create(user: NewUser): Promise<User>;
  findByEmail(email: string): Promise<User | undefined>;
  findById(id: string): Promise<User | undefined>;
  count(): Promise<number>;
}

export interface IssuedToken {
  /** 32 random bytes, base64url; only its SHA-256 is stored. */
  token: string;
  expiresAt: number;
}

export interface TokenRepo {
  issue(userId: string, ttlMs: number, now: number): Promise<IssuedToken>;
  /** The token's user, or undefined when the token is unknown, expired, revoked, or its user is disabled. */
  verify(token: string, now: number): Promise<User | undefined>;
  /** Idempotent: revoking an unknown token is not an error. */
  revoke(token: string): Promise<void>;
}

export interface Store {
  users: UserRepo;
  tokens: TokenRepo;
  close(): void;
}

/** E-mail addresses compare case-insensitively and without surrounding blanks. */
export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}
