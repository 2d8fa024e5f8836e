-- Work that must happen once, however many nodes share the database.
--
-- The one-time link that creates the first admin, while there is none:
-- kept here so that it works on every node, and made by one of several
-- nodes started together (the others find it made).
CREATE TABLE setup_link (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    token_hash TEXT NOT NULL,
    opened_at BIGINT NOT NULL
);

-- Runs of scheduled work (a backup), one row per job and time slot: the
-- node whose insert lands does the work of that slot.
CREATE TABLE scheduled_runs (
    job TEXT NOT NULL,
    slot BIGINT NOT NULL,
    taken_at BIGINT NOT NULL,
    PRIMARY KEY (job, slot)
);
