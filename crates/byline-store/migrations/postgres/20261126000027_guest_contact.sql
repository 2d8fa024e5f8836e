-- How to reach a guest who commented elsewhere before the site moved here
-- (an imported WordPress comment's author e-mail and web address). Kept
-- for the staff and never shown to readers; readers' own comments have
-- their account's address instead.
ALTER TABLE comments ADD COLUMN guest_email TEXT;
ALTER TABLE comments ADD COLUMN guest_url TEXT;
