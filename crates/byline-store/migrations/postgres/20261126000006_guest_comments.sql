-- Comments from readers without an account, where a site allows them: the
-- name they gave, shown in place of an account's display name.
ALTER TABLE comments ADD COLUMN guest_name TEXT;
