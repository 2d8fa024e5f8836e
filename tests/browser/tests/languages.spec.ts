import * as fs from 'node:fs';
import { expect, test } from '@playwright/test';
import { expectNoSeriousA11yViolations, newReader, screenshot } from './helpers';

// A reader picks the language of the site's words on their account page;
// every page then speaks it to them, right to left, in its typeface, and
// still reads at AA in both themes. The pictures are kept as artifacts.
const languages = [
  {
    name: 'Urdu', tag: 'ur', own: 'اردو', saved: 'آپ کی منتخب زبان محفوظ ہو گئی۔', sections: 'حصے',
    featured: 'منتخب مواد', comments: 'تبصرے', yourComment: 'آپ کا تبصرہ', typeface: 'Nastaliq',
    story: '/articles/qandeelpur-book-fair-returns',
  },
  {
    name: 'Arabic', tag: 'ar', own: 'العربية', saved: 'حُفظ اختيارك للغة.', sections: 'الأقسام',
    featured: 'محتوى مختار', comments: 'التعليقات', yourComment: 'تعليقك', typeface: 'Naskh',
    story: '/articles/deir-al-sanabil-manuscripts-restored',
  },
];

test.describe.configure({ timeout: 120_000 });

for (const language of languages) {
  for (const scheme of ['light', 'dark'] as const) {
    test(`a reader who chooses ${language.name} reads the site in it (${scheme} theme)`, async ({ page }, testInfo) => {
      await page.emulateMedia({ colorScheme: scheme });
      await newReader(page, `reader_${language.tag}`);
      await page.getByLabel(language.own).check();
      await page.getByRole('button', { name: 'Save language' }).click();
      await expect(page.locator('.notice')).toHaveText(language.saved);

      // The front page's stories are English; the site's words around
      // them are the reader's, right to left.
      await page.locator('.site-title a').click();
      await expect(page).toHaveURL(/\/$/);
      const masthead = page.locator('header.site-header');
      await expect(masthead).toHaveAttribute('lang', language.tag);
      await expect(masthead).toHaveCSS('direction', 'rtl');
      await expect(page.getByRole('navigation', { name: language.sections })).toBeVisible();
      await expect(page.locator('#featured-heading')).toHaveText(language.featured);
      await expectNoSeriousA11yViolations(page);
      await screenshot(page, testInfo, `home-${language.tag}-${scheme}.png`);

      // A story in the language, with its discussion: all of it right to
      // left, the comment form's words the reader's too.
      await page.goto(language.story);
      await expect(page.locator('html')).toHaveAttribute('dir', 'rtl');
      await expect(page.locator('#comments-heading')).toContainText(language.comments);
      const label = page.getByText(language.yourComment, { exact: true });
      await expect(label).toBeVisible();
      expect(await label.evaluate((e) => getComputedStyle(e).fontFamily)).toContain(language.typeface);
      await expect(page.locator('.comment-item').first()).toBeVisible();
      await expectNoSeriousA11yViolations(page);
      await screenshot(page, testInfo, `story-${language.tag}-${scheme}.png`);

      // A vote: the script writes the new count in the language's words
      // and plural form, as the server does.
      const comment = page.locator('.comment-item').first();
      const score = comment.locator('.score').first();
      const before = await score.textContent();
      await comment.locator('form[action$="/vote"] button').first().click();
      await expect(score).not.toHaveText(before ?? '');
      expect(await score.textContent()).not.toMatch(/[A-Za-z]/);
    });
  }
}

// Moderators read the queue in their language too: its words, how long
// ago each comment came, and what the keyboard script says.
const moderators = [
  {
    name: 'Urdu', tag: 'ur', own: 'اردو', link: 'BYLINE_TEST_MODERATOR_UR_LINK', saved: 'آپ کی منتخب زبان محفوظ ہو گئی۔', queue: 'قطار', approve: 'منظور کریں', now: 'ابھی', chosen: /^چنا گیا۔ کل چنے ہوئے: 1۔$/,
    comment: 'کتاب میلے کی واپسی پر بہت خوشی ہوئی۔',
  },
  {
    name: 'Arabic', tag: 'ar', own: 'العربية', link: 'BYLINE_TEST_MODERATOR_AR_LINK', saved: 'حُفظ اختيارك للغة.', queue: 'قائمة الانتظار', approve: 'موافقة', now: 'الآن', chosen: /^محدد\. المحدد إجمالًا: 1\.$/,
    comment: 'عودة الأسر إلى المرتفعات خبر طيب.',
  },
];
const PREMODERATED = '/articles/tarvel-highlands-families-return';

