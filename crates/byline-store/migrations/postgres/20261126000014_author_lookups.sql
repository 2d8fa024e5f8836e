-- Every post asks two things about its author, and both must cost the same
-- for a reader with ten comments and one with ten thousand.
--
-- How many of their comments were published or refused since their trust
-- was last reset: counted from the index alone, without reading a comment.
DROP INDEX comments_by_author_status;
CREATE INDEX comments_by_author_status ON comments (author_id, status, created_at);

-- Whether they posted the same text lately: a hash of the text, so the
-- index finds the few comments that may match and only those are read.
-- Comments written before this have none, and are not compared.
ALTER TABLE comments ADD COLUMN body_hash BIGINT;
CREATE INDEX comments_by_author_text ON comments (author_id, body_hash) WHERE body_hash IS NOT NULL;
