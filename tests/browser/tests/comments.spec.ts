import * as fs from 'node:fs';
import * as path from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { expectNoSeriousA11yViolations, newReader } from './helpers';

const LEAD = '/articles/seyra-river-accord-signed';

// Each test signs up, confirms by e-mail and runs several round trips on a
// page with a long discussion: more than the default budget on two cores.
test.describe.configure({ timeout: 120_000 });

type Marked = { marker?: number };

/**
 * Posts, replies in Urdu, votes, edits, and checks the thread, as a reader
 * does. With JavaScript all of it happens in place: the page is never
 * reloaded. Without, every action is a form that comes back to the comment.
 */
async function discuss(page: Page, name: string, voteFor: number, js: boolean, article: string) {
  await newReader(page, name);
  await page.goto(article);
  const bar = page.getByRole('region', { name: /Comments/ });
  await expect(bar.getByRole('heading', { level: 2 })).toContainText(/Comments \(\d+\)/);
  const count = async () => Number((await bar.locator('h2 .count').innerText()).replace(/\D/g, ''));
  const countBefore = await count();
  // A reload or a navigation would lose this.
  if (js) await page.evaluate(() => ((window as Marked).marker = 7));
  const stayed = async () => {
    if (!js) return expect(page).toHaveURL(/#c-\d+$/);
    expect(await page.evaluate(() => (window as Marked).marker)).toBe(7);
  };

  // Preview first: the text as it will look, nothing posted.
  await page.getByLabel('Your comment').fill('The **bridge** first.');
  await page.locator('#compose').getByRole('button', { name: 'Preview' }).click();
  await expect(page.locator('#compose .comment-preview strong')).toHaveText('bridge');
  await expect(page.getByLabel('Your comment')).toHaveValue('The **bridge** first.');
  if (js) await stayed();
  else {
    // The page comes back at the form, not at its top.
    await expect(page).toHaveURL(/#compose$/);
    await expect(page.locator('#compose .comment-preview')).toBeInViewport();
  }

  const english = `The bridge matters more than the treaty text, says ${name}.`;
  await page.getByLabel('Your comment').fill(english);
  await page.getByRole('button', { name: 'Post comment' }).click();
  const mine = page.locator('.comment-item', { hasText: english }).first();
  await expect(mine).toBeVisible();
  await stayed();
  await expect(mine.getByText('vote', { exact: false }).first()).toBeVisible();
  // Other readers comment on the same story meanwhile: at least one more.
  await expect.poll(count).toBeGreaterThan(countBefore);
  if (js) await expect(page.getByLabel('Your comment')).toHaveValue('');

  // Reply in Urdu to the first comment of the discussion.
  const first = page.locator('ol.thread > li.comment-item').first();
  const firstId = await first.getAttribute('id');
  await first.locator(':scope > article > details.reply > summary').click();
  const urdu = `پل کی بحالی سب سے اہم ہے۔ ${name}`;
  await first.locator(':scope > article > details.reply textarea').fill(urdu);
  await first.locator(':scope > article > details.reply').getByRole('button', { name: 'Post reply' }).click();
  const reply = page.locator(`#${firstId} ol.replies .comment-item`, { hasText: urdu }).first();
  await expect(reply).toBeVisible();
  await stayed();
  await expect(reply.locator('.comment-body').first()).toHaveAttribute('lang', 'ur');
  await expect(reply.locator('.comment-body').first()).toHaveAttribute('dir', 'auto');

  // Vote for someone else's comment: the count goes up by one.
  const other = page.locator('ol.thread > li.comment-item').nth(voteFor);
  const otherId = await other.getAttribute('id');
  const before = Number((await other.locator(':scope > article .score').innerText()).split(' ')[0]);
  await other.locator(':scope > article').getByRole('button', { name: 'Vote' }).click();
  await expect(page.locator(`#${otherId} > article .score`)).toHaveText(`${before + 1} vote${before + 1 === 1 ? '' : 's'}`);
  await expect(page.locator(`#${otherId} > article`).getByRole('button', { name: 'Voted' })).toBeVisible();
  await stayed();

  // Edit my own comment within the window.
  await page.locator('.comment-item', { hasText: english }).first().locator(':scope > article').getByRole('link', { name: 'Edit' }).click();
  const editor = page.getByLabel(js ? 'Edit your comment' : 'Your comment');
  await expect(editor).toHaveValue(english);
  await editor.fill(`${english} (_edited_)`);
  await page.getByRole('button', { name: 'Save changes' }).click();
  const edited = page.locator('.comment-item', { hasText: `${english} (edited)` }).first();
  await expect(edited).toBeVisible();
  await expect(edited.locator(':scope > article .comment-body em')).toHaveText('edited');
  await expect(edited.locator(':scope > article .edited')).toHaveText('edited');
  await stayed();
  return { reply, otherId };
}

test('a reader comments, replies in Urdu, votes and edits', async ({ page }, testInfo) => {
  const { reply, otherId } = await discuss(page, 'Amira', 1, true, LEAD);
  await expectNoSeriousA11yViolations(page);

  // Keep a picture of a thread mixing Urdu and English.
  const folder = path.join(testInfo.project.outputDir, 'artifacts');
  fs.mkdirSync(folder, { recursive: true });
  const file = path.join(folder, 'thread-urdu-english.png');
  // The Urdu reply under its English parent, as the reader's screen shows it.
  await reply.scrollIntoViewIfNeeded();
  await reply.evaluate((el) => el.scrollIntoView({ block: 'center' }));
  await page.screenshot({ path: file });
  await testInfo.attach('thread-urdu-english', { path: file, contentType: 'image/png' });

  // Flag someone's comment, and withdraw my reply, still in place.
  const other = page.locator(`#${otherId} > article`);
  await other.locator('details.flag > summary').click();
  await other.getByLabel('Why should a moderator look at this?').selectOption('off-topic');
  await other.getByRole('button', { name: 'Send flag' }).click();
  await expect(other.getByText('Flag sent')).toBeVisible();
  const countBefore = await page.locator('#comments h2 .count').innerText();
  const withdrawn = page.locator(`#${await reply.getAttribute('id')}`);
  await withdrawn.locator(':scope > article').getByRole('button', { name: 'Delete' }).click();
  await expect(withdrawn.locator(':scope > article .tombstone-note')).toHaveText('This comment was deleted.');
  // No other test writes to this story, so the count is exact.
  await expect(page.locator('#comments h2 .count')).toHaveText(`(${Number(countBefore.replace(/\D/g, '')) - 1})`);
  expect(await page.evaluate(() => (window as Marked).marker)).toBe(7);
  // What was done in place is what the server kept.
  await page.reload();
  await expect(withdrawn.locator(':scope > article .tombstone-note')).toBeVisible();
  await expect(page.locator(`#${otherId} > article`).getByRole('button', { name: 'Voted' })).toBeVisible();
});

test.describe('without JavaScript', () => {
  test.use({ javaScriptEnabled: false });

  test('the same discussion works with plain forms', async ({ page }) => {
    // A story of its own, so the two tests' counts do not meet.
    await discuss(page, 'Farid', 2, false, '/articles/who-is-ines-achterberg');
  });
});

test('a refused comment comes back with its text', async ({ page }) => {
  await newReader(page, 'Nadia');
  await page.goto(LEAD);
  const long = 'word '.repeat(1100);
  await page.getByLabel('Your comment').fill(long);
  await page.getByRole('button', { name: 'Post comment' }).click();
  await expect(page.getByRole('alert')).toContainText('the limit is 5000');
  await expect(page.getByLabel('Your comment')).toHaveValue(long);
});

test('a comment posted in one browser appears live in another, without reload', async ({ browser }) => {
  const writerContext = await browser.newContext();
  const readerContext = await browser.newContext();
  const writer = await writerContext.newPage();
  const reader = await readerContext.newPage();
  await newReader(writer, 'Samira');

  await reader.goto('/articles/ferrymans-ledger-plays-both-banks');
  // The reader's page is open before the comment exists; mark it so a reload would show.
  await reader.evaluate(() => ((window as unknown as { marker: number }).marker = 42));
  const countBefore = await reader.locator('#comments h2 .count').innerText();

  await writer.goto('/articles/ferrymans-ledger-plays-both-banks');
  const text = `Saw it in Tamsen last night; the second act is better. ${Date.now()}`;
  await writer.getByLabel('Your comment').fill(text);
  await writer.getByRole('button', { name: 'Post comment' }).click();
  await expect(writer.locator('#comments .comment-item', { hasText: text })).toBeVisible();

  await expect(reader.locator('#comments .comment-item', { hasText: text })).toBeVisible({ timeout: 10_000 });
  expect(await reader.evaluate(() => (window as unknown as { marker: number }).marker)).toBe(42);
  await expect(reader.locator('#comments h2 .count')).not.toHaveText(countBefore);
  await expect(reader.getByRole('status').filter({ hasText: 'New comment from Samira' })).toHaveCount(1);

  await writerContext.close();
  await readerContext.close();
});
