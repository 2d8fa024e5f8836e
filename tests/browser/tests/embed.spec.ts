import { expect, test, type Page, type Request } from '@playwright/test';
import { expectNoSeriousA11yViolations, newReader, PASSWORD } from './helpers';

// Another newspaper's story with Byline's comments under it (see
// host/site.mjs), on another site than Byline's own.
const HOST = process.env.BYLINE_TEST_HOST_SITE!;
const OTHER = process.env.BYLINE_TEST_OTHER_SITE!;
const STORY = '/news/river-story';

// Third-party cookies blocked, as more and more browsers ship: the frame
// keeps only cookies of its own partition.
test.use({
  launchOptions: {
    executablePath: process.env.BYLINE_CHROMIUM ?? '/usr/bin/chromium',
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--test-third-party-cookie-phaseout',
    ],
  },
});

// Signs up, confirms by e-mail, and runs a discussion across two browsers.
test.describe.configure({ timeout: 180_000 });

test('another site carries the whole bar: sign in by popup, post, reply, see a comment arrive live', async ({ browser }) => {
  // A reader of the host paper, with an account made on Byline before.
  const setup = await browser.newContext();
  const handle = await newReader(await setup.newPage(), 'Embedded');
  await setup.close();

  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(`${HOST}${STORY}`);
  const frameElement = page.locator('iframe[title="Comments"]');
  const frame = page.frameLocator('iframe[title="Comments"]');
  await expect(frame.getByRole('heading', { level: 2 })).toContainText('Comments (0)');
  // The link for readers without scripts gives way to the bar, which is
  // as tall as what it shows.
  await expect(page.getByRole('link', { name: 'Read the discussion' })).toBeHidden();
  await expect.poll(async () => (await frameElement.boundingBox())?.height ?? 0).toBeGreaterThan(150);
  await expect(page.locator('[data-byline-count]')).toHaveText('0');
  await expectNoSeriousA11yViolations(page);

  // Sign in through the popup on Byline's own site.
  const popupOpened = page.waitForEvent('popup');
  await frame.getByRole('link', { name: 'Sign in or create an account' }).click();
  const popup = await popupOpened;
  await popup.getByLabel('E-mail address').first().fill(`${handle}@example.org`);
  await popup.getByRole('textbox', { name: 'Password' }).fill(PASSWORD);
  const closed = popup.waitForEvent('close');
  await popup.getByRole('button', { name: 'Sign in', exact: true }).click();
  await closed;
  await expect(frame.locator('.frame-account')).toContainText('Signed in as Embedded');

  // Post, then reply to it, all in the frame.
  const words = `Posted from another site's page, ${Date.now()}.`;
  await frame.getByLabel('Your comment').fill(words);
  await frame.getByRole('button', { name: 'Post comment' }).click();
  const mine = frame.locator('.comment-item', { hasText: words }).first();
  await expect(mine).toBeVisible();
  await mine.locator(':scope > article > details.reply > summary').click();
  const reply = `دریا کے پار سے جواب ${Date.now()}`;
  await mine.locator(':scope > article > details.reply textarea').fill(reply);
  await mine.locator(':scope > article > details.reply').getByRole('button', { name: 'Post reply' }).click();
  await expect(frame.locator('ol.replies .comment-item', { hasText: reply })).toBeVisible();

  // Someone on Byline's own page of the discussion writes; it arrives live.
  const asked = new URL((await frameElement.getAttribute('src'))!).searchParams.get('url');
  expect(asked).toBe(`${HOST}${STORY}`);
  const framedAt = new URL(page.frames().find((f) => f.url().includes('/embed/articles/'))!.url());
  const discussion = framedAt.pathname.replace('/embed/articles/', '/articles/');
  const otherContext = await browser.newContext();
  const other = await otherContext.newPage();
  await newReader(other, 'Neighbour');
  await other.goto(discussion);
  await expect(other.getByRole('link', { name: 'Read the story' })).toHaveAttribute('href', `${HOST}${STORY}`);
  const live = `Read it on the host's page too, ${Date.now()}.`;
  await other.getByLabel('Your comment').fill(live);
  await other.getByRole('button', { name: 'Post comment' }).click();
  await expect(other.locator('.comment-item', { hasText: live })).toBeVisible();
  await expect(frame.locator('.comment-item', { hasText: live })).toBeVisible({ timeout: 15_000 });

  // The host's index shows the count, asked for in one request.
  await page.reload();
  await expect(page.locator('[data-byline-count]')).toHaveText('3');
  await otherContext.close();
  await context.close();
});

/** The request to an address holding `part` once it has been answered or has failed. */
function settled(page: Page, part: string): Promise<Request> {
  return new Promise((resolve) => {
    const done = (request: Request) => {
      if (request.url().includes(part)) resolve(request);
    };
    page.on('requestfinished', done);
    page.on('requestfailed', done);
  });
}

test('a page of a site not allowed gets nothing', async ({ page }) => {
  const thread = settled(page, '/embed/thread?');
  const counts = settled(page, '/api/v1/embed/counts');
  await page.goto(`${OTHER}${STORY}`);
  expect((await (await thread).response())?.status()).toBe(403);
  // Refused, and without the header that would let the page read it.
  const countsAnswer = await (await counts).response();
  expect(countsAnswer === null || countsAnswer.status() === 403).toBe(true);
  const frameElement = page.locator('iframe[title="Comments"]');
  expect((await frameElement.boundingBox())?.height ?? 0).toBe(0);
  await expect(page.getByRole('link', { name: 'Read the discussion' })).toBeVisible();
  await expect(page.locator('[data-byline-count]')).toHaveText('unknown');
});
