/**
 * axe (WCAG 2.x A/AA rules) on every staff page: one admin session walks the whole staff
 * side — start page, views (with a filter, the bulk form and a saved view), a ticket
 * workspace, account, notifications, search, articles and the editor, standard answers,
 * insights, training, the call page, outbox, mail log and log-in locks — one navigation per
 * page, and fails with a readable list of every serious or critical violation. Also: the top
 * bar keeps "New call" on one line at 1280 px, in English and German.
 */
import path from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { addStaffAccounts, logInAs, runNode } from './support/staff.ts';

const PASSWORD = 'e2e-staff-axe-password';
const RUN = Date.now().toString(36);
const ADMIN = { email: `axe.admin.${RUN}@tierzero.test`, name: `Ada Axe ${RUN}`, role: 'admin' };
/** A first-level agent: the fullest top bar (presence switch, "New call", a long name). */
const AGENT = { email: `axe.agent.${RUN}@tierzero.test`, name: `Annegret Axe-Agentin ${RUN}`, role: 'first_level' };
const SERVER = `file://${path.resolve('src/lib/server')}`;

test.beforeAll(() => addStaffAccounts([ADMIN, AGENT], PASSWORD));

/** The serious and critical violations on the page, one readable line each. */
async function seriousViolations(page: Page): Promise<string[]> {
  const { violations } = await new AxeBuilder({ page }).analyze();
  return violations
    .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
    .map((violation) => `${new URL(page.url()).pathname}${new URL(page.url()).search} [${violation.impact}] ${violation.id}: ${violation.nodes.map((node) => node.target.join(' ')).join(', ')}`);
}

/** A tagged level-1 ticket, a standard answer and a saved view of the admin: something to show. */
function fixtures(): { reference: string; template: number; saved: number } {
  return runNode(`
    import { openDatabase } from '${SERVER}/platform/db.ts';
    import { createTicket } from '${SERVER}/desk/create-ticket.ts';
    import { addTicketTag } from '${SERVER}/desk/ticket-tags.ts';
    import { createTemplate } from '${SERVER}/desk/answer-templates.ts';
    import { sqliteDatabase } from '${SERVER}/platform/database/connect.ts';
    import { saveView } from '${SERVER}/desk/saved-views.ts';
    import { DEFAULT_DESK_CONFIG } from '${SERVER}/desk/desk-config.ts';
    import { getUserByEmail } from '${SERVER}/accounts/users.ts';
    const db = openDatabase(process.env.DATA_DIR);
    const database = sqliteDatabase(db);
    const admin = (await getUserByEmail(database, ${JSON.stringify(ADMIN.email)}));
    const actor = { id: admin.id, role: 'admin', areas: [] };
    const { ticket } = await createTicket(database, { input: { name: 'Axel Axe', email: 'axel.${RUN}@example.com', subject: 'Axe ${RUN}',
      description: 'Checking every staff page.', category: 'banking', lang: 'en' }, config: DEFAULT_DESK_CONFIG });
    await addTicketTag(database, { ticketId: ticket.id, actor, tag: 'axe-${RUN}', expectedVersion: ticket.version, config: DEFAULT_DESK_CONFIG });
    const template = await createTemplate(database, { title: 'Axe answer ${RUN}', lang: 'en', body: 'Hello {customer_name}' }, admin.id, () => null);
    const saved = await saveView(database, { userId: admin.id, name: 'Axe view ${RUN}', view: 'unassigned', params: new URLSearchParams('tag=axe-${RUN}') });
    console.log(JSON.stringify({ reference: ticket.reference, template: template.id, saved: saved.id }));
  `);
}

test('no serious or critical axe violation on any staff page', async ({ browser }) => {
  // Measured on the shared 2-core machine: 58 s, and 2.1 min while eight helpers ran tests.
  test.setTimeout(240_000);
  const { reference, template, saved } = fixtures();
  const page = await logInAs(browser, ADMIN.email, PASSWORD);
  const pages = [
    '/staff',
    '/staff/views/unassigned',
    `/staff/views/unassigned?tag=axe-${RUN}&saved=${saved}&done=bulk&changed=1&refused=T-0.forbidden`,
    '/staff/views/overdue?priority=high',
    '/staff/views/waiting',
    '/staff/views/solved',
    `/staff/tickets/${reference}`,
    `/staff/tickets/${reference}?kb=bank&tq=axe`,
    '/staff/account',
    '/staff/notifications',
    '/staff/search?term=bank',
    // The list filtered to one category: the same rows as the whole list, a fraction of the time.
    '/staff/articles?category=export',
    '/staff/articles/datev-export',
    '/staff/articles/new',
    '/staff/articles/edit/datev-export',
    '/staff/articles/history/datev-export',
    '/staff/templates',
    `/staff/templates/${template}`,
    '/staff/insights',
    '/staff/training',
    '/staff/training/progress',
    '/staff/training/support-process/support-levels-and-escalation',
    '/staff/calls/new',
    '/staff/outbox',
    '/staff/mail',
    '/staff/login-locks',
    '/staff/team',
    '/staff/team/1',
    '/staff/customers',
  ];
  const found: string[] = [];
  for (const url of pages) {
    const response = await page.goto(url);
    expect(response?.status(), url).toBe(200);
    found.push(...(await seriousViolations(page)));
  }
  await page.context().close();
  expect(found, found.join('\n')).toEqual([]);
});

test('"New call" stays on one line in the top bar at 1280 px, in English and German', async ({ browser }) => {
  const page = await logInAs(browser, AGENT.email, PASSWORD);
  await page.setViewportSize({ width: 1280, height: 800 });
  for (const lang of ['en', 'de']) {
    await page.goto(`/lang/${lang}?back=/staff/views/unassigned`);
    const button = page.locator('[data-new-call]');
    const search = page.locator('.staff-search');
    const [box, searchBox] = [await button.boundingBox(), await search.boundingBox()];
    const lineHeight = await button.evaluate((element) => Number.parseFloat(getComputedStyle(element).lineHeight) || 20);
    // One line of text (plus padding), and in the same row as the search.
    expect(box!.height, lang).toBeLessThan(lineHeight * 1.9 + 12);
    expect(Math.abs(box!.y + box!.height / 2 - (searchBox!.y + searchBox!.height / 2)), lang).toBeLessThan(12);
    expect(await page.evaluate(() => document.documentElement.scrollWidth), lang).toBeLessThanOrEqual(1280);
  }
  await page.context().close();
});
