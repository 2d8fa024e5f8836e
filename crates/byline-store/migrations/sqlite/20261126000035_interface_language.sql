-- A reader's choice of language for the site's own words (a BCP 47 tag
-- the site has a catalogue for); NULL follows the page.
ALTER TABLE users ADD COLUMN interface_language TEXT;
