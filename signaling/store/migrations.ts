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
  // 2: issue #3: per-user session mode, site settings, queues, refresh tokens, audit log.
  `
  ALTER TABLE users ADD COLUMN session_mode TEXT;   -- SessionMode, or NULL for the site's

  -- One row per setting that was ever set; the value is JSON, checked against
  -- SiteSettings when read, and missing keys fall back to DEFAULT_SETTINGS.
  CREATE TABLE settings (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
  ) STRICT;

  CREATE TABLE queues (
    id         TEXT PRIMARY KEY,
    name       TEXT NOT NULL,
    name_key   TEXT NOT NULL UNIQUE,            -- trimmed, lower-cased name: unique without regard to case
    created_at INTEGER NOT NULL
  ) STRICT;

  CREATE TABLE queue_agents (
    queue_id TEXT NOT NULL REFERENCES queues(id) ON DELETE CASCADE,
    user_id  TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    PRIMARY KEY (queue_id, user_id)
  ) STRICT;
  CREATE INDEX queue_agents_user_id ON queue_agents(user_id);

  -- A sign-in is a token family: its access tokens and its chain of refresh
  -- tokens. Sign-out and refresh-token reuse revoke the family.
  ALTER TABLE tokens ADD COLUMN family_id TEXT;
  CREATE INDEX tokens_family_id ON tokens(family_id);

  CREATE TABLE refresh_tokens (
    token_hash TEXT PRIMARY KEY,            -- hex SHA-256 of the refresh token
    family_id  TEXT NOT NULL,
    user_id    TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    created_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL,
    used_at    INTEGER                      -- set once traded; kept until expiry so a replay is recognised
  ) STRICT;
  CREATE INDEX refresh_tokens_family_id ON refresh_tokens(family_id);
  CREATE INDEX refresh_tokens_user_id ON refresh_tokens(user_id);
  CREATE INDEX refresh_tokens_expires_at ON refresh_tokens(expires_at);

  CREATE TABLE audit_events (
    id             INTEGER PRIMARY KEY AUTOINCREMENT,   -- AUTOINCREMENT: ids never recur, so "before=<id>" pages stay stable
    at             INTEGER NOT NULL,
    type           TEXT NOT NULL,
    actor_id       TEXT,
    actor          TEXT NOT NULL,
    session_number TEXT,
    ip             TEXT,
    detail         TEXT NOT NULL                        -- JSON object of scalars
  ) STRICT;
  CREATE INDEX audit_events_type ON audit_events(type, id);

  -- Append-only: an audit log that can be edited in place proves nothing.
  CREATE TRIGGER audit_events_no_update BEFORE UPDATE ON audit_events
    BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
  CREATE TRIGGER audit_events_no_delete BEFORE DELETE ON audit_events
    BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
  `,
  // 3: issue #8: sessions waiting in a WebACD queue, kept across a restart. seq is
  // the order of arrival (AUTOINCREMENT: never reused, so order survives deletes).
  `
  CREATE TABLE queue_waiting (
    seq             INTEGER PRIMARY KEY AUTOINCREMENT,
    id              TEXT NOT NULL UNIQUE,
    session_id      TEXT NOT NULL,
    queue_id        TEXT NOT NULL REFERENCES queues(id) ON DELETE CASCADE,
    sender_user_id  TEXT NOT NULL,
    message         TEXT,
    enqueued_at     INTEGER NOT NULL
  ) STRICT;
  CREATE INDEX queue_waiting_queue_id ON queue_waiting(queue_id, seq);
  `,
  // 4: issue #10: live sessions survive a restart of a single node (with REDIS_URL they live in Redis).
  `
  CREATE TABLE live_sessions (
    id         TEXT PRIMARY KEY,
    snapshot   TEXT NOT NULL,                 -- JSON SessionSnapshot
    updated_at INTEGER NOT NULL
  ) STRICT;
  `,
];
