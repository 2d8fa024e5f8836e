-- Search over published stories. A story's words are kept reduced the way
-- search reads text (lower case, marks and tatweel gone, the Arabic and
-- Urdu shapes of a letter one letter), so a search typed either way finds
-- it; the store writes them with every save, and fills them for stories
-- saved before this on start.
ALTER TABLE articles ADD COLUMN search_title TEXT NOT NULL DEFAULT '';
ALTER TABLE articles ADD COLUMN search_body TEXT NOT NULL DEFAULT '';

-- The full-text index of those words, kept by a trigger beside the story
-- (as SQLite's FTS5 table is): the headline's words (with kicker and
-- standfirst) weighed above the body's. The words are already reduced, so
-- the 'simple' configuration (no stemming, no stop words) only splits them.
-- Kept as a column of its own so ranking reads it rather than working it
-- out again for every story found.
CREATE TABLE article_search (
    article_id BIGINT PRIMARY KEY REFERENCES articles (id) ON DELETE CASCADE,
    document tsvector NOT NULL
);
CREATE INDEX article_search_document ON article_search USING GIN (document);

CREATE FUNCTION article_search_write() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO article_search (article_id, document)
    VALUES (NEW.id, setweight(to_tsvector('simple', NEW.search_title), 'A')
                 || setweight(to_tsvector('simple', NEW.search_body), 'B'))
    ON CONFLICT (article_id) DO UPDATE SET document = EXCLUDED.document;
    RETURN NULL;
END
$$;

CREATE TRIGGER article_search_write AFTER INSERT OR UPDATE OF search_title, search_body ON articles
    FOR EACH ROW EXECUTE FUNCTION article_search_write();

INSERT INTO article_search (article_id, document)
SELECT id, setweight(to_tsvector('simple', search_title), 'A') || setweight(to_tsvector('simple', search_body), 'B')
FROM articles;
