/**
 * Standard answers end to end: a second-level agent creates one with placeholders (and first
 * sees the unknown-placeholder error at the field, with the input kept); a first-level agent
 * inserts it into a reply on their assigned ticket with the values filled — with JavaScript
 * at the cursor, without JavaScript through the GET form — sends it, and the article's reuse
 * shows on the ticket. Also: a stale edit keeps the typed text, deleting needs the
 * confirmation, and axe finds nothing serious on the list, the edit page and the ticket view.
 * (That other roles cannot post the template actions is in roles.spec.ts.)
 */
import path from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Browser, type Page } from '@playwright/test';
import { addStaffAccounts, logInAs, runNode } from './support/staff.ts';

const PASSWORD = 'e2e-desk-templates-password';
const RUN = Date.now().toString(36);
const STAFF = {
  first: { email: `tpl.first.${RUN}@tierzero.test`, name: `Fiona First ${RUN}`, role: 'first_level' },
  second: { email: `tpl.second.${RUN}@tierzero.test`, name: `Samir Second ${RUN}`, role: 'second_level' },
};
const SERVER = `file://${path.resolve('src/lib/server')}`;

test.beforeAll(() => addStaffAccounts(Object.values(STAFF), PASSWORD));

/** A level-1 ticket in English, taken by (assigned to) the first-level agent. */
function assignedTicket(subject: string): { reference: string } {
  return runNode(`
    import { openDatabase } from '${SERVER}/platform/db.ts';
    import { createTicket } from '${SERVER}/desk/create-ticket.ts';
    import { takeTicket } from '${SERVER}/desk/take-ticket.ts';
    import { DEFAULT_DESK_CONFIG } from '${SERVER}/desk/desk-config.ts';
    import { getUserByEmail } from '${SERVER}/accounts/users.ts';
    const db = openDatabase(process.env.DATA_DIR);
    import { sqliteDatabase } from '${SERVER}/platform/database/connect.ts';
    const database = sqliteDatabase(db);
    const agent = (await getUserByEmail(database, ${JSON.stringify(STAFF.first.email)}));
    let { ticket } = await createTicket(database, { input: { name: 'Carla Customer', email: 'carla.customer@example.com', subject: ${JSON.stringify(subject)},
      description: 'I forgot my password and cannot log in.', category: 'account', lang: 'en' }, config: DEFAULT_DESK_CONFIG });
    if (ticket.assigneeId !== agent.id) ticket = await takeTicket(database, { ticketId: ticket.id, actor: { id: agent.id, role: agent.role, areas: [] }, expectedVersion: ticket.version, config: DEFAULT_DESK_CONFIG });
    console.log(JSON.stringify({ reference: ticket.reference }));
  `);
}

/** A template written straight into the database. */
function templateRow(title: string, body: string, articleSlug: string | null): { id: number } {
  return runNode(`
    import { openDatabase } from '${SERVER}/platform/db.ts';
    import { createTemplate } from '${SERVER}/desk/answer-templates.ts';
    import { sqliteDatabase } from '${SERVER}/platform/database/connect.ts';
    const db = openDatabase(process.env.DATA_DIR);
    const database = sqliteDatabase(db);
    const row = await createTemplate(database, { title: ${JSON.stringify(title)}, lang: 'en', body: ${JSON.stringify(body)}, articleSlug: ${JSON.stringify(articleSlug)} }, null,
      () => ({ audience: 'public', status: 'validated' }));
    console.log(JSON.stringify({ id: row.id }));
  `);
}

