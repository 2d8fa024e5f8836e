-- The moderation log: every moderator and admin action, appended and never
-- changed. The actor's handle is kept, so the log outlives their account.
CREATE TABLE moderation_log (
    id INTEGER PRIMARY KEY,
    actor_id BIGINT REFERENCES users (id) ON DELETE SET NULL,
    actor_handle TEXT NOT NULL,
    at BIGINT NOT NULL,
    target_kind TEXT NOT NULL,
    target_id BIGINT NOT NULL,
    action TEXT NOT NULL,
    reason TEXT NOT NULL DEFAULT ''
);
CREATE INDEX moderation_log_at ON moderation_log (at);
