-- Rate limits counted in the database, so that every node sharing it
-- counts the same events: one row per limit (`throttle`, such as failed
-- sign-ins per client) and subject (a hash of what is counted: a client's
-- address, an account). A row whose window has ended and which blocks
-- nothing may be swept at any time.
CREATE TABLE throttle_counts (
    throttle TEXT NOT NULL,
    subject TEXT NOT NULL,
    events BIGINT NOT NULL,
    window_end BIGINT NOT NULL,
    wait_ms BIGINT NOT NULL,
    blocked_until BIGINT,
    PRIMARY KEY (throttle, subject)
);

CREATE INDEX throttle_counts_window_end ON throttle_counts (window_end);
