/**
 * The whole support path in Chromium, customer and staff in separate browser contexts:
 * a customer searches, finds nothing, opens a ticket from the search page (suggestions shown)
 * and gets the private link → a present first-level agent finds it assigned and escalates →
 * the second-level agent escalates to a specialist of the ticket's category → the specialist
 * leaves advice and hands it back → the second-level agent replies (with a knowledge-base link
 * inserted from the side panel) → the customer sees the reply through the link and answers →
 * the second-level agent solves it → the confirmation, reply and solution e-mails arrive at
 * the test's SMTP server and are listed as sent in the admin's outbox.
 * Also: two agents acting on one ticket at once (the second sees what changed and keeps their
 * text), and axe on the desk, the ticket view and the outbox.
 */
import path from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Browser, type Page } from '@playwright/test';
import { waitForMail } from './support/mail.ts';
import { addStaffAccounts, logInAs, runNode } from './support/staff.ts';

const PASSWORD = 'e2e-desk-flow-password';
const RUN = Date.now().toString(36);
const CATEGORY = 'export';

const STAFF = {
  first: { email: `flow.first.${RUN}@tierzero.test`, name: `Flora First ${RUN}`, role: 'first_level', extra: [] as string[] },
  firstB: { email: `flow.firstb.${RUN}@tierzero.test`, name: `Bruno Second-Look ${RUN}`, role: 'first_level', extra: [] as string[] },
  second: { email: `flow.second.${RUN}@tierzero.test`, name: `Selma Second ${RUN}`, role: 'second_level', extra: [] as string[] },
  specialist: { email: `flow.third.${RUN}@tierzero.test`, name: `Theo Third ${RUN}`, role: 'third_level', extra: ['--areas', CATEGORY] },
  admin: { email: `flow.admin.${RUN}@tierzero.test`, name: `Ada Admin ${RUN}`, role: 'admin', extra: [] as string[] },
};
type StaffKey = keyof typeof STAFF;

const SERVER = `file://${path.resolve('src/lib/server')}`;

test.beforeAll(() => addStaffAccounts(Object.values(STAFF), PASSWORD));

/** A fresh browser context for a staff member, logged in through the log-in page. */
function logIn(browser: Browser, who: StaffKey): Promise<Page> {
  return logInAs(browser, STAFF[who].email, PASSWORD);
}

/** Marks the signed-in agent present on /staff; returns the notice shown. */
async function becomePresent(page: Page): Promise<string> {
  await page.goto('/staff');
  const button = page.getByRole('button', { name: 'I am present' });
  if ((await button.count()) > 0) await button.click();
  await expect(page.locator('[data-presence-state]')).toHaveAttribute('data-presence-state', 'present');
  return (await page.locator('[data-presence-notice]').textContent()) ?? '';
}

async function becomeAway(page: Page): Promise<void> {
  await page.goto('/staff');
  const button = page.getByRole('button', { name: 'I am away' });
  if ((await button.count()) > 0) await button.click();
}

/** Opens a ticket from "My tickets" on /staff. */
async function openFromMyTickets(page: Page, reference: string): Promise<void> {
  await page.goto('/staff');
  const mine = page.getByRole('region', { name: /My open tickets/ });
  await mine.getByRole('link', { name: reference }).click();
  await expect(page).toHaveURL(`/staff/tickets/${reference}`);
}

async function expectNoSeriousViolations(page: Page): Promise<void> {
  const { violations } = await new AxeBuilder({ page }).analyze();
  const serious = violations.filter((violation) => violation.impact === 'serious' || violation.impact === 'critical');
  expect(serious.map((violation) => `${violation.id}: ${violation.nodes.map((node) => node.target.join(' ')).join(', ')}`), page.url()).toEqual([]);
}

