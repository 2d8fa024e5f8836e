-- Scheduled stories whose time has come, each announced once (an
-- `article.published` webhook). The row is the claim: however many nodes
-- look at once, the one whose insert lands announces. A story scheduled
-- again for another time is announced again at that time.
CREATE TABLE scheduled_announcements (
    article_id BIGINT NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    published_at BIGINT NOT NULL,
    announced_at BIGINT NOT NULL,
    PRIMARY KEY (article_id, published_at)
);
