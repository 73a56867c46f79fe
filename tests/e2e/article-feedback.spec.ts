/**
 * "Was this helpful?" and staff flags, end to end: voting yes / no without and with
 * JavaScript (POST → redirect → GET to ?feedback=thanks), one vote per browser and article
 * (a second vote replaces the first), nothing personal stored (only the SHA-256 of the random
 * tz_voter cookie), the cached article page the same for everyone; staff see counts and
 * comments, flag an article, find it under the "flagged" filter, and second level dismisses
 * it; a customer (no account) and a first-level agent cannot dismiss through the endpoint.
 * Plus axe on the widget, the staff list and the staff article view.
 */
import { createHash } from 'node:crypto';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type BrowserContext, type Page } from '@playwright/test';

const PASSWORD = 'e2e-feedback-password';
const RUN = Date.now().toString(36);
const SECOND = `feedback.second.${RUN}@tierzero.test`;
const FIRST = `feedback.first.${RUN}@tierzero.test`;
const SERVER = `file://${path.resolve('src/lib/server')}`;
const ENV = { ...process.env, DATA_DIR: process.env.E2E_DATA_DIR, CONTENT_DIR: process.env.E2E_CONTENT_DIR };

function runNode<T>(code: string): T {
  const run = spawnSync(path.resolve('node_modules/.bin/node'), ['--input-type=module', '-e', code], { encoding: 'utf8', env: ENV });
  if (run.status !== 0) throw new Error(`node failed: ${run.stderr}`);
  return JSON.parse(run.stdout.trim().split('\n').pop()!) as T;
}

/** Every feedback row of an article, all columns, straight from the database. */
function feedbackRows(slug: string): Record<string, unknown>[] {
  return runNode(`
    import { openDatabase } from '${SERVER}/platform/db.ts';
    const db = openDatabase(process.env.DATA_DIR);
    console.log(JSON.stringify(db.prepare('SELECT * FROM article_feedback WHERE article_slug = ? ORDER BY id').all(${JSON.stringify(slug)})));
  `);
}

/** The open flags of an article. */
function openFlagIds(slug: string): number[] {
  return runNode(`
    import { openDatabase } from '${SERVER}/platform/db.ts';
    const db = openDatabase(process.env.DATA_DIR);
    console.log(JSON.stringify(db.prepare('SELECT id FROM article_flags WHERE article_slug = ? AND resolved_at IS NULL ORDER BY id').all(${JSON.stringify(slug)}).map((r) => r.id)));
  `);
}

async function expectNoSeriousViolations(page: Page): Promise<void> {
  const { violations } = await new AxeBuilder({ page }).analyze();
  const serious = violations.filter((violation) => violation.impact === 'serious' || violation.impact === 'critical');
  expect(serious.map((violation) => `${violation.id}: ${violation.nodes.map((node) => node.target.join(' ')).join(', ')}`), page.url()).toEqual([]);
}

async function logIn(context: BrowserContext, baseURL: string, email: string): Promise<void> {
  const response = await context.request.post('/_actions/auth.login', { form: { email, password: PASSWORD }, headers: { Origin: baseURL } });
  expect(response.status(), `log-in of ${email}`).toBe(200);
}

test.beforeAll(() => {
  for (const [email, role] of [
    [SECOND, 'second_level'],
    [FIRST, 'first_level'],
  ]) {
    const add = spawnSync(path.resolve('node_modules/.bin/node'), ['scripts/user-add.ts', '--email', email, '--name', `Feedback ${role} ${RUN}`, '--role', role], {
      input: `${PASSWORD}\n`,
      encoding: 'utf8',
      env: ENV,
    });
    if (add.status !== 0) throw new Error(`user:add failed: ${add.stderr}`);
  }
});

