CREATE TABLE sections (
    id INTEGER PRIMARY KEY,
    slug TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL
);

CREATE TABLE articles (
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
    status TEXT NOT NULL CHECK (status IN ('draft', 'scheduled', 'published')),
    published_at BIGINT,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    featured_rank BIGINT,
    comment_mode TEXT NOT NULL CHECK (comment_mode IN ('open', 'pre-moderated', 'closed')),
    call_to_comment TEXT,
    version BIGINT NOT NULL DEFAULT 1
);

CREATE INDEX articles_by_time ON articles (published_at DESC, id DESC);
CREATE INDEX articles_by_section ON articles (section_id, published_at DESC, id DESC);
CREATE INDEX articles_featured ON articles (featured_rank) WHERE featured_rank IS NOT NULL;

CREATE TABLE tags (
    id INTEGER PRIMARY KEY,
    slug TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL
);

CREATE TABLE article_tags (
    article_id BIGINT NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    tag_id BIGINT NOT NULL REFERENCES tags (id),
    position BIGINT NOT NULL,
    PRIMARY KEY (article_id, tag_id)
);

CREATE INDEX article_tags_by_tag ON article_tags (tag_id, article_id);
