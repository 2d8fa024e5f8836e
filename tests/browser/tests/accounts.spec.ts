import * as fs from 'node:fs';
import * as path from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';

const PASSWORD = 'lantern orchard copper 47';

/** The newest link to `prefix` in a message to `email` in the outbox folder. */
async function linkFromInbox(email: string, prefix: string): Promise<string> {
  const folder = process.env.BYLINE_TEST_OUTBOX!;
  for (let i = 0; i < 50; i++) {
    const files = fs.existsSync(folder) ? fs.readdirSync(folder).sort().reverse() : [];
    for (const file of files) {
      const text = fs.readFileSync(path.join(folder, file), 'utf8');
      if (!text.includes(`To: ${email}`)) continue;
      const match = text.match(new RegExp(`https?://\\S+${prefix}\\S+`));
      if (match) return new URL(match[0]).pathname;
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`no ${prefix} link for ${email} in ${folder}`);
}

async function expectNoSeriousA11yViolations(page: Page) {
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa']).analyze();
  const serious = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  expect(serious.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(', ')}`)).toEqual([]);
}

test('a reader signs up, confirms the address from the inbox, signs in, renames and signs out', async ({ page }) => {
  const stamp = Date.now().toString(36);
  const handle = `reader_${stamp}`;
  const email = `${handle}@example.org`;

  await page.goto('/');
  await page.getByRole('navigation', { name: 'Account' }).getByRole('link', { name: 'Create account' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Create an account');
  await expectNoSeriousA11yViolations(page);

  // A mistake first: the form comes back with the message and what was typed.
  await page.getByLabel('Handle').fill(handle);
  await page.getByLabel('Display name').fill('Amira Haddad');
  await page.getByLabel('E-mail address').fill(email);
  await page.getByLabel('Password').fill('password123');
  await page.getByRole('button', { name: 'Create account' }).click();
  await expect(page.locator('#password-error')).toContainText('too easy to guess');
  await expect(page.getByLabel('Handle')).toHaveValue(handle);
  await expect(page.getByLabel('Password')).toHaveValue('');

  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Create account' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Check your inbox');

  // Follow the link from the e-mail, and confirm.
  await page.goto(await linkFromInbox(email, '/verify/'));
  await page.getByRole('button', { name: 'Confirm my address' }).click();
  await expect(page).toHaveURL(/\/account$/);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Your account');
  await expect(page.getByText('(confirmed)')).toBeVisible();
  await expectNoSeriousA11yViolations(page);

  // Sign out, then back in with the password.
  await page.getByRole('button', { name: 'Sign out', exact: true }).click();
  await expect(page.getByRole('link', { name: 'Sign in', exact: true })).toBeVisible();
  await page.getByRole('link', { name: 'Sign in', exact: true }).click();
  await expectNoSeriousA11yViolations(page);
  await page.locator('form[action="/signin"]').getByLabel('E-mail address').fill(email);
  await page.getByLabel('Password', { exact: true }).fill(PASSWORD);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await expect(page.getByRole('navigation', { name: 'Account' })).toContainText('Signed in as Amira Haddad');

  // Change the display name; the masthead shows the new one.
  await page.getByRole('navigation', { name: 'Account' }).getByRole('link', { name: /Signed in as/ }).click();
  await page.getByLabel('Display name').fill('Amira H.');
  await page.getByRole('button', { name: 'Save profile' }).click();
  await expect(page.getByRole('status')).toHaveText('Your profile is saved.');
  await expect(page.getByRole('navigation', { name: 'Account' })).toContainText('Signed in as Amira H.');

  await page.getByRole('button', { name: 'Sign out', exact: true }).click();
  await expect(page).toHaveURL(/\/$/);
  await expect(page.getByRole('navigation', { name: 'Account' }).getByRole('link', { name: 'Sign in' })).toBeVisible();
  await page.goto('/account');
  await expect(page).toHaveURL(/\/signin$/);
});
