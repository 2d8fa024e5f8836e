import { expect, test } from '@playwright/test';

test('a reader follows a section link in the masthead to a story', async ({ page }) => {
  await page.goto('/');

  const nav = page.getByRole('navigation', { name: 'Sections' });
  await nav.getByRole('link', { name: 'Culture', exact: true }).click();

  await expect(page).toHaveURL(/\/sections\/culture$/);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Culture');
  await expect(nav.getByRole('link', { name: 'Culture', exact: true })).toHaveAttribute('aria-current', 'page');

  const stories = page.locator('main .cards').first().getByRole('listitem');
  expect(await stories.count()).toBeGreaterThan(1);
  // Every story listed here belongs to the section.
  for (const sectionLink of await stories.locator('.meta a[href^="/sections/"]').all()) {
    await expect(sectionLink).toHaveText('Culture');
  }

  const storyLink = stories.first().getByRole('heading').getByRole('link');
  const headline = (await storyLink.innerText()).trim();
  await storyLink.click();

  await expect(page).toHaveURL(/\/articles\/[^/]+$/);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(headline);
  await expect(page.locator('.story-header .meta').getByRole('link', { name: 'Culture' })).toBeVisible();
});
