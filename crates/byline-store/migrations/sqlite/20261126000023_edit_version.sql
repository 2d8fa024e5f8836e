-- A story's version for the desk apart from its page's: readers' comments
-- and votes change the page (and `version`, which the page cache follows)
-- but not the story, so an editor who opened it before they came must not
-- be told someone else saved it. Revisions are numbered by this one; it
-- starts where each story's revisions end.
ALTER TABLE articles ADD COLUMN edit_version BIGINT NOT NULL DEFAULT 1;
UPDATE articles SET edit_version = COALESCE(
    (SELECT MAX(r.version) FROM article_revisions r WHERE r.article_id = articles.id), 1);
