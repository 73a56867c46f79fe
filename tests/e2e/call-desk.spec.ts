/**
 * The call desk end to end: an agent takes a call by keyboard only (no mouse), finds the
 * caller and the article, solves it on the call → the ticket is solved, channel phone, with a
 * handling time, the article's reuse and the solution mail; another call becomes a ticket the
 * agent owns; a call is escalated to level 2 (after the server refused it without a reason
 * and address, keeping the input); a call in progress survives a reload (fields and timer);
 * a standard answer with placeholders goes into the call's solution filled; the page works
 * without JavaScript; axe finds nothing serious on it.
 */
import path from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Browser, type Locator, type Page } from '@playwright/test';
import { addStaffAccounts, runNode } from './support/staff.ts';
import { waitForMail } from './support/mail.ts';

const PASSWORD = 'e2e-call-desk-password';
const RUN = Date.now().toString(36);
const STAFF = {
  agent: { email: `calls.first.${RUN}@tierzero.test`, name: `Cora Caller ${RUN}`, role: 'first_level' },
  second: { email: `calls.second.${RUN}@tierzero.test`, name: `Sven Second ${RUN}`, role: 'second_level' },
};
const SERVER = `file://${path.resolve('src/lib/server')}`;

test.beforeAll(() => addStaffAccounts(Object.values(STAFF), PASSWORD));

interface TicketRow {
  reference: string;
  status: string;
  level: number;
  channel: string;
  handling_seconds: number | null;
  call_outcome: string | null;
  assignee_email: string | null;
  customer_email: string;
  solution: string | null;
  articles: string[];
  mails: number;
}

function ticketRow(reference: string): TicketRow {
  return runNode(`
    import { openDatabase } from '${SERVER}/platform/db.ts';
    const db = openDatabase(process.env.DATA_DIR);
    const row = db.prepare('SELECT t.*, u.email AS assignee_email FROM tickets t LEFT JOIN users u ON u.id = t.assignee_id WHERE t.reference = ?').get(${JSON.stringify(reference)});
    row.articles = db.prepare('SELECT article_slug FROM ticket_articles WHERE ticket_id = ?').all(row.id).map((r) => r.article_slug);
    row.mails = db.prepare('SELECT COUNT(*) AS n FROM outbox WHERE ticket_id = ?').get(row.id).n;
    console.log(JSON.stringify(row));
  `);
}

function ticketCount(): number {
  return runNode(`
    import { openDatabase } from '${SERVER}/platform/db.ts';
    const db = openDatabase(process.env.DATA_DIR);
    console.log(JSON.stringify(db.prepare('SELECT COUNT(*) AS n FROM tickets').get().n));
  `);
}

/** An earlier web ticket of a caller, so that the lookup finds them. */
function earlierTicket(email: string, name: string): { reference: string } {
  return runNode(`
    import { openDatabase } from '${SERVER}/platform/db.ts';
    import { createTicket } from '${SERVER}/desk/create-ticket.ts';
    import { DEFAULT_DESK_CONFIG } from '${SERVER}/desk/desk-config.ts';
    const db = openDatabase(process.env.DATA_DIR);
    import { sqliteDatabase } from '${SERVER}/platform/database/connect.ts';
    const database = sqliteDatabase(db);
    const { ticket } = await createTicket(database, { input: { name: ${JSON.stringify(name)}, email: ${JSON.stringify(email)}, subject: 'Earlier question about invoices',
      description: 'An earlier request.', category: 'invoices', lang: 'en' }, config: DEFAULT_DESK_CONFIG });
    console.log(JSON.stringify({ reference: ticket.reference }));
  `);
}

/** Ends the agent's call in progress in the database (a fresh call for the next test). */
function endCall(email: string): void {
  runNode(`
    import { openDatabase } from '${SERVER}/platform/db.ts';
    const db = openDatabase(process.env.DATA_DIR);
    db.prepare('DELETE FROM call_drafts WHERE user_id = (SELECT id FROM users WHERE email = ?)').run(${JSON.stringify(email)});
    console.log('{}');
  `);
}

/** Logs in with the keyboard only: type, Tab, Enter. */
async function logIn(browser: Browser, who: keyof typeof STAFF, javaScriptEnabled = true): Promise<Page> {
  endCall(STAFF[who].email);
  const context = await browser.newContext({ locale: 'en-US', javaScriptEnabled });
  const page = await context.newPage();
  await page.goto('/staff/login');
  await page.getByLabel('E-mail address').focus();
  await page.keyboard.type(STAFF[who].email);
  await page.keyboard.press('Tab');
  await page.keyboard.type(PASSWORD);
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL('/staff');
  return page;
}

