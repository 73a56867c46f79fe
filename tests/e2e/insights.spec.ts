/**
 * Support insights (/staff/insights) end to end: a known history (tests/unit/insights/history.ts)
 * is written into the test server's database for two weeks in March 2025, where no other
 * spec writes, and every figure the page shows for that custom period is checked against
 * the hand-worked values; the CSV export gives the same numbers; the page works without
 * JavaScript; axe finds nothing serious. Also: the visit id travels with searches, clicks
 * and the ticket form when JavaScript runs, and is absent without it.
 */
import path from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Browser, type Page } from '@playwright/test';
import { addStaffAccounts, runNode } from './support/staff.ts';

const PASSWORD = 'e2e-insights-password';
const RUN = Date.now().toString(36);
const SECOND = { email: `insights.second.${RUN}@tierzero.test`, name: 'Insights Second', role: 'second_level' };
const SERVER = `file://${path.resolve('src/lib/server')}`;
const HISTORY = `file://${path.resolve('tests/unit/insights/history.ts')}`;
/** Monday, 3 March 2025: two weeks no other spec writes into. */
const FROM = '2025-03-03';
const TO = '2025-03-16';
const RANGE = `range=custom&from=${FROM}&to=${TO}`;
const SLUGS = ['recurring-invoices', 'gutschrift-erstellen', 'invoice-number-format'];

test.beforeAll(() => {
  addStaffAccounts([SECOND], PASSWORD);
  runNode(`
    import { openDatabase } from '${SERVER}/platform/db.ts';
    import { sqliteDatabase } from '${SERVER}/platform/database/connect.ts';
    import { seedInsightsHistory } from '${HISTORY}';
    const db = openDatabase(process.env.DATA_DIR);
    const database = sqliteDatabase(db);
    // Once per test server: a restarted worker runs beforeAll again.
    const seeded = db.prepare('SELECT 1 FROM insight_search_day WHERE day = ?').get(Date.UTC(2025, 2, 3) / 86400000);
    console.log(JSON.stringify(seeded ? {} : await seedInsightsHistory(sqliteDatabase(db), { base: Date.UTC(2025, 2, 3), slugs: ${JSON.stringify(SLUGS)}, run: '${RUN}' })));
  `);
});

async function logIn(browser: Browser, javaScriptEnabled = true, locale = 'en-US'): Promise<Page> {
  const context = await browser.newContext({ locale, javaScriptEnabled });
  const page = await context.newPage();
  await page.goto('/staff/login');
  await page.getByLabel(locale === 'de-DE' ? 'E-Mail-Adresse' : 'E-mail address').fill(SECOND.email);
  await page.getByLabel(locale === 'de-DE' ? 'Passwort' : 'Password').fill(PASSWORD);
  await page.getByRole('button', { name: locale === 'de-DE' ? 'Anmelden' : 'Log in' }).click();
  await expect(page).toHaveURL('/staff');
  return page;
}

const escape = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** The cells of a table's row whose first cell is `first`. */
async function row(page: Page, table: string, first: string): Promise<string[]> {
  const cells = page.locator(`table[data-table="${table}"] tbody tr`).filter({ has: page.locator('th', { hasText: new RegExp(`^\\s*${escape(first)}\\s*$`) }) }).locator('th, td');
  return (await cells.allTextContents()).map((text) => text.trim());
}

async function expectNoSeriousViolations(page: Page): Promise<void> {
  const { violations } = await new AxeBuilder({ page }).analyze();
  const serious = violations.filter((violation) => violation.impact === 'serious' || violation.impact === 'critical');
  expect(serious.map((violation) => `${violation.id}: ${violation.nodes.map((node) => node.target.join(' ')).join(', ')}`), page.url()).toEqual([]);
}

