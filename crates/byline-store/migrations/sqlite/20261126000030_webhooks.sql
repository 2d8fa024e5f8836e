-- Webhooks: the endpoints admins add, the deliveries waiting for them
-- (a durable queue, like the mail outbox), and every attempt's answer.

-- `events` holds the event names wanted, each between commas
-- (",comment.posted,article.published,"), so that one LIKE finds them.
-- `failing_since`: the first failure since the last success; an endpoint
-- failing for a day is switched off (`enabled` 0, `switched_off_at` set).
CREATE TABLE webhook_endpoints (
    id INTEGER PRIMARY KEY,
    url TEXT NOT NULL,
    events TEXT NOT NULL,
    secret TEXT NOT NULL,
    enabled BIGINT NOT NULL DEFAULT 1,
    failing_since BIGINT,
    switched_off_at BIGINT,
    created_at BIGINT NOT NULL
);

-- One event for one endpoint. `claimed_until`: a sender took it and
-- holds it until then (several nodes never send it twice at once).
CREATE TABLE webhook_deliveries (
    id INTEGER PRIMARY KEY,
    endpoint_id BIGINT NOT NULL REFERENCES webhook_endpoints (id) ON DELETE CASCADE,
    event TEXT NOT NULL,
    body TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    attempts BIGINT NOT NULL DEFAULT 0,
    next_attempt_at BIGINT NOT NULL,
    claimed_until BIGINT,
    delivered_at BIGINT,
    given_up_at BIGINT
);

CREATE INDEX webhook_deliveries_due ON webhook_deliveries (next_attempt_at)
    WHERE delivered_at IS NULL AND given_up_at IS NULL;
CREATE INDEX webhook_deliveries_by_endpoint ON webhook_deliveries (endpoint_id, id);

-- What each attempt got back: the status (none when no answer came), the
-- start of the answer's body or the error, and when it is tried again.
CREATE TABLE webhook_attempts (
    id INTEGER PRIMARY KEY,
    delivery_id BIGINT NOT NULL REFERENCES webhook_deliveries (id) ON DELETE CASCADE,
    endpoint_id BIGINT NOT NULL REFERENCES webhook_endpoints (id) ON DELETE CASCADE,
    attempted_at BIGINT NOT NULL,
    status BIGINT,
    answer TEXT NOT NULL,
    next_attempt_at BIGINT
);

CREATE INDEX webhook_attempts_by_endpoint ON webhook_attempts (endpoint_id, id);
CREATE INDEX webhook_attempts_by_delivery ON webhook_attempts (delivery_id);
