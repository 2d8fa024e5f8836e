-- Search over published stories. A story's words are kept reduced the way
-- the word lists read text (lower case, marks and tatweel gone, the Arabic
-- and Urdu shapes of a letter one letter), so a search typed either way
-- finds it; the store writes them with every save, and fills them for
-- stories saved before this on start.
ALTER TABLE articles ADD COLUMN search_title TEXT NOT NULL DEFAULT '';
ALTER TABLE articles ADD COLUMN search_body TEXT NOT NULL DEFAULT '';

-- The full-text index of those words, kept by triggers: the headline's
-- words (with kicker and standfirst) and the body's, weighed apart.
CREATE VIRTUAL TABLE article_search USING fts5(
    search_title, search_body, content = 'articles', content_rowid = 'id', tokenize = 'unicode61'
);

CREATE TRIGGER article_search_insert AFTER INSERT ON articles BEGIN
    INSERT INTO article_search (rowid, search_title, search_body) VALUES (new.id, new.search_title, new.search_body);
END;

CREATE TRIGGER article_search_delete AFTER DELETE ON articles BEGIN
    INSERT INTO article_search (article_search, rowid, search_title, search_body)
        VALUES ('delete', old.id, old.search_title, old.search_body);
END;

CREATE TRIGGER article_search_update AFTER UPDATE OF search_title, search_body ON articles BEGIN
    INSERT INTO article_search (article_search, rowid, search_title, search_body)
        VALUES ('delete', old.id, old.search_title, old.search_body);
    INSERT INTO article_search (rowid, search_title, search_body) VALUES (new.id, new.search_title, new.search_body);
END;

INSERT INTO article_search (article_search) VALUES ('rebuild');