test('second level sees every figure of a known history, the same in the CSV export', async ({ browser }) => {
  // axe on a page with this many table cells takes a while on a busy machine.
  test.setTimeout(120_000);
  const page = await logIn(browser);
  await expect(page.locator('[data-staff-nav]').getByRole('link', { name: 'Insights', exact: true })).toBeVisible();
  await page.goto(`/staff/insights?${RANGE}`);
  await expect(page.getByRole('heading', { level: 1, name: 'Support insights' })).toBeVisible();
  await expect(page.locator('[data-range-current]')).toHaveText('Showing 3 March 2025 to 16 March 2025 (14 days).');

  // Self-service: 7 searches (visit E's repeated query counts once, issue 18), 2 without a result,
  // 2 of 6 with a visit followed by a click, 5 self-served vs 7 with a ticket.
  await expect(page.locator('[data-figure="searches"]')).toHaveText('7');
  await expect(page.locator('[data-figure="no-result-share"]')).toHaveText('28.6 %');
  await expect(page.locator('[data-figure="click-share"]')).toHaveText('33.3 %');
  await expect(page.locator('[data-figure="deflection-rate"]')).toHaveText('41.7 %');
  await expect(page.locator('[data-figure="deflection-detail"]')).toHaveText('5 self-served, 7 with a ticket; 2 × “This answered my question”');
  expect(await row(page, 'searches-daily', '2025-03-03')).toEqual(['2025-03-03', '2', '1', '50.0 %', '2', '1', '50.0 %']);
  expect(await row(page, 'searches-daily', '2025-03-06')).toEqual(['2025-03-06', '1', '0', '0.0 %', '1', '1', '100.0 %']);
  expect(await row(page, 'searches-daily', '2025-03-07')).toEqual(['2025-03-07', '0', '0', '–', '0', '0', '–']);
  expect(await row(page, 'self-service-weekly', '2025-03-03')).toEqual(['2025-03-03', '5', '20.0 %', '50.0 %', '4', '5', '44.4 %']);
  expect(await row(page, 'self-service-weekly', '2025-03-10')).toEqual(['2025-03-10', '2', '50.0 %', '0.0 %', '1', '2', '33.3 %']);
  await expect(page.getByText('Deflection rate = self-served ÷ (self-served + with a ticket).')).toBeVisible();
  await expect(page.getByRole('img', { name: /Searches per day/ })).toBeVisible();

  // Content gaps, each with "Write an article" into the editor.
  expect(await row(page, 'gaps-no-result', 'mahnung')).toEqual(['mahnung', 'German', '2', 'Write an article']);
  await expect(page.locator('table[data-table="gaps-no-result"] tbody tr')).toHaveCount(1);
  await expect(page.locator('table[data-table="gaps-no-result"]').getByRole('link', { name: 'Write an article' })).toHaveAttribute('href', '/staff/articles/new?title=mahnung&lang=de');
  await expect(page.locator('table[data-table="gaps-before-ticket"] tbody tr th')).toHaveText(['mahnung', 'mahnung gebühr', 'passwort']);
  expect(await row(page, 'gaps-before-ticket', 'mahnung gebühr')).toEqual(['mahnung gebühr', 'German', '1', 'Write an article']);

  // Articles.
  const titles = runNode<string[]>(`
    import { ArticleStore } from '${SERVER}/knowledge/articles.ts';
    const store = new ArticleStore(process.env.CONTENT_DIR, () => {});
    await store.load();
    console.log(JSON.stringify(${JSON.stringify(SLUGS)}.map((slug) => store.get(slug).title)));
  `);
  await expect(page.locator('table[data-table="articles-viewed"] tbody tr')).toHaveText([new RegExp(`${escape(titles[0])}\\s*5`), new RegExp(`${escape(titles[1])}\\s*4`)]);
  await expect(page.locator('table[data-table="articles-reused"] tbody tr')).toHaveText([new RegExp(`${escape(titles[0])}\\s*2`), new RegExp(`${escape(titles[1])}\\s*1`)]);
  expect(await row(page, 'articles-helpful', titles[0])).toEqual([titles[0], '3', '1', '75.0 %', '1']);
  expect(await row(page, 'articles-unhelpful', titles[1])).toEqual([titles[1], '1', '2', '33.3 %', '1']);
  expect(await row(page, 'articles-flags', titles[1])).toEqual([titles[1], '2', '1', '1', '0', '2025-03-05']);

  // Tickets.
  await expect(page.locator('[data-figure="tickets-opened"]')).toHaveText('7');
  await expect(page.locator('[data-figure="escalation-12"]')).toHaveText('28.6 %');
  await expect(page.locator('[data-figure="escalation-23"]')).toHaveText('50.0 %');
  expect(await row(page, 'tickets-daily', '2025-03-03')).toEqual(['2025-03-03', '1', '1', '0', '0', '1', '0']);
  expect(await row(page, 'tickets-daily', '2025-03-04')).toEqual(['2025-03-04', '3', '0', '0', '0', '2', '1']);
  expect(await row(page, 'tickets-daily', '2025-03-05')).toEqual(['2025-03-05', '1', '1', '1', '0', '0', '0']);
  expect(await row(page, 'tickets-daily', '2025-03-06')).toEqual(['2025-03-06', '0', '0', '1', '0', '0', '0']);
  expect(await row(page, 'tickets-escalation', 'Level 1 → 2')).toEqual(['Level 1 → 2', '7', '2', '28.6 %']);
  expect(await row(page, 'tickets-escalation', 'Level 2 → 3')).toEqual(['Level 2 → 3', '2', '1', '50.0 %']);
  expect(await row(page, 'tickets-times-level', 'All tickets')).toEqual(['All tickets', '6', '2.0 h', '25.0 h', '4', '24.0 h', '48.0 h']);
  expect(await row(page, 'tickets-times-level', 'Level 1')).toEqual(['Level 1', '4', '2.0 h', '3.0 h', '2', '14.0 h', '24.0 h']);
  expect(await row(page, 'tickets-times-level', 'Level 2')).toEqual(['Level 2', '1', '1.0 h', '1.0 h', '1', '24.0 h', '24.0 h']);
  expect(await row(page, 'tickets-times-level', 'Level 3')).toEqual(['Level 3', '1', '25.0 h', '25.0 h', '1', '48.0 h', '48.0 h']);
  expect(await row(page, 'tickets-times-priority', 'Normal')).toEqual(['Normal', '5', '2.0 h', '25.0 h', '3', '24.0 h', '48.0 h']);
  expect(await row(page, 'tickets-times-priority', 'High')).toEqual(['High', '1', '1.0 h', '1.0 h', '1', '24.0 h', '24.0 h']);
  expect(await row(page, 'tickets-times-priority', 'Urgent')).toEqual(['Urgent', '0', '–', '–', '0', '–', '–']);
  // T4 of the history is overdue now (other specs' tickets may be, too).
  await expect(page.locator('table[data-table="tickets-overdue"] tbody th').first()).toHaveText(/^T-2025-\d{6}$/);

  // The CSV of a table: same numbers, same range.
  const csvLink = page.locator('#tickets-times-level').getByRole('link', { name: /Download CSV/ });
  const href = (await csvLink.getAttribute('href'))!;
  expect(href).toBe(`/staff/insights/export.csv?table=tickets-times-level&${RANGE}`);
  const csv = await page.request.get(href);
  expect(csv.status()).toBe(200);
  expect(csv.headers()['content-type']).toBe('text/csv; charset=utf-8');
  expect(csv.headers()['content-disposition']).toBe(`attachment; filename="tierzero-tickets-times-level-${FROM}-${TO}.csv"`);
  const lines = (await csv.text()).replace(/^\uFEFF/, '').split('\r\n');
  expect(lines[1]).toBe('All tickets,6,2.0,25.0,4,24.0,48.0');
  const gaps = await (await page.request.get(`/staff/insights/export.csv?table=gaps-before-ticket&${RANGE}`)).text();
  expect(gaps.replace(/^\uFEFF/, '').split('\r\n')).toEqual(['Query,Language,Tickets,Action', 'mahnung,German,1,Write an article', 'mahnung gebühr,German,1,Write an article', 'passwort,German,1,Write an article', '']);
  expect((await page.request.get(`/staff/insights/export.csv?table=nope&${RANGE}`)).status()).toBe(404);
  expect((await page.request.get('/staff/insights/export.csv?table=tickets-daily&range=custom&from=2025-03-10&to=2025-03-01')).status()).toBe(400);

  await expectNoSeriousViolations(page);
  await page.context().close();
});

