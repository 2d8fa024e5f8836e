-- Photographs in the media library. The uploaded file itself is never
-- kept (it may carry the camera's metadata, its GPS position among it):
-- only its hash, so the same file uploaded twice is stored once, and the
-- files made from its pixels, named by their own content's hash.
CREATE TABLE media (
    id INTEGER PRIMARY KEY,
    source_hash TEXT NOT NULL UNIQUE,
    -- The upload's format, and its size once turned upright.
    format TEXT NOT NULL,
    width BIGINT NOT NULL,
    height BIGINT NOT NULL,
    alt TEXT NOT NULL,
    caption TEXT NOT NULL DEFAULT '',
    credit TEXT NOT NULL DEFAULT '',
    -- The library's search key: alt, caption and credit in lower case.
    search_key TEXT NOT NULL DEFAULT '',
    uploaded_by BIGINT REFERENCES users (id) ON DELETE SET NULL,
    uploaded_by_name TEXT NOT NULL,
    created_at BIGINT NOT NULL
);
CREATE TABLE media_files (
    media_id BIGINT NOT NULL REFERENCES media (id) ON DELETE CASCADE,
    format TEXT NOT NULL,
    width BIGINT NOT NULL,
    height BIGINT NOT NULL,
    -- The file's name in the data folder: its content's hash and extension.
    name TEXT NOT NULL,
    bytes BIGINT NOT NULL,
    PRIMARY KEY (media_id, format, width)
);
-- A story's lead photograph, and which one each revision had.
ALTER TABLE articles ADD COLUMN lead_media_id BIGINT REFERENCES media (id);
ALTER TABLE article_revisions ADD COLUMN lead_media_id BIGINT;
