import { expect, test, type Page } from '@playwright/test';
import { screenshot } from './helpers';

const articles = [
  {
    name: 'Urdu', lang: 'ur', path: '/articles/qandeelpur-book-fair-returns', shot: 'rtl-urdu-article.png',
    sections: 'حصے', comments: 'تبصرے', typeface: 'Nastaliq',
  },
  {
    name: 'Arabic', lang: 'ar', path: '/articles/deir-al-sanabil-manuscripts-restored', shot: 'rtl-arabic-article.png',
    sections: 'الأقسام', comments: 'التعليقات', typeface: 'Naskh',
  },
];

for (const article of articles) {
  test(`the ${article.name} article reads right to left, the site's words in ${article.name} too`, async ({ page }, testInfo) => {
    await page.goto(article.path);

    const html = page.locator('html');
    await expect(html).toHaveAttribute('dir', 'rtl');
    await expect(html).toHaveAttribute('lang', article.lang);

    const h1 = page.getByRole('heading', { level: 1 });
    await expect(h1).toBeVisible();
    await expect(h1).toHaveCSS('direction', 'rtl');
    await expect(page.locator('.story-body')).toHaveCSS('direction', 'rtl');

    // The masthead, footer and comment chrome speak the story's language,
    // right to left, in its typeface; the English section names say so.
    const masthead = page.locator('header.site-header');
    await expect(masthead).not.toHaveAttribute('lang', /./);
    await expect(masthead).toHaveCSS('direction', 'rtl');
    await expect(page.locator('footer.site-footer')).not.toHaveAttribute('lang', /./);
    const sections = page.getByRole('navigation', { name: article.sections });
    await expect(sections.getByRole('link', { name: 'Culture' })).toBeVisible();
    await expect(sections.locator('ul')).toHaveAttribute('lang', 'en');
    await expect(page.locator('#comments-heading')).toContainText(article.comments);
    expect(await page.locator('#comments-heading').evaluate((e) => getComputedStyle(e).fontFamily)).toContain(article.typeface);

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

test('English section names on an Urdu page are marked lang="en", its dates are Urdu', async ({ page }) => {
  await page.goto('/articles/qandeelpur-book-fair-returns');
  const meta = page.locator('.story-header .meta');
  expect(await meta.getByRole('link', { name: 'Culture' }).evaluate((e) => e.closest('[lang]')?.getAttribute('lang'))).toBe('en');
  const published = meta.locator('time').first();
  expect(await published.evaluate((e) => e.closest('[lang]')?.getAttribute('lang'))).toBe('ur');
  await expect(published).toContainText('عالمی وقت');
});

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

// Nastaliq's swashes reach past the ends of a word's advance, and its
// stacked letters above and below its line. Measured from the font itself
// (the canvas reports the ink of each word), every word of the Urdu
// comments, and a word ending in each letter, stays inside its comment.
test('Nastaliq comments keep their ink inside the comment column', async ({ page }) => {
  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto('/articles/qandeelpur-book-fair-returns');
  await page.evaluate(() => document.fonts.ready);
  const finals = 'بے کی میں کن حق لطف شمع باغ ٹک سنگ دل ہم کہ ساتھ جو آج کچ صبح شیخ لئے بڑ گھڑی ہیں پھول ژالہ ضرور';
  const worst = await page.evaluate((finals) => {
    const body = document.querySelector('.comment-body p');
    if (!body) throw new Error('no comment on the Urdu article');
    const box = getComputedStyle(body.closest('.comment-body')!);
    const style = getComputedStyle(body);
    const ctx = document.createElement('canvas').getContext('2d')!;
    ctx.font = `${style.fontStyle} ${style.fontWeight} ${style.fontSize} ${style.fontFamily}`;
    ctx.direction = 'rtl';
    ctx.textAlign = 'left';
    const lineHeight = parseFloat(style.lineHeight);
    const text = Array.from(document.querySelectorAll('.comment-body')).map((b) => b.textContent).join(' ') + ' ' + finals;
    const over = { start: 0, end: 0, above: 0, below: 0 };
    for (const word of text.split(/\s+/).filter((w) => /[\u0600-\u06ff]/.test(w))) {
      const m = ctx.measureText(word);
      const halfLeading = (lineHeight - m.fontBoundingBoxAscent - m.fontBoundingBoxDescent) / 2;
      // Right to left: a line starts at the right.
      over.start = Math.max(over.start, m.actualBoundingBoxRight - m.width);
      over.end = Math.max(over.end, m.actualBoundingBoxLeft);
      over.above = Math.max(over.above, m.actualBoundingBoxAscent - m.fontBoundingBoxAscent - halfLeading);
      over.below = Math.max(over.below, m.actualBoundingBoxDescent - m.fontBoundingBoxDescent - halfLeading);
    }
    return {
      font: style.fontFamily,
      over,
      room: {
        start: parseFloat(box.paddingInlineStart),
        end: parseFloat(box.paddingInlineEnd),
        above: parseFloat(box.paddingBlockStart),
        below: parseFloat(box.paddingBlockEnd),
      },
    };
  }, finals);
  expect(worst.font).toContain('Nastaliq');
  expect(worst.over.start, 'ink past the start of a line').toBeLessThanOrEqual(worst.room.start);
  expect(worst.over.end, 'ink past the end of a line').toBeLessThanOrEqual(worst.room.end);
  expect(worst.over.above, 'ink above the first line').toBeLessThanOrEqual(worst.room.above);
  expect(worst.over.below, 'ink below the last line').toBeLessThanOrEqual(worst.room.below);
});
