/**
 * How the desk organises work around a ticket, in Chromium: a hand-back returns the ticket to
 * the agent who escalated it (with a notification), and a customer's two tickets are linked as
 * related, seen together on the customer page, and merged — the messages move, the merged
 * ticket points to the other (staff and the customer's status page say so) and the customer
 * gets an e-mail. The consultation path is in desk-flow.spec.ts.
 */
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { waitForMail } from './support/mail.ts';
import { addStaffAccounts, logInAs, runNode } from './support/staff.ts';

const PASSWORD = 'e2e-desk-organisation-password';
const RUN = Date.now().toString(36);
const SERVER = `file://${path.resolve('src/lib/server')}`;

const STAFF = {
  first: { email: `org.first.${RUN}@tierzero.test`, name: `Olli Owner ${RUN}`, role: 'first_level' },
  firstB: { email: `org.firstb.${RUN}@tierzero.test`, name: `Bea Bystander ${RUN}`, role: 'first_level' },
  second: { email: `org.second.${RUN}@tierzero.test`, name: `Sina Second ${RUN}`, role: 'second_level' },
};

test.beforeAll(() => addStaffAccounts(Object.values(STAFF), PASSWORD));

/** Creates tickets as the form would; `takeBy` takes the first of them for that agent. Returns references and tokens. */
function createTickets(tickets: { email: string; subject: string; description: string }[], takeBy: string): { reference: string; token: string }[] {
  return runNode(`
    import { openDatabase } from '${SERVER}/platform/db.ts';
    import { createTicket } from '${SERVER}/desk/create-ticket.ts';
    import { takeTicket } from '${SERVER}/desk/take-ticket.ts';
    import { DEFAULT_DESK_CONFIG } from '${SERVER}/desk/desk-config.ts';
    import { getUserByEmail } from '${SERVER}/accounts/users.ts';
    const db = openDatabase(process.env.DATA_DIR);
    import { sqliteDatabase } from '${SERVER}/platform/database/connect.ts';
    const database = sqliteDatabase(db);
    const agent = (await getUserByEmail(database, ${JSON.stringify(takeBy)}));
    const out = [];
    for (const input of ${JSON.stringify(tickets)}) {
      let { ticket, token } = await createTicket(database, { input: { name: 'Nora Nachname', category: 'export', lang: 'en', ...input }, config: DEFAULT_DESK_CONFIG });
      if (out.length === 0 && ticket.assigneeId !== agent.id) ticket = await takeTicket(database, { ticketId: ticket.id, actor: { id: agent.id, role: agent.role, areas: [] }, expectedVersion: ticket.version, config: DEFAULT_DESK_CONFIG });
      out.push({ reference: ticket.reference, token });
    }
    console.log(JSON.stringify(out));
  `);
}

test('a hand-back returns the ticket to the first-level agent who escalated it, with a notification', async ({ browser }) => {
  const owner = await logInAs(browser, STAFF.first.email, PASSWORD);
  const bystander = await logInAs(browser, STAFF.firstB.email, PASSWORD);
  const second = await logInAs(browser, STAFF.second.email, PASSWORD);
  // Both first-level agents are present: the ticket must still go back to its owner.
  for (const page of [owner, bystander]) {
    await page.goto('/staff');
    const button = page.getByRole('button', { name: 'I am present' });
    if ((await button.count()) > 0) await button.click();
  }
  const [ticket] = createTickets([{ email: `nora.handback.${RUN}@example.com`, subject: `Export hangs ${RUN}`, description: 'The export hangs at 90 %.' }], STAFF.first.email);

  await owner.goto(`/staff/tickets/${ticket.reference}`);
  await owner.locator('[data-disclosure="escalate"] summary').click();
  await owner.getByLabel('Reason for escalating to level 2 (required)').fill('Hangs for every export; not in the knowledge base.');
  await owner.getByRole('button', { name: 'Escalate to level 2' }).click();
  await expect(owner.locator('[data-ticket-level]')).toHaveText('Level 2');

  await second.goto(`/staff/tickets/${ticket.reference}`);
  await second.locator('[data-disclosure="handBack"] summary').click();
  await second.getByLabel('Guidance for level 1 (required)').fill('Ask for the export size; above 10,000 rows use the full export.');
  await second.getByRole('button', { name: 'Hand back to level 1' }).click();
  await expect(second.locator('[data-ticket-level]')).toHaveText('Level 1');
  await expect(second.locator('[data-ticket-assignee]')).toContainText(STAFF.first.name);

  await owner.goto('/staff/notifications');
  await expect(owner.locator('main')).toContainText(ticket.reference);
  await owner.goto(`/staff/tickets/${ticket.reference}`);
  await expect(owner.locator('[data-ticket-assignee]')).toContainText('(you)');
  await expect(owner.locator('[data-timeline]')).toContainText('Ask for the export size');

  for (const page of [owner, bystander]) {
    await page.goto('/staff');
    const away = page.getByRole('button', { name: 'I am away' });
    if ((await away.count()) > 0) await away.click();
  }
  for (const page of [owner, bystander, second]) await page.context().close();
});

