-- SIP trunks to carriers (the Phone channel) and the phone numbers linked to applications.
-- A trunk's password is a secret: it never leaves the server (list shows the username only).
CREATE TABLE trunks (
  name           TEXT PRIMARY KEY,         -- lower case, e.g. carrier-1
  proxy          TEXT NOT NULL,            -- sip:host[:port][;transport=udp|tcp]
  username       TEXT,                     -- digest credentials for 401/407 and REGISTER, or none
  password       TEXT,
  realm          TEXT,                     -- answer only challenges of this realm; null: any
  register       INTEGER NOT NULL,         -- 1: keep a REGISTER alive with the proxy
  from_domain    TEXT,                     -- host of From in calls placed; null: the proxy's host
  acl_json       TEXT NOT NULL,            -- addresses the carrier's INVITEs come from (CIDR list)
  created_ms     BIGINT NOT NULL
);

-- Like the Voice API's "link a number to an application": inbound calls to the number reach the
-- application; outbound calls from it leave through its trunk.
CREATE TABLE numbers (
  number         TEXT PRIMARY KEY,         -- E.164 digits, without the +
  application_id TEXT NOT NULL REFERENCES applications (id),
  trunk_name     TEXT REFERENCES trunks (name),
  created_ms     BIGINT NOT NULL
);
CREATE INDEX numbers_application ON numbers (application_id, number);
