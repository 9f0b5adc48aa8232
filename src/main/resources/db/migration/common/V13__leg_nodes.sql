-- The node a running leg's call runs on (its SIP address, sip:host:port), so a node that restarts
-- after a crash finds the calls it left unfinished and ends them. Null: not known (older legs, or a
-- node listening on a random port).
ALTER TABLE legs ADD COLUMN node TEXT;
CREATE INDEX legs_by_node ON legs (node, status);
