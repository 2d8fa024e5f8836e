-- Search over published stories. A story's words are kept reduced the way
-- the word lists read text (lower case, marks and tatweel gone, the Arabic
-- and Urdu shapes of a letter one letter), so a search typed either way
-- finds it; the store writes them with every save, and fills them for
-- stories saved before this on start.
ALTER TABLE articles ADD COLUMN search_title TEXT NOT NULL DEFAULT '';
ALTER TABLE articles ADD COLUMN search_body TEXT NOT NULL DEFAULT '';

-- The full-text index of those words: the headline's (with kicker and
-- standfirst) weighed above the body's. The words are already reduced, so
-- the 'simple' configuration (no stemming, no stop words) only splits them.
-- Searches repeat this expression exactly, so the index serves them.
CREATE INDEX articles_search ON articles USING GIN (
    (setweight(to_tsvector('simple', search_title), 'A') || setweight(to_tsvector('simple', search_body), 'B'))
);
