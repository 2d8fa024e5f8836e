// Browser tests for Byline. The config starts its own server on a fresh
// SQLite file loaded with the demo articles, so every run sees the same data.
//
// Run: cd tests/browser && npm ci && npx playwright test
// Needs: the server binary (`cargo build -p byline`) and Debian's chromium.
// Overrides: BYLINE_BIN (server binary), BYLINE_BROWSER_PORT (listen port),
// BYLINE_CHROMIUM (browser executable).
import { defineConfig } from '@playwright/test';
import * as os from 'node:os';
import * as path from 'node:path';

const port = Number(process.env.BYLINE_BROWSER_PORT ?? 18431);
const baseURL = `http://127.0.0.1:${port}`;
// Another newspaper that embeds the comments bar, on another site
// (localhost is another site than 127.0.0.1), and the same pages on a site
// Byline does not allow (another port, so another origin).
const hostPort = port + 1;
const otherPort = port + 2;
process.env.BYLINE_TEST_HOST_SITE = `http://localhost:${hostPort}`;
process.env.BYLINE_TEST_OTHER_SITE = `http://localhost:${otherPort}`;
const bin = process.env.BYLINE_BIN
  ? path.resolve(process.env.BYLINE_BIN)
  : path.resolve(__dirname, '../../target/debug/byline');
const quote = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;
// The server writes e-mail here (no SMTP relay in tests); the account tests
// read the links out of it, as a person would from their inbox.
const outbox = path.join(os.tmpdir(), `byline-browser-outbox-${port}`);
process.env.BYLINE_TEST_OUTBOX = outbox;
// A moderator made with the command line before the server starts; the
// moderation test signs in with the one-time link it prints.
const moderatorLink = path.join(os.tmpdir(), `byline-browser-moderator-${port}.txt`);
process.env.BYLINE_TEST_MODERATOR_LINK = moderatorLink;
// Two more, who read the queue in Urdu and in Arabic.
const moderatorUrLink = path.join(os.tmpdir(), `byline-browser-moderator-ur-${port}.txt`);
process.env.BYLINE_TEST_MODERATOR_UR_LINK = moderatorUrLink;
const moderatorArLink = path.join(os.tmpdir(), `byline-browser-moderator-ar-${port}.txt`);
process.env.BYLINE_TEST_MODERATOR_AR_LINK = moderatorArLink;
// An admin made the same way, for the test that reads every page kind.
const adminLink = path.join(os.tmpdir(), `byline-browser-admin-${port}.txt`);
process.env.BYLINE_TEST_ADMIN_LINK = adminLink;
// A writer and an editor, for the desk's test.
const writerLink = path.join(os.tmpdir(), `byline-browser-writer-${port}.txt`);
process.env.BYLINE_TEST_WRITER_LINK = writerLink;
const editorLink = path.join(os.tmpdir(), `byline-browser-editor-${port}.txt`);
process.env.BYLINE_TEST_EDITOR_LINK = editorLink;
// Another editor for the editor's script test: each link works once.
const subeditorLink = path.join(os.tmpdir(), `byline-browser-subeditor-${port}.txt`);
process.env.BYLINE_TEST_SUBEDITOR_LINK = subeditorLink;
// A writer and two editors for the photographs, schedule and conflict test.
const photoWriterLink = path.join(os.tmpdir(), `byline-browser-photo-writer-${port}.txt`);
process.env.BYLINE_TEST_PHOTO_WRITER_LINK = photoWriterLink;
const chiefLink = path.join(os.tmpdir(), `byline-browser-chief-${port}.txt`);
process.env.BYLINE_TEST_CHIEF_LINK = chiefLink;
const deputyLink = path.join(os.tmpdir(), `byline-browser-deputy-${port}.txt`);
process.env.BYLINE_TEST_DEPUTY_LINK = deputyLink;
const nightEditorLink = path.join(os.tmpdir(), `byline-browser-night-editor-${port}.txt`);
process.env.BYLINE_TEST_NIGHT_EDITOR_LINK = nightEditorLink;

