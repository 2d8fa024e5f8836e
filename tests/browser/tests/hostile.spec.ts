// The hostile-input suite in a real browser: a reader posts every payload
// of the shared list, and the pages that show them must run none of them
// and show each as text.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { newReader } from './helpers';

// No other test posts here or counts this article's comments.
const ARTICLE = '/articles/ostrel-harbour-fishing-blockade';

/** The same list the sanitiser's unit test and the HTTP test read. */
const suite: { payloads: string[]; contexts: string[] } = JSON.parse(
  fs.readFileSync(path.join(__dirname, '../../../crates/byline-core/testdata/hostile-comments.json'), 'utf8'),
);
const place = (context: string, payload: string) => context.split('{}').join(payload);

/** Every payload alone, then every payload again in one of the other Markdown contexts, in turn. */
const others = suite.contexts.filter((c) => c !== '{}');
const BULK = [
  ...suite.payloads,
  ...suite.payloads.map((payload, i) => place(others[i % others.length], payload)),
];

/**
 * Typed into the visible form, key by key, as a person would. Each differs
 * from its copy in the bulk: the same text twice from one reader is held
 * for review, and this test reads what is published.
 */
const TYPED = [
  '<script>alert(1)</script> (typed)',
  '<img src=x onerror=alert(1)> (typed)',
  '[x](javascript:alert(1)) (typed)',
  '</textarea><script>alert(1)</script> (typed)',
];

/** What a comment may hold after sanitising: these elements, these attributes, these link schemes. */
const ALLOWED_TAGS = ['a', 'blockquote', 'br', 'code', 'del', 'em', 'li', 'ol', 'p', 'pre', 'strong', 'ul'];
const ALLOWED_ATTRIBUTES = ['href', 'rel', 'start'];
const ALLOWED_SCHEMES = ['http:', 'https:', 'mailto:'];
const FORBIDDEN = ['script', 'iframe', 'object', 'embed', 'svg', 'math', 'style', 'form', 'img', 'input', 'textarea',
  'button', 'select', 'video', 'audio', 'base', 'meta', 'link', 'template', 'noscript', 'frame', 'frameset', 'details'];

// Signs up, posts some 360 comments and reads them back over several pages:
// more than the default budget on two busy cores.
test.describe.configure({ timeout: 120_000 });

/**
 * Sets tripwires on a page before any of its scripts run: alert, confirm,
 * prompt and print, a `window.__pwned` setter, native dialogs, uncaught
 * script errors, anything the page's Content-Security-Policy had to block,
 * and requests to any other site. Returns what fired.
 */
async function armTraps(page: Page, name: string): Promise<string[]> {
  const fired: string[] = [];
  const origin = new URL(test.info().project.use.baseURL!).origin;
  await page.exposeBinding('__bylineTrap', ({ frame }, what: string) => {
    fired.push(`${name}: ${what} (in ${frame.url()})`);
  });
  await page.addInitScript(() => {
    const w = window as unknown as Record<string, unknown>;
    const report = (what: string) => (w.__bylineTrap as (what: string) => void)(what);
    w.alert = (m?: unknown) => report(`alert(${String(m)})`);
    w.confirm = (m?: unknown) => (report(`confirm(${String(m)})`), false);
    w.prompt = (m?: unknown) => (report(`prompt(${String(m)})`), null);
    w.print = () => report('print()');
    Object.defineProperty(window, '__pwned', {
      configurable: false,
      get: () => undefined,
      set: (value) => report(`window.__pwned = ${String(value)}`),
    });
    document.addEventListener('securitypolicyviolation', (event) =>
      report(`blocked by the CSP: ${event.violatedDirective} ${event.blockedURI} ${event.sample}`),
    );
  });
  page.on('dialog', async (dialog) => {
    fired.push(`${name}: native ${dialog.type()} "${dialog.message()}"`);
    await dialog.dismiss();
  });
  page.on('pageerror', (error) => fired.push(`${name}: script error ${error.message}`));
  page.on('request', (request) => {
    const url = new URL(request.url());
    if (url.protocol.startsWith('http') && url.origin !== origin) fired.push(`${name}: request to ${request.url()}`);
  });
  return fired;
}