test('the whole path: search → ticket → level 1 → level 2 → specialist → reply → customer answer → solved → e-mails', async ({ browser }) => {
  test.setTimeout(180_000);

  // The agents of every level are present before the ticket comes in.
  const first = await logIn(browser, 'first');
  await becomePresent(first);
  const second = await logIn(browser, 'second');
  await becomePresent(second);
  const specialist = await logIn(browser, 'specialist');
  await becomePresent(specialist);

  // The customer searches, finds nothing, and opens a ticket from the search page.
  const customerContext = await browser.newContext({ locale: 'en-US' });
  const customer = await customerContext.newPage();
  const query = `zyxwvut quarzflux ${RUN}`;
  await customer.goto(`/search?q=${encodeURIComponent(query)}`);
  await expect(customer.locator('main')).toContainText('No articles match');
  await customer.locator('main [data-ticket-link]').first().click();
  await expect(customer).toHaveURL(/\/tickets\/new\?/);
  const subject = `DATEV export rejects my booking batch ${RUN}`;
  await customer.getByLabel('Your name').fill('Clara Customer');
  await customer.getByLabel('Your e-mail address').fill(`clara.${RUN}@example.com`);
  await customer.getByLabel('Subject').fill(subject);
  await customer.getByLabel('Your question or problem').fill('The DATEV export stops with an error about the client number. <script>alert(1)</script>');
  // Suggestions from the knowledge base appear while the customer types.
  await expect(customer.locator('[data-deflection-list] li').first()).toBeVisible({ timeout: 10_000 });
  await customer.getByLabel('Topic').selectOption(CATEGORY);
  await customer.getByLabel('Answer me in').selectOption('en');
  await customer.getByRole('button', { name: 'Send request' }).click();
  const reference = (await customer.locator('[data-ticket-reference]').first().textContent())!.trim();
  expect(reference).toMatch(/^T-\d{4}-\d{6}$/);
  const statusLink = await customer.locator('[data-ticket-link]').inputValue();
  const statusPath = new URL(statusLink).pathname;
  expect(statusPath).toMatch(/^\/tickets\/status\/[A-Za-z0-9_-]{43}$/);

  // First level: assigned automatically (the only present first-level agent), escalates.
  await openFromMyTickets(first, reference);
  await expect(first.locator('[data-ticket-assignee]')).toContainText('(you)');
  await expect(first.locator('[data-entry="customer"] [data-entry-body]')).toContainText('<script>alert(1)</script>');
  await first.locator('[data-disclosure="escalate"] summary').click();
  await first.getByLabel('Reason for escalating to level 2 (required)').fill('Client number looks right; needs a customer-specific check.');
  await first.getByRole('button', { name: 'Escalate to level 2' }).click();
  await expect(first.locator('[data-done="escalate"]')).toBeVisible();
  await expect(first.locator('[data-ticket-level]')).toHaveText('Level 2');

  // Second level: finds it assigned, escalates to the specialist of the category.
  await openFromMyTickets(second, reference);
  await second.locator('[data-disclosure="escalate"] summary').click();
  await second.getByLabel('Reason for escalating to level 3 (required)').fill('Unknown export error: needs the export specialist.');
  await second.getByRole('button', { name: 'Escalate to level 3' }).click();
  await expect(second.locator('[data-ticket-level]')).toHaveText('Level 3');

  // The specialist cannot write to the customer; leaves advice and hands back.
  await openFromMyTickets(specialist, reference);
  await expect(specialist.locator('form[data-form="reply"]')).toHaveCount(0);
  await specialist.getByLabel('Advice for second level (internal)').fill('Known DATEV limit: client numbers above 99999 need the long format. Tell the customer to switch it in the export settings.');
  await specialist.getByRole('button', { name: 'Add advice' }).click();
  await expect(specialist.locator('[data-done="note"]')).toBeVisible();
  await specialist.locator('[data-disclosure="handBack"] summary').click();
  await specialist.getByLabel('Guidance for level 2 (required)').fill('Advice is in the note above.');
  await specialist.getByRole('button', { name: 'Hand back to level 2' }).click();
  await expect(specialist.locator('[data-ticket-level]')).toHaveText('Level 2');

  // Second level replies, with a knowledge-base link inserted from the side panel.
  await openFromMyTickets(second, reference);
  await expect(second.locator('[data-entry="advice"]')).toContainText('long format');
  await second.getByLabel('Reply to the customer').fill('Please switch the client number to the long format. See: ');
  await second.getByLabel('Search public and internal articles').fill('DATEV export');
  await second.getByRole('button', { name: 'Search', exact: true }).click();
  const result = second.locator('[data-kb-result="datev-export"]');
  await expect(result).toBeVisible();
  await expect(second.locator('[data-kb-results]')).toContainText('Internal');
  const versionBeforeLink = Number(await second.locator('form[data-form="reply"] input[name="version"]').inputValue());
  await result.getByRole('button', { name: 'Insert link' }).click();
  await expect(second.getByLabel('Reply to the customer')).toHaveValue(/\[Create a DATEV export for your tax advisor\]\(http[^)]+\/articles\/datev-export\)/);
  // Inserting recorded the reuse, and the forms took the new version: the reply goes through.
  await expect.poll(async () => Number(await second.locator('form[data-form="reply"] input[name="version"]').inputValue())).toBeGreaterThan(versionBeforeLink);
  await second.getByRole('button', { name: 'Send reply' }).click();
  await expect(second.locator('[data-done="reply"]')).toBeVisible();
  await expect(second.locator('[data-linked="datev-export"]')).toBeVisible();
  await expect(second.locator('[data-ticket-status]')).toHaveAttribute('data-ticket-status', 'open');

  // The customer sees the reply through the private link and answers.
  await customer.goto(statusPath);
  await expect(customer.locator('main')).toContainText('Please switch the client number to the long format.');
  await expect(customer.locator('main')).not.toContainText('Known DATEV limit');
  await customer.getByLabel('Your message').fill('That worked, thank you!');
  await customer.getByRole('button', { name: 'Send reply' }).click();
  await expect(customer.locator('[data-reply-sent]')).toBeVisible();

  // Second level solves it with a summary and the linked public article.
  await second.reload();
  await expect(second.locator('[data-entry="customer"]').last()).toContainText('That worked, thank you!');
  await second.locator('[data-disclosure="solve"] summary').click();
  await second.getByLabel('Solution summary').fill('Client number switched to the long format.');
  await second.getByLabel(/Solution article/).selectOption('datev-export');
  await second.getByRole('button', { name: 'Solve ticket' }).click();
  await expect(second.locator('[data-ticket-status]')).toHaveAttribute('data-ticket-status', 'solved');

  await customer.goto(statusPath);
  await expect(customer.locator('main')).toContainText('Client number switched to the long format.');

  // The e-mails arrive at the test's SMTP server: confirmation, reply, solution.
  const to = `clara.${RUN}@example.com`;
  const mailTo = (subject: string) => waitForMail((mail) => mail.to.includes(to) && mail.subject.startsWith(`[${reference}] ${subject}`), 15_000);
  expect((await mailTo('We received your request')).text).toContain('/tickets/status/');
  expect((await mailTo('New reply to your request')).text).toContain('Please switch the client number to the long format.');
  expect((await mailTo('Your request has been solved')).text).toContain('Client number switched to the long format.');

  // The admin sees the same three mails in the outbox, sent.
  const admin = await logIn(browser, 'admin');
  await admin.goto('/staff/outbox');
  const mails = admin.locator('[data-mail]').filter({ hasText: reference });
  await expect(mails).toHaveCount(3);
  await expect(mails.filter({ hasText: 'Please switch the client number' })).toHaveCount(1);
  await expect(mails.filter({ hasText: 'Client number switched to the long format.' })).toHaveCount(1);
  await expect
    .poll(async () => {
      await admin.goto('/staff/outbox?status=sent');
      return admin.locator('[data-mail-status="sent"]').filter({ hasText: reference }).count();
    })
    .toBe(3);
  await admin.context().close();

  for (const page of [first, second, specialist]) {
    await becomeAway(page);
    await page.context().close();
  }
  await customerContext.close();
});

