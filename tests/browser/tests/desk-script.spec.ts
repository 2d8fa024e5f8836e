import { expect, test } from '@playwright/test';
import { expectNoSeriousA11yViolations, signInWith } from './helpers';

test.describe.configure({ timeout: 120_000 });

test('the editor previews the body live, autosaves a draft and asks before leaving unsaved work', async ({ page }) => {
  const stamp = Date.now().toString(36);
  const dialogs: string[] = [];
  page.on('dialog', (dialog) => {
    dialogs.push(dialog.type());
    void dialog.accept();
  });
  await signInWith(page, process.env.BYLINE_TEST_SUBEDITOR_LINK!);

  await page.goto('/desk/new');
  await page.getByLabel('Headline', { exact: true }).fill(`Winter ferries ${stamp}`);
  await page.getByLabel('Standfirst', { exact: true }).fill('Fewer crossings from November.');
  await page.getByLabel('Section', { exact: true }).fill('World');
  await page.getByLabel(/^Body/).fill('The ferry runs twice a day.');
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByRole('status')).toHaveText('The story is saved as a draft.');
  expect(dialogs, 'saving with the button does not ask').toEqual([]);

  // The preview beside the body draws what is typed as readers will see it.
  const preview = page.getByRole('region', { name: 'Preview of the body' });
  await expect(preview.locator('.story-body')).toContainText('The ferry runs twice a day.');
  await page.getByLabel(/^Body/).fill(`Crossings are **fewer** from November ${stamp}.`);
  await expect(preview.locator('.story-body strong')).toHaveText('fewer');
  await expectNoSeriousA11yViolations(page);

  // Saved on its own a moment after the typing stops.
  await expect(page.locator('.autosave-status')).toHaveText(/^Saved at \d/);
  await expect(page.locator('form.story-form input[name=version]')).toHaveValue('2');
  await page.reload();
  await expect(page.getByLabel(/^Body/)).toHaveValue(`Crossings are **fewer** from November ${stamp}.`);
  expect(dialogs, 'nothing unsaved once autosaved').toEqual([]);

  // The button's save starts from the autosaved version: no conflict.
  await page.getByLabel('Standfirst', { exact: true }).fill('Fewer crossings from November, more in spring.');
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByRole('status')).toHaveText('Saved.');
  expect(dialogs).toEqual([]);

  // A new story is never autosaved: leaving it with words typed asks first.
  await page.goto('/desk/new');
  await page.getByLabel('Headline', { exact: true }).pressSequentially('A story not saved');
  await page.getByRole('link', { name: 'Desk' }).first().click();
  await expect(page).toHaveURL(/\/desk$/);
  expect(dialogs).toEqual(['beforeunload']);
});
