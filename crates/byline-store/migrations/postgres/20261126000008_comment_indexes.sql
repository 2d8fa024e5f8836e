-- Featured comments are few: indexes of them alone, so an article's comments
-- bar and the home page's rail find them without walking every comment.
DROP INDEX comments_featured;
CREATE INDEX comments_featured_by_article ON comments (article_id, path) WHERE featured = 1;
CREATE INDEX comments_featured_by_time ON comments (created_at) WHERE featured = 1;

-- The moderation policy counts an author's published and refused comments
-- at every post.
CREATE INDEX comments_by_author_status ON comments (author_id, status);
