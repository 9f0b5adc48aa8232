-- The node that holds a delivery's lease, so the node that finds it dead gives its claimed lanes back
-- at once instead of when their leases run out.
ALTER TABLE webhook_deliveries ADD COLUMN leased_by TEXT;
