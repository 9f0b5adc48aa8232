-- Recordings of calls and conversations. The audio itself is in the file store (docs/VOICE.md,
-- "Recording"); this row says whose it is and where it is, and is written in the same transaction
-- as the webhook and event that announce it.
CREATE TABLE recordings (
  id              TEXT PRIMARY KEY,        -- a bare UUID, as recording_uuid and /v1/files/{id} name it
  application_id  TEXT NOT NULL REFERENCES applications (id),
  conversation_id TEXT NOT NULL,
  leg_id          TEXT,                    -- the leg an NCCO record ran on; null for a conversation's
  content_type    TEXT NOT NULL,           -- audio/wav
  size            BIGINT NOT NULL,
  location        TEXT NOT NULL,           -- the file store's key
  channels        INTEGER NOT NULL,
  start_ms        BIGINT NOT NULL,
  end_ms          BIGINT NOT NULL,
  expires_ms      BIGINT NOT NULL          -- deleted after this (retention)
);
CREATE INDEX recordings_expiry ON recordings (expires_ms);