test('two agents on one ticket at once: the second sees what changed and keeps their text', async ({ browser }) => {
  const ticket = runNode<{ reference: string }>(`
    import { openDatabase } from '${SERVER}/platform/db.ts';
    import { createTicket } from '${SERVER}/desk/create-ticket.ts';
    import { DEFAULT_DESK_CONFIG } from '${SERVER}/desk/desk-config.ts';
    const db = openDatabase(process.env.DATA_DIR);
    const { ticket } = createTicket(db, { input: { name: 'Conny Conflict', email: 'conny@example.com', subject: 'Two agents ${RUN}',
      description: 'Who answers first?', category: '${CATEGORY}', lang: 'en' }, config: DEFAULT_DESK_CONFIG });
    console.log(JSON.stringify({ reference: ticket.reference }));
  `);
  const a = await logIn(browser, 'first');
  const b = await logIn(browser, 'firstB');
  await a.goto(`/staff/tickets/${ticket.reference}`);
  await b.goto(`/staff/tickets/${ticket.reference}`);

  // B starts typing a reply while A adds a note and raises the priority.
  const typed = 'Dear Conny, <b>here</b> is my carefully written answer.';
  await b.getByLabel('Reply to the customer').fill(typed);
  await a.getByRole('tab', { name: 'Internal note' }).click();
  await a.getByLabel('Internal note').fill('I am on it — calling the customer.');
  await a.getByRole('button', { name: 'Add note' }).click();
  await expect(a.locator('[data-done="note"]')).toBeVisible();
  await a.locator('#priority-select').selectOption('high');
  await a.getByRole('button', { name: 'Set priority' }).click();
  await expect(a.locator('[data-done="setPriority"]')).toBeVisible();

  await b.getByRole('button', { name: 'Send reply' }).click();
  const conflict = b.locator('[data-conflict]');
  await expect(conflict).toBeVisible();
  await expect(conflict).toContainText('This ticket changed while you were working — here is what changed');
  await expect(conflict).toContainText('I am on it — calling the customer.');
  await expect(conflict).toContainText('Priority changed from Normal to High');
  await expect(b.getByLabel('Reply to the customer')).toHaveValue(typed);
  await expect(b.locator('[data-entry="reply"]')).toHaveCount(0);
  await expectNoSeriousViolations(b);

  // Having seen the changes, B sends again: now it goes through.
  await b.getByRole('button', { name: 'Send reply' }).click();
  await expect(b.locator('[data-done="reply"]')).toBeVisible();
  await expect(b.locator('[data-entry="reply"] [data-entry-body]')).toHaveText(typed);

  // Other errors give a clear message and keep the input, too: solving without summary or article.
  await b.locator('[data-disclosure="solve"] summary').click();
  await b.getByRole('button', { name: 'Solve ticket' }).click();
  await expect(b.locator('[data-desk-error]')).toContainText('To solve a ticket, write a solution summary or link an article.');
  await expectNoSeriousViolations(b);
  await a.context().close();
  await b.context().close();
});

