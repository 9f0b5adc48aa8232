-- An application's Voice API webhooks (capabilities.voice.webhooks on the hosted service).
ALTER TABLE applications ADD COLUMN voice_answer_url TEXT;            -- asked for an NCCO when a call starts
ALTER TABLE applications ADD COLUMN voice_answer_method TEXT;         -- GET (default) | POST
ALTER TABLE applications ADD COLUMN voice_event_url TEXT;             -- call status events go here
ALTER TABLE applications ADD COLUMN voice_event_method TEXT;          -- POST (default) | GET
ALTER TABLE applications ADD COLUMN voice_fallback_answer_url TEXT;   -- tried when the answer URL fails
