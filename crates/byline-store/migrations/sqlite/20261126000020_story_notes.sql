-- Corrections and updates appended to a story after publication: shown
-- under it with their time, never edited or removed.
CREATE TABLE article_notes (
    id INTEGER PRIMARY KEY,
    article_id BIGINT NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    kind TEXT NOT NULL CHECK (kind IN ('correction', 'update')),
    body TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    editor_id BIGINT REFERENCES users (id) ON DELETE SET NULL,
    editor_name TEXT NOT NULL
);
CREATE INDEX article_notes_by_article ON article_notes (article_id, created_at);