/** Lets handlers that fire late (load and error events, autofocus, animations) have their chance. */
async function settle(page: Page) {
  await page.waitForLoadState('load');
  await page.mouse.move(400, 300);
  await page.mouse.move(600, 500);
  await page.waitForTimeout(200);
}

/**
 * Posts through the page's own form, typing key by key; the page's script
 * puts the new comment in place and focuses it. Returns its id.
 */
async function typeAndPost(page: Page, text: string): Promise<string> {
  const box = page.getByLabel('Your comment');
  await box.pressSequentially(text);
  await page.getByRole('button', { name: 'Post comment' }).click();
  await expect(box).toHaveValue('');
  const id = await page.evaluate(() => document.activeElement?.id ?? '');
  expect(id).toMatch(/^c-\d+$/);
  return id.replace(/^c-/, '');
}

/** Posts the page's comment form with its CSRF token, as the form would; returns the new comment's id. */
async function postForm(page: Page, csrf: string, text: string): Promise<string> {
  const response = await page.request.post(`${ARTICLE}/comments`, {
    form: { csrf, body: text, parent_id: '' },
    maxRedirects: 0,
  });
  const location = response.headers()['location'] ?? '';
  const id = location.match(/#c-(\d+)$/)?.[1];
  expect(id, `posting ${JSON.stringify(text)}: ${response.status()} ${location}`).toBeTruthy();
  return id!;
}

/**
 * Whether the moderation policy published the comment. Some payloads are
 * the same text as another once normalised (invisible characters dropped),
 * and the same text twice from one reader waits for review, unseen by
 * others; this test follows what is published.
 */
async function published(page: Page, id: string): Promise<boolean> {
  const answer = await (await page.request.get(`/api/v1/comments/${id}`)).json();
  expect(['published', 'pending'], `comment ${id}`).toContain(answer.comment.status);
  return answer.comment.status === 'published';
}

interface Inspection {
  problems: string[];
  /** Each comment's id and the text its body shows. */
  texts: [string, string][];
  more: string | null;
}

/** Reads the comments bar as the browser built it, and lists anything a comment should not hold. */
async function inspect(page: Page): Promise<Inspection> {
  return page.evaluate(
    ({ tags, attributes, schemes, forbidden }) => {
      const problems: string[] = [];
      const bar = document.getElementById('comments')!;
      for (const script of Array.from(document.scripts)) {
        const ours = script.src.includes('/static/comments.') || script.type === 'application/ld+json';
        if (!ours) problems.push(`a script that is not ours: ${script.outerHTML.slice(0, 200)}`);
      }
      for (const element of Array.from(bar.querySelectorAll('*'))) {
        for (const name of element.getAttributeNames()) {
          if (name.toLowerCase().startsWith('on')) problems.push(`event handler in the comments bar: ${element.outerHTML.slice(0, 200)}`);
        }
      }
      const bodies = Array.from(bar.querySelectorAll('.comment-body'));
      for (const body of bodies) {
        const id = body.closest('li.comment-item')?.id ?? '(featured)';
        const where = `${id}: ${body.innerHTML.slice(0, 200)}`;
        if (body.querySelector(forbidden.join(','))) problems.push(`forbidden element in ${where}`);
        for (const element of Array.from(body.querySelectorAll('*'))) {
          const tag = element.localName;
          if (!tags.includes(tag) || element.namespaceURI !== 'http://www.w3.org/1999/xhtml') problems.push(`<${tag}> in ${where}`);
          for (const name of element.getAttributeNames()) {
            if (!attributes.includes(name)) problems.push(`attribute ${name} on <${tag}> in ${where}`);
          }
        }
        for (const link of Array.from(body.querySelectorAll('a[href]')) as HTMLAnchorElement[]) {
          const raw = link.getAttribute('href')!.replace(/[\t\n\r]/g, '').replace(/^[\u0000-\u0020]+/, '').toLowerCase();
          if (/^(javascript|vbscript|data):/.test(raw) || !schemes.includes(link.protocol)) {
            problems.push(`link to ${link.getAttribute('href')} in ${where}`);
          }
        }
      }
      const texts: [string, string][] = bodies
        .filter((body) => body.closest('li.comment-item'))
        .map((body) => [body.closest('li.comment-item')!.id.replace(/^c-/, ''), body.textContent ?? '']);
      const more = document.querySelector<HTMLAnchorElement>('nav[aria-label="More comments"] a')?.getAttribute('href') ?? null;
      return { problems, texts, more };
    },
    { tags: ALLOWED_TAGS, attributes: ALLOWED_ATTRIBUTES, schemes: ALLOWED_SCHEMES, forbidden: FORBIDDEN },
  );
}

const squash = (text: string) => text.replace(/\s+/g, ' ').trim();
const isMarkdown = (text: string) =>
  /^<[a-z][a-z0-9+.-]{1,31}:[^<>\s]*>$/i.test(text) || /[`&]/.test(text) || /\n *(=+|-+) *(\n|$)/.test(text);

test('hostile comments are shown as text and never run, in the page and live', async ({ browser, page }) => {
  // The site's Content-Security-Policy would stop most payloads even if the
  // sanitiser let them through: the writer's page keeps it, and reports
  // anything it had to block; the reader's page does without it, so the
  // sanitiser and the templates must hold on their own.
  const readerContext = await browser.newContext({ bypassCSP: true });

  // The tripwires work: a payload on a page of this site trips them, with
  // the policy and without it.
  const payload = '<img src=x onerror=alert(1)><script>window.__pwned = 1</script>';
  const headers = { 'content-security-policy': "default-src 'none'; script-src 'self'; img-src 'self'" };
  const controls = [
    { control: await readerContext.newPage(), expected: ['alert(1)', 'window.__pwned = 1'] },
    { control: await page.context().newPage(), expected: ['CSP: script-src-attr', 'CSP: script-src-elem'] },
  ];
  for (const { control, expected } of controls) {
    const fired = await armTraps(control, 'control');
    await control.route('**/control-page', (route) => route.fulfill({ contentType: 'text/html', headers, body: payload }));
    await control.goto('/control-page');
    await expect.poll(() => expected.filter((what) => !fired.join('\n').includes(what))).toEqual([]);
    await control.close();
  }

  // A reader with the article open before anything is posted gets every comment live.
  const reader = await readerContext.newPage();
  const readerFired = await armTraps(reader, 'reader');
  await reader.goto(ARTICLE);
  await expect(reader.locator('#comments h2 .count')).toHaveText('(0)');

  // The writer signs up in the browser, types a few payloads into the form…
  const writerFired = await armTraps(page, 'writer');
  const nothingRan = (when: string) => expect([...writerFired, ...readerFired], `scripts ran ${when}`).toEqual([]);
  await newReader(page, 'Mallory');
  await page.goto(ARTICLE);
  const posted = new Map<string, string>();
  for (const text of TYPED) {
    posted.set(await typeAndPost(page, text), text);
    await settle(page);
  }
  nothingRan('on the writer\'s page');
  // The writer edits one in place, into another payload.
  const [editedId, first] = [...posted].find(([, text]) => text.startsWith('</textarea>'))!;
  const edited = page.locator(`#c-${editedId} > article`);
  await edited.getByRole('link', { name: 'Edit' }).click();
  await expect(page.getByLabel('Edit your comment')).toHaveValue(first);
  const second = '<svg onload=alert(1)> (edited)';
  await page.getByLabel('Edit your comment').fill(second);
  await edited.getByRole('button', { name: 'Save changes' }).click();
  await expect(edited.locator('.comment-body')).toHaveText(second);
  posted.set(editedId, second);
  await settle(page);
  nothingRan('on the writer\'s page, after an edit in place');

  // …and posts the rest of the suite through the same form's address, with
  // its token, pausing so the open pages' live streams never fall further
  // behind than their backlog. The writer's page receives them live too.
  const csrf = await page.locator('form.comment-form input[name="csrf"]').first().inputValue();
  const liveThreads = reader.locator('#comments ol.thread > li.comment-item');
  const held: string[] = [];
  for (let i = 0; i < BULK.length; i += 8) {
    const batch = BULK.slice(i, i + 8);
    const ids = await Promise.all(batch.map((text) => postForm(page, csrf, text)));
    const shownToAll = await Promise.all(ids.map((id) => published(page, id)));
    ids.forEach((id, j) => (shownToAll[j] ? posted.set(id, batch[j]) : held.push(id)));
    if (i % 48 === 40) await expect(liveThreads).toHaveCount(posted.size, { timeout: 15_000 });
  }
  expect(posted.size + held.length).toBe(TYPED.length + BULK.length);
  expect(held.length, 'held for review as repeats').toBeLessThan(10);

  // The reader's open page received every one live, and nothing ran there.
  await expect(liveThreads).toHaveCount(posted.size, { timeout: 15_000 });
  await settle(reader);
  nothingRan('on the pages receiving comments live');
  const live = await inspect(reader);
  expect(live.problems).toEqual([]);
  expect(new Set(live.texts.map(([id]) => id))).toEqual(new Set(posted.keys()));

  // Every page of the discussion, loaded afresh: no markup, nothing ran, every comment there.
  const shown = new Map<string, string>();
  let next: string | null = ARTICLE;
  while (next) {
    await reader.goto(next);
    await expect(reader.locator('#comments h2 .count')).toHaveText(`(${posted.size})`);
    await settle(reader);
    nothingRan(`on ${next}`);
    const seen = await inspect(reader);
    expect(seen.problems, `on ${next}`).toEqual([]);
    for (const [id, text] of seen.texts) shown.set(id, text);
    next = seen.more;
  }
  expect([...posted.keys()].filter((id) => !shown.has(id)), 'comments not shown on any page').toEqual([]);

  // Markup posted alone is shown literally, as the reader typed it, unless
  // it is also Markdown (an autolink, a code span, an entity, a heading's
  // underline), which is read as Markdown.
  const literal = [...posted].filter(
    ([, text]) => text.startsWith('<') && suite.payloads.includes(text) && !isMarkdown(text),
  );
  expect(literal.length).toBeGreaterThan(100);
  const garbled = literal
    .filter(([id, text]) => squash(shown.get(id)!) !== squash(text))
    .map(([id, text]) => `${JSON.stringify(text)} shows as ${JSON.stringify(shown.get(id))} (c-${id})`);
  expect(garbled).toEqual([]);
  const [scriptId] = [...posted].find(([, text]) => text === '<script>alert(1)</script>')!;
  await reader.goto(`${ARTICLE}#c-${scriptId}`);
  await expect(reader.locator(`#c-${scriptId} .comment-body`)).toHaveText('<script>alert(1)</script>');
  await expect(reader.locator(`#c-${scriptId} .comment-body`)).toBeVisible();

  // The author's edit page (without the script) puts the text back in a
  // text box, still as text.
  const [editId, editText] = [...posted].find(([id, text]) => id !== editedId && text.startsWith('</textarea>'))!;
  await page.goto(`/comments/${editId}/edit`);
  await settle(page);
  await expect(page.getByLabel('Your comment')).toHaveValue(editText);

  nothingRan('at all');
  await readerContext.close();
});
