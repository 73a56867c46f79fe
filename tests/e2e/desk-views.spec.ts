/**
 * Views as a team works in them: an open view updates its rows live (a colleague's bulk
 * assignment reaches the second agent's "My open tickets" within 2 s; a changed row updates;
 * a row that leaves the view goes), bulk actions on a selection without JavaScript (priority
 * and tag, each an event on every ticket), filtering by a tag, saved personal views in the
 * navigation (save, open, delete), tags on the ticket page, and the notification e-mail
 * setting on the account page.
 */
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { addStaffAccounts, logInAs, runNode } from './support/staff.ts';

const PASSWORD = 'e2e-desk-views-password';
const RUN = Date.now().toString(36);
const STAFF = {
  mara: { email: `views.mara.${RUN}@tierzero.test`, name: `Mara Views ${RUN}`, role: 'first_level' },
  olaf: { email: `views.olaf.${RUN}@tierzero.test`, name: `Olaf Views ${RUN}`, role: 'first_level' },
  admin: { email: `views.admin.${RUN}@tierzero.test`, name: `Ada Views ${RUN}`, role: 'admin' },
};
const SERVER = `file://${path.resolve('src/lib/server')}`;
const LIVE = { timeout: 2_500 };

test.beforeAll(() => addStaffAccounts(Object.values(STAFF), PASSWORD));

