-- One-click unsubscribe links from reply notifications, and the threads
-- each reader has muted.
CREATE TABLE thread_mutes (
    user_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    root_id BIGINT NOT NULL REFERENCES comments (id) ON DELETE CASCADE,
    created_at BIGINT NOT NULL,
    PRIMARY KEY (user_id, root_id)
);

CREATE TABLE unsubscribe_links (
    token_hash TEXT NOT NULL PRIMARY KEY,
    user_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    root_id BIGINT NOT NULL REFERENCES comments (id) ON DELETE CASCADE,
    created_at BIGINT NOT NULL
);
