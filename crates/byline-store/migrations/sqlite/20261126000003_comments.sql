-- Threads use a materialised path: each comment's path is its parent's
-- path plus its own fixed-width id, so one range scan of the index returns
-- a whole thread in display order. Byte order ("C") on both backends.
CREATE TABLE comments (
    id INTEGER PRIMARY KEY,
    article_id BIGINT NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    parent_id BIGINT REFERENCES comments (id),
    path TEXT NOT NULL,
    depth BIGINT NOT NULL,
    author_id BIGINT REFERENCES users (id) ON DELETE SET NULL,
    body_source TEXT NOT NULL,
    body_html TEXT NOT NULL,
    language TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('pending', 'published', 'rejected', 'spam', 'deleted', 'removed')),
    created_at BIGINT NOT NULL,
    edited_at BIGINT,
    score BIGINT NOT NULL DEFAULT 0,
    reply_count BIGINT NOT NULL DEFAULT 0,
    featured BIGINT NOT NULL DEFAULT 0
);

CREATE INDEX comments_thread ON comments (article_id, path);
CREATE INDEX comments_by_author ON comments (author_id, created_at);

ALTER TABLE articles ADD COLUMN comment_count BIGINT NOT NULL DEFAULT 0;
