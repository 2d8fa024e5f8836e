-- Comment ids come from a counter of their own, which only moves forward:
-- the largest id plus one would give a gone comment's id to the next. It
-- starts past every id a comment has had that anything still names: the
-- comments kept, and those the moderation log speaks of.
CREATE TABLE comment_ids (next_id BIGINT NOT NULL);
INSERT INTO comment_ids (next_id)
SELECT MAX(
    (SELECT COALESCE(MAX(id), 0) FROM comments),
    (SELECT COALESCE(MAX(target_id), 0) FROM moderation_log WHERE target_kind = 'comment')
) + 1;
