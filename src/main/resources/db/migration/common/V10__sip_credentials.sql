-- Digest credentials an application's outbound calls answer a SIP host's challenge with (a PBX or
-- trunk that asks for 401/407 authentication). One per application and host; the password is a
-- secret and never leaves the server (list shows the username only).
CREATE TABLE sip_credentials (
  application_id TEXT NOT NULL REFERENCES applications (id),
  host           TEXT NOT NULL,            -- lower case, as the dialled sip: URI names it
  username       TEXT NOT NULL,
  password       TEXT NOT NULL,
  created_ms     BIGINT NOT NULL,
  PRIMARY KEY (application_id, host)
);
