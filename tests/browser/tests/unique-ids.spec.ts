import * as fs from 'node:fs';
import { expect, test, type Page } from '@playwright/test';
import { newReader } from './helpers';

// An id given twice on a page sends a label, a skip link or an
// aria-describedby to the wrong element. Every kind of page is read here,
// as a visitor, a reader and an admin sees it, and no id may repeat.

test.describe.configure({ timeout: 180_000 });

/** The ids that appear more than once on the page, with their count. */
async function repeatedIds(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const counts = new Map<string, number>();
    for (const element of Array.from(document.querySelectorAll('[id]'))) {
      counts.set(element.id, (counts.get(element.id) ?? 0) + 1);
    }
    return Array.from(counts).filter(([, n]) => n > 1).map(([id, n]) => `${id} ×${n}`);
  });
}

async function expectUniqueIds(page: Page, path: string, status = 200) {
  const response = await page.goto(path);
  expect(response?.status(), path).toBe(status);
  expect(await repeatedIds(page), `ids repeated on ${path}`).toEqual([]);
}

/** The first link on the current page whose address starts with `prefix`. */
async function firstLink(page: Page, prefix: string): Promise<string> {
  const href = await page.locator(`a[href^="${prefix}"]`).first().getAttribute('href');
  expect(href, `a link to ${prefix}`).toBeTruthy();
  return new URL(href!, page.url()).pathname;
}

test('no page repeats an id', async ({ browser }) => {
  // A visitor's pages.
  const visitor = await browser.newPage();
  for (const path of ['/', '/articles/seyra-river-accord-signed', '/articles/qandeelpur-book-fair-returns', '/sections/culture', '/signin', '/signup', '/reset']) {
    await expectUniqueIds(visitor, path);
  }
  await expectUniqueIds(visitor, '/no-such-page', 404);
  await visitor.goto('/articles/who-is-ines-achterberg');
  await expectUniqueIds(visitor, await firstLink(visitor, '/tags/'));
  // The sign-in page with both of its forms answered wrongly: the errors
  // and hints are tied to their own field.
  await visitor.goto('/signin');
  await visitor.getByRole('button', { name: 'Sign in', exact: true }).click();
  expect(await repeatedIds(visitor), 'ids repeated on /signin with errors').toEqual([]);
  await visitor.getByLabel('E-mail address').last().focus();
  await expect(visitor.locator('form[action="/signin/link"] input[type="email"]')).toBeFocused();
  await visitor.close();

  // A reader's pages: an article with the comment form, their comment's
  // own page and its edit form, their settings.
  const readerContext = await browser.newContext();
  const reader = await readerContext.newPage();
  await newReader(reader, 'Idris');
  await expectUniqueIds(reader, '/account');
  await expectUniqueIds(reader, '/articles/seyra-river-accord-signed');
  await reader.getByLabel('Your comment').fill('Ids must be unique on every page, this one included.');
  await reader.getByRole('button', { name: 'Post comment' }).click();
  const mine = reader.locator('.comment-item', { hasText: 'Ids must be unique on every page' }).first();
  await expect(mine).toBeVisible();
  const id = (await mine.getAttribute('id'))!.replace(/^c-/, '');
  await expectUniqueIds(reader, `/comments/${id}`);
  await expectUniqueIds(reader, `/comments/${id}/edit`);
  // A comment held for review, so the queue has an item with its forms.
  await reader.goto('/articles/tarvel-highlands-families-return');
  await reader.getByLabel('Your comment').fill('A held comment, to give the queue an item with all its controls.');
  await reader.getByRole('button', { name: 'Post comment' }).click();
  const held = reader.locator('.comment-item', { hasText: 'A held comment, to give the queue' }).first();
  await expect(held.getByText('Awaiting review')).toBeVisible();
  expect(await repeatedIds(reader), 'ids repeated beside a held comment').toEqual([]);
  const heldId = (await held.getAttribute('id'))!.replace(/^c-/, '');
  await readerContext.close();

  // An admin's pages: the queue, one item, the dashboard, people, a
  // person's record, users and the log.
  const adminContext = await browser.newContext();
  const admin = await adminContext.newPage();
  const printed = fs.readFileSync(process.env.BYLINE_TEST_ADMIN_LINK!, 'utf8');
  const link = printed.match(/https?:\/\/\S+\/signin\/link\/\S+/)?.[0];
  expect(link, printed).toBeTruthy();
  await expectUniqueIds(admin, new URL(link!).pathname);
  await admin.getByRole('button', { name: 'Sign me in' }).click();
  await expect(admin.getByRole('link', { name: 'Moderation' })).toBeVisible();
  for (const path of ['/moderation', '/moderation?article=tarvel-highlands-families-return', `/moderation/comments/${heldId}`, '/moderation/dashboard', '/moderation/people?q=idris', '/admin/users', '/admin/log', '/account']) {
    await expectUniqueIds(admin, path);
  }
  await expectUniqueIds(admin, `/moderation/comments/${id}`);
  await admin.goto('/moderation/people?q=idris');
  await expectUniqueIds(admin, await firstLink(admin, '/moderation/people/'));
  await expectUniqueIds(admin, '/articles/seyra-river-accord-signed');
  await adminContext.close();
});
