import { expect, test } from '@playwright/test';
import { expectNoSeriousA11yViolations, linkFromInbox } from './helpers';

const PASSWORD = 'lantern orchard copper 47';

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
  await page.getByLabel('The password you chose').fill(PASSWORD);
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