export default defineConfig({
  testDir: './tests',
  outputDir: 'test-results',
  reporter: 'list',
  workers: 2,
  retries: 0,
  fullyParallel: true,
  forbidOnly: !!process.env.CI,
  // Generous: the suite must pass while the machine is busy (another build
  // running); waits end as soon as what they wait for is there.
  timeout: 60_000,
  expect: { timeout: 15_000 },
  use: {
    baseURL,
    browserName: 'chromium',
    viewport: { width: 1280, height: 900 },
    locale: 'en-GB',
    // Traces slow every test by a third; ask for them with `--trace on`.
    trace: 'off',
    screenshot: 'only-on-failure',
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
      ],
    },
  },
  webServer: [{
    // A fresh database in a new temporary folder for every run (the server
    // creates the file and loads the demo articles); the folder is removed
    // when Playwright stops the server.
    command: [
      `dir=$(mktemp -d ${quote(path.join(os.tmpdir(), 'byline-browser.XXXXXX'))}) || exit 1`,
      `trap 'rm -rf "$dir"' EXIT`,
      `trap 'exit 143' TERM INT`,
      `rm -rf ${quote(outbox)}`,
      `${quote(bin)} --database-url "$dir/byline.db" user add --handle mona_mod --email mona.mod@example.org --role moderator > ${quote(moderatorLink)} || exit 1`,
      `${quote(bin)} --database-url "$dir/byline.db" user add --handle nigran --name 'Nigran' --email nigran@example.org --role moderator > ${quote(moderatorUrLink)} || exit 1`,
      `${quote(bin)} --database-url "$dir/byline.db" user add --handle mushrif --name 'Mushrif' --email mushrif@example.org --role moderator > ${quote(moderatorArLink)} || exit 1`,
      `${quote(bin)} --database-url "$dir/byline.db" user add --handle ada_admin --email ada.admin@example.org --role admin > ${quote(adminLink)} || exit 1`,
      `${quote(bin)} --database-url "$dir/byline.db" user add --handle wanda_writer --name 'Wanda Writer' --email wanda@example.org --role writer > ${quote(writerLink)} || exit 1`,
      `${quote(bin)} --database-url "$dir/byline.db" user add --handle ed_editor --name 'Ed Editor' --email ed@example.org --role editor > ${quote(editorLink)} || exit 1`,
      `${quote(bin)} --database-url "$dir/byline.db" user add --handle sol_subeditor --name 'Sol Subeditor' --email sol@example.org --role editor > ${quote(subeditorLink)} || exit 1`,
      `${quote(bin)} --database-url "$dir/byline.db" user add --handle pia_photo --name 'Pia Photo' --email pia@example.org --role writer > ${quote(photoWriterLink)} || exit 1`,
      `${quote(bin)} --database-url "$dir/byline.db" user add --handle cora_chief --name 'Cora Chief' --email cora@example.org --role editor > ${quote(chiefLink)} || exit 1`,
      `${quote(bin)} --database-url "$dir/byline.db" user add --handle dan_deputy --name 'Dan Deputy' --email dan@example.org --role editor > ${quote(deputyLink)} || exit 1`,
      `${quote(bin)} --database-url "$dir/byline.db" user add --handle nia_night --name 'Nia Night' --email nia@example.org --role editor > ${quote(nightEditorLink)} || exit 1`,
      // Readers here comment and reply within seconds of each other (the
      // hostile-input test posts its whole list as one reader), and every
      // test that signs up does so from the same address. New readers are
      // trusted at once, so their comments appear; the moderation test
      // uses a pre-moderated story.
      `BYLINE_COMMENTS__MIN_INTERVAL_SECS=0 BYLINE_COMMENTS__PER_MINUTE=1000 BYLINE_ACCOUNTS__SIGN_UPS_PER_HOUR=100 BYLINE_MODERATION__TRUSTED_AFTER=0 BYLINE_EMBED__SITES='["http://localhost:${hostPort}"]' BYLINE_MAIL__OUTBOX_DIR=${quote(outbox)} BYLINE_MEDIA__DIR="$dir/media" ${quote(bin)} --database-url "$dir/byline.db" serve --demo --listen 127.0.0.1:${port}`,
    ].join('; '),
    url: `${baseURL}/healthz`,
    reuseExistingServer: false,
    timeout: 60_000,
    gracefulShutdown: { signal: 'SIGTERM', timeout: 5_000 },
    stdout: 'ignore',
    stderr: 'pipe',
  }, {
    command: `node host/site.mjs ${hostPort} ${otherPort} ${baseURL}`,
    url: `http://127.0.0.1:${hostPort}/healthz`,
    reuseExistingServer: false,
    timeout: 60_000,
    stdout: 'ignore',
    stderr: 'pipe',
  }],
});
