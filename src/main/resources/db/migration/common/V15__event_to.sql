-- The member an event is addressed to, as the API's first versions (v0.1) let a sender name one
-- ({"type": ..., "from": ..., "to": MEM-...}); null for the rest.
ALTER TABLE events ADD COLUMN to_member TEXT;
