/**
 * The article editor end to end: a second-level agent writes an article (slug from the
 * title, live preview), validates it, and an anonymous visitor finds it in public search;
 * archiving takes it out of search and its page points to the replacement. Two editors on one
 * article (two browser contexts): the second save shows both versions and loses neither. An
 * article deleted in git while open: the save is refused (text kept), the history shows the
 * deletion, and saving the form again creates it on purpose. A revision is restored from the history. A local draft survives a reload. Bad slugs,
 * oversized and disguised uploads are refused with clear messages; a real image goes in. The
 * no-JavaScript path (Preview button, upload) works. axe finds nothing serious on the editor,
 * the history and the article list. (Role refusals of the actions are in roles.spec.ts.)
 */
import fs from 'node:fs';
import path from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type APIRequestContext, type Browser, type Page } from '@playwright/test';
import { addStaffAccounts, logInAs, runNode } from './support/staff.ts';

const PASSWORD = 'e2e-article-editor-password';
const RUN = Date.now().toString(36);
const STAFF = {
  second: { email: `editor.second.${RUN}@tierzero.test`, name: `Selma Second ${RUN}`, role: 'second_level' },
  admin: { email: `editor.admin.${RUN}@tierzero.test`, name: `Arno Admin ${RUN}`, role: 'admin' },
  third: { email: `editor.third.${RUN}@tierzero.test`, name: `Theo Third ${RUN}`, role: 'third_level', extra: ['--areas', 'export'] },
};

test.beforeAll(() => addStaffAccounts(Object.values(STAFF), PASSWORD));

const SERVER = `file://${path.resolve('src/lib/server')}`;

/** A ticket solved by the second-level account; returns its reference. */
function solvedTicket(subject: string): { reference: string } {
  return runNode(`
    import { openDatabase } from '${SERVER}/platform/db.ts';
    import { createTicket } from '${SERVER}/desk/create-ticket.ts';
    import { solveTicket } from '${SERVER}/desk/solve-ticket.ts';
    import { DEFAULT_DESK_CONFIG } from '${SERVER}/desk/desk-config.ts';
    import { getUserByEmail } from '${SERVER}/accounts/users.ts';
    const db = openDatabase(process.env.DATA_DIR);
    import { sqliteDatabase } from '${SERVER}/platform/database/connect.ts';
    const database = sqliteDatabase(db);
    const admin = (await getUserByEmail(database, ${JSON.stringify(STAFF.admin.email)}));
    const { ticket } = await createTicket(database, { input: { name: 'Xaver Kunde', email: 'xaver.kunde@example.com', subject: ${JSON.stringify(subject)},
      description: 'Hallo, ich bin Xaver Kunde (xaver.kunde@example.com). Die Mahngebühr erscheint doppelt.', category: 'invoices', lang: 'de' }, config: DEFAULT_DESK_CONFIG });
    const solved = await solveTicket(database, { ticketId: ticket.id, actor: { id: admin.id, role: admin.role, areas: [] }, summary: 'Gebührenstaffelung in den Mahneinstellungen ausschalten.', expectedVersion: ticket.version, config: DEFAULT_DESK_CONFIG });
    console.log(JSON.stringify({ reference: solved.reference }));
  `);
}

function logIn(browser: Browser, who: keyof typeof STAFF, javaScriptEnabled = true): Promise<Page> {
  return logInAs(browser, STAFF[who].email, PASSWORD, javaScriptEnabled);
}

async function expectNoSeriousViolations(page: Page): Promise<void> {
  const { violations } = await new AxeBuilder({ page }).analyze();
  const serious = violations.filter((violation) => violation.impact === 'serious' || violation.impact === 'critical');
  expect(serious.map((violation) => `${violation.id}: ${violation.nodes.map((node) => node.target.join(' ')).join(', ')}`), page.url()).toEqual([]);
}

/** Public search hits (anonymous, JSON endpoint). */
async function publicHits(request: APIRequestContext, query: string): Promise<string[]> {
  const response = await request.get(`/api/search?q=${encodeURIComponent(query)}&lang=en`);
  const json = (await response.json()) as { results: { slug: string }[] };
  return json.results.map((result) => result.slug);
}

/** Fills the editor's required fields for a new English article. */
async function fillNewArticle(page: Page, title: string, body: string): Promise<void> {
  await page.getByLabel('Title', { exact: true }).fill(title);
  await page.getByLabel('Summary').fill(`What to do about ${title}.`);
  await page.getByLabel('Category').selectOption('invoices');
  await page.getByLabel('Language').selectOption('en');
  await page.getByLabel('Tags').fill('editor, e2e');
  await page.getByLabel('Body (Markdown)').fill(body);
}

