-- Voice API requests for calls that run on another node, carried by the database: the node that took
-- the request writes the command (and, on PostgreSQL, NOTIFYs parley_command with the node's name);
-- the node running the call runs it and writes the outcome, which the first node waits for.
CREATE TABLE call_commands (
    id TEXT PRIMARY KEY,
    node TEXT NOT NULL,
    command_json TEXT NOT NULL,
    created_ms BIGINT NOT NULL,
    outcome_json TEXT
);
CREATE INDEX call_commands_pending ON call_commands (node, outcome_json);
