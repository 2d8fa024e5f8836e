import * as fs from 'node:fs';
import * as path from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import { expect, type Page, type TestInfo } from '@playwright/test';

/** The newest link to `prefix` in a message to `email` in the outbox folder. */
export async function linkFromInbox(email: string, prefix: string): Promise<string> {
  const folder = process.env.BYLINE_TEST_OUTBOX!;
  // The outbox writes the file in the background; the bound only keeps a
  // mail that never comes from hanging the run, however busy the machine.
  const started = Date.now();
  while (Date.now() - started < 120_000) {
    // A message being written has a hidden name and is renamed when whole.
    const files = fs.existsSync(folder) ? fs.readdirSync(folder).filter((f) => f.endsWith('.eml')).sort().reverse() : [];
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

export async function expectNoSeriousA11yViolations(page: Page) {
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa']).analyze();
  const serious = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  expect(serious.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(', ')}`)).toEqual([]);
}


/** Signs in with the one-time link the command line printed into `file`. */
export async function signInWith(page: Page, file: string) {
  const printed = fs.readFileSync(file, 'utf8');
  const link = printed.match(/https?:\/\/\S+\/signin\/link\/\S+/)?.[0];
  expect(link, printed).toBeTruthy();
  await page.goto(new URL(link!).pathname);
  await page.getByRole('button', { name: 'Sign me in' }).press('Enter');
  await expect(page.getByRole('link', { name: 'Desk' })).toBeVisible();
}

export const PASSWORD = 'lantern orchard copper 47';

/** Signs up a new reader and confirms the address from the outbox; the page ends signed in. */
export async function newReader(page: Page, name: string): Promise<string> {
  const handle = `${name}_${Date.now().toString(36)}${Math.floor(Math.random() * 1000)}`;
  const email = `${handle}@example.org`;
  await page.goto('/signup');
  await page.getByLabel('Handle').fill(handle);
  await page.getByLabel('Display name').fill(name);
  await page.getByLabel('E-mail address').fill(email);
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Create account' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Check your inbox');
  await page.goto(await linkFromInbox(email, '/verify/'));
  await page.getByLabel('The password you chose').fill(PASSWORD);
  await page.getByRole('button', { name: 'Confirm my address' }).click();
  await expect(page).toHaveURL(/\/account$/);
  return handle;
}

/** Saves a full-page picture of `page` as an artifact named `name`, once its web fonts (Nastaliq, Naskh) are in. */
export async function screenshot(page: Page, testInfo: TestInfo, name: string): Promise<void> {
  await page.evaluate(() => document.fonts.ready.then(() => undefined));
  const dir = path.join(testInfo.project.outputDir, 'artifacts');
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, name);
  await page.screenshot({ path: file, fullPage: true });
  await testInfo.attach(name, { path: file, contentType: 'image/png' });
}
