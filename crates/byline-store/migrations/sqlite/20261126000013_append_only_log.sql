-- The moderation log is append-only in the database itself: no line is
-- deleted, and none is changed, except that a deleted account's lines lose
-- the link to it (its handle stays).
CREATE TRIGGER moderation_log_no_delete BEFORE DELETE ON moderation_log
BEGIN
    SELECT RAISE(ABORT, 'the moderation log is append-only');
END;

CREATE TRIGGER moderation_log_no_update BEFORE UPDATE ON moderation_log
WHEN NEW.id IS NOT OLD.id OR NEW.actor_handle IS NOT OLD.actor_handle OR NEW.at IS NOT OLD.at
    OR NEW.target_kind IS NOT OLD.target_kind OR NEW.target_id IS NOT OLD.target_id
    OR NEW.action IS NOT OLD.action OR NEW.reason IS NOT OLD.reason
    OR (NEW.actor_id IS NOT NULL AND NEW.actor_id IS NOT OLD.actor_id)
BEGIN
    SELECT RAISE(ABORT, 'the moderation log is append-only');
END;
