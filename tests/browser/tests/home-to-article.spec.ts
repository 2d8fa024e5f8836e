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

test('on a phone the editors\' choices come right after the lead story', async ({ page }) => {
  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto('/');
  const top = async (selector: string) => (await page.locator(selector).boundingBox())!.y;
  const leadBottom = await page.locator('section.lead').boundingBox().then((b) => b!.y + b!.height);
  const featured = await top('#featured-heading');
  const comments = await top('#featured-comments-heading');
  const latest = await top('#latest-heading');
  expect(featured).toBeGreaterThan(leadBottom);
  expect(comments).toBeGreaterThan(featured);
  expect(latest).toBeGreaterThan(comments);

  // Side by side on a wide screen: the list on the left, the rail beside it.
  await page.setViewportSize({ width: 1280, height: 900 });
  const list = (await page.locator('section.latest').boundingBox())!;
  const rail = (await page.locator('.rail-column').boundingBox())!;
  expect(rail.x).toBeGreaterThanOrEqual(list.x + list.width);
  expect(Math.abs(rail.y - list.y)).toBeLessThan(1);
});
