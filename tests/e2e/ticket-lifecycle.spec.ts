/**
 * The ticket lifecycle from the customer's side and the desk's clocks: a customer confirms a
 * solution with one click and rates it; a "thank you" on a solved ticket keeps it solved; the
 * solution e-mail's answer links act only on POST (GET shows one button); and a ticket past
 * its first-response time in business hours shows in the overdue view, while one whose
 * due time lies behind holidays does not.
 */
import path from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { addStaffAccounts, logInAs, runNode } from './support/staff.ts';

const PASSWORD = 'e2e-lifecycle-password';
const RUN = Date.now().toString(36);
const AGENT = { email: `lifecycle.first.${RUN}@tierzero.test`, name: `Lia Lifecycle ${RUN}`, role: 'first_level' };
const SERVER = `file://${path.resolve('src/lib/server')}`;

test.beforeAll(() => addStaffAccounts([AGENT], PASSWORD));

async function expectAxeClean(page: Page): Promise<void> {
  const { violations } = await new AxeBuilder({ page }).analyze();
  expect(violations.map((violation) => `${violation.id}: ${violation.nodes.map((node) => node.target.join(' ')).join(', ')}`)).toEqual([]);
}

/** A ticket solved by the agent: its status token, the answer links' secret and its reference. */
function solvedTicket(subject: string): { token: string; answer: string; reference: string } {
  return runNode(`
    import { openDatabase } from '${SERVER}/platform/db.ts';
    import { createTicket } from '${SERVER}/desk/create-ticket.ts';
    import { solveTicket } from '${SERVER}/desk/solve-ticket.ts';
    import { listOutbox } from '${SERVER}/mail/outbox.ts';
    import { sqliteDatabase } from '${SERVER}/platform/database/connect.ts';
    import { DEFAULT_DESK_CONFIG } from '${SERVER}/desk/desk-config.ts';
    import { getUserByEmail } from '${SERVER}/accounts/users.ts';
    const db = openDatabase(process.env.DATA_DIR);
    const database = sqliteDatabase(db);
    const agent = (await getUserByEmail(database, ${JSON.stringify(AGENT.email)}));
    const { ticket, token } = await createTicket(database, { input: { name: 'Ria Rating', email: 'ria.rating@example.com', subject: ${JSON.stringify(subject)},
      description: 'The invoice numbers start again at 1.', category: 'invoices', lang: 'en' }, config: DEFAULT_DESK_CONFIG });
    await solveTicket(database, { ticketId: ticket.id, actor: { id: agent.id, role: agent.role, areas: [] }, summary: 'Set the next number in the settings.', expectedVersion: ticket.version, config: DEFAULT_DESK_CONFIG });
    const mail = (await listOutbox(database)).find((entry) => entry.ticketId === ticket.id && entry.body.includes('/tickets/answer/'));
    const answer = /\\/tickets\\/answer\\/([A-Za-z0-9_-]{43})\\?a=solved/.exec(mail.body)[1];
    console.log(JSON.stringify({ token, answer, reference: ticket.reference }));
  `);
}

function statusOf(reference: string): { status: string; rating: string | null } {
  return runNode(`
    import { openDatabase } from '${SERVER}/platform/db.ts';
    const db = openDatabase(process.env.DATA_DIR);
    const row = db.prepare('SELECT t.status, r.rating FROM tickets t LEFT JOIN ticket_ratings r ON r.ticket_id = t.id WHERE t.reference = ?').get(${JSON.stringify(reference)});
    console.log(JSON.stringify({ status: row.status, rating: row.rating ?? null }));
  `);
}

test('a thank-you keeps the ticket solved; the customer rates and confirms with one click each', async ({ page }) => {
  const { token, reference } = solvedTicket(`Numbers restart ${RUN}`);
  await page.goto(`/tickets/status/${token}`);
  await expect(page.locator('[data-ticket-status]')).toHaveAttribute('data-ticket-status', 'solved');
  await expect(page.getByRole('heading', { name: 'Did this solve your problem?' })).toBeVisible();
  await expectAxeClean(page);

  // "Thank you" through the ordinary reply form: in the thread, the ticket stays solved, the page asks.
  await page.getByLabel('Your message').fill('Thank you, that was quick!');
  await page.getByRole('button', { name: 'Send reply' }).click();
  await expect(page.locator('[data-reply-sent]')).toBeVisible();
  await expect(page.locator('[data-ticket-status]')).toHaveAttribute('data-ticket-status', 'solved');
  await expect(page.getByText('Thank you, that was quick!')).toBeVisible();
  await expect(page.getByRole('heading', { name: /Your request stays solved/ })).toBeVisible();
  expect(statusOf(reference).status).toBe('solved');

  // One click rates.
  await page.locator('[data-rate="good"]').click();
  await expect(page.locator('[data-answer-done="rate"]')).toHaveText('Thank you for your rating.');
  await expect(page.locator('[data-rating-box]')).toContainText('Your rating: Good.');
  expect(statusOf(reference).rating).toBe('good');

  // One click confirms: the request closes.
  await page.getByRole('button', { name: 'Yes, this solved it' }).click();
  await expect(page.locator('[data-answer-done="solved"]')).toBeVisible();
  await expect(page.locator('[data-ticket-status]')).toHaveAttribute('data-ticket-status', 'closed');
  expect(statusOf(reference).status).toBe('closed');
  // Times in the customer's zone, never "UTC".
  expect(await page.locator('main').innerText()).not.toContain('UTC');
});

