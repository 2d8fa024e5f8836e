import { expect, test } from '@playwright/test';

test('an unknown article shows a full "Page not found" page with a way home', async ({ page }) => {
  const response = await page.goto('/articles/does-not-exist');
  expect(response?.status()).toBe(404);

  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Page not found');
  // The site's chrome is still there, so the reader is not stranded.
  await expect(page.getByRole('navigation', { name: 'Sections' })).toBeVisible();

  const home = page.getByRole('main').getByRole('link', { name: /front page/i });
  await expect(home).toBeVisible();
  await expect(home).toHaveAttribute('href', '/');
  await home.click();

  await expect(page).toHaveURL(/\/$/);
  await expect(page.getByRole('region', { name: 'Lead story' })).toBeVisible();
});
