-- E-mail alerts to moderators for held and flagged comments: each
-- moderator's choice ('each' or 'digest'; no row: none), and the alerts
-- waiting for a digest.
CREATE TABLE moderator_alert_choices (
    user_id BIGINT PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
    mode TEXT NOT NULL CHECK (mode IN ('each', 'digest'))
);

CREATE TABLE moderator_alerts (
    id INTEGER PRIMARY KEY,
    user_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    comment_id BIGINT NOT NULL REFERENCES comments (id) ON DELETE CASCADE,
    kind TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    sent_at BIGINT
);

CREATE INDEX moderator_alerts_waiting ON moderator_alerts (user_id, created_at) WHERE sent_at IS NULL;
CREATE INDEX moderator_alerts_by_comment ON moderator_alerts (comment_id);
