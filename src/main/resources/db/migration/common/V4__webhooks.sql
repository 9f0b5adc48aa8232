-- Signed webhooks: the secret an application's webhooks are signed with (HS256). Kept readable
-- because signing needs it; shown once at creation or rotation, never logged.
ALTER TABLE applications ADD COLUMN signature_secret TEXT;

-- The webhook outbox. A row is written in the same transaction as its event, so a crash never loses
-- a delivery. A lane is one destination URL and one conversation: its deliveries go out one at a
-- time in event order, and only the lane's head (ready = 1) may be attempted. Delivered rows are
-- deleted; failed ones (retried for the whole retry period) stay for an operator.
CREATE TABLE webhook_deliveries (
  id              TEXT PRIMARY KEY,        -- delivery id (UUID), the same on every attempt
  application_id  TEXT NOT NULL REFERENCES applications (id),
  conversation_id TEXT NOT NULL,
  event_id        BIGINT NOT NULL,
  position        BIGINT NOT NULL,         -- the event's stream position: order within the lane
  url             TEXT NOT NULL,
  method          TEXT NOT NULL,           -- POST | GET
  lane            TEXT NOT NULL,           -- url + ' ' + conversation_id
  status          TEXT NOT NULL,           -- pending | failed
  ready           INTEGER NOT NULL,        -- 1 for the pending head of its lane
  attempts        INTEGER NOT NULL DEFAULT 0,
  next_attempt_ms BIGINT NOT NULL,
  lease_until_ms  BIGINT NOT NULL DEFAULT 0, -- claimed by a sender until then
  created_ms      BIGINT NOT NULL,
  last_error      TEXT
);
CREATE INDEX webhook_deliveries_lane ON webhook_deliveries (lane, position);
CREATE INDEX webhook_deliveries_due ON webhook_deliveries (next_attempt_ms) WHERE status = 'pending' AND ready = 1;
CREATE INDEX webhook_deliveries_failed ON webhook_deliveries (application_id, created_ms) WHERE status = 'failed';
