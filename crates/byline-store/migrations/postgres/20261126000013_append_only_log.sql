-- The moderation log is append-only in the database itself: no line is
-- deleted, and none is changed, except that a deleted account's lines lose
-- the link to it (its handle stays).
CREATE FUNCTION moderation_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'DELETE'
        OR NEW.id IS DISTINCT FROM OLD.id OR NEW.actor_handle IS DISTINCT FROM OLD.actor_handle
        OR NEW.at IS DISTINCT FROM OLD.at OR NEW.target_kind IS DISTINCT FROM OLD.target_kind
        OR NEW.target_id IS DISTINCT FROM OLD.target_id OR NEW.action IS DISTINCT FROM OLD.action
        OR NEW.reason IS DISTINCT FROM OLD.reason
        OR (NEW.actor_id IS NOT NULL AND NEW.actor_id IS DISTINCT FROM OLD.actor_id)
    THEN
        RAISE EXCEPTION 'the moderation log is append-only';
    END IF;
    RETURN NEW;
END;
$$;

CREATE TRIGGER moderation_log_append_only BEFORE UPDATE OR DELETE ON moderation_log
    FOR EACH ROW EXECUTE FUNCTION moderation_log_append_only();