/** Presses Tab until `target` has the focus (keyboard only), at most `max` times. */
async function tabTo(page: Page, target: Locator, max = 40): Promise<void> {
  for (let i = 0; i < max; i++) {
    if (await target.evaluate((element) => element === document.activeElement)) return;
    await page.keyboard.press('Tab');
  }
  await expect(target).toBeFocused();
}

async function expectNoSeriousViolations(page: Page): Promise<void> {
  const { violations } = await new AxeBuilder({ page }).analyze();
  const serious = violations.filter((violation) => violation.impact === 'serious' || violation.impact === 'critical');
  expect(serious.map((violation) => `${violation.id}: ${violation.nodes.map((node) => node.target.join(' ')).join(', ')}`), page.url()).toEqual([]);
}

test('keyboard only: find the caller and the article, solve on the call → solved, phone, handling time, reuse and mail', async ({ browser }) => {
  test.setTimeout(90_000);
  const caller = { email: `kim.keys.${RUN}@example.com`, name: `Kim Keys ${RUN}` };
  const earlier = earlierTicket(caller.email, caller.name);
  const page = await logIn(browser, 'agent');

  // The desk home offers the call; Alt+N opens it from any desk page.
  await expect(page.locator('[data-new-call]')).toBeVisible();
  await page.keyboard.press('Alt+KeyN');
  await expect(page).toHaveURL('/staff/calls/new');
  await expect(page.getByRole('heading', { level: 1, name: 'New call' })).toBeVisible();
  await expect(page.locator('.call-shortcuts')).toContainText('Alt+S solved on the call');

  // Alt+C: find the caller by e-mail; Enter searches; their earlier ticket is listed as a link.
  await page.keyboard.press('Alt+KeyC');
  await expect(page.locator('#call-find')).toBeFocused();
  await page.keyboard.type(caller.email);
  await page.keyboard.press('Enter');
  const row = page.locator(`[data-caller-ticket="${earlier.reference}"]`);
  await expect(row).toBeVisible();
  await expect(row.getByRole('link', { name: earlier.reference })).toHaveAttribute('href', `/staff/tickets/${earlier.reference}`);
  await tabTo(page, row.locator('[data-use-caller]'));
  await page.keyboard.press('Enter');
  await expect(page.locator('#call-name')).toHaveValue(caller.name);
  await expect(page.locator('#call-email')).toHaveValue(caller.email);
  // Using the caller moves on to the question; the knowledge base searches while typing.
  await expect(page.locator('#call-question')).toBeFocused();
  await page.keyboard.type('I forgot my password and cannot reset it');
  const article = page.locator('[data-call-kb] [data-kb-result="reset-password"]');
  await expect(article).toBeVisible();

  // The topic by keyboard: Tab to the select, a letter picks "Log-in & account".
  await tabTo(page, page.locator('#call-category'));
  await page.keyboard.press('L');
  await expect(page.locator('#call-category')).toHaveValue('account');

  // "Use as solution" on the article, by keyboard.
  await tabTo(page, article.locator('[data-kb-use]'));
  await page.keyboard.press('Enter');
  await expect(page.locator('#call-article')).toHaveValue('reset-password');

  // The timer runs; Alt+P pauses and resumes it.
  await page.keyboard.press('Alt+KeyP');
  await expect(page.locator('[data-timer-paused]')).toBeVisible();
  await page.keyboard.press('Alt+KeyP');
  await expect(page.locator('[data-timer-paused]')).toBeHidden();
  await page.waitForTimeout(1200);

  // Alt+S: solved on the call.
  await page.keyboard.press('Alt+KeyS');
  await expect(page).toHaveURL(/\/staff\/tickets\/T-\d{4}-\d{6}\?call=solved&emailed=1$/);
  await expect(page.locator('[data-call-done="solved"]')).toContainText('solved on the call');
  await expect(page.locator('[data-ticket-status]')).toHaveAttribute('data-ticket-status', 'solved');
  await expect(page.locator('[data-ticket-channel]')).toHaveText('Phone');
  await expect(page.locator('[data-ticket-handling]')).toHaveText(/^\d+:\d\d$/);
  await expect(page.locator('[data-linked="reset-password"]')).toBeVisible();
  // The saved call leaves nothing of the caller in the browser's storage.
  expect(await page.evaluate(() => Object.keys(localStorage).filter((key) => key.startsWith('tierzero:call:')))).toEqual([]);

  const reference = new URL(page.url()).pathname.split('/').pop()!;
  const stored = ticketRow(reference);
  expect(stored).toMatchObject({ status: 'solved', channel: 'phone', call_outcome: 'solved', level: 1, assignee_email: STAFF.agent.email, customer_email: caller.email });
  expect(stored.handling_seconds).toBeGreaterThanOrEqual(1);
  expect(stored.articles).toEqual(['reset-password']);
  const mail = await waitForMail((message) => message.to.includes(caller.email) && message.subject.includes(reference));
  expect(mail.subject).toContain('The solution from our call');
  expect(mail.text).toMatch(/\/tickets\/status\/[A-Za-z0-9_-]{43}/);
  expect(mail.text).toContain('/articles/reset-password');
  await page.context().close();
});

