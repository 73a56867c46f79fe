/**
 * The live desk between two agents: two browser contexts, two agents on one ticket see each
 * other's presence in the ticket header within 2 s ("… is viewing", in each agent's
 * language), typing shows as "… is replying", and leaving the page removes the warning.
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

function newTicket(subject: string): { reference: string } {
  return runNode(`
    import { openDatabase } from '${SERVER}/platform/db.ts';
    import { createTicket } from '${SERVER}/desk/create-ticket.ts';
    import { DEFAULT_DESK_CONFIG } from '${SERVER}/desk/desk-config.ts';
    const db = openDatabase(process.env.DATA_DIR);
    const { ticket } = createTicket(db, { input: { name: 'Paula Parallel', email: 'paula.${RUN}@example.com', subject: ${JSON.stringify(subject)},
      description: 'Two agents, one ticket.', category: 'banking', lang: 'en' }, config: DEFAULT_DESK_CONFIG });
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