const articleFile = (slug: string): string => path.join(process.env.E2E_CONTENT_DIR!, 'articles', `${slug}.md`);

test('second level writes an article, validates it, and the public finds it; archiving removes it and points to the replacement', async ({ browser, playwright, baseURL }) => {
  test.setTimeout(60_000);
  const page = await logIn(browser, 'second');
  await page.goto('/staff/articles');
  await page.locator('[data-new-article]').click();
  await expect(page).toHaveURL('/staff/articles/new');
  const word = `quokkafee${RUN}`;
  await fillNewArticle(page, `Größe der Rechnung ${word}`, `## Steps\n\nThe **${word}** appears on invoices.`);
  // The live preview comes from the server's pipeline.
  await expect(page.locator('[data-preview] strong')).toHaveText(word);
  await page.getByLabel('Body (Markdown)').fill(`## Steps\n\nThe **${word}** appears on invoices.\n\n<script>alert(1)</script><img src=/media/x.png onerror="alert(2)"><img src="https://tracker.example/p.gif" alt="pixel">`);
  // The image from /media stays (without its handler); the one from another host is only its alt text.
  await expect(page.locator('[data-preview] img')).toHaveCount(1);
  await expect(page.locator('[data-preview]')).toContainText('pixel');
  expect(await page.locator('[data-preview]').innerHTML()).not.toMatch(/<script|onerror/);
  await page.getByLabel('Body (Markdown)').fill(`## Steps\n\nThe **${word}** appears on invoices.`);
  await page.getByRole('button', { name: 'Save', exact: true }).click();

  const slug = `groesse-der-rechnung-${word}`;
  await expect(page).toHaveURL(new RegExp(`/staff/articles/edit/${slug}\\?done=created`));
  await expect(page.locator('[data-done]')).toContainText('Article created (revision 1)');
  expect(fs.readFileSync(articleFile(slug), 'utf8')).toContain('status: draft');

  const anonymous = await playwright.request.newContext({ baseURL });
  expect(await publicHits(anonymous, word)).toEqual([]);
  expect((await anonymous.get(`/articles/${slug}`)).status()).toBe(404);

  const validatedAt = Date.now();
  await page.locator('[data-state-form="validated"] button').click();
  await expect(page.locator('[data-done="status"]')).toContainText('Validated');
  await expect.poll(() => publicHits(anonymous, word), { timeout: 2_000, intervals: [50] }).toEqual([slug]);
  expect(Date.now() - validatedAt).toBeLessThan(4_000);

  await page.locator('[data-state-form="archived"] select').selectOption('reset-password');
  await page.locator('[data-state-form="archived"] button').click();
  await expect(page.locator('[data-done="status"]')).toContainText('Archived');
  await expect.poll(() => publicHits(anonymous, word), { timeout: 2_000, intervals: [50] }).toEqual([]);
  const visitor = await browser.newPage();
  await visitor.goto(`/articles/${slug}`);
  await expect(visitor.locator('[data-archived]')).toContainText('This article is archived');
  await expect(visitor.locator('[data-replaced-by] a')).toHaveAttribute('href', '/en/articles/reset-password');
  await visitor.close();
  await anonymous.dispose();
  await page.context().close();
});