/** Calls taken in the first days of June 2024 (no other spec writes there): 4 calls, 3 solved on the call. */
const CALLS_RANGE = 'range=custom&from=2024-06-03&to=2024-06-05';
const CALL_TAKER = { email: `insights.first.${RUN}@tierzero.test`, name: 'Insights First', role: 'first_level' };

test('the calls section shows first-contact resolution, calls per day and handling time per level', async ({ browser }) => {
  test.setTimeout(60_000);
  addStaffAccounts([CALL_TAKER], PASSWORD);
  runNode(`
    import { openDatabase } from '${SERVER}/platform/db.ts';
    import { sqliteDatabase } from '${SERVER}/platform/database/connect.ts';
    import { takeCall } from '${SERVER}/calls/calls.ts';
    import { DEFAULT_DESK_CONFIG } from '${SERVER}/desk/desk-config.ts';
    import { getUserByEmail } from '${SERVER}/accounts/users.ts';
    const db = openDatabase(process.env.DATA_DIR);
    const database = sqliteDatabase(db);
    const day = (d, h) => Date.UTC(2024, 5, 3 + d, h);
    if (!db.prepare("SELECT 1 FROM tickets WHERE channel = 'phone' AND created_at >= ? AND created_at < ?").get(day(0, 0), day(3, 0))) {
      const actor = async (email) => { const user = await getUserByEmail(database, email); return { id: user.id, role: user.role, areas: [], name: user.name }; };
      const first = await actor(${JSON.stringify(CALL_TAKER.email)});
      const second = await actor(${JSON.stringify(SECOND.email)});
      const lookups = { article: () => null, isCategory: () => true };
      const call = { name: 'Paula Phone', question: 'How do I change my invoice template?', category: 'invoices', lang: 'en' };
      await takeCall(database, first, { ...call, outcome: 'solved', solution: 'Explained the template settings.', handlingSeconds: 60 }, lookups, DEFAULT_DESK_CONFIG, day(0, 9));
      await takeCall(database, first, { ...call, outcome: 'solved', solution: 'Explained the template settings.', handlingSeconds: 120 }, lookups, DEFAULT_DESK_CONFIG, day(0, 10));
      await takeCall(database, first, { ...call, email: 'paula.phone@example.com', outcome: 'ticket', handlingSeconds: 300 }, lookups, DEFAULT_DESK_CONFIG, day(0, 11));
      await takeCall(database, second, { ...call, outcome: 'solved', solution: 'Explained the template settings.', handlingSeconds: 240 }, lookups, DEFAULT_DESK_CONFIG, day(2, 9));
    }
    console.log('{}');
  `);
  const page = await logIn(browser);
  await page.goto(`/staff/insights?${CALLS_RANGE}`);
  await expect(page.locator('[data-figure="calls"]')).toHaveText('4');
  await expect(page.locator('[data-figure="first-contact-resolution"]')).toHaveText('75.0 %');
  await expect(page.locator('[data-figure="calls-per-day"]')).toHaveText('1.3');
  expect(await row(page, 'calls-daily', '2024-06-03')).toEqual(['2024-06-03', '3', '2', '66.7 %']);
  expect(await row(page, 'calls-daily', '2024-06-04')).toEqual(['2024-06-04', '0', '0', '–']);
  expect(await row(page, 'calls-daily', '2024-06-05')).toEqual(['2024-06-05', '1', '1', '100.0 %']);
  expect(await row(page, 'calls-handling', 'Level 1')).toEqual(['Level 1', '3', '2:00', '5:00']);
  expect(await row(page, 'calls-handling', 'Level 2')).toEqual(['Level 2', '1', '4:00', '4:00']);
  const csv = await (await page.request.get(`/staff/insights/export.csv?table=calls-handling&${CALLS_RANGE}`)).text();
  expect(csv.replace(/^\uFEFF/, '').split('\r\n')).toEqual([
    'Agent level,Calls,Median handling time (s),"Handling time, 90th percentile (s)"',
    'Level 1,3,120,300',
    'Level 2,1,240,240',
    '',
  ]);
  await page.context().close();
});

