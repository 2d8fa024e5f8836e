-- The moderation desk: when a comment last entered the queue and when a
-- moderator last decided on it (the dashboard's queue size and time to a
-- decision); which comments a ban took down, so lifting the ban can put
-- them back; and from when a reader's trust is counted (reset by a
-- moderator).
ALTER TABLE comments ADD COLUMN held_at BIGINT;
ALTER TABLE comments ADD COLUMN decided_at BIGINT;
ALTER TABLE comments ADD COLUMN removed_by_ban BIGINT NOT NULL DEFAULT 0;
ALTER TABLE users ADD COLUMN trust_since BIGINT;
CREATE INDEX comments_held_at ON comments (held_at) WHERE held_at IS NOT NULL;
CREATE INDEX comments_created_at ON comments (created_at);
