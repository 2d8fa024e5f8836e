import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page, type TestInfo } from '@playwright/test';

const pages: { name: string; path: string; status: number }[] = [
  { name: 'front page', path: '/', status: 200 },
  { name: 'English article', path: '/articles/seyra-river-accord-signed', status: 200 },
  { name: 'Urdu article', path: '/articles/qandeelpur-book-fair-returns', status: 200 },
  { name: 'Arabic article', path: '/articles/deir-al-sanabil-manuscripts-restored', status: 200 },
  { name: 'section page', path: '/sections/culture', status: 200 },
  { name: '404 page', path: '/no-such-page', status: 404 },
];

// axe walks every node: the lead story's long discussion takes it past the
// default budget when the machine is busy.
test.describe.configure({ timeout: 120_000 });

/** Runs axe on `path` and fails on any serious or critical violation. */
async function expectNoBlockingViolations(page: Page, testInfo: TestInfo, path: string, status: number) {
  const response = await page.goto(path);
  expect(response?.status()).toBe(status);

  const results = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'])
    .analyze();
  await testInfo.attach('axe-violations.json', {
    body: JSON.stringify(results.violations, null, 2),
    contentType: 'application/json',
  });

  const blocking = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  const report = blocking
    .map((v) => {
      const targets = v.nodes.slice(0, 5).map((n) => `    ${n.target.join(' ')}`);
      const more = v.nodes.length > 5 ? [`    … and ${v.nodes.length - 5} more`] : [];
      return [`${v.id} (${v.impact}): ${v.help} — ${v.nodes.length} element(s)`, ...targets, ...more].join('\n');
    })
    .join('\n');
  expect(blocking.length, `serious or critical axe violations on ${path}:\n${report}\n`).toBe(0);
}

/** The page's background as the reader sees it. */
async function paper(page: Page): Promise<string> {
  return page.evaluate(() => getComputedStyle(document.body).backgroundColor);
}

for (const { name, path, status } of pages) {
  test(`axe finds no serious or critical WCAG 2.2 AA violations: ${name}`, async ({ page }, testInfo) => {
    await expectNoBlockingViolations(page, testInfo, path, status);
    expect(await paper(page)).toBe('rgb(255, 255, 255)');
  });
}

// A reader whose system asks for dark colours gets the dark theme, and
// every page still reads at AA.
test.describe('dark theme', () => {
  test.use({ colorScheme: 'dark' });
  for (const { name, path, status } of pages) {
    test(`in the dark theme, axe finds no serious or critical violations: ${name}`, async ({ page }, testInfo) => {
      await expectNoBlockingViolations(page, testInfo, path, status);
      expect(await paper(page)).toBe('rgb(20, 20, 20)');
      await testInfo.attach('dark.png', { body: await page.screenshot(), contentType: 'image/png' });
    });
  }
});
