-- An author may appeal a refused comment once, with a short note; the
-- comment goes back to the queue marked as an appeal.
ALTER TABLE comments ADD COLUMN appeal TEXT;