test('a call becomes a ticket the agent owns, shown with channel and handling time in My tickets', async ({ browser }) => {
  const page = await logIn(browser, 'agent');
  await page.goto('/staff/calls/new');
  await page.locator('#call-name').fill('Otto Owner');
  await page.locator('#call-email').fill(`otto.owner.${RUN}@example.com`);
  await page.locator('#call-question').fill(`Invoice numbering question ${RUN}`);
  await page.locator('#call-category').selectOption('invoices');
  await page.keyboard.press('Alt+KeyT');
  await expect(page).toHaveURL(/\?call=ticket&emailed=1$/);
  await expect(page.locator('[data-ticket-assignee]')).toContainText(STAFF.agent.name);
  await expect(page.locator('[data-ticket-status]')).toHaveAttribute('data-ticket-status', 'open');
  const reference = new URL(page.url()).pathname.split('/').pop()!;
  expect(ticketRow(reference)).toMatchObject({ status: 'open', channel: 'phone', call_outcome: 'ticket', assignee_email: STAFF.agent.email });

  await page.goto('/staff');
  const mine = page.locator(`#desk-mine-table [data-ticket="${reference}"]`);
  await expect(mine).toBeVisible();
  await expect(mine.locator('[data-channel="phone"]')).toContainText(/Phone · .*\d+:\d\d/);
  await page.context().close();
});

test('escalate from a call: refused without reason and address (input kept), then straight to level 2', async ({ browser }) => {
  const page = await logIn(browser, 'agent');
  await page.goto('/staff/calls/new');
  await page.locator('#call-name').fill('Eva Escalate');
  await page.locator('#call-question').fill(`Bank sync fails with an unknown code ${RUN}`);
  await page.locator('#call-category').selectOption('banking');
  const before = ticketCount();
  await page.getByRole('button', { name: 'Escalate to level 2' }).press('Enter');
  const errors = page.locator('[data-call-errors]');
  await expect(errors).toBeVisible();
  await expect(errors).toContainText('An e-mail address is required to open a ticket or escalate');
  await expect(errors).toContainText('Please give a reason for escalating.');
  await expect(page.locator('#call-question')).toHaveValue(`Bank sync fails with an unknown code ${RUN}`);
  await expect(page.locator('#call-name')).toHaveValue('Eva Escalate');
  await expect(page.locator('#call-category')).toHaveValue('banking');
  await expect(page.locator('#call-email')).toHaveAttribute('aria-invalid', 'true');
  expect(ticketCount()).toBe(before);
  await expectNoSeriousViolations(page);

  await page.locator('#call-email').fill(`eva.escalate.${RUN}@example.com`);
  await page.locator('#call-reason').fill('Error code not documented; needs the bank logs.');
  await page.keyboard.press('Alt+KeyL');
  await expect(page).toHaveURL(/\?call=escalated&emailed=1$/);
  await expect(page.locator('[data-call-done="escalated"]')).toContainText('escalated to level 2');
  await expect(page.locator('[data-ticket-level]')).toHaveAttribute('data-ticket-level', '2');
  const reference = new URL(page.url()).pathname.split('/').pop()!;
  expect(ticketRow(reference)).toMatchObject({ level: 2, channel: 'phone', call_outcome: 'escalated' });
  await expect(page.getByText('Error code not documented; needs the bank logs.')).toBeVisible();
  await page.context().close();
});