test('the training section shows a trainee’s progress at a glance', async ({ browser }) => {
  const trainee = { email: `insights.trainee.${RUN}@tierzero.test`, name: `Insights Trainee ${RUN}`, role: 'first_level', extra: ['--trainee'] };
  addStaffAccounts([trainee], PASSWORD);
  // One page without a self-check read (done); one self-check failed once. The rest untouched.
  const expected = runNode<{ pages: number; checks: number }>(`
    import { openDatabase } from '${SERVER}/platform/db.ts';
    import { TrainingStore } from '${SERVER}/training/training.ts';
    import { sqliteDatabase } from '${SERVER}/platform/database/connect.ts';
    import { markPageRead, submitSelfCheck } from '${SERVER}/training/training-progress.ts';
    import { getUserByEmail } from '${SERVER}/accounts/users.ts';
    const db = openDatabase(process.env.DATA_DIR);
    const database = sqliteDatabase(db);
    const store = new TrainingStore(process.env.CONTENT_DIR);
    await store.load();
    const pages = store.curriculum('en').flatMap((module) => module.pages);
    const user = (await getUserByEmail(database, ${JSON.stringify(trainee.email)}));
    await markPageRead(database, user.id, pages.find((entry) => entry.page.selfCheck.length === 0).key);
    const checked = pages.find((entry) => entry.page.selfCheck.length > 0);
    const wrong = checked.page.selfCheck.map((question, index) => index + ':' + question.options.findIndex((option) => !option.correct));
    await submitSelfCheck(database, user.id, checked.page, wrong);
    console.log(JSON.stringify({ pages: pages.length, checks: pages.filter((entry) => entry.page.selfCheck.length > 0).length }));
  `);
  const page = await logIn(browser);
  await page.goto('/staff/insights?range=7');
  const today = new Date().toISOString().slice(0, 10);
  expect(await row(page, 'training-trainees', trainee.name)).toEqual([trainee.name, '1', String(expected.pages), '0', String(expected.checks), '1', today, 'In progress']);
  await expect(page.locator('#training').getByRole('link', { name: 'Training overview' })).toHaveAttribute('href', '/staff/training/progress');
  const csv = await (await page.request.get('/staff/insights/export.csv?table=training-trainees&range=7')).text();
  expect(csv).toContain(`${trainee.name},1,${expected.pages},0,${expected.checks},1,${today},In progress`);
  await page.context().close();
});

