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
    });
  }
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
