import * as path from 'node:path';
import { expect, test } from '@playwright/test';
import { expectNoSeriousA11yViolations, signInWith } from './helpers';

test.describe.configure({ timeout: 120_000 });

test('a writer writes an Urdu story, an editor previews and publishes it', async ({ browser }) => {
  const stamp = Date.now().toString(36);
  const headline = `کراچی کی بندرگاہ دوبارہ کھل گئی ${stamp}`;
  const writerContext = await browser.newContext();
  const writer = await writerContext.newPage();
  await signInWith(writer, process.env.BYLINE_TEST_WRITER_LINK!);
  await writer.getByRole('link', { name: 'Desk' }).click();
  await expect(writer.getByRole('heading', { level: 1 })).toHaveText('Desk');
  await expectNoSeriousA11yViolations(writer);
  await writer.getByRole('link', { name: 'Write a new story' }).click();

  // A mistake first: the form comes back with the words typed.
  await writer.getByLabel('Headline', { exact: true }).fill(headline);
  await writer.getByLabel('Standfirst', { exact: true }).fill('طوفان کے بعد کشتیاں واپس آ گئیں۔');
  await writer.getByLabel('Section', { exact: true }).fill('World');
  await writer.getByLabel(/^Body/).fill('بندرگاہ **پیر** کو دوبارہ کھل گئی۔\n\n> [!pullquote]\n> ہم واپس آ گئے ہیں۔');
  await writer.getByLabel(/^Language/).fill('urdu!');
  await writer.getByRole('button', { name: 'Save' }).click();
  await expect(writer.locator('#language-error')).toBeVisible();
  await expect(writer.getByLabel('Headline', { exact: true })).toHaveValue(headline);
  await expect(writer.getByLabel(/^Body/)).toHaveValue(/بندرگاہ/);
  await writer.getByLabel(/^Language/).fill('ur');
  await writer.getByLabel(/^Address/).fill(`karachi-harbour-${stamp}`);
  await writer.getByRole('button', { name: 'Save' }).click();
  await expect(writer.getByRole('status')).toHaveText('The story is saved as a draft.');
  await expectNoSeriousA11yViolations(writer);
  const shots = path.join(test.info().project.outputDir, 'screenshots');
  const file = path.join(shots, 'desk-editor-urdu-1280.png');
  await writer.screenshot({ path: file, fullPage: true });
  await test.info().attach('the editor with an Urdu story', { path: file, contentType: 'image/png' });
  await writer.getByRole('button', { name: 'Submit to the editors' }).click();
  await expect(writer.getByRole('status')).toHaveText('The story is now submitted.');
  await expect(writer.getByRole('button', { name: 'Publish now' })).toHaveCount(0);

  const editorContext = await browser.newContext();
  const editor = await editorContext.newPage();
  await signInWith(editor, process.env.BYLINE_TEST_EDITOR_LINK!);
  await editor.goto('/desk');
  await editor.getByLabel('State').selectOption('submitted');
  await editor.getByRole('button', { name: 'Show' }).click();
  await editor.getByRole('link', { name: headline }).click();
  await expect(editor.locator('.story-state').first()).toHaveText('submitted');

  await editor.getByRole('link', { name: 'Preview' }).click();
  await expect(editor.getByRole('heading', { level: 1 })).toHaveText(headline);
  await expect(editor.locator('html')).toHaveAttribute('dir', 'rtl');
  await expect(editor.locator('.story-body strong')).toHaveText('پیر');
  await editor.goBack();

  // Nobody else sees it yet.
  const stranger = await (await browser.newContext()).newPage();
  const before = await stranger.goto(`/articles/karachi-harbour-${stamp}`);
  expect(before?.status()).toBe(404);

  await editor.getByRole('button', { name: 'Publish now' }).click();
  await expect(editor.getByRole('status')).toHaveText('The story is now published.');
  await stranger.goto('/');
  await expect(stranger.getByRole('link', { name: headline }).first()).toBeVisible();

  // A correction, compared word by word with what was published.
  await editor.getByLabel('Standfirst', { exact: true }).fill('طوفان کے دو دن بعد کشتیاں واپس آ گئیں۔');
  await editor.getByRole('button', { name: 'Save' }).click();
  await expect(editor.getByRole('status')).toHaveText('Saved.');
  await editor.getByRole('link', { name: 'what changed' }).first().click();
  await expect(editor.locator('.story-diff ins')).toContainText(['دو دن']);
  await expectNoSeriousA11yViolations(editor);
  await stranger.goto(`/articles/karachi-harbour-${stamp}`);
  await expect(stranger.getByText('طوفان کے دو دن بعد')).toBeVisible();
});
