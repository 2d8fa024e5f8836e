-- An author's portrait on their page: a photograph of the media library.
ALTER TABLE authors ADD COLUMN photo_media_id BIGINT REFERENCES media (id);