test('two editors on one article: the second save shows both versions and loses neither', async ({ browser }) => {
  test.setTimeout(60_000);
  const mara = await logIn(browser, 'second');
  await mara.goto('/staff/articles/new');
  await fillNewArticle(mara, `Conflict article ${RUN}`, 'Original line.');
  await mara.getByRole('button', { name: 'Save', exact: true }).click();
  await expect(mara.locator('[data-done]')).toBeVisible();
  const editUrl = new URL(mara.url()).pathname;

  const sophie = await logIn(browser, 'admin');
  await sophie.goto(editUrl);
  await mara.goto(editUrl);

  await mara.getByLabel('Body (Markdown)').fill('Original line.\n\nMara adds a paragraph.');
  await mara.getByRole('button', { name: 'Save', exact: true }).click();
  await expect(mara.locator('[data-done="saved"]')).toBeVisible();

  await sophie.getByLabel('Body (Markdown)').fill('Original line.\n\nSophie adds another paragraph.');
  await sophie.getByRole('button', { name: 'Save', exact: true }).click();
  await expect(sophie.locator('[data-conflict]')).toBeVisible();
  await expect(sophie.locator('[data-theirs]')).toContainText('Mara adds a paragraph.');
  await expect(sophie.locator('[data-yours]')).toContainText('Sophie adds another paragraph.');
  await expect(sophie.getByLabel('Body (Markdown)')).toHaveValue('Original line.\n\nSophie adds another paragraph.');
  // The file still holds Mara's version.
  const slug = editUrl.replace('/staff/articles/edit/', '');
  expect(fs.readFileSync(articleFile(slug), 'utf8')).toContain('Mara adds a paragraph.');

  // Sophie merges and saves again: now it goes through.
  await sophie.getByLabel('Body (Markdown)').fill('Original line.\n\nMara adds a paragraph.\n\nSophie adds another paragraph.');
  await sophie.getByRole('button', { name: 'Save', exact: true }).click();
  await expect(sophie.locator('[data-done="saved"]')).toBeVisible();
  const text = fs.readFileSync(articleFile(slug), 'utf8');
  expect(text).toContain('Mara adds a paragraph.');
  expect(text).toContain('Sophie adds another paragraph.');
  await mara.context().close();
  await sophie.context().close();
});

test('an article deleted in git while open: the save is refused with the text kept, the history shows the deletion, saving again creates it explicitly', async ({ browser }) => {
  test.setTimeout(60_000);
  const page = await logIn(browser, 'second');
  await page.goto('/staff/articles/new');
  await fillNewArticle(page, `Deleted in git ${RUN}`, 'Written in the browser.');
  await page.getByRole('button', { name: 'Save', exact: true }).click();
  await expect(page.locator('[data-done]')).toBeVisible();
  const slug = new URL(page.url()).pathname.replace('/staff/articles/edit/', '');
  fs.rmSync(articleFile(slug)); // git rm + deploy while the editor is open

  await page.getByLabel('Body (Markdown)').fill('My unsaved change.');
  await page.getByRole('button', { name: 'Save', exact: true }).click();
  await expect(page.locator('[data-editor-error]')).toContainText('deleted outside the editor');
  await expect(page.locator('[data-article-deleted]')).toBeVisible();
  await expect(page.getByLabel('Body (Markdown)')).toHaveValue('My unsaved change.');
  expect(fs.existsSync(articleFile(slug))).toBe(false);
  // No link to the staff view of an article that is gone; the state says what happened.
  await expect(page.locator('.editor-links').getByRole('link', { name: 'Staff view' })).toHaveCount(0);
  await expect(page.locator('[data-article-status]')).toContainText('Deleted outside the editor');
  await expectNoSeriousViolations(page);

  await page.goto(`/staff/articles/history/${slug}`);
  await expect(page.locator('[data-revision="2"][data-kind="deleted"]')).toContainText('Deleted outside the editor');
  await expect(page.locator('[data-restore-form]')).toHaveCount(0);
  await expect(page.locator('.editor-links').getByRole('link', { name: 'Staff view' })).toHaveCount(0);

  // Saving the form the page now shows creates the article again, on purpose.
  await page.goto(`/staff/articles/edit/${slug}`);
  await page.getByLabel('Body (Markdown)').fill('Back, on purpose.');
  await page.getByRole('button', { name: 'Save', exact: true }).click();
  await expect(page.locator('[data-done="saved"]')).toBeVisible();
  expect(fs.readFileSync(articleFile(slug), 'utf8')).toContain('Back, on purpose.');
  await page.context().close();
});

