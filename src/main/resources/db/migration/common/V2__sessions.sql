-- Client SDK sessions (the App channel). A session outlives its socket: a client that reconnects with
-- its session id resumes from resume_position, so it receives exactly what it missed.
CREATE TABLE sessions (
  id              TEXT PRIMARY KEY,      -- SES-<uuid>
  application_id  TEXT NOT NULL REFERENCES applications (id),
  user_id         TEXT NOT NULL REFERENCES users (id),
  created_ms      BIGINT NOT NULL,
  expires_ms      BIGINT NOT NULL,       -- expiry of the token the session last presented
  resume_position BIGINT NOT NULL,       -- every event for this user up to here was delivered and acknowledged
  updated_ms      BIGINT NOT NULL,
  ended_ms        BIGINT                 -- set by logout; an ended session cannot be resumed
);
CREATE INDEX sessions_by_user ON sessions (user_id, created_ms, id);

-- Stream positions bounding each membership, so "what did this user miss" can be answered exactly:
-- a member sees the events of its conversation from since_position (its invited/joined event) up to
-- left_position (its member:left event). Rows from before this migration count from the start.
ALTER TABLE members ADD COLUMN since_position BIGINT;
ALTER TABLE members ADD COLUMN left_position BIGINT;
CREATE INDEX members_by_conversation_user ON members (conversation_id, user_id);
CREATE INDEX events_by_conversation_position ON events (conversation_id, position);
