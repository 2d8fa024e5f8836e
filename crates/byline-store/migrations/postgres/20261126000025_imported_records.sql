-- What an import made of each record of another system's export (a
-- WordPress comment, say), so that importing the export again, or a later
-- one, adds only what is new.
CREATE TABLE imported_records (
    kind TEXT NOT NULL,
    source_id TEXT NOT NULL,
    target_id BIGINT NOT NULL,
    PRIMARY KEY (kind, source_id)
);
