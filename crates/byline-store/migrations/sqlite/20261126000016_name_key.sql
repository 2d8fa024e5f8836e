-- Display names get a search key as handles have (case folded, compatibility
-- forms and look-alike letters as their prototypes), so moderators find
-- people the same way on both backends: LOWER() folds only ASCII on SQLite.
-- The key is worked out in Rust; Store::migrate fills it in for names
-- stored before this column, whose key is left empty here.
ALTER TABLE users ADD COLUMN name_key TEXT NOT NULL DEFAULT '';
-- Empty once the keys are filled in, so looking for names without a key
-- on every start reads nothing.
CREATE INDEX users_unkeyed_names ON users (id) WHERE name_key = '';
