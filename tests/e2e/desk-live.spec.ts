/**
 * The live desk between two agents: two browser contexts, two agents on one ticket see each
 * other's presence in the ticket header within 2 s ("… is viewing", in each agent's
 * language), typing shows as "… is replying", and leaving the page removes the warning. A
 * notification reaches the assignee's bell live, links to the ticket and is marked read.
 */
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { addStaffAccounts, logInAs, runNode } from './support/staff.ts';

const PASSWORD = 'e2e-desk-live-password';
const RUN = Date.now().toString(36);
const STAFF = {
  mara: { email: `live.mara.${RUN}@tierzero.test`, name: `Mara ${RUN}`, role: 'first_level' },
  olaf: { email: `live.olaf.${RUN}@tierzero.test`, name: `Olaf ${RUN}`, role: 'first_level' },
  admin: { email: `live.admin.${RUN}@tierzero.test`, name: `Ada Live ${RUN}`, role: 'admin' },
};
const SERVER = `file://${path.resolve('src/lib/server')}`;
const LIVE = { timeout: 2_500 };

test.beforeAll(() => addStaffAccounts(Object.values(STAFF), PASSWORD));

/** A new level-1 ticket; given an agent's e-mail, an admin hands it to that agent (as "take" would for them). */
function newTicket(subject: string, assignTo?: string): { reference: string } {
  return runNode(`
    import { openDatabase } from '${SERVER}/platform/db.ts';
    import { createTicket } from '${SERVER}/desk/create-ticket.ts';
    import { DEFAULT_DESK_CONFIG } from '${SERVER}/desk/desk-config.ts';
    import { getUserByEmail } from '${SERVER}/accounts/users.ts';
    import { recordTicketEventInChange } from '${SERVER}/desk/events.ts';
    import { writeTransaction } from '${SERVER}/platform/database/write-transaction.ts';
    const db = openDatabase(process.env.DATA_DIR);
    import { sqliteDatabase } from '${SERVER}/platform/database/connect.ts';
    const database = sqliteDatabase(db);
    const { ticket } = await createTicket(database, { input: { name: 'Paula Parallel', email: 'paula.${RUN}@example.com', subject: ${JSON.stringify(subject)},
      description: 'Two agents, one ticket.', category: 'banking', lang: 'en' }, config: DEFAULT_DESK_CONFIG });
    const to = ${JSON.stringify(assignTo ?? null)};
    if (to) {
      const agent = (await getUserByEmail(database, to));
      const admin = (await getUserByEmail(database, ${JSON.stringify(STAFF.admin.email)}));
      await writeTransaction(database, async (trx) => {
        await trx.updateTable('tickets').set({ assignee_id: agent.id, version: ticket.version + 1 }).where('id', '=', ticket.id).execute();
        await recordTicketEventInChange(trx, { ticketId: ticket.id, actorId: admin.id, type: 'assigned', from: ticket.assigneeId, to: agent.id, detail: 'role test', version: ticket.version + 1, at: Date.now() });
      });
    }
    console.log(JSON.stringify({ reference: ticket.reference }));
  `);
}

test('two agents on one ticket see each other viewing and replying, and the warning goes when one leaves', async ({ browser }) => {
  const { reference } = newTicket(`Collision ${RUN}`);
  const mara = await logInAs(browser, STAFF.mara.email, PASSWORD);
  const olaf = await logInAs(browser, STAFF.olaf.email, PASSWORD);
  try {
    await mara.goto(`/staff/tickets/${reference}`);
    const maraSees = mara.locator('[data-presence]');
    await expect(maraSees).toBeHidden();
    // Olaf works in German.
    await olaf.goto(`/staff/tickets/${reference}`);
    await olaf.locator('.staff-lang').click();
    await expect(olaf.locator('html')).toHaveAttribute('lang', 'de');
    const olafSees = olaf.locator('[data-presence]');
    await expect(olafSees).toHaveText(`${STAFF.mara.name} sieht sich das Ticket an`, LIVE);
    await expect(maraSees).toHaveText(`${STAFF.olaf.name} is viewing`, LIVE);
    // Olaf starts typing: Mara sees it within 2 s.
    await olaf.locator('[data-reply-body]').pressSequentially('Guten Tag');
    await expect(maraSees).toHaveText(`${STAFF.olaf.name} is replying`, LIVE);
    // Olaf leaves: the warning goes.
    await olaf.goto('/staff');
    await expect(maraSees).toBeHidden(LIVE);
    await expect(olafSees).toHaveCount(0);
  } finally {
    await mara.context().close();
    await olaf.context().close();
  }
});

test('a notification appears for the assignee, live on the bell, and is marked read', async ({ browser }) => {
  const mara = await logInAs(browser, STAFF.mara.email, PASSWORD);
  try {
    const bell = mara.locator('[data-bell]');
    const badge = bell.locator('[data-unread-count]');
    const before = Number(await badge.getAttribute('data-unread-count'));
    // An admin hands Mara a ticket while she is on the desk: the bell counts it without a reload.
    const { reference } = newTicket(`Notify ${RUN}`, STAFF.mara.email);
    // (Arrival may assign it to her automatically as well: one notification more.)
    await expect.poll(async () => Number(await badge.getAttribute('data-unread-count')), LIVE).toBeGreaterThan(before);
    const after = Number(await badge.getAttribute('data-unread-count'));
    await expect(badge).toHaveText(String(after));
    await expect(bell).toHaveAccessibleName(`Notifications, ${after} unread`);
    await bell.click();
    await expect(mara).toHaveURL('/staff/notifications');
    const item = mara.locator('[data-notification="assigned"]', { hasText: reference }).first();
    await expect(item).toHaveAttribute('data-notification-read', 'no');
    await expect(item.getByRole('link', { name: `${reference} was assigned to you` })).toHaveAttribute('href', `/staff/tickets/${reference}`);
    await item.getByRole('button', { name: `Mark read: ${reference} was assigned to you` }).click();
    await expect(mara).toHaveURL('/staff/notifications?done=read');
    await expect(mara.locator('[data-notification="assigned"][data-notification-read="yes"]', { hasText: reference })).toHaveCount(1);
    await expect(mara.locator('[data-bell] [data-unread-count]')).toHaveAttribute('data-unread-count', String(after - 1));
    if (after - 1 > 0) {
      await mara.getByRole('button', { name: 'Mark all read' }).click();
      await expect(mara).toHaveURL('/staff/notifications?done=allRead');
    }
    await expect(mara.locator('[data-bell] [data-unread-count]')).toBeHidden();
  } finally {
    await mara.context().close();
  }
});