test('a call in progress survives a reload: typed text, chosen values and the timer', async ({ browser }) => {
  const page = await logIn(browser, 'agent');
  await page.goto('/staff/calls/new');
  await page.locator('#call-name').fill('Rita Reload');
  await page.locator('#call-question').fill('My question must not get lost');
  await page.locator('#call-category').selectOption('payments');
  await page.locator('#call-solution').fill('Half-typed solution');
  await page.waitForTimeout(2200);
  const before = (await page.locator('[data-timer-value]').textContent()) ?? '';
  await page.reload();
  await expect(page.locator('[data-call-restored]')).toBeVisible();
  await expect(page.locator('#call-name')).toHaveValue('Rita Reload');
  await expect(page.locator('#call-question')).toHaveValue('My question must not get lost');
  await expect(page.locator('#call-category')).toHaveValue('payments');
  await expect(page.locator('#call-solution')).toHaveValue('Half-typed solution');
  const toSeconds = (text: string): number => text.split(':').reduce((sum, part) => sum * 60 + Number(part), 0);
  expect(toSeconds(before)).toBeGreaterThanOrEqual(2);
  await expect.poll(async () => toSeconds((await page.locator('[data-timer-value]').textContent()) ?? '')).toBeGreaterThanOrEqual(toSeconds(before));

  // A paused timer stays paused across a reload.
  await page.keyboard.press('Alt+KeyP');
  const paused = (await page.locator('[data-timer-value]').textContent()) ?? '';
  await page.reload();
  await expect(page.locator('[data-timer-paused]')).toBeVisible();
  await page.waitForTimeout(1500);
  await expect(page.locator('[data-timer-value]')).toHaveText(paused);

  // Discarding ends the call: a new one starts empty.
  await page.getByRole('button', { name: 'Discard call' }).press('Enter');
  await expect(page.locator('[data-call-discarded]')).toBeVisible();
  await expect(page.locator('#call-question')).toHaveValue('');
  await page.context().close();
});

test('logging out removes the call in progress from the browser (nothing of a caller stays on a shared PC)', async ({ browser }) => {
  const page = await logIn(browser, 'agent');
  await page.goto('/staff/calls/new');
  await page.locator('#call-name').fill('Lotte Logout');
  await page.locator('#call-question').fill('A question that must not stay behind');
  await expect.poll(() => page.evaluate(() => Object.keys(localStorage).filter((key) => key.startsWith('tierzero:call:')).length)).toBe(1);
  await page.locator('[data-staff-nav]').getByRole('button', { name: 'Log out' }).click();
  await expect(page).toHaveURL(/\/staff\/login/);
  expect(await page.evaluate(() => Object.keys(localStorage).filter((key) => key.startsWith('tierzero:call:')))).toEqual([]);
  expect(await page.evaluate(() => JSON.stringify(localStorage))).not.toContain('Lotte Logout');
  await page.context().close();
});

test('a standard answer with placeholders goes into the call’s solution filled; the reference is filled on saving', async ({ browser }) => {
  const title = `Call answer ${RUN}`;
  runNode(`
    import { openDatabase } from '${SERVER}/platform/db.ts';
    import { createTemplate } from '${SERVER}/desk/answer-templates.ts';
    import { sqliteDatabase } from '${SERVER}/platform/database/connect.ts';
    const db = openDatabase(process.env.DATA_DIR);
    const database = sqliteDatabase(db);
    await createTemplate(database, { title: ${JSON.stringify(title)}, lang: 'en', articleSlug: 'reset-password',
      body: 'Hello {customer_name}, this is {agent_name}. Your reference: {ticket_reference}. Steps: {article_link}' }, null,
      () => ({ audience: 'public', status: 'validated' }));
    console.log('{}');
  `);
  const page = await logIn(browser, 'agent');
  await page.goto('/staff/calls/new');
  await page.locator('#call-name').fill('Paula Placeholder');
  await page.locator('#call-question').fill('Password reset');
  await page.locator('#call-category').selectOption('account');
  await page.keyboard.press('Alt+KeyM');
  await expect(page.locator('#call-tq')).toBeFocused();
  await page.keyboard.type(title);
  const insert = page.getByRole('button', { name: `Insert “${title}”` });
  // The list shows the search's result (it was searched as the title was typed).
  await expect(page.locator('[data-call-template-results] li')).toHaveCount(1);
  await expect(insert).toBeVisible();
  await tabTo(page, insert);
  await page.keyboard.press('Enter');
  const solution = page.locator('#call-solution');
  await expect(solution).toHaveValue(new RegExp(`^Hello Paula Placeholder, this is ${STAFF.agent.name}\\. Your reference: \\{ticket_reference\\}\\. Steps: http://127\\.0\\.0\\.1:\\d+/en/articles/reset-password$`));
  await expect(page.locator('#call-article')).toHaveValue('reset-password');
  await page.keyboard.press('Alt+KeyS');
  await expect(page).toHaveURL(/\?call=solved&emailed=0$/);
  const reference = new URL(page.url()).pathname.split('/').pop()!;
  const stored = ticketRow(reference);
  expect(stored.solution).toContain(`Your reference: ${reference}.`);
  expect(stored.articles).toEqual(['reset-password']);
  expect(stored.customer_email).toBe('');
  expect(stored.mails).toBe(0);
  await page.context().close();
});

