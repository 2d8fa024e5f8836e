-- Discussions of stories published on other sites: a page of an allowed
-- host site that carries the embedded comments bar becomes an article
-- record on first use, found again by its key (the page's canonical URL,
-- or the identifier the host gave it) and linking back to the page. Such
-- records hold comments like any story but are never listed.
ALTER TABLE articles ADD COLUMN external_key TEXT;
ALTER TABLE articles ADD COLUMN external_url TEXT;
CREATE UNIQUE INDEX articles_by_external_key ON articles (external_key) WHERE external_key IS NOT NULL;
CREATE INDEX articles_by_external_url ON articles (external_url) WHERE external_url IS NOT NULL;

-- A reader signed in on the site itself hands their sign-in to the
-- embedded bar (a frame of another site) by a one-time code.
CREATE TABLE frame_handoffs (
    code_hash TEXT PRIMARY KEY,
    user_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    expires_at BIGINT NOT NULL
);

-- Host sites' sign-in tokens already used, kept until they expire, so a
-- token works once.
CREATE TABLE host_tokens_used (
    token_hash TEXT PRIMARY KEY,
    expires_at BIGINT NOT NULL
);

-- Readers a host site signs in (single sign-on by a token signed with the
-- shared secret): the host's id for the reader, and their account here.
CREATE TABLE host_accounts (
    subject TEXT PRIMARY KEY,
    user_id BIGINT NOT NULL UNIQUE REFERENCES users (id) ON DELETE CASCADE,
    created_at BIGINT NOT NULL
);
