-- An article whose front matter names no comment mode follows its
-- section's default (set in the configuration), which may change later.
ALTER TABLE articles ADD COLUMN comments_follow_section BIGINT NOT NULL DEFAULT 0;
