//! Publishing articles: a run of articles (files from the command line
//! today, the desk tomorrow) is checked whole before any is written.

use byline_core::resemblance::ArticleLikeness;
use byline_core::{ArticleInput, ArticleStatus};
use byline_store::Upserted;

use crate::{App, Error, Refusal};

/// How many of the newest live articles a new one is compared with.
const COMPARED_WITH: u32 = 2_000;

impl App {
    /// Writes `articles`, new or updated by slug, after checking them all:
    /// one slug may appear once, and a new live article (a slug not yet
    /// stored, published or scheduled) whose text repeats a live story,
    /// stored or earlier in the run, is refused unless `allow_duplicates`.
    /// A refusal names the article by its place in the run, and nothing of
    /// the run is written.
    pub async fn publish_articles(
        &self,
        articles: &[ArticleInput],
        allow_duplicates: bool,
    ) -> Result<Vec<Upserted>, Error> {
        for (index, article) in articles.iter().enumerate() {
            if let Some(earlier) = articles[..index].iter().position(|a| a.slug == article.slug) {
                return Err(Refusal::SlugTwice { index, earlier, slug: article.slug.to_string() }.into());
            }
        }
        for (index, article) in articles.iter().enumerate() {
            if let Some(now_at) = self.store.slug_retired_for(&article.slug).await? {
                let slug = article.slug.to_string();
                return Err(Refusal::SlugRetired { index, slug, now_at: now_at.to_string() }.into());
            }
        }
        if !allow_duplicates {
            self.refuse_near_duplicates(articles).await?;
        }
        let now = self.now();
        let mut written = Vec::with_capacity(articles.len());
        for article in articles {
            let upserted = self.store.upsert_article(article, now).await?;
            if article.status == ArticleStatus::Published {
                let event = match upserted {
                    Upserted::Created(_) => "article.published",
                    Upserted::Updated(_) => "article.updated",
                };
                self.announce_story(event, upserted.id()).await;
            }
            written.push(upserted);
        }
        Ok(written)
    }

    async fn refuse_near_duplicates(&self, articles: &[ArticleInput]) -> Result<(), Error> {
        let mut live: Vec<(String, String, ArticleLikeness)> = Vec::new();
        let mut stored_read = false;
        for (index, article) in articles.iter().enumerate() {
            if article.status == ArticleStatus::Draft || self.store.article_exists(&article.slug).await? {
                continue;
            }
            if !stored_read {
                stored_read = true;
                for text in self.store.live_article_texts(COMPARED_WITH).await? {
                    let likeness = ArticleLikeness::of(&text.headline, &text.body_source);
                    live.push((text.slug.to_string(), text.headline, likeness));
                }
            }
            let likeness = ArticleLikeness::of(&article.headline, &article.body_source);
            let repeated = live.iter().find_map(|(slug, headline, other)| {
                likeness.repeats(other).filter(|_| slug != article.slug.as_str()).map(|share| (slug, headline, share))
            });
            if let Some((slug, headline, share)) = repeated {
                // A share is between 0 and 1: the percentage fits.
                let percent = (share * 100.0).floor() as u32;
                return Err(
                    Refusal::NearDuplicate { index, slug: slug.clone(), headline: headline.clone(), percent }.into()
                );
            }
            live.push((article.slug.to_string(), article.headline.clone(), likeness));
        }
        Ok(())
    }
}
