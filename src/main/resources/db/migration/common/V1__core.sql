-- Parley core schema. Portable SQL: runs unchanged on SQLite and PostgreSQL.
-- Times are epoch milliseconds (BIGINT). JSON-valued columns hold the client's JSON text as sent.

-- Server-wide settings, e.g. the key that signs paging cursors (so every node and restart agrees).
CREATE TABLE settings (
  name  TEXT PRIMARY KEY,
  value TEXT NOT NULL
);

-- The global event stream counter: every stored event takes the next position, in commit order.
CREATE TABLE stream (
  id       INTEGER PRIMARY KEY,
  position BIGINT NOT NULL
);
INSERT INTO stream (id, position) VALUES (1, 0);

CREATE TABLE applications (
  id             TEXT PRIMARY KEY,       -- UUID, as Vonage application ids are
  name           TEXT NOT NULL,
  public_key_pem TEXT NOT NULL,          -- RS256 verification key (X.509 SubjectPublicKeyInfo PEM)
  event_url      TEXT,                   -- RTC webhook destination, if any
  event_method   TEXT,                   -- POST (default) or GET
  created_ms     BIGINT NOT NULL
);

CREATE TABLE users (
  id              TEXT PRIMARY KEY,      -- USR-<uuid>
  application_id  TEXT NOT NULL REFERENCES applications (id),
  name            TEXT NOT NULL,         -- unique among the application's live users
  display_name    TEXT,
  image_url       TEXT,
  properties_json TEXT,                  -- {"custom_data": {...}}
  channels_json   TEXT,                  -- {"pstn": [...], "sip": [...], ...}
  created_ms      BIGINT NOT NULL,
  updated_ms      BIGINT,
  deleted_ms      BIGINT                 -- set on delete; the row stays so old members keep a name
);
CREATE UNIQUE INDEX users_live_name ON users (application_id, name) WHERE deleted_ms IS NULL;
CREATE INDEX users_listing ON users (application_id, created_ms, id);

CREATE TABLE conversations (
  id              TEXT PRIMARY KEY,      -- CON-<uuid>
  application_id  TEXT NOT NULL REFERENCES applications (id),
  name            TEXT NOT NULL,         -- unique per application
  display_name    TEXT,
  image_url       TEXT,
  state           TEXT NOT NULL,         -- ACTIVE | INACTIVE
  sequence_number BIGINT NOT NULL,       -- id of the last event; the next event takes +1
  properties_json TEXT,                  -- {"ttl": n, "custom_data": {...}}
  numbers_json    TEXT,
  callback_json   TEXT,                  -- {"url", "event_mask", "params", "method"}
  created_ms      BIGINT NOT NULL,
  updated_ms      BIGINT
);
CREATE UNIQUE INDEX conversations_name ON conversations (application_id, name);
CREATE INDEX conversations_listing ON conversations (application_id, created_ms, id);

CREATE TABLE members (
  id              TEXT PRIMARY KEY,      -- MEM-<uuid>
  conversation_id TEXT NOT NULL REFERENCES conversations (id) ON DELETE CASCADE,
  user_id         TEXT NOT NULL REFERENCES users (id),
  state           TEXT NOT NULL,         -- INVITED | JOINED | LEFT
  channel_json    TEXT NOT NULL,
  media_json      TEXT,
  knocking_id     TEXT,
  invited_by      TEXT,                  -- member id of the inviter, when a member invited
  initiator_json  TEXT NOT NULL,         -- who performed the latest transition
  invited_ms      BIGINT,
  joined_ms       BIGINT,
  left_ms         BIGINT,
  created_ms      BIGINT NOT NULL
);
-- A user has at most one active (invited or joined) member per conversation.
CREATE UNIQUE INDEX members_one_active ON members (conversation_id, user_id) WHERE state <> 'LEFT';
CREATE INDEX members_listing ON members (conversation_id, created_ms, id);
CREATE INDEX members_by_user ON members (user_id, state);

CREATE TABLE events (
  conversation_id TEXT NOT NULL REFERENCES conversations (id) ON DELETE CASCADE,
  id              BIGINT NOT NULL,       -- 1, 2, 3 ... within the conversation, no gaps
  position        BIGINT NOT NULL,       -- global stream position (see stream)
  type            TEXT NOT NULL,
  from_member     TEXT,                  -- sending member id, null for system events
  body_json       TEXT NOT NULL,
  created_ms      BIGINT NOT NULL,
  deleted_ms      BIGINT,                -- set when an event:delete removed this event
  PRIMARY KEY (conversation_id, id)
);
CREATE UNIQUE INDEX events_position ON events (position);
CREATE INDEX events_by_type ON events (conversation_id, type, id);

-- Client transaction ids: a retried create returns the event the first attempt stored.
CREATE TABLE event_requests (
  conversation_id TEXT NOT NULL REFERENCES conversations (id) ON DELETE CASCADE,
  principal       TEXT NOT NULL,         -- "admin" or the user id that sent it
  transaction_id  TEXT NOT NULL,
  event_id        BIGINT NOT NULL,
  created_ms      BIGINT NOT NULL,
  PRIMARY KEY (conversation_id, principal, transaction_id)
);
