-- The nodes that run calls, each writing its heartbeat here: a node whose heartbeat is older than the
-- node timeout is dead, and a surviving node claims it (deletes its row: one claimant wins) and ends
-- the calls it ran (legs.node).
CREATE TABLE nodes (
    id TEXT PRIMARY KEY,
    started_ms BIGINT NOT NULL,
    heartbeat_ms BIGINT NOT NULL
);