test('the page works without JavaScript, in German, and keeps a wrong period with a message', async ({ browser }) => {
  const page = await logIn(browser, false, 'de-DE');
  await page.goto('/staff/insights');
  await expect(page.getByRole('heading', { level: 1, name: 'Support-Auswertung' })).toBeVisible();
  await expect(page.getByRole('link', { name: 'Letzte 30 Tage' })).toHaveAttribute('aria-current', 'true');
  await page.getByRole('link', { name: 'Letzte 7 Tage' }).click();
  await expect(page).toHaveURL('/staff/insights?range=7');
  await expect(page.locator('[data-range-current]')).toContainText('(7 Tage)');
  await page.getByLabel('Von').fill(FROM);
  await page.getByLabel('Bis').fill(TO);
  await page.getByRole('button', { name: 'Anzeigen' }).click();
  await expect(page).toHaveURL(`/staff/insights?${RANGE}`);
  await expect(page.locator('[data-figure="deflection-rate"]')).toHaveText('41,7 %');
  expect(await row(page, 'tickets-times-level', 'Alle Tickets')).toEqual(['Alle Tickets', '6', '2,0 h', '25,0 h', '4', '24,0 h', '48,0 h']);

  await page.goto('/staff/insights?range=custom&from=2025-03-20&to=2025-03-01');
  await expect(page.locator('[data-range-errors]')).toContainText('Der erste Tag darf nicht nach dem letzten Tag liegen.');
  await expect(page.getByLabel('Von')).toHaveValue('2025-03-20');
  await expect(page.getByLabel('Von')).toHaveAttribute('aria-invalid', 'true');
  await expect(page.locator('[data-range-current]')).toContainText('(30 Tage)');
  await page.context().close();
});

test('the German page has no serious accessibility problems', async ({ browser }) => {
  test.setTimeout(120_000);
  const page = await logIn(browser, true, 'de-DE');
  await page.goto(`/staff/insights?${RANGE}`);
  await expect(page.locator('html')).toHaveAttribute('lang', 'de');
  await expectNoSeriousViolations(page);
  await page.context().close();
});

