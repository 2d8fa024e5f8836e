-- Comment ids come from a counter of their own, which only moves forward:
-- the largest id plus one would give a gone comment's id to the next.
CREATE TABLE comment_ids (next_id BIGINT NOT NULL);
INSERT INTO comment_ids (next_id) SELECT COALESCE(MAX(id), 0) + 1 FROM comments;