test.describe('without JavaScript', () => {
  test.use({ javaScriptEnabled: false });

  test('a "no" with a comment, then a "yes" from the same browser: one row, nothing personal, the page the same for everyone', async ({ page, context, request }) => {
    const slug = 'change-plan';
    const anonymousHtml = await (await request.get(`/articles/${slug}`)).text();
    await page.goto(`/articles/${slug}`);
    // The page sets no cookie: the page cache stays anonymous.
    expect((await context.cookies()).map((cookie) => cookie.name)).not.toContain('tz_voter');
    const widget = page.getByRole('region', { name: 'Was this helpful?' });
    await widget.getByLabel('What was missing or unclear? (optional)').fill(`The price table is missing ${RUN}`);
    await widget.getByRole('button', { name: 'No' }).click();
    await expect(page).toHaveURL(new RegExp(`/articles/${slug}\\?feedback=thanks`));
    await expect(page.locator('[data-feedback-thanks]')).toContainText('Thank you for your feedback');

    const voter = (await context.cookies()).find((cookie) => cookie.name === 'tz_voter');
    expect(voter?.httpOnly).toBe(true);
    expect(voter!.expires - Date.now() / 1000).toBeGreaterThan(360 * 86_400);
    let rows = feedbackRows(slug);
    expect(rows).toHaveLength(1);
    expect(Object.keys(rows[0]!).sort()).toEqual(['article_slug', 'comment', 'created_at', 'helpful', 'id', 'lang', 'voter_hash']);
    expect(rows[0]).toMatchObject({ helpful: 0, comment: `The price table is missing ${RUN}`, lang: 'en', voter_hash: createHash('sha256').update(voter!.value).digest('hex') });
    // Nothing in the row is the cookie, an address or an e-mail.
    expect(JSON.stringify(rows[0])).not.toContain(voter!.value);
    expect(JSON.stringify(rows[0])).not.toMatch(/127\.0\.0\.1|@/);

    // The same browser votes again: the vote is replaced, not added.
    await page.goto(`/articles/${slug}`);
    await page.getByRole('region', { name: 'Was this helpful?' }).getByRole('button', { name: 'Yes' }).click();
    await expect(page.locator('[data-feedback-thanks]')).toBeVisible();
    rows = feedbackRows(slug);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ helpful: 1, comment: null });

    // The article page this browser gets is the one everyone gets (no per-visitor state).
    const votedHtml = await (await context.request.get(`/articles/${slug}`)).text();
    expect(votedHtml).toBe(anonymousHtml);
  });

  test('a second browser counts separately; an over-long comment is refused with a clear message', async ({ page, baseURL }) => {
    const slug = 'change-plan';
    const before = feedbackRows(slug).length;
    await page.goto(`/articles/${slug}`);
    await page.getByLabel('What was missing or unclear? (optional)').fill(`Which plan has the API? ${RUN}`);
    await page.getByRole('button', { name: 'No' }).click();
    await expect(page.locator('[data-feedback-thanks]')).toBeVisible();
    expect(feedbackRows(slug)).toHaveLength(before + 1);
    const long = await page.request.post(`/en/articles/${slug}?_action=feedback.vote`, { form: { article: slug, helpful: '0', comment: 'x'.repeat(1001) }, headers: { Origin: baseURL! }, maxRedirects: 0 });
    expect(long.status()).toBe(400);
    expect(await long.text()).toContain('The comment is longer than 1000 characters.');
    // The reader's text survives the error (re-rendered into the form).
    expect(await long.text()).toContain('x'.repeat(1001));
    expect(feedbackRows(slug)).toHaveLength(before + 1);
  });
});

test('voting with JavaScript works the same, and the feedback is refused for internal articles', async ({ page, context, baseURL }) => {
  const slug = 'reset-password';
  await page.goto(`/articles/${slug}`);
  await page.getByRole('region', { name: 'Was this helpful?' }).getByRole('button', { name: 'Yes' }).click();
  await expect(page).toHaveURL(new RegExp(`/articles/${slug}\\?feedback=thanks`));
  await expect(page.locator('[data-feedback-thanks]')).toBeVisible();
  const voter = (await context.cookies()).find((cookie) => cookie.name === 'tz_voter')!;
  const rows = feedbackRows(slug).filter((row) => row.voter_hash === createHash('sha256').update(voter.value).digest('hex'));
  expect(rows).toHaveLength(1);
  expect(rows[0]).toMatchObject({ helpful: 1 });
  // No widget on archived pages; internal articles cannot be voted on through the endpoint.
  await page.goto('/articles/umsatzsteuersenkung-2020');
  await expect(page.locator('[data-feedback]')).toHaveCount(0);
  const internal = await context.request.post('/_actions/feedback.vote', { form: { article: '2fa-reset-identity-check', helpful: '1' }, headers: { Origin: baseURL! } });
  expect(internal.status()).toBe(404);
  expect(feedbackRows('2fa-reset-identity-check')).toHaveLength(0);
});

test('the article page with the widget has no serious accessibility problems', async ({ page }) => {
  await page.goto('/articles/datev-export');
  await expect(page.locator('[data-feedback-form]')).toBeVisible();
  await expectNoSeriousViolations(page);
  await page.goto('/articles/datev-export?feedback=thanks');
  await expectNoSeriousViolations(page);
});