test('the desk, the ticket view and the outbox have no serious accessibility problems', async ({ browser }) => {
  // Four axe scans: on a machine shared with other test runs they need more than the default 30 s.
  test.setTimeout(60_000);
  const ticket = runNode<{ reference: string }>(`
    import { openDatabase } from '${SERVER}/platform/db.ts';
    import { createTicket } from '${SERVER}/desk/create-ticket.ts';
    import { DEFAULT_DESK_CONFIG } from '${SERVER}/desk/desk-config.ts';
    const db = openDatabase(process.env.DATA_DIR);
    const { ticket } = createTicket(db, { input: { name: 'Axel Axe', email: 'axel@example.com', subject: 'Accessibility ${RUN}',
      description: 'Checking the desk.', category: '${CATEGORY}', lang: 'en' }, config: DEFAULT_DESK_CONFIG });
    console.log(JSON.stringify({ reference: ticket.reference }));
  `);
  const agent = await logIn(browser, 'first');
  await agent.goto('/staff?overdue=0');
  await expectNoSeriousViolations(agent);
  await agent.goto(`/staff/tickets/${ticket.reference}?kb=datev`);
  await expect(agent.locator('[data-kb-result]').first()).toBeVisible();
  await expectNoSeriousViolations(agent);
  await agent.context().close();

  const admin = await logIn(browser, 'admin');
  await admin.goto('/staff?level=1');
  await expectNoSeriousViolations(admin);
  await admin.goto('/staff/outbox');
  await expect(admin.locator('[data-mail]').first()).toBeVisible();
  await expectNoSeriousViolations(admin);
  await admin.context().close();
});