function linkedArticles(reference: string): string[] {
  return runNode(`
    import { openDatabase } from '${SERVER}/platform/db.ts';
    const db = openDatabase(process.env.DATA_DIR);
    const rows = db.prepare('SELECT a.article_slug AS slug FROM ticket_articles a JOIN tickets t ON t.id = a.ticket_id WHERE t.reference = ?').all(${JSON.stringify(reference)});
    console.log(JSON.stringify(rows.map((row) => row.slug)));
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

test('second level creates a standard answer; first level inserts it filled into a reply (JavaScript), sends it, and the reuse shows', async ({ browser, baseURL }) => {
  test.setTimeout(90_000);
  const title = `Password reset ${RUN}`;
  const second = await logIn(browser, 'second');
  await second.getByRole('link', { name: 'Standard answers' }).click();
  await expect(second).toHaveURL('/staff/templates');
  await expectNoSeriousViolations(second);
  const form = second.locator('[data-form="template-create"]');

  // An unknown placeholder is refused at the field, and what was typed stays.
  const badBody = 'Hello {customer_name},\n\nplease use "Forgot password?": {article_link}\n\n{agent_name} ({ticket_reference}) {foo}';
  await form.getByLabel('Title', { exact: true }).fill(title);
  await form.getByLabel('Language', { exact: true }).selectOption('en');
  await form.getByLabel('Text (Markdown)').fill(badBody);
  await form.getByLabel('Knowledge-base article it stands for').selectOption('reset-password');
  await second.getByRole('button', { name: 'Save standard answer' }).click();
  await expect(second.locator('[data-field-error="body"]')).toContainText('Unknown placeholders: {foo}');
  await expect(form.getByLabel('Text (Markdown)')).toHaveAttribute('aria-invalid', 'true');
  await expect(form.getByLabel('Title', { exact: true })).toHaveValue(title);
  await expect(form.getByLabel('Text (Markdown)')).toHaveValue(badBody);
  await expect(form.getByLabel('Knowledge-base article it stands for')).toHaveValue('reset-password');
  await expectNoSeriousViolations(second);

  await form.getByLabel('Text (Markdown)').fill(badBody.replace(' {foo}', ''));
  await second.getByRole('button', { name: 'Save standard answer' }).click();
  await expect(second).toHaveURL(/\/staff\/templates\/\d+\?done=created$/);
  await expect(second.locator('[data-done="created"]')).toBeVisible();
  await expectNoSeriousViolations(second);

  // First level inserts it at the cursor, filled for the ticket.
  const ticket = assignedTicket(`Cannot log in ${RUN}`);
  const first = await logIn(browser, 'first');
  await first.goto(`/staff/tickets/${ticket.reference}`);
  await expectNoSeriousViolations(first);
  const reply = first.getByLabel('Reply to the customer');
  await reply.fill('Thanks for calling.');
  await first.getByLabel('Find a standard answer by title').fill(`reset ${RUN}`);
  await first.getByRole('button', { name: 'Find answer' }).click();
  await first.getByRole('button', { name: `Insert “${title}”` }).click();
  const filled = `Hello Carla Customer,\n\nplease use "Forgot password?": ${baseURL}/en/articles/reset-password\n\n${STAFF.first.name} (${ticket.reference})`;
  await expect(reply).toHaveValue(`Thanks for calling.\n\n${filled}`);
  await expect(first.locator('[data-template-status]')).toHaveText('Standard answer inserted into the reply.');
  await expect.poll(() => linkedArticles(ticket.reference)).toEqual(['reset-password']);
  expect(first.url()).toBe(`${baseURL}/staff/tickets/${ticket.reference}`);

  // Sending is not refused as a conflict with the agent's own link.
  await first.getByRole('button', { name: 'Send reply' }).click();
  await expect(first.locator('[data-done="reply"]')).toBeVisible();
  await expect(first.locator('[data-linked="reset-password"]')).toBeVisible();
  await expect(first.getByRole('region', { name: 'Timeline' })).toContainText(`${STAFF.first.name} (${ticket.reference})`);
});

test('without JavaScript the picker re-renders the ticket with the filled text, and the reply records the reuse', async ({ browser, baseURL }) => {
  const title = `Invite users ${RUN}`;
  templateRow(title, 'Hi {customer_name}, about {ticket_reference}: {article_link} — {agent_name}', 'invite-users');
  const ticket = assignedTicket(`Invite my tax advisor ${RUN}`);
  const first = await logIn(browser, 'first', false);
  await first.goto(`/staff/tickets/${ticket.reference}`);
  await first.getByLabel('Find a standard answer by title').fill(`invite users ${RUN}`);
  await first.getByRole('button', { name: 'Find answer' }).click();
  await expect(first).toHaveURL(/tq=invite/);
  await expect(first.locator('[data-template-result]')).toHaveCount(1);
  await first.getByRole('button', { name: `Insert “${title}”` }).click();
  await expect(first).toHaveURL(/template=\d+/);
  await expect(first.getByLabel('Reply to the customer')).toHaveValue(
    `Hi Carla Customer, about ${ticket.reference}: ${baseURL}/en/articles/invite-users — ${STAFF.first.name}`,
  );
  expect(linkedArticles(ticket.reference)).toEqual([]);
  await first.getByRole('button', { name: 'Send reply' }).click();
  await expect(first.locator('[data-done="reply"]')).toBeVisible();
  await expect(first.locator('[data-linked="invite-users"]')).toBeVisible();
  expect(linkedArticles(ticket.reference)).toEqual(['invite-users']);
});

test('a stale edit keeps the typed text; deleting needs the confirmation', async ({ browser }) => {
  const { id } = templateRow(`Edit me ${RUN}`, 'Version one for {customer_name}', null);
  const a = await logIn(browser, 'second');
  const b = await logIn(browser, 'second');
  await a.goto(`/staff/templates/${id}`);
  await b.goto(`/staff/templates/${id}`);
  await a.getByLabel('Text (Markdown)').fill('Version two for {customer_name}');
  await a.getByRole('button', { name: 'Save changes' }).click();
  await expect(a.locator('[data-done="saved"]')).toBeVisible();
  await b.getByLabel('Text (Markdown)').fill('My competing text');
  await b.getByRole('button', { name: 'Save changes' }).click();
  await expect(b.locator('[data-conflict]')).toContainText('Someone changed this standard answer');
  await expect(b.getByLabel('Text (Markdown)')).toHaveValue('My competing text');
  await expectNoSeriousViolations(b);

  await a.goto(`/staff/templates/${id}`);
  await a.getByLabel('Yes, delete this standard answer for everyone').check();
  await a.getByRole('button', { name: 'Delete', exact: true }).click();
  await expect(a).toHaveURL('/staff/templates?done=deleted');
  await expect(a.locator('[data-done="deleted"]')).toBeVisible();
  await expect(a.locator(`[data-template="${id}"]`)).toHaveCount(0);
});