test('a revision is restored from the history as a new revision, with a diff between any two', async ({ browser }) => {
  test.setTimeout(60_000);
  const page = await logIn(browser, 'second');
  await page.goto('/staff/articles/new');
  await fillNewArticle(page, `History article ${RUN}`, 'The good version.');
  await page.getByLabel('What did you change?').fill('first version');
  await page.getByRole('button', { name: 'Save', exact: true }).click();
  await expect(page.locator('[data-done]')).toBeVisible();
  const slug = new URL(page.url()).pathname.replace('/staff/articles/edit/', '');
  await page.getByLabel('Body (Markdown)').fill('A broken version.');
  await page.getByLabel('What did you change?').fill('broke it');
  await page.getByRole('button', { name: 'Save', exact: true }).click();
  await expect(page.locator('[data-done="saved"]')).toBeVisible();

  await page.goto(`/staff/articles/history/${slug}`);
  await expect(page.locator('[data-revision]')).toHaveCount(2);
  await expect(page.locator('[data-diff-removed]')).toContainText('The good version.');
  await expect(page.locator('[data-diff-added]')).toContainText('A broken version.');
  await expectNoSeriousViolations(page);
  await page.locator('[data-restore-form="1"] button').click();
  await expect(page.locator('[data-done="restored"]')).toContainText('Revision 1 restored as revision 3');
  await expect(page.locator('[data-revision]')).toHaveCount(3);
  await expect(page.locator('[data-revision="3"]')).toContainText('restores revision 1');
  expect(fs.readFileSync(articleFile(slug), 'utf8')).toContain('The good version.');
  // Compare any two.
  await page.getByLabel('From revision').selectOption('2');
  await page.getByLabel('To revision').selectOption('3');
  await page.getByRole('button', { name: 'Compare' }).click();
  await expect(page.locator('[data-diff-title]')).toHaveText('Changes from revision 2 to revision 3');
  await expect(page.locator('[data-diff-added]')).toContainText('The good version.');
  await page.context().close();
});

test('unsaved edits survive a reload in local storage, and can be discarded', async ({ browser }) => {
  test.setTimeout(60_000);
  const page = await logIn(browser, 'second');
  await page.goto('/staff/articles/edit/reset-password');
  const original = await page.getByLabel('Body (Markdown)').inputValue();
  await page.getByLabel('Body (Markdown)').fill(`${original}\n\nUnsaved local change ${RUN}.`);
  await page.waitForTimeout(500);
  await page.reload();
  await expect(page.locator('[data-local-draft-status]')).toContainText('Unsaved changes from');
  await expect(page.getByLabel('Body (Markdown)')).toHaveValue(`${original}\n\nUnsaved local change ${RUN}.`);
  await page.locator('[data-discard-draft]').click();
  await expect(page.getByLabel('Body (Markdown)')).toHaveValue(original);
  await page.reload();
  await expect(page.locator('[data-local-draft-status]')).toBeEmpty();

  // A new article's draft survives a closed tab too, and a save clears it.
  await page.goto('/staff/articles/new');
  await fillNewArticle(page, `Local draft article ${RUN}`, 'Typed before the tab closed.');
  await page.waitForTimeout(500);
  const context = page.context();
  await page.close();
  const again = await context.newPage();
  await again.goto('/staff/articles/new');
  await expect(again.locator('[data-local-draft-status]')).toContainText('Unsaved changes from');
  await expect(again.getByLabel('Title', { exact: true })).toHaveValue(`Local draft article ${RUN}`);
  await again.getByRole('button', { name: 'Save', exact: true }).click();
  await expect(again.locator('[data-done="created"]')).toBeVisible();
  await again.goto('/staff/articles/new');
  await expect(again.locator('[data-local-draft-status]')).toBeEmpty();
  await expect(again.getByLabel('Title', { exact: true })).toHaveValue('');
  await context.close();
});

test('bad slugs are refused with a clear message and the input kept (without JavaScript)', async ({ browser }) => {
  test.setTimeout(60_000);
  const page = await logIn(browser, 'second', false);
  await page.goto('/staff/articles/new?title=Slug%20test&lang=en&category=invoices');
  await expect(page.getByLabel('Title', { exact: true })).toHaveValue('Slug test');
  await expect(page.getByLabel('Category')).toHaveValue('invoices');
  await page.getByLabel('Summary').fill('Slug checks.');
  await page.getByLabel('Body (Markdown)').fill('Body kept after the error.');
  for (const bad of ['../../etc/passwd', '/etc/passwd', 'sub/dir']) {
    await page.getByLabel('Address (slug)').fill(bad);
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await expect(page.locator('[data-field-error="newSlug"]')).toContainText('may not contain ".."');
    await expect(page.getByLabel('Body (Markdown)')).toHaveValue('Body kept after the error.');
  }
  await page.getByLabel('Address (slug)').fill('reset-password');
  await page.getByRole('button', { name: 'Save', exact: true }).click();
  await expect(page.locator('[data-field-error="newSlug"]')).toContainText('There is already an article at "reset-password"');
  await page.getByLabel('Address (slug)').fill('Not A Slug');
  await page.getByRole('button', { name: 'Save', exact: true }).click();
  await expect(page.locator('[data-field-error="newSlug"]')).toContainText('lower-case letters, digits and single hyphens');
  expect(fs.existsSync(path.join(process.env.E2E_CONTENT_DIR!, 'etc'))).toBe(false);
  // The Preview button works without JavaScript and keeps everything.
  await page.getByLabel('Body (Markdown)').fill('Some **bold** text.');
  await page.getByRole('button', { name: 'Preview' }).click();
  await expect(page.locator('[data-preview] strong')).toHaveText('bold');
  await expect(page.getByLabel('Summary')).toHaveValue('Slug checks.');
  await page.context().close();
});

