import * as fs from 'node:fs';
import * as path from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { expectNoSeriousA11yViolations, signInWith } from './helpers';

/** A photograph made for the demo, made different by a comment block so
 *  the library takes it as a new one (and must strip the comment). */
function photograph(stamp: string): Buffer {
  const file = path.resolve(__dirname, '../../../crates/byline/demo/media/harbour-at-dusk.jpg');
  const jpeg = fs.readFileSync(file);
  const text = Buffer.from(`taken at 51,30.0N ${stamp}`);
  const comment = Buffer.concat([Buffer.from([0xff, 0xfe, 0, text.length + 2]), text]);
  return Buffer.concat([jpeg.subarray(0, 2), comment, jpeg.subarray(2)]);
}

/** `YYYY-MM-DDTHH:MM` in UTC, the first whole minute at least 45 seconds
 *  from now: far enough that the schedule is not in the past when sent,
 *  and that the check right after it comes before its time. */
function nextMinuteUtc(): string {
  const at = new Date(Math.ceil((Date.now() + 45_000) / 60_000) * 60_000);
  return at.toISOString().slice(0, 16);
}

async function openStory(page: Page, headline: string) {
  await page.goto('/desk');
  await page.getByLabel('Words in the headline').fill(headline);
  await page.getByRole('button', { name: 'Show' }).click();
  await page.getByRole('link', { name: headline }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(`Edit: ${headline}`);
}

test('a writer files a story with a photograph; an editor schedules it, sees it appear, and corrects it', async ({
  browser,
}) => {
  test.setTimeout(420_000);
  const stamp = Date.now().toString(36);
  const headline = `Boats return to Ostrel at dusk ${stamp}`;
  const alt = `Fishing boats leave the harbour under an orange sky ${stamp}`;

  const writer = await (await browser.newContext()).newPage();
  await signInWith(writer, process.env.BYLINE_TEST_PHOTO_WRITER_LINK!);
  await writer.goto('/desk/new');
  await writer.getByLabel('Headline', { exact: true }).fill(headline);
  await writer.getByLabel('Standfirst', { exact: true }).fill('The blockade is over and the fleet is back at sea.');
  await writer.getByLabel('Section', { exact: true }).fill('World');
  await writer.getByLabel(/^Body/).fill('The boats **sailed** at dusk.\n\n> [!pullquote]\n> We are going out with time.');
  await writer.getByLabel('New photograph', { exact: true }).setInputFiles({
    name: 'boats.jpg',
    mimeType: 'image/jpeg',
    buffer: photograph(stamp),
  });
  // Without a description the story comes back whole, the field marked.
  await writer.getByRole('button', { name: 'Save' }).click();
  await expect(writer.locator('#photo_alt-error')).toBeVisible();
  await expect(writer.getByLabel('Headline', { exact: true })).toHaveValue(headline);
  await writer.getByLabel(/^Its description/).fill(alt);
  await writer.getByLabel(/^Its credit/).fill('Pia Photo');
  await writer.getByLabel('New photograph', { exact: true }).setInputFiles({
    name: 'boats.jpg',
    mimeType: 'image/jpeg',
    buffer: photograph(stamp),
  });
  await writer.getByRole('button', { name: 'Save' }).click();
  await expect(writer.getByRole('status')).toHaveText('The story is saved as a draft.');
  // The new photograph is the story's lead, chosen among the library's.
  await expect(writer.getByRole('radio', { name: new RegExp(alt) })).toBeChecked();
  await expectNoSeriousA11yViolations(writer);
  await writer.getByRole('button', { name: 'Submit to the editors' }).click();
  await expect(writer.getByRole('status')).toHaveText('The story is now submitted.');

  // The media library has it, with its words; nothing of the camera's.
  await writer.goto('/desk/media');
  await expectNoSeriousA11yViolations(writer);
  await writer.getByRole('link', { name: alt }).click();
  await expect(writer.getByLabel(/^Description for readers/)).toHaveValue(alt);
  await expectNoSeriousA11yViolations(writer);
  const file = await writer.locator('ul.media-files a').first().getAttribute('href');
  const served = await writer.request.get(file!);
  expect(served.headers()['cache-control']).toBe('public, max-age=31536000, immutable');
  expect((await served.body()).includes(Buffer.from('51,30.0N'))).toBe(false);

  const editor = await (await browser.newContext()).newPage();
  await signInWith(editor, process.env.BYLINE_TEST_CHIEF_LINK!);
  await openStory(editor, headline);
  await editor.getByRole('link', { name: 'Preview' }).click();
  const previewed = editor.locator('figure.lead-image img');
  await expect(previewed).toHaveAttribute('alt', alt);
  await expect.poll(() => previewed.evaluate((img: HTMLImageElement) => img.naturalWidth)).toBeGreaterThan(0);
  await editor.goBack();

  // Scheduled for the next minute: nobody sees it before, everyone after.
  await editor.getByLabel('Publish at (UTC)').fill(nextMinuteUtc());
  await editor.getByRole('button', { name: 'Schedule' }).click();
  await expect(editor.getByRole('status')).toHaveText('The story is now scheduled.');
  const reader = await (await browser.newContext()).newPage();
  const slug = `boats-return-to-ostrel-at-dusk-${stamp}`;
  expect((await reader.goto(`/articles/${slug}`))?.status()).toBe(404);
  await expect(async () => {
    await reader.goto('/');
    await expect(reader.getByRole('link', { name: headline }).first()).toBeVisible({ timeout: 1_000 });
  }).toPass({ timeout: 180_000 });
  await reader.getByRole('link', { name: headline }).first().click();
  const shown = reader.locator('figure.lead-image img');
  await expect(shown).toHaveAttribute('alt', alt);
  await expect.poll(() => shown.evaluate((img: HTMLImageElement) => img.naturalWidth)).toBeGreaterThan(0);
  await expect(reader.locator('figure.lead-image figcaption')).toContainText('Pia Photo');
  await expectNoSeriousA11yViolations(reader);

  // A correction, appended for good, shown with its time.
  await editor.reload();
  await editor.getByLabel('Kind').selectOption('correction');
  await editor.getByLabel('Note', { exact: true }).fill('An earlier version gave the wrong day for the sailing.');
  await editor.getByRole('button', { name: 'Append the note' }).click();
  await expect(editor.getByRole('status')).toHaveText('The note is appended; readers see it under the story.');
  await reader.reload();
  await expect(reader.locator('.story-note')).toContainText('An earlier version gave the wrong day');
});

test('two editors saving one story: the second sees both versions and keeps their text', async ({ browser }) => {
  const headline = `Night ferry timetable changes ${Date.now().toString(36)}`;
  const first = await (await browser.newContext()).newPage();
  const second = await (await browser.newContext()).newPage();
  await signInWith(first, process.env.BYLINE_TEST_DEPUTY_LINK!);
  await signInWith(second, process.env.BYLINE_TEST_NIGHT_EDITOR_LINK!);
  await first.goto('/desk/new');
  await first.getByLabel('Headline', { exact: true }).fill(headline);
  await first.getByLabel('Standfirst', { exact: true }).fill('The last boat leaves earlier.');
  await first.getByLabel('Section', { exact: true }).fill('World');
  await first.getByLabel(/^Body/).fill('From Monday the last ferry leaves at ten.');
  await first.getByRole('button', { name: 'Save' }).click();
  await expect(first.getByRole('status')).toHaveText('The story is saved as a draft.');
  await openStory(second, headline);

  await first.getByLabel('Standfirst', { exact: true }).fill('The first editor’s standfirst.');
  await first.getByRole('button', { name: 'Save' }).click();
  await expect(first.getByRole('status')).toHaveText('Saved.');

  await second.getByLabel('Standfirst', { exact: true }).fill('The second editor’s standfirst.');
  await second.getByRole('button', { name: 'Save' }).click();
  // Both versions side by side: theirs as saved, and the text typed here.
  await expect(second.getByText('The first editor’s standfirst.')).toBeVisible();
  await expect(second.getByLabel('Standfirst', { exact: true })).toHaveValue('The second editor’s standfirst.');
  await expectNoSeriousA11yViolations(second);
  await second.getByRole('button', { name: /^Save mine over version/ }).click();
  await expect(second.getByRole('status')).toHaveText('Saved.');
  await expect(second.getByLabel('Standfirst', { exact: true })).toHaveValue('The second editor’s standfirst.');
});