test('first level gets no insights and no CSV', async ({ browser }) => {
  const first = { email: `insights.first.${RUN}@tierzero.test`, name: 'Insights First', role: 'first_level' };
  addStaffAccounts([first], PASSWORD);
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto('/staff/login');
  await page.getByLabel('E-mail address').fill(first.email);
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Log in' }).click();
  await expect(page).toHaveURL('/staff');
  await expect(page.locator('[data-staff-nav]').getByRole('link', { name: 'Insights', exact: true })).toHaveCount(0);
  expect((await page.goto('/staff/insights'))?.status()).toBe(403);
  const csv = await page.request.get('/staff/insights/export.csv?table=tickets-daily&range=7');
  expect(csv.status()).toBe(403);
  expect(await csv.text()).not.toContain('Opened');
  await context.close();
});

/** The rows a visit left, straight from the database. */
function visitRows(visitId: string): { searches: { query: string; source: string; clicked: number }[]; clicks: number; tickets: string[]; visit: unknown } {
  return runNode(`
    import { openDatabase } from '${SERVER}/platform/db.ts';
    const db = openDatabase(process.env.DATA_DIR);
    const id = ${JSON.stringify(visitId)};
    console.log(JSON.stringify({
      searches: db.prepare('SELECT query, source, clicked FROM search_log WHERE visit_id = ? ORDER BY id').all(id),
      clicks: db.prepare('SELECT COUNT(*) AS n FROM search_click WHERE visit_id = ?').get(id).n,
      tickets: db.prepare('SELECT subject FROM tickets WHERE visit_id = ?').all(id).map((row) => row.subject),
      visit: db.prepare('SELECT searches, answered, tickets FROM visits WHERE id = ?').get(id) ?? null,
    }));
  `);
}

test('with JavaScript a visit id travels with a search, its click and the ticket form; it never stays in the address', async ({ page }) => {
  await page.goto('/search');
  const box = page.locator('#page-search-input');
  await box.fill('reset password');
  await box.press('Enter');
  await expect(page).toHaveURL(/\/search\?q=reset\+password$/);
  const visitId = await page.evaluate(() => (JSON.parse(sessionStorage.getItem('tz_visit') ?? 'null') as { id: string }).id);
  expect(visitId).toMatch(/^[0-9a-f]{32}$/);
  await page.locator('.results .result-title').first().click();
  await expect(page).toHaveURL(/\/articles\/[^?]+\?q=reset\+password$/);
  await expect.poll(() => visitRows(visitId).clicks).toBe(1);
  // The search log is written in batches once a second (search-log-recorder.ts).
  await expect.poll(() => visitRows(visitId).searches).toEqual([{ query: 'reset password', source: 'page', clicked: 1 }]);

  const subject = `Visit id check ${RUN}`;
  await page.goto('/tickets/new');
  await expect(page.locator('input[name="visit"][data-visit-field]')).toHaveValue(visitId);
  await page.getByLabel('Your name').fill('Vera Visit');
  await page.getByLabel('Your e-mail address').fill('vera.visit@example.com');
  await page.getByLabel('Subject').fill(subject);
  await page.getByLabel('Your question or problem').fill('Checking that the visit id arrives.');
  await page.getByLabel('Topic').selectOption({ label: 'Export & interfaces' });
  await page.getByRole('button', { name: 'Send request' }).click();
  await expect(page).toHaveURL('/tickets/created');
  const rows = visitRows(visitId);
  expect(rows.tickets).toEqual([subject]);
  expect(rows.visit).toMatchObject({ tickets: 1 });
});

test('without JavaScript there is no visit id', async ({ browser }) => {
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  const query = `nojs visit ${RUN}`;
  await page.goto(`/search?q=${encodeURIComponent(query)}`);
  const rows = (): { visit_id: string | null }[] =>
    runNode<{ visit_id: string | null }[]>(`
    import { openDatabase } from '${SERVER}/platform/db.ts';
    const db = openDatabase(process.env.DATA_DIR);
    console.log(JSON.stringify(db.prepare('SELECT visit_id FROM search_log WHERE query = ?').all(${JSON.stringify(query)})));
  `);
  // The search log is written in batches once a second (search-log-recorder.ts).
  await expect.poll(rows).toEqual([{ visit_id: null }]);
  await context.close();
});