test('uploads: an image goes in, an oversized one and a script named .png are refused with clear messages', async ({ browser }) => {
  test.setTimeout(60_000);
  const png = Buffer.from('89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082', 'hex');
  // Without JavaScript: the whole form goes along and comes back with the Markdown appended.
  const page = await logIn(browser, 'second', false);
  await page.goto('/staff/articles/edit/reset-password');
  const original = await page.getByLabel('Body (Markdown)').inputValue();
  await page.getByLabel('Image (PNG').setInputFiles({ name: 'evil.png', mimeType: 'image/png', buffer: Buffer.from('#!/bin/sh\nrm -rf /\n') });
  await page.getByRole('button', { name: 'Upload and insert' }).click();
  await expect(page.locator('[data-upload-status]')).toContainText('not a PNG, JPEG, WebP or GIF image');
  await expect(page.getByLabel('Body (Markdown)')).toHaveValue(original);
  await page.getByLabel('Image (PNG').setInputFiles({ name: 'huge.png', mimeType: 'image/png', buffer: Buffer.concat([png, Buffer.alloc(5 * 1024 * 1024)]) });
  await page.getByRole('button', { name: 'Upload and insert' }).click();
  await expect(page.locator('[data-upload-status]')).toContainText('too large');
  await page.getByLabel('Image (PNG').setInputFiles({ name: 'Screenshot Übersicht.png', mimeType: 'image/png', buffer: png });
  await page.getByLabel('Image description').fill('The overview');
  await page.getByRole('button', { name: 'Upload and insert' }).click();
  await expect(page.locator('[data-upload-status]')).toContainText('Image uploaded');
  const body = await page.getByLabel('Body (Markdown)').inputValue();
  expect(body.startsWith(original.trimEnd())).toBe(true);
  const markdown = /!\[The overview\]\((\/media\/screenshot-uebersicht-[0-9a-f]{10}\.png)\)/.exec(body);
  expect(markdown).not.toBeNull();
  const image = await page.request.get(markdown![1]);
  expect(image.headers()['content-type']).toBe('image/png');
  await page.context().close();

  // With JavaScript: inserted at the cursor; too large refused before sending; disguised refused.
  const js = await logIn(browser, 'second');
  await js.goto('/staff/articles/edit/reset-password');
  const textarea = js.getByLabel('Body (Markdown)');
  await textarea.fill('First line.\nSecond line.');
  await textarea.evaluate((element: HTMLTextAreaElement) => element.setSelectionRange(12, 12));
  await js.getByLabel('Image (PNG').setInputFiles({ name: 'photo.gif', mimeType: 'image/gif', buffer: png });
  await js.getByRole('button', { name: 'Upload and insert' }).click();
  await expect(js.locator('[data-upload-status]')).toContainText('Image uploaded');
  await expect(textarea).toHaveValue(/^First line\.\n!\[\]\(\/media\/photo-[0-9a-f]{10}\.png\)\nSecond line\.$/);
  await js.getByLabel('Image (PNG').setInputFiles({ name: 'run.png', mimeType: 'image/png', buffer: Buffer.from('<?php system($_GET["c"]); ?>') });
  await js.getByRole('button', { name: 'Upload and insert' }).click();
  await expect(js.locator('[data-upload-status]')).toContainText('not a PNG, JPEG, WebP or GIF image');
  await js.getByLabel('Image (PNG').setInputFiles({ name: 'big.jpg', mimeType: 'image/jpeg', buffer: Buffer.alloc(6 * 1024 * 1024, 0xff) });
  await js.getByRole('button', { name: 'Upload and insert' }).click();
  await expect(js.locator('[data-upload-status]')).toContainText('too large');
  const media = fs.readdirSync(path.join(process.env.E2E_CONTENT_DIR!, 'media'));
  expect(media.filter((name) => /^(evil|huge|run|big)/.test(name))).toEqual([]);
  await js.context().close();
});

