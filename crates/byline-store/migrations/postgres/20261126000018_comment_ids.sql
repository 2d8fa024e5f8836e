-- Comment ids already come from the id column's sequence here, which only
-- moves forward; SQLite gains a counter of its own in this version. Nothing
-- changes, so the two backends' versions stay in step.
SELECT 1;
