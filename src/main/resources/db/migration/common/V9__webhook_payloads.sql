-- Deliveries that carry their own body (the Voice API's call events) instead of a stored event's.
ALTER TABLE webhook_deliveries ADD COLUMN payload_json TEXT;   -- null: render the event (event_id)
ALTER TABLE webhook_deliveries ADD COLUMN lane_key TEXT;       -- what orders the lane besides the URL; null: the conversation