test('related tickets, the customer page, and merging two tickets of one customer', async ({ browser }) => {
  const email = `nora.merge.${RUN}@example.com`;
  const [kept, merged, unrelated] = createTickets(
    [
      { email, subject: `CSV export cut off ${RUN}`, description: 'My CSV export ends after 10,000 rows.' },
      { email, subject: `Export incomplete again ${RUN}`, description: 'The export is still missing the last rows of March.' },
      { email: `someone.${RUN}@example.com`, subject: `Export limit elsewhere ${RUN}`, description: 'Same limit here.' },
    ],
    STAFF.first.email,
  );
  const agent = await logInAs(browser, STAFF.first.email, PASSWORD);

  // Related: linked from one side, shown on both.
  await agent.goto(`/staff/tickets/${merged.reference}`);
  await agent.getByLabel('Reference of the related ticket').fill(unrelated.reference);
  await agent.getByRole('button', { name: 'Link', exact: true }).click();
  await expect(agent.locator('[data-done="relate"]')).toBeVisible();
  await expect(agent.locator(`[data-related-ticket="${unrelated.reference}"]`)).toBeVisible();
  await agent.goto(`/staff/tickets/${unrelated.reference}`);
  await expect(agent.locator(`[data-related-ticket="${merged.reference}"]`)).toBeVisible();

  // The customer page, from the ticket's side column: both tickets of the address, not the other customer's.
  await agent.goto(`/staff/tickets/${merged.reference}`);
  await agent.locator('[data-customer-link]').click();
  await expect(agent).toHaveURL(/\/staff\/customers\?email=/);
  const tickets = agent.locator('[data-customer-section="tickets"]');
  await expect(tickets.locator(`[data-ticket="${kept.reference}"]`)).toBeVisible();
  await expect(tickets.locator(`[data-ticket="${merged.reference}"]`)).toBeVisible();
  await expect(agent.locator(`[data-ticket="${unrelated.reference}"]`)).toHaveCount(0);
  await expect(agent.locator('[data-customer-lang]')).toHaveText('English');

  // Another customer's ticket is refused with the input kept; the customer's own one is merged.
  await agent.goto(`/staff/tickets/${merged.reference}`);
  await agent.locator('[data-disclosure="merge"] summary').click();
  await agent.getByLabel('Reference of the customer’s other ticket').fill(unrelated.reference);
  await agent.getByRole('button', { name: 'Merge', exact: true }).click();
  await expect(agent.locator('[data-desk-error]')).toContainText('belongs to another customer');
  await expect(agent.getByLabel('Reference of the customer’s other ticket')).toHaveValue(unrelated.reference);
  await agent.getByLabel('Reference of the customer’s other ticket').fill(kept.reference);
  await agent.getByRole('button', { name: 'Merge', exact: true }).click();
  await expect(agent.locator('[data-done="merge"]')).toBeVisible();
  await expect(agent.locator('[data-ticket-status]')).toHaveAttribute('data-ticket-status', 'closed');
  await expect(agent.locator(`[data-merged-into="${kept.reference}"]`)).toBeVisible();

  // The other ticket has the messages (who and when kept) and says what was merged into it.
  await agent.goto(`/staff/tickets/${kept.reference}`);
  await expect(agent.locator('[data-entry="customer"]')).toHaveCount(2);
  await expect(agent.locator('[data-timeline]')).toContainText('missing the last rows of March');
  await expect(agent.locator('[data-timeline]')).toContainText(`${merged.reference} was merged into this ticket`);
  await expect(agent.locator('[data-merged-from]')).toContainText(merged.reference);

  // The customer is told: by e-mail, and on the merged request's status page.
  const mail = await waitForMail((m) => m.to.includes(email) && m.subject.startsWith(`[${merged.reference}] Merged into ${kept.reference}`), 15_000);
  expect(mail.text).toContain(`your messages are now with ${kept.reference}`);
  const customer = await browser.newContext({ locale: 'en-US' });
  const status = await customer.newPage();
  await status.goto(`/tickets/status/${merged.token}`);
  await expect(status.locator(`[data-merged-into="${kept.reference}"]`)).toContainText(`merged into your request ${kept.reference}`);
  await customer.close();

  // The customer list finds the customer by a part of the address, with both tickets; their page shows where the merged ticket went.
  await agent.getByRole('link', { name: 'Customers', exact: true }).click();
  await expect(agent).toHaveURL('/staff/customers');
  await agent.getByLabel('Name or e-mail address').fill(email.split('@')[0]!.toUpperCase());
  await agent.getByRole('button', { name: 'Search', exact: true }).click();
  const row = agent.locator(`[data-customer-row="${email}"]`);
  await expect(agent.locator('[data-customer-row]')).toHaveCount(1);
  await expect(row.locator('td').nth(3)).toHaveText('2');
  await agent.getByLabel('Name or e-mail address').fill(`nobody-${Date.now()}`);
  await agent.getByRole('button', { name: 'Search', exact: true }).click();
  await expect(agent.locator('[data-customers-empty]')).toContainText('No customer’s name or e-mail address contains');
  await agent.goBack();
  // The desk search shows the customer too, beside their tickets.
  await agent.goto(`/staff/search?term=${encodeURIComponent(email.split('@')[0]!)}`);
  await expect(agent.locator(`[data-search-customer="${email}"]`)).toContainText('tickets and calls: 2');
  await agent.goto('/staff/customers');
  await agent.getByLabel('Name or e-mail address').fill(email.split('@')[0]!.toUpperCase());
  await agent.getByRole('button', { name: 'Search', exact: true }).click();
  await row.getByRole('link').click();
  await expect(agent).toHaveURL(`/staff/customers?email=${encodeURIComponent(email)}`);
  await expect(agent.locator(`[data-ticket="${merged.reference}"] [data-merged-into]`)).toContainText(kept.reference);
  await agent.context().close();
});