for (const moderator of moderators) {
  test(`a moderator who chooses ${moderator.name} works through the queue in it`, async ({ browser }, testInfo) => {
    // A reader's comment waits on a pre-moderated story.
    const readerContext = await browser.newContext();
    const reader = await readerContext.newPage();
    await newReader(reader, `queue_${moderator.tag}`);
    await reader.goto(PREMODERATED);
    const stamp = Date.now().toString(36);
    await reader.getByLabel('Your comment').fill(`${moderator.comment} ${stamp}`);
    await reader.getByRole('button', { name: 'Post comment' }).click();
    await readerContext.close();

    const context = await browser.newContext();
    const page = await context.newPage();
    const printed = fs.readFileSync(process.env[moderator.link]!, 'utf8');
    const link = printed.match(/https?:\/\/\S+\/signin\/link\/\S+/)?.[0];
    expect(link, printed).toBeTruthy();
    await page.goto(new URL(link!).pathname);
    await page.getByRole('button', { name: 'Sign me in' }).press('Enter');
    await expect(page.getByRole('link', { name: 'Moderation' })).toBeVisible();
    await page.goto('/account');
    await page.getByLabel(moderator.own).check();
    await page.getByRole('button', { name: 'Save language' }).click();
    await expect(page.locator('.notice')).toHaveText(moderator.saved);

    await page.goto(`/moderation?tab=pending&article=${PREMODERATED.split('/').pop()}`);
    await expect(page.locator('html')).toHaveAttribute('lang', moderator.tag);
    await expect(page.locator('html')).toHaveAttribute('dir', 'rtl');
    await expect(page.getByRole('link', { name: moderator.queue })).toHaveAttribute('aria-current', 'page');
    const item = page.locator('.queue-item', { has: page.locator('.comment-body', { hasText: stamp }) });
    await expect(item.locator('header time')).toHaveText(moderator.now);
    await expect(item.getByRole('button', { name: moderator.approve, exact: true })).toBeVisible();
    await expectNoSeriousA11yViolations(page);
    await screenshot(page, testInfo, `moderation-${moderator.tag}.png`);

    // The keyboard: down to the comment and choose it; the script says so
    // in the page's language.
    const items = page.locator('.queue-item');
    const at = await items.evaluateAll((all, s) => all.findIndex((e) => e.textContent!.includes(s)), stamp);
    for (let i = 0; i <= at; i++) await page.keyboard.press('j');
    await page.keyboard.press('x');
    await expect(page.locator('#queue-chosen')).toHaveText(moderator.chosen);
    await context.close();
  });
}

test('a reader on a light system chooses dark colours, and every page is drawn dark and reads at AA', async ({ page }) => {
  await page.emulateMedia({ colorScheme: 'light' });
  await newReader(page, 'night_owl');
  await page.getByLabel('Dark', { exact: true }).check();
  await page.getByRole('button', { name: 'Save colours' }).click();
  await expect(page.locator('.notice')).toHaveText('Your choice of colours is saved.');
  await page.goto('/articles/seyra-river-accord-signed');
  expect(await page.evaluate(() => getComputedStyle(document.body).backgroundColor)).toBe('rgb(20, 20, 20)');
  await expectNoSeriousA11yViolations(page);
  // And light on a dark system, once chosen.
  await page.emulateMedia({ colorScheme: 'dark' });
  await page.goto('/account');
  await page.getByLabel('Light', { exact: true }).check();
  await page.getByRole('button', { name: 'Save colours' }).click();
  await page.goto('/');
  expect(await page.evaluate(() => getComputedStyle(document.body).backgroundColor)).toBe('rgb(255, 255, 255)');
});
