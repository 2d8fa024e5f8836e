-- Whether an author posted the same text lately is asked within a time
-- window. With the time in the index too, the window narrows the search
-- in the index, and the planner no longer prefers walking every recent
-- comment of the author (by the author-and-time index) to the hash.
DROP INDEX comments_by_author_text;
CREATE INDEX comments_by_author_text ON comments (author_id, body_hash, created_at) WHERE body_hash IS NOT NULL;
