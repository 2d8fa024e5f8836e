-- Addresses a story had on the system it was imported from (WordPress's
-- /?p=ID, /2024/01/10/slug/ and the like), each leading to it for good.
CREATE TABLE old_paths (
    path TEXT PRIMARY KEY,
    article_id BIGINT NOT NULL REFERENCES articles (id) ON DELETE CASCADE
);
