import * as fs from 'node:fs';
import * as path from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { expectNoSeriousA11yViolations, newReader } from './helpers';

// A pre-moderated story of the demo: every comment waits for a moderator.
const ARTICLE = '/articles/tarvel-highlands-families-return';

test.describe.configure({ timeout: 120_000 });

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
  const waitingCount = counts.locator('[data-count="pending"]');
  const waiting = Number(await waitingCount.textContent());
  expect(waiting).toBeGreaterThanOrEqual(3);
  const late = `The harbour road needs lights before winter. ${stamp}`;
  await post(late);
  // Other tests may hold comments at the same time, so the count may rise
  // by more than one; without the live stream it would not move at all.
  const shown = async () => Number(await waitingCount.textContent());
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
  const item = (text: string) => page.locator('.queue-item', { has: page.locator('.comment-body', { hasText: text }) });
  // Moves down with j from wherever the focus is to the comment with `text`.
  async function focusOn(text: string) {
    for (let moves = 0; moves < 50 && !(await focusedText()).includes(text); moves++) {
      await page.keyboard.press('j');
    }
    expect(await focusedText()).toContain(text);
  }
  // After a decision the page comes back with the focus where it was: on
  // the comment that moved up into the decided one's place.
  async function expectFocusOn(text: string) {
    await expect.poll(focusedText).toContain(text);
  }
  await focusOn(texts.keep);
  // k goes back up, j down again.
  await page.keyboard.press('j');
  await expectFocusOn(texts.drop);
  await page.keyboard.press('k');
  await expectFocusOn(texts.keep);
  // r without a reason chosen asks for one and sends nothing.
  const before = page.url();
  await page.keyboard.press('r');
  await expect(item(texts.keep).locator('.queue-ask')).toContainText('Choose why it is rejected');
  expect(page.url()).toBe(before);
  await expectFocusOn(texts.keep);
  await page.keyboard.press('a');
  await expect(page.getByRole('status')).toHaveText('Approved: the comment is published.');
  // The next comment moved up into the approved one's place and has the focus: 2
  // (the second reason in the list, off topic) rejects it, not the one after.
  await expectFocusOn(texts.drop);
  await page.keyboard.press('2');
  await expect(page.getByRole('status')).toContainText('Rejected');
  await expectFocusOn(texts.junk);
  await page.keyboard.press('s');
  await expect(page.getByRole('status')).toHaveText('Marked as spam.');
  await expectFocusOn(late);
  await page.keyboard.press('f');
  await expect(page.getByRole('status')).toContainText('Approved and featured');
  for (const text of [...Object.values(texts), late]) await expect(item(text)).toHaveCount(0);
  // Each went where its key sent it.
  await page.goto(`/moderation?tab=spam&article=${ARTICLE.split('/').pop()}`);
  await expect(item(texts.junk)).toHaveCount(1);
  await page.goto(`/moderation?tab=rejected&article=${ARTICLE.split('/').pop()}`);
  await expect(item(texts.drop)).toHaveCount(1);
  await expect(item(texts.keep)).toHaveCount(0);

  // What readers see now: the approved comment, and nothing else of these.
  const anonymous = await browser.newPage();
  await anonymous.goto(ARTICLE);
  await expect(anonymous.locator('.comment-item', { hasText: texts.keep })).toBeVisible();
  await expect(anonymous.locator('.comment-item', { hasText: texts.drop })).toHaveCount(0);
  await expect(anonymous.locator('.comment-item', { hasText: texts.junk })).toHaveCount(0);
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
  await expect(page.locator('#queue-chosen')).toHaveText(`Chosen. Chosen in all: ${left}.`);
  await page.keyboard.press('a');
  await expect(page.getByRole('status')).toHaveText(`Approved ${left} comments.`);
  await expect(items).toHaveCount(0);
  await expect(page.getByText('Nothing here.')).toBeVisible();
  await anonymous.reload();
  for (const text of pair) await expect(anonymous.locator('.comment-item', { hasText: text })).toBeVisible();

  // The queue at a glance, on a desk and on a phone, on a story of its own:
  // a reply (its parent quoted as plain text), a reader's comments, and a
  // comment by the moderator, who is staff and cannot be banned.
  const KELMAR = '/articles/kelmar-media-funding-bill-first-reading';
  const kelmarQueue = `/moderation?tab=pending&article=${KELMAR.split('/').pop()}`;
  const parent = `The **bill** is a _chill_ on local news. ${stamp}`;
  const parentWords = `The bill is a chill on local news. ${stamp}`;
  await reader.goto(KELMAR);
  await reader.getByLabel('Your comment').fill(parent);
  await reader.getByRole('button', { name: 'Post comment' }).click();
  await expect(reader.locator('.comment-item', { hasText: parentWords }).getByText('Awaiting review')).toBeVisible();
  await page.goto(kelmarQueue);
  await item(parentWords).getByRole('button', { name: 'Approve', exact: true }).click();
  await expect(page.getByRole('status')).toHaveText('Approved: the comment is published.');
  await reader.reload();
  const parentItem = reader.locator('.comment-item', { hasText: parentWords });
  await parentItem.locator('summary', { hasText: 'Reply' }).first().click();
  await parentItem.getByLabel(/Your reply to/).first().fill(`Which newsrooms does it name? ${stamp}`);
  await parentItem.getByRole('button', { name: 'Post reply' }).first().click();
  await expect(reader.locator('.comment-item', { hasText: `Which newsrooms does it name? ${stamp}` }).getByText('Awaiting review')).toBeVisible();
  await post(`The registration threshold of a fifth seems arbitrary to me; smaller papers take grants from abroad for printing presses. ${stamp}`);
  const spammerContext = await browser.newContext();
  const spammer = await spammerContext.newPage();
  await newReader(spammer, 'Spamwell');
  await spammer.goto(KELMAR);
  const spam = `Best prices on printing presses, visit my shop today. ${stamp}`;
  await spammer.getByLabel('Your comment').fill(spam);
  await spammer.getByRole('button', { name: 'Post comment' }).click();
  await expect(spammer.locator('.comment-item', { hasText: spam }).getByText('Awaiting review')).toBeVisible();
  // A reader flags the published comment: the flagged tab says why, and who.
  const flagged = spammer.locator('.comment-item', { hasText: parentWords });
  await flagged.locator('summary', { hasText: 'Flag' }).first().click();
  await flagged.getByLabel('Why should a moderator look at this?').first().selectOption('off-topic');
  await flagged.getByRole('button', { name: 'Send flag' }).first().click();
  await expect(flagged.getByText('Flag sent').first()).toBeVisible();
  const staffText = `Moderator's note: please keep to the bill. ${stamp}`;
  await page.goto(KELMAR);
  await page.getByLabel('Your comment').fill(staffText);
  await page.getByRole('button', { name: 'Post comment' }).click();
  await expect(page.locator('.comment-item', { hasText: staffText })).toBeVisible();

  // Staff comments are in the all tab whether or not they were held.
  await page.goto(kelmarQueue.replace('tab=pending', 'tab=all'));
  await expect(item(staffText).locator('.queue-staff')).toBeVisible();
  await expect(item(staffText).getByRole('button', { name: /Suspend|Ban/, includeHidden: true })).toHaveCount(0);
  await expect(item(parentWords).getByRole('button', { name: 'Ban author', includeHidden: true })).toHaveCount(1);
  await page.goto(kelmarQueue);
  await expect(item(spam)).toBeVisible();
  await expect(page.locator('.queue-parent').first()).toHaveText(`In reply to: ${parentWords}`);
  // A reader's comment offers suspension and ban, folded away.
  await expect(item(spam).getByRole('button', { name: 'Ban author' })).toBeHidden();
  await item(spam).locator('summary', { hasText: 'Suspend or ban' }).click();
  await expect(item(spam).getByRole('button', { name: 'Ban author' })).toBeVisible();
  // No history heading for an author with nothing else; where there is a
  // history, its fold shows its marker, so it does not read as an empty heading.
  await expect(item(spam).getByText('Their latest other comments')).toHaveCount(0);
  const history = page.locator('.queue-recent > summary').first();
  await expect(history).toHaveText('Their latest other comments');
  await expect(history).toHaveCSS('display', 'list-item');
  await history.click();
  await expect(page.locator('.queue-recent li').first()).toBeVisible();
  await history.click();
  await expectNoSeriousA11yViolations(page);
  await page.keyboard.press('j');
  const shots = path.join(test.info().project.outputDir, 'screenshots');
  for (const [width, height] of [[1280, 900], [390, 844]]) {
    await page.setViewportSize({ width, height });
    const file = path.join(shots, `queue-${width}.png`);
    await page.screenshot({ path: file, fullPage: true });
    await test.info().attach(`queue at ${width} px`, { path: file, contentType: 'image/png' });
  }
  await page.setViewportSize({ width: 1280, height: 900 });

  await page.goto(kelmarQueue.replace('tab=pending', 'tab=flagged'));
  await expect(item(parentWords).locator('.queue-flags li')).toHaveText([/^Off topic, by Spamwell @Spamwell_/]);
  await item(parentWords).locator('.queue-flags a').click();
  await expect(page.getByRole('heading', { level: 1 })).toContainText('Spamwell');
  await page.goBack();
  await page.screenshot({ path: path.join(shots, 'queue-flagged-1280.png'), fullPage: true });

  // Without JavaScript: a rejection asks for its reason, and a ban for its
  // confirmation, before anything is sent.
  const noScript = await browser.newContext({ javaScriptEnabled: false, storageState: await moderatorContext.storageState() });
  const plain = await noScript.newPage();
  await plain.goto(kelmarQueue);
  const plainItem = (text: string) => plain.locator('.queue-item', { has: plain.locator('.comment-body', { hasText: text }) });
  await plainItem(spam).getByRole('button', { name: 'Reject' }).click();
  await expect(plain).toHaveURL(new RegExp(`${kelmarQueue.replace(/[?]/g, '\\?')}$`));
  await plainItem(spam).locator('summary', { hasText: 'Suspend or ban' }).click();
  await plainItem(spam).getByLabel('Why').last().fill('Advertising in every story.');
  await plainItem(spam).getByRole('button', { name: 'Ban author' }).click();
  await expect(plain).toHaveURL(new RegExp(`${kelmarQueue.replace(/[?]/g, '\\?')}$`));
  await expect(plain.getByRole('status')).toHaveCount(0);
  await plainItem(spam).getByLabel(/Yes, ban/).check();
  await plainItem(spam).getByRole('button', { name: 'Ban author' }).click();
  await expect(plain.getByRole('status')).toBeVisible();
  await expect(plainItem(spam)).toContainText('The author is banned.');
  await noScript.close();
  await spammerContext.close();

  // The moderator's other pages: people, a person's record, the dashboard.
  await page.getByRole('navigation', { name: 'Moderation' }).getByRole('link', { name: 'People' }).click();
  await page.getByLabel('Handle or name').fill('MONA');
  await page.locator('main').getByRole('button', { name: 'Search' }).click();
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
