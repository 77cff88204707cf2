// Schema changes, in order. `PRAGMA user_version` records how many have run;
// append new steps, never edit a released one.
export const MIGRATIONS: readonly string[] = [
  // 1: accounts and sign-in tokens.
  `
  CREATE TABLE users (
    id            TEXT PRIMARY KEY,
    email         TEXT NOT NULL UNIQUE,
    name          TEXT NOT NULL,
    password_hash TEXT NOT NULL,
    roles         TEXT NOT NULL,            -- JSON array of Role
    disabled      INTEGER NOT NULL DEFAULT 0,
    created_at    INTEGER NOT NULL
  ) STRICT;

  CREATE TABLE tokens (
    token_hash TEXT PRIMARY KEY,            -- hex SHA-256 of the bearer token
    user_id    TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    created_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL
  ) STRICT;
  CREATE INDEX tokens_expires_at ON tokens(expires_at);
  CREATE INDEX tokens_user_id ON tokens(user_id);
  `,
];