test('the solution e-mail’s links show one button on GET and act only on POST', async ({ page }) => {
  const { answer, reference } = solvedTicket(`Mail links ${RUN}`);
  // A scanner (or the customer) opens every link: nothing changes.
  for (const kind of ['solved', 'reopen', 'good', 'bad']) {
    const response = await page.goto(`/tickets/answer/${answer}?a=${kind}`);
    expect(response?.status()).toBe(200);
  }
  expect(statusOf(reference)).toEqual({ status: 'solved', rating: null });

  // The rating link: an optional comment, one button.
  await page.goto(`/tickets/answer/${answer}?a=bad`);
  await expectAxeClean(page);
  await page.getByLabel('Comment (optional)').fill('It took two tries.');
  await page.getByRole('button', { name: 'Send' }).click();
  await expect(page.locator('[data-answer-done="rate"]')).toBeVisible();
  expect(statusOf(reference).rating).toBe('bad');

  // "Still need help" needs a message, keeps it on a refusal, and reopens.
  await page.goto(`/tickets/answer/${answer}?a=reopen`);
  await page.getByRole('button', { name: 'No, I still need help' }).click();
  await expect(page.getByRole('alert')).toBeVisible();
  await page.getByLabel('What is still not working?').fill('The numbers restart again after a backup.');
  await page.getByRole('button', { name: 'No, I still need help' }).click();
  await expect(page.locator('[data-answer-done="reopen"]')).toBeVisible();
  expect(statusOf(reference).status).toBe('open');
  // The link's secret is no status link: the thread stays private.
  expect((await page.goto(`/tickets/status/${answer}`))?.status()).toBe(404);
});

test('overdue by business hours shows in the overdue view', async ({ browser }) => {
  // Seeded with the business-hours clock: one ticket created 30 days ago (overdue), one created
  // 25 hours ago whose 24 working hours are still running (the last three days were holidays).
  const { late, running } = runNode<{ late: string; running: string }>(`
    import { openDatabase } from '${SERVER}/platform/db.ts';
    import { createTicket } from '${SERVER}/desk/create-ticket.ts';
    import { DEFAULT_DESK_CONFIG } from '${SERVER}/desk/desk-config.ts';
    import { parseBusinessHours } from '${SERVER}/desk/business-hours.ts';
    const db = openDatabase(process.env.DATA_DIR);
    import { sqliteDatabase } from '${SERVER}/platform/database/connect.ts';
    const database = sqliteDatabase(db);
    const now = Date.now();
    const day = (offset) => new Date(now + offset * 86_400_000).toLocaleDateString('sv-SE', { timeZone: 'Europe/Berlin' });
    const config = { ...DEFAULT_DESK_CONFIG, businessHours: parseBusinessHours({ BUSINESS_HOURS: 'mon-sun 08:00-18:00', HOLIDAYS: [day(-2), day(-1), day(0)].join(',') }) };
    const input = (subject) => ({ name: 'Otto Overdue', email: 'otto.overdue@example.com', subject, description: 'Nothing happens.', category: 'invoices', lang: 'en' });
    const late = (await createTicket(database, { input: input('Overdue in business hours ${RUN}'), config, now: now - 30 * 86_400_000 })).ticket.reference;
    const running = (await createTicket(database, { input: input('Still within business hours ${RUN}'), config, now: now - 25 * 3_600_000 })).ticket.reference;
    console.log(JSON.stringify({ late, running }));
  `);
  const page = await logInAs(browser, AGENT.email, PASSWORD);
  await page.goto('/staff/views/overdue');
  await expect(page.getByText(`Overdue in business hours ${RUN}`)).toBeVisible();
  expect(late).toMatch(/^T-/);
  await expect(page.getByText(`Still within business hours ${RUN}`)).toHaveCount(0);
  expect(running).toMatch(/^T-/);
  await page.context().close();
});
