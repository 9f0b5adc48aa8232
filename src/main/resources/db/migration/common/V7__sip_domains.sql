-- SIP domains routed to applications (the Voice API's Programmable SIP: {name, application_id, acl}).
CREATE TABLE sip_domains (
  name           TEXT PRIMARY KEY,         -- lower case, e.g. acme.sip.example.com
  application_id TEXT NOT NULL REFERENCES applications (id),
  acl_json       TEXT NOT NULL,            -- ["10.0.0.0/8", "203.0.113.7/32", ...]
  created_ms     BIGINT NOT NULL
);
