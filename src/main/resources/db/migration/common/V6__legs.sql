-- Call legs (the Voice API's calls, the Conversation API's legs): one row per party of a call.
CREATE TABLE legs (
  id              TEXT PRIMARY KEY,        -- bare UUID (the Voice API's uuid, a member's leg_id)
  application_id  TEXT NOT NULL REFERENCES applications (id),
  conversation_id TEXT NOT NULL,           -- CON-...; the conversation may be deleted before the leg is
  channel_type    TEXT NOT NULL,           -- phone | sip | websocket | app
  direction       TEXT NOT NULL,           -- inbound | outbound
  from_json       TEXT NOT NULL,           -- the Voice API endpoint document, as written
  to_json         TEXT NOT NULL,
  status          TEXT NOT NULL,           -- started | ringing | answered | completed | busy | ...
  history_json    TEXT NOT NULL,           -- [{"status": ..., "at": ms}, ...], first to last
  created_ms      BIGINT NOT NULL,
  answered_ms     BIGINT,
  ended_ms        BIGINT,
  event_url       TEXT,                    -- where this leg's Voice API events go (null: none)
  event_method    TEXT
);
-- GET /v1/calls lists an application's legs by creation time, optionally of one conversation.
CREATE INDEX legs_by_application ON legs (application_id, created_ms, id);
CREATE INDEX legs_by_conversation ON legs (conversation_id, created_ms);