test('without JavaScript: find and use the caller, choose the article, solve on the call', async ({ browser }) => {
  const caller = { email: `nora.nojs.${RUN}@example.com`, name: `Nora NoJS ${RUN}` };
  const earlier = earlierTicket(caller.email, caller.name);
  const page = await logIn(browser, 'second', false);
  await page.goto('/staff/calls/new');
  await expect(page.locator('[data-timer-started]')).toBeVisible();
  await page.locator('#call-question').fill('How do I reset my password?');
  await page.locator('#call-find').fill(earlier.reference);
  await page.getByRole('button', { name: 'Find caller' }).click();
  await expect(page.locator('#call-question')).toHaveValue('How do I reset my password?');
  await page.locator(`[data-caller-ticket="${earlier.reference}"] [data-use-caller]`).click();
  await expect(page.locator('#call-name')).toHaveValue(caller.name);
  await expect(page.locator('#call-email')).toHaveValue(caller.email);
  await page.locator('[data-call-kb] [data-kb-result="reset-password"] [data-kb-use]').click();
  await expect(page.locator('#call-article')).toHaveValue('reset-password');
  await page.locator('#call-category').selectOption('account');
  await page.getByRole('button', { name: 'Solved on the call' }).click();
  await expect(page).toHaveURL(/\?call=solved&emailed=1$/);
  const reference = new URL(page.url()).pathname.split('/').pop()!;
  const stored = ticketRow(reference);
  expect(stored).toMatchObject({ status: 'solved', channel: 'phone', level: 2, assignee_email: STAFF.second.email, articles: ['reset-password'] });
  expect(stored.handling_seconds).toBeGreaterThanOrEqual(0);
  await page.context().close();
});

test('axe finds nothing serious on the call page with results', async ({ browser }) => {
  const page = await logIn(browser, 'agent');
  await page.goto('/staff/calls/new?find=example.com&kb=password&tq=password');
  await expect(page.locator('[data-call-kb] [data-kb-result]').first()).toBeVisible();
  await expectNoSeriousViolations(page);
  await page.context().close();
});

test('a training page found in the call desk’s knowledge base links to the training page, with and without JavaScript', async ({ browser }) => {
  for (const javaScriptEnabled of [true, false]) {
    const page = await logIn(browser, 'agent', javaScriptEnabled);
    if (javaScriptEnabled) {
      await page.goto('/staff/calls/new');
      await page.locator('[data-call-kb-query]').fill('Bank accounts, exports and VAT');
      await page.locator('[data-call-kb-query]').press('Enter');
    } else {
      await page.goto(`/staff/calls/new?kb=${encodeURIComponent('Bank accounts, exports and VAT')}`);
    }
    const result = page.locator('[data-call-kb] [data-kb-result="product/banking-export-and-vat"]');
    await expect(result.locator('a')).toHaveAttribute('href', '/staff/training/product/banking-export-and-vat');
    await expect(result.locator('.desk-badge')).toHaveText('Training');
    await expect(result.locator('[data-kb-use]')).toHaveCount(0);
    await result.locator('a').click();
    await expect(page).toHaveURL(/\/staff\/training\/product\/banking-export-and-vat$/);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Bank accounts, exports and VAT');
    await page.context().close();
  }
});
