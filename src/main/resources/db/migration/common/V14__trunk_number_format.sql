-- How a trunk's carrier wants numbers in request URIs and From: 'digits' (447700900000, the Voice
-- API's own form) or 'plus' (+447700900000, as many carriers ask).
ALTER TABLE trunks ADD COLUMN number_format TEXT NOT NULL DEFAULT 'digits';
