import { expect, test } from '@playwright/test';

test('a reader goes from the front page to the lead story', async ({ page }) => {
  await page.goto('/');

  // The front page names itself with an h1 (visually hidden, still read out).
  const pageHeading = page.getByRole('heading', { level: 1 });
  await expect(pageHeading).toHaveCount(1);
  await expect(pageHeading).not.toBeEmpty();
  await expect(page.getByRole('complementary').getByRole('heading', { name: 'Featured content' })).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Latest', exact: true })).toBeVisible();

  const lead = page.getByRole('region', { name: 'Lead story' });
  const leadLink = lead.getByRole('heading').getByRole('link');
  await expect(leadLink).toBeVisible();
  const headline = (await leadLink.innerText()).trim();
  expect(headline).not.toBe('');

  await leadLink.click();

  await expect(page).toHaveURL(/\/articles\/[^/]+$/);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(headline);
  await expect(page).toHaveTitle(new RegExp(`^${escapeRegExp(headline)} · `));
  await expect(page.locator('.kicker').first()).toBeVisible();
  await expect(page.locator('.story-header .standfirst')).toBeVisible();
  await expect(page.locator('.story-header .standfirst')).not.toBeEmpty();
  await expect(page.locator('.story-body aside.pull-quote')).toBeVisible();
  const quote = page.locator('.story-body figure.quote');
  await expect(quote.locator('blockquote')).toBeVisible();
  await expect(quote.locator('figcaption cite')).toBeVisible();

  const comments = page.locator('section#comments.comments-bar');
  await expect(comments).toBeVisible();
  await expect(comments.getByRole('heading', { level: 2 })).toContainText('Comments');
  // The section is labelled by its heading, so it is a named landmark.
  await expect(page.getByRole('region', { name: /Comments/ })).toBeVisible();
  const call = comments.locator('.call-to-comment');
  await expect(call).toBeVisible();
  await expect(call).not.toBeEmpty();
});

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
