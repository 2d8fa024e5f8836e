-- Moderation: why each comment was held or refused (a JSON list of the
-- policy's reasons), and when a suspension ends.
ALTER TABLE comments ADD COLUMN reasons TEXT NOT NULL DEFAULT '[]';
ALTER TABLE users ADD COLUMN suspended_until BIGINT;