test('staff see the comment, flag an article, find it under "flagged", and second level dismisses it', async ({ browser, baseURL }) => {
  const slug = 'change-plan';
  const context = await browser.newContext();
  await logIn(context, baseURL!, SECOND);
  const page = await context.newPage();

  await page.goto('/staff');
  await page.getByRole('link', { name: 'Articles' }).first().click();
  await expect(page).toHaveURL('/staff/articles');
  const row = page.locator(`[data-article-row="${slug}"]`);
  await expect(row.locator('[data-comments]')).not.toHaveText('0');
  await expectNoSeriousViolations(page);

  // Internal articles are listed and open in the staff view.
  await page.goto('/staff/articles?audience=internal');
  await expect(page.locator('[data-article-row="2fa-reset-identity-check"] a').first()).toHaveAttribute('href', '/staff/articles/2fa-reset-identity-check');
  await page.goto('/staff/articles/2fa-reset-identity-check');
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
  await expect(page.locator('.prose')).not.toBeEmpty();

  // Flag from the (uncached, signed-in) public article page.
  await page.goto(`/staff/articles?flagged=1`);
  await expect(page.locator(`[data-article-row="${slug}"]`)).toHaveCount(0);
  await page.goto(`/articles/${slug}`);
  await page.locator('[data-flag-box] summary').click();
  await page.getByLabel('Reason').selectOption('outdated');
  await page.getByLabel('What is outdated, wrong or unclear?').fill(`Prices changed in 2026 ${RUN}`);
  await page.getByRole('button', { name: 'Flag article' }).click();
  await expect(page).toHaveURL(new RegExp(`/staff/articles/${slug}\\?done=flagged`));
  await expect(page.locator('[data-done]')).toContainText('The flag is saved');
  await expect(page.locator('[data-flags]')).toContainText(`Prices changed in 2026 ${RUN}`);
  // The readers' comment is shown to staff.
  await expect(page.locator('[data-feedback-summary]')).toContainText(`Which plan has the API? ${RUN}`);
  await expectNoSeriousViolations(page);

  await page.goto('/staff/articles?flagged=1');
  await expect(page.locator(`[data-article-row="${slug}"] [data-flags]`)).toHaveText('1');

  // Customers and first-level agents cannot dismiss through the action endpoint.
  const [flagId] = openFlagIds(slug);
  expect(flagId).toBeDefined();
  const anonymous = await browser.newContext();
  const refused = await anonymous.request.post('/_actions/feedback.dismissFlag', { form: { flag: String(flagId), note: 'let me in' }, headers: { Origin: baseURL! } });
  expect(refused.status()).toBe(401);
  const form = await anonymous.request.post(`/staff/articles/${slug}?_action=feedback.dismissFlag`, { form: { flag: String(flagId), note: 'let me in' }, headers: { Origin: baseURL! }, maxRedirects: 0 });
  expect(form.status()).toBe(303);
  expect(form.headers()['location']).toMatch(/^\/staff\/login/);
  await anonymous.close();
  const first = await browser.newContext();
  await logIn(first, baseURL!, FIRST);
  const forbidden = await first.request.post('/_actions/feedback.dismissFlag', { form: { flag: String(flagId), note: 'not my call' }, headers: { Origin: baseURL! } });
  expect(forbidden.status()).toBe(403);
  // First level reads the list and the view, and sees no dismiss form.
  const firstPage = await first.newPage();
  await firstPage.goto(`/staff/articles/${slug}`);
  await expect(firstPage.locator('[data-flags]')).toContainText(`Prices changed in 2026 ${RUN}`);
  await expect(firstPage.locator('[data-dismiss-form]')).toHaveCount(0);
  await first.close();
  expect(openFlagIds(slug)).toEqual([flagId]);

  // Second level dismisses it with a note (without a note: a clear message, nothing changes).
  const noNote = await context.request.post('/_actions/feedback.dismissFlag', { form: { flag: String(flagId), note: ' ' }, headers: { Origin: baseURL! } });
  expect(noNote.status()).toBe(400);
  expect(await noNote.text()).toContain('A dismissal needs a note.');
  await page.goto(`/staff/articles/${slug}`);
  const item = page.locator(`[data-flag="${flagId}"]`);
  await item.getByLabel('Why does the article not need a change?').fill('Prices are still those of 2026.');
  await item.getByRole('button', { name: 'Dismiss flag' }).click();
  await expect(page).toHaveURL(new RegExp(`/staff/articles/${slug}\\?done=dismissed`));
  expect(openFlagIds(slug)).toEqual([]);
  await page.goto('/staff/articles?flagged=1');
  await expect(page.locator(`[data-article-row="${slug}"]`)).toHaveCount(0);
  await context.close();
});

// Last in this file: it uses up this client's votes (30 in 10 minutes) for the rest of the run.
test('too many votes from one client are refused with a clear message', async ({ request, baseURL }) => {
  const slug = 'datev-export';
  let last = null as Awaited<ReturnType<typeof request.post>> | null;
  for (let i = 0; i < 31; i++) {
    last = await request.post(`/en/articles/${slug}?_action=feedback.vote`, { form: { article: slug, helpful: '1' }, headers: { Origin: baseURL! }, maxRedirects: 0 });
    if (last.status() !== 303) break;
  }
  expect(last!.status()).toBe(429);
  expect(await last!.text()).toMatch(/You have sent a lot of feedback in a short time\. Please try again in \d+ minutes?\./);
});