test('a specialist writes drafts, cannot validate, and an edit of a validated article becomes a proposal', async ({ browser }) => {
  test.setTimeout(60_000);
  const page = await logIn(browser, 'third');
  await page.goto('/staff/articles/new');
  await expect(page.getByLabel('State')).toHaveText(/Draft\s*Not validated/);
  await page.goto('/staff/articles/edit/reset-password');
  await expect(page.locator('[data-state-forms]')).toHaveCount(0);
  const body = await page.getByLabel('Body (Markdown)').inputValue();
  await page.getByLabel('Body (Markdown)').fill(`${body}\n\nSpecialist hint ${RUN}.`);
  await page.getByRole('button', { name: 'Save', exact: true }).click();
  await expect(page.locator('[data-done="proposed"]')).toContainText('proposed revision');
  expect(fs.readFileSync(articleFile('reset-password'), 'utf8')).not.toContain(`Specialist hint ${RUN}`);
  await page.context().close();

  const second = await logIn(browser, 'second');
  await second.goto('/staff/articles/history/reset-password');
  const proposal = second.locator('[data-kind="proposed"]').first();
  await expect(proposal).toContainText('Proposed (not live)');
  await proposal.getByRole('button', { name: /Apply proposal/ }).click();
  await expect(second.locator('[data-done="restored"]')).toBeVisible();
  expect(fs.readFileSync(articleFile('reset-password'), 'utf8')).toContain(`Specialist hint ${RUN}`);
  await second.context().close();
});

test('?fromTicket= prefills the form from a solved ticket without personal data, and the save keeps the source ticket', async ({ browser }) => {
  test.setTimeout(60_000);
  const { reference } = solvedTicket(`Mahngebühr doppelt ${RUN}`);
  const page = await logIn(browser, 'second');
  await page.goto(`/staff/articles/new?fromTicket=${reference}`);
  await expect(page.locator('[data-from-ticket]')).toContainText(reference);
  await expect(page.getByLabel('Title', { exact: true })).toHaveValue(`Mahngebühr doppelt ${RUN}`);
  await expect(page.getByLabel('Language')).toHaveValue('de');
  const body = await page.getByLabel('Body (Markdown)').inputValue();
  expect(body).toContain('## Problem');
  expect(body).toContain('Gebührenstaffelung');
  expect(body).not.toContain('xaver.kunde@example.com');
  expect(body).not.toContain('Xaver');
  await page.getByRole('button', { name: 'Save', exact: true }).click();
  await expect(page.locator('[data-done="created"]')).toBeVisible();
  const slug = new URL(page.url()).pathname.replace('/staff/articles/edit/', '');
  expect(fs.readFileSync(articleFile(slug), 'utf8')).toContain(`sourceTicket: ${reference}`);
  await expect(page.locator('[data-source-ticket]')).toContainText(reference);
  // An unknown or unsolved ticket: a clear notice, an empty form.
  await page.goto('/staff/articles/new?fromTicket=T-2000-000001');
  await expect(page.locator('[data-from-ticket-missing]')).toContainText('There is no solved ticket T-2000-000001');
  await expect(page.getByLabel('Title', { exact: true })).toHaveValue('');
  await page.context().close();
});

// One test per page: axe on a long page takes several seconds on a busy machine.
for (const url of ['/staff/articles', '/staff/articles/new', '/staff/articles/edit/reset-password', '/staff/articles/history/reset-password']) {
  test(`axe: ${url} has no serious or critical violations`, async ({ browser }) => {
    test.setTimeout(60_000);
    const page = await logIn(browser, 'second');
    await page.goto(url);
    await expectNoSeriousViolations(page);
    await page.context().close();
  });
}

test('axe: the editor showing a field error has no serious or critical violations', async ({ browser }) => {
  test.setTimeout(60_000);
  const page = await logIn(browser, 'second');
  await page.goto('/staff/articles/new');
  await page.getByLabel('Address (slug)').fill('../x');
  await page.getByLabel('Title', { exact: true }).fill('Axe with errors');
  await page.getByLabel('Summary').fill('x');
  await page.getByLabel('Category').selectOption('invoices');
  await page.getByLabel('Body (Markdown)').fill('x');
  await page.getByRole('button', { name: 'Save', exact: true }).click();
  await expect(page.locator('[data-field-error="newSlug"]')).toBeVisible();
  await expectNoSeriousViolations(page);
  await page.context().close();
});
