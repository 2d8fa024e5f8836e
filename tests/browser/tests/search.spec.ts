import { expect, test } from '@playwright/test';
import { expectNoSeriousA11yViolations } from './helpers';

test('a reader searches from the masthead, narrows by section and opens a story', async ({ page }) => {
  await page.goto('/');
  const box = page.getByRole('search').first().getByRole('searchbox', { name: 'Search for' });
  await box.fill('seyra accord');
  await box.press('Enter');
  await expect(page).toHaveURL(/\/search\?q=seyra\+accord$/);
  await expect(page.getByRole('heading', { level: 2, name: 'Stories with “seyra accord”' })).toBeVisible();
  const first = page.locator('.search-results > li').first();
  await expect(first.getByRole('link', { name: 'Dorvana and Kelmar sign Seyra River accord after nineteen months of talks' })).toBeVisible();
  await expect(first.locator('mark').first()).toBeVisible();
  await expectNoSeriousA11yViolations(page);

  // Narrowed to a section that does not hold it, as a reader picks one.
  await page.getByLabel('Section', { exact: true }).selectOption({ label: 'Culture' });
  await page.getByRole('button', { name: 'Search', exact: true }).last().click();
  await expect(page).toHaveURL(/section=culture/);
  await expect(page.getByRole('link', { name: 'Dorvana and Kelmar sign Seyra River accord after nineteen months of talks' })).toHaveCount(0);

  // Back to any section, and on to the story.
  await page.getByLabel('Section', { exact: true }).selectOption({ label: 'Any section' });
  await page.getByRole('button', { name: 'Search', exact: true }).last().click();
  await page.getByRole('link', { name: 'Dorvana and Kelmar sign Seyra River accord after nineteen months of talks' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Dorvana and Kelmar sign Seyra River accord after nineteen months of talks');
});

test('an Arabic search finds the Arabic story, its words marked, right to left', async ({ page }) => {
  await page.goto('/search');
  await page.getByLabel('Search for').last().fill('مخطوطة');
  await page.getByLabel('Search for').last().press('Enter');
  const card = page.locator('.search-results article.card').first();
  await expect(card).toHaveAttribute('lang', 'ar');
  await expect(card).toHaveCSS('direction', 'rtl');
  await expect(card.locator('mark').first()).toBeVisible();
});