/** New level-1 tickets, handed to `owner` by an admin (as "take" would for them). */
function ticketsFor(owner: string, subjects: string[]): string[] {
  return runNode<string[]>(`
    import { openDatabase } from '${SERVER}/platform/db.ts';
    import { createTicket } from '${SERVER}/desk/create-ticket.ts';
    import { DEFAULT_DESK_CONFIG } from '${SERVER}/desk/desk-config.ts';
    import { getUserByEmail } from '${SERVER}/accounts/users.ts';
    import { recordTicketEventInChange } from '${SERVER}/desk/events.ts';
    import { writeTransaction } from '${SERVER}/platform/database/write-transaction.ts';
    import { setNotificationSiteUrl } from '${SERVER}/notifications/notification-mail.ts';
    // As the server does at start-up: links in notification e-mails go to the site.
    setNotificationSiteUrl(${JSON.stringify(`http://127.0.0.1:${process.env.E2E_PORT}`)});
    const db = openDatabase(process.env.DATA_DIR);
    import { sqliteDatabase } from '${SERVER}/platform/database/connect.ts';
    const database = sqliteDatabase(db);
    const agent = (await getUserByEmail(database, ${JSON.stringify(owner)}));
    const admin = (await getUserByEmail(database, ${JSON.stringify(STAFF.admin.email)}));
    const references = [];
    for (const subject of ${JSON.stringify(subjects)}) {
      const { ticket } = await createTicket(database, { input: { name: 'Vera Views', email: 'vera.${RUN}@example.com', subject, description: 'A view test.', category: 'banking', lang: 'en' }, config: DEFAULT_DESK_CONFIG });
      await writeTransaction(database, async (trx) => {
        await trx.updateTable('tickets').set({ assignee_id: agent.id, level: 1, priority: 'normal', version: ticket.version + 1 }).where('id', '=', ticket.id).execute();
        await recordTicketEventInChange(trx, { ticketId: ticket.id, actorId: admin.id, type: 'assigned', from: ticket.assigneeId, to: agent.id, detail: 'view test', version: ticket.version + 1, at: Date.now() });
      });
      references.push(ticket.reference);
    }
    console.log(JSON.stringify(references));
  `);
}

/** Changes a ticket's priority behind the agents' backs (another desk). */
function setPriorityDirectly(reference: string, priority: string): void {
  runNode(`
    import { openDatabase } from '${SERVER}/platform/db.ts';
    const db = openDatabase(process.env.DATA_DIR);
    db.prepare('UPDATE tickets SET priority = ?, version = version + 1, updated_at = ? WHERE reference = ?').run(${JSON.stringify(priority)}, Date.now(), ${JSON.stringify(reference)});
    console.log('{}');
  `);
}

test("a colleague's bulk assignment reaches the second agent's open view within 2 s; changed rows update, rows that leave go", async ({ browser }) => {
  const [first, second] = ticketsFor(STAFF.mara.email, [`Live row A ${RUN}`, `Live row B ${RUN}`]);
  const mara = await logInAs(browser, STAFF.mara.email, PASSWORD);
  const olaf = await logInAs(browser, STAFF.olaf.email, PASSWORD);
  try {
    await olaf.goto('/staff/views/mine');
    await expect(olaf.locator(`[data-ticket="${first}"]`)).toHaveCount(0);
    // Mara ticks both of hers and assigns them to Olaf.
    await mara.goto('/staff/views/mine');
    await mara.getByRole('checkbox', { name: `Select ${first}` }).check();
    await mara.getByRole('checkbox', { name: `Select ${second}` }).check();
    await mara.getByLabel('Assign to').selectOption({ label: `${STAFF.olaf.name} (level 1)` });
    await mara.getByRole('button', { name: 'Assign', exact: true }).click();
    await expect(mara.locator('[data-done="bulk"]')).toContainText('Changed: 2 tickets.');
    await expect(mara.locator(`[data-ticket="${first}"]`)).toHaveCount(0);
    // Olaf's open view shows the new rows without a reload.
    await expect(olaf.locator(`[data-ticket="${first}"]`)).toBeVisible(LIVE);
    await expect(olaf.locator(`[data-ticket="${second}"]`)).toBeVisible(LIVE);
    // A changed row updates; a ticket that leaves his view goes.
    setPriorityDirectly(first!, 'urgent');
    await expect(olaf.locator(`[data-ticket="${first}"] .desk-priority`)).toHaveText('Urgent', LIVE);
    runNode(`
      import { openDatabase } from '${SERVER}/platform/db.ts';
      const db = openDatabase(process.env.DATA_DIR);
      db.prepare("UPDATE tickets SET assignee_id = NULL, version = version + 1, updated_at = ? WHERE reference = ?").run(Date.now(), ${JSON.stringify(second)});
      console.log('{}');
    `);
    await expect(olaf.locator(`[data-ticket="${second}"]`)).toHaveCount(0, LIVE);
    // The ticket's timeline names the bulk assignment.
    await olaf.goto(`/staff/tickets/${first}`);
    await expect(olaf.locator('[data-timeline]')).toContainText('bulk action from a view');
  } finally {
    await mara.context().close();
    await olaf.context().close();
  }
});

test('on a phone a view shows its tickets first, as cards that do not scroll sideways; the filters fold unless one is set', async ({ browser }) => {
  const [reference] = ticketsFor(STAFF.mara.email, [`Phone card ${RUN}`]);
  const page = await logInAs(browser, STAFF.mara.email, PASSWORD);
  try {
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto('/staff/views/mine');
    const row = page.locator(`[data-ticket="${reference}"]`);
    await expect(page.locator('[data-filter-box]')).not.toHaveAttribute('open');
    await expect(page.getByLabel('Reference, subject or customer')).toBeHidden();
    // The card: reference, priority and due time on its first line, the subject below.
    const [refBox, subjectBox] = await Promise.all([row.locator('.desk-cell-ref').boundingBox(), row.locator('.desk-subject').boundingBox()]);
    expect(subjectBox!.y).toBeGreaterThan(refBox!.y + refBox!.height - 1);
    expect(refBox!.y + refBox!.height).toBeLessThan(844);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    // Times of this year leave the year out; the full date is the time's title.
    const due = row.locator('.desk-cell-due time');
    expect(await due.textContent()).not.toContain(String(new Date().getFullYear()));
    expect(await due.getAttribute('title')).toContain(String(new Date().getFullYear()));
    // The filters open from their summary, and stay open once a filter is set.
    await page.getByText('Filter and save as a view').click();
    await page.getByLabel('Reference, subject or customer').fill(`Phone card ${RUN}`);
    await page.getByRole('button', { name: 'Filter', exact: true }).click();
    await expect(page.locator('[data-filter-box]')).toHaveAttribute('open');
    await expect(page.locator('[data-view-total]')).toHaveText('(1)');
    // On a desktop the summary line is not there and the filters are open.
    await page.setViewportSize({ width: 1280, height: 800 });
    await page.goto('/staff/views/mine');
    await expect(page.getByText('Filter and save as a view')).toBeHidden();
    await expect(page.getByLabel('Reference, subject or customer')).toBeVisible();
    // Beside the side navigation of a 1280 px laptop the list fits without scrolling sideways.
    const wrap = page.locator('.desk-table-wrap').first();
    expect(await wrap.evaluate((element) => element.scrollWidth - element.clientWidth)).toBeLessThanOrEqual(0);
  } finally {
    await page.context().close();
  }
});

test('keys in a view: j and k move between tickets, x ticks one for a bulk action, Enter opens it', async ({ browser }) => {
  ticketsFor(STAFF.mara.email, [`Keys one ${RUN}`, `Keys two ${RUN}`]);
  const page = await logInAs(browser, STAFF.mara.email, PASSWORD);
  try {
    await page.goto('/staff/views/mine');
    await expect(page.locator('[data-list-keys]').first()).toHaveText('Keys: j and k move to the next and previous ticket, Enter opens it, x ticks it.');
    const rows = page.locator('[data-desk-table] tr[data-ticket]');
    const [first, second] = [await rows.nth(0).getAttribute('data-ticket'), await rows.nth(1).getAttribute('data-ticket')];
    await page.keyboard.press('j');
    await expect(page.getByRole('link', { name: first!, exact: true })).toBeFocused();
    await page.keyboard.press('j');
    await expect(page.getByRole('link', { name: second!, exact: true })).toBeFocused();
    await page.keyboard.press('x');
    await expect(page.getByRole('checkbox', { name: `Select ${second}` })).toBeChecked();
    await page.keyboard.press('k');
    await expect(page.getByRole('link', { name: first!, exact: true })).toBeFocused();
    // Typing in a field is typing, not a key command.
    await page.getByLabel('Reference, subject or customer').fill('jjx');
    await expect(page.getByRole('checkbox', { name: `Select ${first}` })).not.toBeChecked();
    await page.keyboard.press('Escape');
    await page.getByRole('link', { name: first!, exact: true }).focus();
    await page.keyboard.press('Enter');
    await expect(page).toHaveURL(`/staff/tickets/${first}`);
  } finally {
    await page.context().close();
  }
});

test('without JavaScript: bulk priority and tag on a selection, filter by tag, save and delete a personal view, remove a tag on the ticket', async ({ browser }) => {
  const references = ticketsFor(STAFF.mara.email, [`Bulk one ${RUN}`, `Bulk two ${RUN}`, `Bulk three ${RUN}`]);
  const page = await logInAs(browser, STAFF.mara.email, PASSWORD, false);
  const tag = `bulk-${RUN}`;
  try {
    // The resolution due column (desk's zone) sorts by its whitelisted key, a plain GET link.
    await page.goto('/staff/views/mine');
    await page.locator('a[data-sort="resolution"]').click();
    await expect(page).toHaveURL(/[?&]sort=resolution/);
    await expect(page.locator('th[aria-sort="ascending"]')).toContainText('Resolution due');
    await expect(page.locator(`[data-ticket="${references[0]}"] [data-resolution-due] time`)).toHaveCount(1);
    await page.goto('/staff/views/mine');
    const bulk = page.getByRole('group', { name: 'With the selected tickets' });
    for (const reference of references.slice(0, 2)) await page.getByRole('checkbox', { name: `Select ${reference}` }).check();
    await bulk.getByLabel('Priority').selectOption('high');
    await page.getByRole('button', { name: 'Set priority' }).click();
    await expect(page).toHaveURL(/\/staff\/views\/mine\?.*done=bulk/);
    await expect(page.locator('[data-done="bulk"]')).toContainText('Changed: 2 tickets.');
    await expect(page.locator(`[data-ticket="${references[0]}"] .desk-priority`)).toHaveText('High');
    await expect(page.locator(`[data-ticket="${references[2]}"] .desk-priority`)).toHaveText('Normal');
    // Tag the same two (typed with a capital and a space: one normalised tag).
    for (const reference of references.slice(0, 2)) await page.getByRole('checkbox', { name: `Select ${reference}` }).check();
    await bulk.getByLabel('Tag').fill(`Bulk ${RUN}`);
    await page.getByRole('button', { name: 'Add tag' }).click();
    await expect(page.locator('[data-done="bulk"]')).toContainText('Changed: 2 tickets.');
    await expect(page.locator(`[data-ticket="${references[1]}"] [data-row-tags]`)).toContainText(tag);
    // Nothing ticked: a clear message, nothing changed.
    await page.getByRole('button', { name: 'Set priority' }).click();
    await expect(page.locator('[data-view-error]')).toHaveText('Select at least one ticket in the list.');
    // Filter by the tag (a link on the row), save the filter as a view.
    await page.goto('/staff/views/mine');
    await page.locator(`[data-ticket="${references[0]}"] [data-row-tags] a`, { hasText: tag }).click();
    await expect(page).toHaveURL(new RegExp(`tag=${tag}`));
    await expect(page.locator('[data-ticket]')).toHaveCount(2);
    await page.getByLabel('Save this filter as a view').fill(`Tagged ${RUN}`);
    await page.getByRole('button', { name: 'Save view' }).click();
    await expect(page.locator('[data-done="saved"]')).toContainText(`The view “Tagged ${RUN}” is saved`);
    const navLink = page.locator('[data-saved-views] a', { hasText: `Tagged ${RUN}` });
    await expect(navLink).toHaveAttribute('aria-current', 'page');
    await expect(page.getByRole('heading', { level: 1 })).toContainText(`Tagged ${RUN}`);
    await expect(page.locator('[data-ticket]')).toHaveCount(2);
    // The timeline of a ticket has both changes as events; the tag can be removed there.
    await page.goto(`/staff/tickets/${references[0]}`);
    await expect(page.locator('[data-timeline]')).toContainText('Priority changed from Normal to High');
    await expect(page.locator('[data-timeline]')).toContainText(`Tag “${tag}” added`);
    await page.getByRole('button', { name: `Remove tag “${tag}”` }).click();
    await expect(page.locator('[data-done="tag"]')).toBeVisible();
    await expect(page.locator('[data-ticket-tags]')).toContainText('No tags yet.');
    await expect(page.locator('[data-timeline]')).toContainText(`Tag “${tag}” removed`);
    // The saved view, opened from the navigation, now lists one; delete it.
    await page.locator('[data-saved-views] a', { hasText: `Tagged ${RUN}` }).click();
    await expect(page.locator('[data-ticket]')).toHaveCount(1);
    await page.getByRole('button', { name: 'Delete this saved view' }).click();
    await expect(page.locator('[data-done="deleted"]')).toBeVisible();
    await expect(page.locator('[data-saved-views] a', { hasText: `Tagged ${RUN}` })).toHaveCount(0);
  } finally {
    await page.context().close();
  }
});

test('notifications by e-mail: off by default, turned on in German on the account page, then each notification is also an e-mail', async ({ browser }) => {
  const page = await logInAs(browser, STAFF.olaf.email, PASSWORD);
  try {
    await page.goto('/staff/account');
    await expect(page.locator('[data-mail-setting-state]')).toHaveAttribute('data-mail-setting-state', 'off');
    await expect(page.getByLabel('Also send me each notification by e-mail')).not.toBeChecked();
    await page.getByLabel('Also send me each notification by e-mail').check();
    await page.getByLabel('Language of these e-mails').selectOption('de');
    await page.getByRole('button', { name: 'Save setting' }).click();
    await expect(page).toHaveURL('/staff/account?done=mailSetting');
    await expect(page.locator('[data-done="mailSetting"]')).toHaveText('Your notification setting is saved.');
    await expect(page.locator('[data-mail-setting-state]')).toHaveAttribute('data-mail-setting-state', 'on');
    await expect(page.getByLabel('Also send me each notification by e-mail')).toBeChecked();
    await expect(page.getByLabel('Language of these e-mails')).toHaveValue('de');
    const [reference] = ticketsFor(STAFF.olaf.email, [`Mail notice ${RUN}`]);
    const mail = runNode<{ subject: string; body: string } | null>(`
      import { openDatabase } from '${SERVER}/platform/db.ts';
      const db = openDatabase(process.env.DATA_DIR);
      console.log(JSON.stringify(db.prepare("SELECT subject, body FROM outbox WHERE to_address = ? AND subject LIKE ? ORDER BY id DESC").get(${JSON.stringify(STAFF.olaf.email)}, '%${reference}%') ?? null));
    `);
    expect(mail?.subject).toBe(`Tierzero-Desk: ${reference} wurde Ihnen zugewiesen`);
    expect(mail?.body).toContain(`/staff/tickets/${reference}`);
    expect(mail?.body).not.toContain('localhost');
    // Turned off again: the box is unticked and nothing more is sent.
    await page.getByLabel('Also send me each notification by e-mail').uncheck();
    await page.getByRole('button', { name: 'Save setting' }).click();
    await expect(page.locator('[data-mail-setting-state]')).toHaveAttribute('data-mail-setting-state', 'off');
  } finally {
    await page.context().close();
  }
});
