-- The desk: writers, stories in every state, revisions, old slugs.
--
-- SQLite cannot change a CHECK constraint in place, so `users` (a new
-- role, `writer`) and `articles` (two new states, `submitted` and
-- `unpublished`, and who created each story) are rebuilt: copied whole
-- into a new table that then takes the old one's name. Store::migrate
-- runs migrations with foreign-key enforcement off, so dropping the old
-- table deletes nothing that points at it (comments, sessions, tags), and
-- checks every reference afterwards.
CREATE TABLE users_rebuilt (
    id INTEGER PRIMARY KEY,
    handle TEXT NOT NULL,
    handle_key TEXT NOT NULL UNIQUE,
    display_name TEXT NOT NULL,
    email TEXT NOT NULL,
    email_key TEXT NOT NULL UNIQUE,
    email_verified_at BIGINT,
    password_hash TEXT,
    role TEXT NOT NULL CHECK (role IN ('commenter', 'writer', 'moderator', 'editor', 'admin')),
    status TEXT NOT NULL DEFAULT 'active',
    trust BIGINT NOT NULL DEFAULT 0,
    notify_replies BIGINT NOT NULL DEFAULT 1,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    suspended_until BIGINT,
    trust_since BIGINT,
    name_key TEXT NOT NULL DEFAULT ''
);
INSERT INTO users_rebuilt (id, handle, handle_key, display_name, email, email_key, email_verified_at,
    password_hash, role, status, trust, notify_replies, created_at, updated_at, suspended_until, trust_since,
    name_key)
SELECT id, handle, handle_key, display_name, email, email_key, email_verified_at, password_hash, role, status,
    trust, notify_replies, created_at, updated_at, suspended_until, trust_since, name_key
FROM users;
DROP TABLE users;
ALTER TABLE users_rebuilt RENAME TO users;
CREATE INDEX users_unkeyed_names ON users (id) WHERE name_key = '';

CREATE TABLE articles_rebuilt (
    id INTEGER PRIMARY KEY,
    slug TEXT NOT NULL UNIQUE,
    kicker TEXT,
    headline TEXT NOT NULL,
    standfirst TEXT NOT NULL,
    body_source TEXT NOT NULL,
    body_html TEXT NOT NULL,
    language TEXT NOT NULL,
    author_name TEXT NOT NULL,
    section_id BIGINT NOT NULL REFERENCES sections (id),
    status TEXT NOT NULL
        CHECK (status IN ('draft', 'submitted', 'scheduled', 'published', 'unpublished')),
    published_at BIGINT,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    featured_rank BIGINT,
    comment_mode TEXT NOT NULL CHECK (comment_mode IN ('open', 'pre-moderated', 'closed')),
    call_to_comment TEXT,
    version BIGINT NOT NULL DEFAULT 1,
    comment_count BIGINT NOT NULL DEFAULT 0,
    comments_follow_section BIGINT NOT NULL DEFAULT 0,
    created_by BIGINT REFERENCES users (id) ON DELETE SET NULL,
    updated_by_name TEXT NOT NULL DEFAULT '',
    -- The desk's search keys, folded to lower case in the application
    -- (SQLite's LOWER folds only ASCII): the headline, kicker and
    -- standfirst; the byline.
    desk_key TEXT NOT NULL DEFAULT '',
    byline_key TEXT NOT NULL DEFAULT ''
);
INSERT INTO articles_rebuilt (id, slug, kicker, headline, standfirst, body_source, body_html, language,
    author_name, section_id, status, published_at, created_at, updated_at, featured_rank, comment_mode,
    call_to_comment, version, comment_count, comments_follow_section)
SELECT id, slug, kicker, headline, standfirst, body_source, body_html, language, author_name, section_id,
    status, published_at, created_at, updated_at, featured_rank, comment_mode, call_to_comment, version,
    comment_count, comments_follow_section
FROM articles;
DROP TABLE articles;
ALTER TABLE articles_rebuilt RENAME TO articles;
CREATE INDEX articles_by_time ON articles (published_at DESC, id DESC);
CREATE INDEX articles_by_section ON articles (section_id, published_at DESC, id DESC);
CREATE INDEX articles_featured ON articles (featured_rank) WHERE featured_rank IS NOT NULL;
CREATE INDEX articles_by_change ON articles (updated_at DESC, id DESC);

-- Every save of a story, whole: nothing is overwritten without a trace.
CREATE TABLE article_revisions (
    id INTEGER PRIMARY KEY,
    article_id BIGINT NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    version BIGINT NOT NULL,
    editor_id BIGINT REFERENCES users (id) ON DELETE SET NULL,
    editor_name TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    note TEXT NOT NULL,
    slug TEXT NOT NULL,
    kicker TEXT,
    headline TEXT NOT NULL,
    standfirst TEXT NOT NULL,
    body_source TEXT NOT NULL,
    language TEXT NOT NULL,
    author_name TEXT NOT NULL,
    section_slug TEXT NOT NULL,
    section_name TEXT NOT NULL,
    -- One tag name per line, in order.
    tags TEXT NOT NULL,
    status TEXT NOT NULL,
    published_at BIGINT,
    featured_rank BIGINT,
    -- NULL: the section's mode.
    comment_mode TEXT,
    call_to_comment TEXT,
    UNIQUE (article_id, version)
);

-- Slugs a story had before: their URLs answer with a redirect forever,
-- and no other story may take them.
CREATE TABLE article_old_slugs (
    slug TEXT PRIMARY KEY,
    article_id BIGINT NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    retired_at BIGINT NOT NULL
);
CREATE INDEX article_old_slugs_by_article ON article_old_slugs (article_id);
