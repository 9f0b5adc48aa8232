-- Caller ids the operator lets a trunk present beyond the linked numbers (comma-separated patterns:
-- E.164 digits, a trailing * for any further digits), for the applications with numbers on it.
ALTER TABLE trunks ADD COLUMN caller_ids TEXT NOT NULL DEFAULT '';
