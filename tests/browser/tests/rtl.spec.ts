import { expect, test, type Page, type TestInfo } from '@playwright/test';
import * as fs from 'node:fs';
import * as path from 'node:path';

const articles = [
  { name: 'Urdu', lang: 'ur', path: '/articles/qandeelpur-book-fair-returns', shot: 'rtl-urdu-article.png' },
  { name: 'Arabic', lang: 'ar', path: '/articles/deir-al-sanabil-manuscripts-restored', shot: 'rtl-arabic-article.png' },
];

for (const article of articles) {
  test(`the ${article.name} article reads right to left, with the site's words in English`, async ({ page }, testInfo) => {
    await page.goto(article.path);

    const html = page.locator('html');
    await expect(html).toHaveAttribute('dir', 'rtl');
    await expect(html).toHaveAttribute('lang', article.lang);

    const h1 = page.getByRole('heading', { level: 1 });
    await expect(h1).toBeVisible();
    await expect(h1).toHaveCSS('direction', 'rtl');
    await expect(page.locator('.story-body')).toHaveCSS('direction', 'rtl');

    // The masthead, footer and comment chrome are site words: English, left to right.
    const masthead = page.locator('header.site-header');
    await expect(masthead).toHaveAttribute('lang', 'en');
    await expect(masthead).toHaveCSS('direction', 'ltr');
    await expect(page.locator('footer.site-footer')).toHaveAttribute('lang', 'en');
    await expect(page.getByRole('navigation', { name: 'Sections' }).getByRole('link', { name: 'Culture' })).toBeVisible();

    // Where the headline's words actually sit: its first line starts at the
    // column's right edge, the way a reader of the language expects.
    const { line, column } = await firstLineAndColumn(page, '.story-header h1');
    expect(Math.abs(column.right - line.right), describe(line, column)).toBeLessThanOrEqual(4);
    expect(line.left - column.left, describe(line, column)).toBeGreaterThanOrEqual(-1);
    // The article column itself sits at the inline start, i.e. on the right of the rail.
    const rail = await page.locator('aside.rail').boundingBox();
    expect(rail, 'the Featured content rail is shown').not.toBeNull();
    expect(rail!.x + rail!.width, 'the rail sits left of the story in RTL').toBeLessThanOrEqual(column.left + 1);

    await screenshot(page, testInfo, article.shot);
  });
}

test('control: the English article headline starts at the left edge of its column', async ({ page }) => {
  await page.goto('/articles/seyra-river-accord-signed');
  await expect(page.locator('html')).toHaveAttribute('dir', 'ltr');
  await expect(page.getByRole('heading', { level: 1 })).toHaveCSS('direction', 'ltr');
  const { line, column } = await firstLineAndColumn(page, '.story-header h1');
  expect(Math.abs(line.left - column.left), describe(line, column)).toBeLessThanOrEqual(4);
  const rail = await page.locator('aside.rail').boundingBox();
  expect(rail!.x, 'the rail sits right of the story in LTR').toBeGreaterThanOrEqual(column.right - 1);
});

test('the English site words on an Urdu page keep the English typeface and line height', async ({ page }) => {
  await page.goto('/articles/seyra-river-accord-signed');
  const english = await chromeStyle(page);
  await page.goto('/articles/qandeelpur-book-fair-returns');
  const urdu = await chromeStyle(page);
  expect(urdu).toEqual(english);
});

test('English section names and dates on an Urdu page are marked lang="en"', async ({ page }) => {
  await page.goto('/articles/qandeelpur-book-fair-returns');
  const meta = page.locator('.story-header .meta');
  for (const part of [meta.getByRole('link', { name: 'Culture' }), meta.locator('time').first()]) {
    expect(await part.evaluate((e) => e.closest('[lang]')?.getAttribute('lang'))).toBe('en');
  }
});

/** Computed type of the English site chrome, to compare across pages. */
async function chromeStyle(page: Page): Promise<Record<string, string>> {
  return page.evaluate(() => {
    const out: Record<string, string> = {};
    for (const sel of ['.site-nav a', 'footer.site-footer p', '#comments .comments-note']) {
      const c = getComputedStyle(document.querySelector(sel)!);
      out[sel] = `${c.fontFamily} / ${c.lineHeight}`;
    }
    return out;
  });
}

type Box = { left: number; right: number };

/** The box of the first line of text in `selector`, and of the article column holding it. */
async function firstLineAndColumn(page: Page, selector: string): Promise<{ line: Box; column: Box }> {
  return page.locator(selector).evaluate((el) => {
    const range = document.createRange();
    range.selectNodeContents(el);
    const rects = Array.from(range.getClientRects()).filter((r) => r.width > 0 && r.height > 0);
    if (rects.length === 0) throw new Error('headline has no rendered text');
    // Rects of the first line share its top; take their union.
    const top = Math.min(...rects.map((r) => r.top));
    const first = rects.filter((r) => r.top < top + 4);
    const column = (el.closest('article.story') ?? el.parentElement!).getBoundingClientRect();
    return {
      line: { left: Math.min(...first.map((r) => r.left)), right: Math.max(...first.map((r) => r.right)) },
      column: { left: column.left, right: column.right },
    };
  });
}

function describe(line: Box, column: Box): string {
  const f = (b: Box) => `[${b.left.toFixed(1)}, ${b.right.toFixed(1)}]`;
  return `first headline line ${f(line)} in column ${f(column)}`;
}

async function screenshot(page: Page, testInfo: TestInfo, name: string): Promise<void> {
  // Let the web fonts (Nastaliq, Naskh) settle before the picture is taken.
  await page.evaluate(() => document.fonts.ready.then(() => undefined));
  const dir = path.join(testInfo.project.outputDir, 'artifacts');
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, name);
  await page.screenshot({ path: file, fullPage: true });
  await testInfo.attach(name, { path: file, contentType: 'image/png' });
}
