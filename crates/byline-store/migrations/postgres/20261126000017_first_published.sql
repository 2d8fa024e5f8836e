-- When a comment was first published, at posting or by a moderator later:
-- what follows a first publication (the e-mail to the author of the
-- comment it answers) happens once, however often the comment is taken
-- down and put back. Comments that were past review before this column
-- count as published at their posting, so none is announced twice.
ALTER TABLE comments ADD COLUMN first_published_at BIGINT;
UPDATE comments SET first_published_at = created_at WHERE status <> 'pending';
