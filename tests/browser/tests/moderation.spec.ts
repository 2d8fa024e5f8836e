import * as fs from 'node:fs';
import { expect, test, type Page } from '@playwright/test';
import { expectNoSeriousA11yViolations, newReader } from './helpers';

// A pre-moderated story of the demo: every comment waits for a moderator.
const ARTICLE = '/articles/tarvel-highlands-families-return';

test.describe.configure({ timeout: 60_000 });

/** Signs the moderator in with the one-time link the command line printed. */
async function signInModerator(page: Page) {
  const printed = fs.readFileSync(process.env.BYLINE_TEST_MODERATOR_LINK!, 'utf8');
  const link = printed.match(/https?:\/\/\S+\/signin\/link\/\S+/)?.[0];
  expect(link, printed).toBeTruthy();
  await page.goto(new URL(link!).pathname);
  await page.getByRole('button', { name: 'Sign me in' }).press('Enter');
  await expect(page.getByRole('link', { name: 'Moderation' })).toBeVisible();
}

test('a moderator clears held comments with the keyboard alone', async ({ browser }) => {
  const readerContext = await browser.newContext();
  const reader = await readerContext.newPage();
  await newReader(reader, 'Halima');
  await reader.goto(ARTICLE);
  await expect(reader.getByText('reviewed by a moderator')).toBeVisible();
  const stamp = Date.now().toString(36);
  const texts = {
    keep: `The new school bus route is what families asked for. ${stamp}`,
    drop: `Off topic: who won the match last night? ${stamp}`,
    junk: `Cheap loans, call now. ${stamp}`,
  };
  async function post(text: string) {
    await reader.getByLabel('Your comment').fill(text);
    await reader.getByRole('button', { name: 'Post comment' }).click();
    await expect(reader.locator('.comment-item', { hasText: text }).getByText('Awaiting review')).toBeVisible();
  }
  for (const text of Object.values(texts)) await post(text);

  const moderatorContext = await browser.newContext();
  const page = await moderatorContext.newPage();
  await signInModerator(page);
  // The queue of this story alone: other tests post elsewhere meanwhile.
  const queue = `/moderation?tab=pending&article=${ARTICLE.split('/').pop()}`;
  await page.goto(queue);
  await expectNoSeriousA11yViolations(page);

  // The count follows comments posted while the queue is open.
  const counts = page.locator('#queue-counts');
  const waiting = Number((await counts.textContent())?.match(/^(\d+) waiting/)?.[1]);
  expect(waiting).toBeGreaterThanOrEqual(3);
  const late = `The harbour road needs lights before winter. ${stamp}`;
  await post(late);
  // Other tests may hold comments at the same time, so the count may rise
  // by more than one; without the live stream it would not move at all.
  const shown = async () => Number((await counts.textContent())?.match(/^(\d+) waiting/)?.[1]);
  await expect.poll(shown, { timeout: 10_000 }).toBeGreaterThan(waiting);
  const titled = async () => Number((await page.title()).match(/^\((\d+)\) /)?.[1]);
  await expect.poll(titled).toBeGreaterThan(waiting);
  await page.reload();

  // Only the keyboard from here, as a moderator works through a queue:
  // j and k move between comments; a, f, r or a reason's number, and s decide.
  // The focused comment's own words (its item also lists the author's other comments).
  const focusedText = () =>
    page.evaluate(() => document.activeElement?.closest('.queue-item')?.querySelector('.comment-body')?.textContent ?? '');
  const items = page.locator('.queue-item');
  async function focusOn(text: string) {
    // After each decision the first comment of the queue has the focus.
    for (let moves = 0; moves < 50 && !(await focusedText()).includes(text); moves++) {
      await page.keyboard.press('j');
    }
    expect(await focusedText()).toContain(text);
  }
  async function decide(text: string, key: string) {
    await focusOn(text);
    await page.keyboard.press(key);
    await expect(page.getByRole('status')).toBeVisible();
  }
  await decide(texts.keep, 'a');
  await expect(page.getByRole('status')).toHaveText('Approved: the comment is published.');
  // 2: the second reason in the list, off topic.
  await decide(texts.drop, '2');
  await expect(page.getByRole('status')).toContainText('Rejected');
  // From the last comment back up with k.
  for (let moves = await items.count(); moves > 0; moves--) await page.keyboard.press('j');
  for (let moves = 0; moves < 50 && !(await focusedText()).includes(texts.junk); moves++) {
    await page.keyboard.press('k');
  }
  expect(await focusedText()).toContain(texts.junk);
  await page.keyboard.press('s');
  await expect(page.getByRole('status')).toHaveText('Marked as spam.');
  await decide(late, 'f');
  await expect(page.getByRole('status')).toContainText('Approved and featured');
  for (const text of [...Object.values(texts), late]) await expect(page.locator('.queue-item', { hasText: text })).toHaveCount(0);

  // What readers see now: the approved comment, and nothing else of these.
  const anonymous = await browser.newPage();
  await anonymous.goto(ARTICLE);
  await expect(anonymous.locator('.comment-item', { hasText: texts.keep })).toBeVisible();
  await expect(anonymous.locator('.comment-item', { hasText: texts.drop })).toHaveCount(0);
  await expect(anonymous.locator('.featured-comments', { hasText: late })).toBeVisible();
  // Its author is told why, in words meant for them.
  await reader.reload();
  await expect(reader.locator('.comment-item', { hasText: texts.drop })).toContainText(
    'A moderator found it off the topic of the article.',
  );

  // x chooses comments; while any are chosen, a decides on them all. The
  // rest of this story's queue is cleared at once.
  const pair = [`First of a pair: the ferry. ${stamp}`, `Second of a pair: the bridge. ${stamp}`];
  for (const text of pair) await post(text);
  await page.goto(queue);
  const left = await items.count();
  expect(left).toBeGreaterThanOrEqual(2);
  for (let n = 0; n < left; n++) {
    await page.keyboard.press('j');
    await page.keyboard.press('x');
  }
  await expect(page.locator('#queue-chosen')).toHaveText(`Chosen. ${left} chosen in all.`);
  await page.keyboard.press('a');
  await expect(page.getByRole('status')).toHaveText(`Approved ${left} comments.`);
  await expect(items).toHaveCount(0);
  await expect(page.getByText('Nothing here.')).toBeVisible();
  await anonymous.reload();
  for (const text of pair) await expect(anonymous.locator('.comment-item', { hasText: text })).toBeVisible();

  // The moderator's other pages: people, a person's record, the dashboard.
  await page.getByRole('navigation', { name: 'Moderation' }).getByRole('link', { name: 'People' }).click();
  await page.getByLabel('Handle or name').fill('MONA');
  await page.getByRole('button', { name: 'Search' }).click();
  await expectNoSeriousA11yViolations(page);
  await page.getByRole('link', { name: /@mona_mod/ }).click();
  await expect(page.getByRole('heading', { level: 1 })).toContainText('mona_mod');
  await expect(page.getByText('Staff are not suspended or banned')).toBeVisible();
  await expectNoSeriousA11yViolations(page);
  await page.getByRole('navigation', { name: 'Moderation' }).getByRole('link', { name: 'Dashboard' }).click();
  await expect(page.locator('svg[role="img"]')).toHaveCount(4);
  await expectNoSeriousA11yViolations(page);

  await anonymous.close();
  await readerContext.close();
  await moderatorContext.close();
});
