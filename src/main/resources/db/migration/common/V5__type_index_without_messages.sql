-- Text messages are nearly every event, and a type filter that includes them reads the conversation
-- in id order anyway (the primary key), so indexing their type only cost each append a B-tree insert
-- and a page written: on SQLite a third of an append's cost. The index now holds the other types,
-- which it exists to find among many messages; queries add "type <> 'message'" to use it.
DROP INDEX events_by_type;
CREATE INDEX events_by_type_except_messages ON events (conversation_id, type, id) WHERE type <> 'message';
