-- Receipts (seen, delivered, ...) of chat events by member: the "state" the Client SDKs show on a
-- message (seen_by, delivered_to ...). Recorded with the receipt event in the same transaction.
CREATE TABLE event_receipts (
  conversation_id TEXT NOT NULL REFERENCES conversations (id) ON DELETE CASCADE,
  event_id        BIGINT NOT NULL,       -- the message (or text/image) the receipt is about
  member_id       TEXT NOT NULL,         -- who saw it / to whom it was delivered
  kind            TEXT NOT NULL,         -- seen | delivered | submitted | rejected | undeliverable
  created_ms      BIGINT NOT NULL,
  PRIMARY KEY (conversation_id, event_id, member_id, kind)
);

-- Who created a conversation with a user token: that user may read it before joining, as the legacy
-- Client SDK does right after creating one. Null for conversations created with admin tokens.
ALTER TABLE conversations ADD COLUMN creator_user_id TEXT;
