/**
 * The agent workspace: from log-in to a sent reply in three clicks; the composer in the first
 * screen at 1280×800; no staff page wider than a 390 px phone; views sort and filter by GET;
 * keyboard shortcuts with their "?" help; every desk page free of English in German (the
 * English desk texts are read from the message files); axe on the new pages.
 */
import path from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { addStaffAccounts, runNode } from './support/staff.ts';
import * as deskTexts from '../../src/lib/messages/desk.ts';
import * as workspaceTexts from '../../src/lib/messages/workspace.ts';

const PASSWORD = 'e2e-desk-workspace-password';
const RUN = Date.now().toString(36);
const STAFF = {
  first: { email: `ws.first.${RUN}@tierzero.test`, name: `Wanda Workspace ${RUN}`, role: 'first_level' },
  specialist: { email: `ws.third.${RUN}@tierzero.test`, name: `Sami Specialist ${RUN}`, role: 'third_level', extra: ['--areas', 'banking'] },
  admin: { email: `ws.admin.${RUN}@tierzero.test`, name: `Ada Workspace ${RUN}`, role: 'admin' },
};
const SERVER = `file://${path.resolve('src/lib/server')}`;

test.beforeAll(() => addStaffAccounts(Object.values(STAFF), PASSWORD));

/** A level-1 ticket assigned to the first-level agent, escalated and handed back once when `history` is set. */
function assignedTicket(subject: string, history = false): { reference: string } {
  return runNode(`
    import { openDatabase } from '${SERVER}/platform/db.ts';
    import { createTicket } from '${SERVER}/desk/create-ticket.ts';
    import { takeTicket } from '${SERVER}/desk/take-ticket.ts';
    import { escalateTicket } from '${SERVER}/desk/escalate-ticket.ts';
    import { handBackTicket } from '${SERVER}/desk/hand-back-ticket.ts';
    import { DEFAULT_DESK_CONFIG } from '${SERVER}/desk/desk-config.ts';
    import { getUserByEmail } from '${SERVER}/accounts/users.ts';
    const db = openDatabase(process.env.DATA_DIR);
    import { sqliteDatabase } from '${SERVER}/platform/database/connect.ts';
    const database = sqliteDatabase(db);
    const agent = (await getUserByEmail(database, ${JSON.stringify(STAFF.first.email)}));
    const admin = (await getUserByEmail(database, ${JSON.stringify(STAFF.admin.email)}));
    const me = { id: agent.id, role: agent.role, areas: [] };
    let { ticket } = await createTicket(database, { input: { name: 'Carla Beispiel', email: 'carla.${RUN}@example.com', subject: ${JSON.stringify(subject)},
      description: 'The bank sync stops.', category: 'banking', lang: 'en' }, config: DEFAULT_DESK_CONFIG });
    if (${history}) {
      const boss = { id: admin.id, role: 'admin', areas: [] };
      ticket = await escalateTicket(database, { ticketId: ticket.id, actor: boss, reason: 'Needs a look', expectedVersion: ticket.version, config: DEFAULT_DESK_CONFIG });
      ticket = await handBackTicket(database, { ticketId: ticket.id, actor: boss, guidance: 'Ask for the bank name', expectedVersion: ticket.version, config: DEFAULT_DESK_CONFIG });
    }
    if (ticket.assigneeId !== agent.id) ticket = await takeTicket(database, { ticketId: ticket.id, actor: me, expectedVersion: ticket.version, config: DEFAULT_DESK_CONFIG });
    console.log(JSON.stringify({ reference: ticket.reference }));
  `);
}

async function logIn(page: Page, email: string): Promise<void> {
  await page.goto('/staff/login');
  await page.getByLabel('E-mail address').fill(email);
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Log in' }).click();
  await expect(page).toHaveURL('/staff');
}

async function expectNoSeriousViolations(page: Page): Promise<void> {
  const { violations } = await new AxeBuilder({ page }).analyze();
  const serious = violations.filter((violation) => violation.impact === 'serious' || violation.impact === 'critical');
  expect(serious.map((violation) => `${violation.id}: ${violation.nodes.map((node) => node.target.join(' ')).join(', ')}`), page.url()).toEqual([]);
}

test('log-in to a sent reply in three clicks, with the composer in the first screen at 1280×800', async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 800 });
  const { reference } = assignedTicket(`Three clicks ${RUN}`);
  let clicks = 0;
  const click = async (locator: ReturnType<Page['locator']>) => {
    clicks++;
    await locator.click();
  };
  await page.goto('/staff/login');
  await page.getByLabel('E-mail address').fill(STAFF.first.email);
  await page.getByLabel('Password').fill(PASSWORD);
  await click(page.getByRole('button', { name: 'Log in' }));
  await click(page.locator(`#desk-mine-table [data-ticket="${reference}"] a[href^="/staff/tickets/"]`));
  await expect(page).toHaveURL(`/staff/tickets/${reference}`);
  // The composer and its send button are in the first screen, without scrolling.
  const reply = page.getByLabel('Reply to the customer');
  await expect(reply).toBeInViewport({ ratio: 1 });
  await expect(page.getByRole('button', { name: 'Send reply' })).toBeInViewport({ ratio: 1 });
  await reply.fill('Please renew the **bank consent** — see [Bank sync](/articles/bank-sync-fails).');
  await click(page.getByRole('button', { name: 'Send reply' }));
  await expect(page.locator('[data-done="reply"]')).toBeVisible();
  expect(clicks).toBeLessThanOrEqual(3);
  // In the timeline as written; the customer's status page renders it (no raw Markdown).
  await expect(page.locator('[data-entry="reply"] [data-entry-body]')).toContainText('**bank consent**');
});

test('keyboard: "?" lists the shortcuts, n and r switch the composer, s opens "Solve…"', async ({ page }) => {
  const { reference } = assignedTicket(`Shortcuts ${RUN}`);
  await logIn(page, STAFF.first.email);
  await page.goto(`/staff/tickets/${reference}`);
  await expect(page.getByRole('tab', { name: 'Reply to customer' })).toHaveAttribute('aria-selected', 'true');
  await page.locator('body').press('?');
  const help = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
  await expect(help).toBeVisible();
  await expect(help).toContainText('Open the next ticket in the view');
  await help.getByRole('button', { name: 'Close' }).click();
  await page.locator('body').press('n');
  await expect(page.getByRole('tab', { name: 'Internal note' })).toHaveAttribute('aria-selected', 'true');
  await expect(page.getByLabel('Internal note')).toBeFocused();
  await expect(page.getByLabel('Reply to the customer')).toBeHidden();
  await page.getByLabel('Internal note').press('Escape');
  await page.locator('h1').click();
  await page.locator('body').press('r');
  await expect(page.getByLabel('Reply to the customer')).toBeFocused();
  await page.locator('h1').click();
  await page.locator('body').press('s');
  await expect(page.getByLabel('Solution summary')).toBeFocused();
});

test('views: counts in the navigation, sorting and filters are links; the specialist only advises', async ({ page, browser }) => {
  const { reference } = assignedTicket(`View row ${RUN}`);
  await logIn(page, STAFF.first.email);
  const mine = page.locator('[data-view-link="mine"]');
  const count = Number(await mine.locator('[data-view-count]').innerText().then((text) => text.replace(/\D/g, '')));
  expect(count).toBeGreaterThan(0);
  await mine.click();
  await expect(page).toHaveURL('/staff/views/mine');
  await expect(page.locator('[data-view-total]')).toHaveText(`(${count})`);
  await page.getByLabel('Reference, subject or customer').fill(`View row ${RUN}`);
  await page.getByRole('button', { name: 'Filter' }).click();
  await expect(page).toHaveURL(/q=View\+row/);
  await expect(page.locator('#desk-view-table [data-ticket]')).toHaveCount(1);
  await page.locator('[data-sort="subject"]').click();
  await expect(page).toHaveURL(/sort=subject&dir=asc/);
  await expect(page.locator(`#desk-view-table [data-ticket="${reference}"]`)).toBeVisible();
  await expectNoSeriousViolations(page);
  await page.goto('/staff/account');
  await expectNoSeriousViolations(page);
  await page.goto(`/staff/search?term=${encodeURIComponent(`View row ${RUN}`)}`);
  await expect(page.locator(`#desk-search-table [data-ticket="${reference}"]`)).toBeVisible();
  await expectNoSeriousViolations(page);

  const context = await browser.newContext();
  const specialist = await context.newPage();
  await logIn(specialist, STAFF.specialist.email);
  await expect(specialist.locator('[data-view-link="area-banking"]')).toBeVisible();
  await context.close();
});

test('no staff page is wider than a 390 px phone', async ({ page }) => {
  await page.setViewportSize({ width: 390, height: 844 });
  const { reference } = assignedTicket(`Phone ${RUN}`);
  await logIn(page, STAFF.admin.email);
  const pages = ['/staff', '/staff/views/unassigned', '/staff/views/solved', `/staff/tickets/${reference}?kb=bank`, '/staff/account', '/staff/search?term=bank',
    '/staff/articles', '/staff/articles/datev-export', '/staff/articles/new', '/staff/templates', '/staff/insights', '/staff/outbox', '/staff/training', '/staff/training/progress', '/staff/calls/new', `/staff/customers?email=carla.${RUN}%40example.com`];
  const wide: string[] = [];
  for (const url of pages) {
    await page.goto(url);
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    if (width > 390) wide.push(`${url}: ${width}px`);
  }
  expect(wide).toEqual([]);
});

test('in German no desk page shows an English desk text (timeline events included)', async ({ page }) => {
  const { reference } = assignedTicket(`Deutsch ${RUN}`, true);
  await logIn(page, STAFF.first.email);
  await page.goto(`/lang/de?back=${encodeURIComponent('/staff')}`);
  // English texts that differ from their German version, longest fragment between placeholders.
  const english = new Set<string>();
  for (const module of [deskTexts, workspaceTexts]) {
    for (const [key, text] of Object.entries(module.en)) {
      if ((module.de as Record<string, string>)[key] === text) continue;
      const fragment = text.split(/\{\w+\}/).map((part) => part.trim()).sort((a, b) => b.length - a.length)[0];
      if (fragment && fragment.length >= 8) english.add(fragment);
    }
  }
  for (const word of ['escalated', 'taken', 'from the waiting queue', 'handed back']) english.add(word);
  const found: string[] = [];
  for (const url of ['/staff', '/staff/views/mine', '/staff/views/solved', `/staff/tickets/${reference}`, '/staff/account', '/staff/search?term=Deutsch']) {
    await page.goto(url);
    await expect(page.locator('html')).toHaveAttribute('lang', 'de');
    // Interface text only: customers' names (data other specs create, e.g. "Carla Customer") are left out.
    const text = await page.evaluate(() => {
      const copy = document.body.cloneNode(true) as HTMLElement;
      for (const data of copy.querySelectorAll('[data-customer], [data-customer-name], [data-customer-email]')) data.remove();
      return copy.innerText || copy.textContent || '';
    });
    for (const fragment of english) if (new RegExp(`(^|[^\\p{L}])${fragment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}([^\\p{L}]|$)`, 'u').test(text)) found.push(`${url}: ${fragment}`);
  }
  expect(found).toEqual([]);
});

test('live: a ticket assigned to an agent shows in their navigation count within 2 s, without a reload', async ({ page }) => {
  await logIn(page, STAFF.first.email);
  const count = page.locator('[data-view-count="mine"]');
  const before = Number((await count.innerText()).replace(/\D/g, ''));
  // The stream is open (the first event carries the current counts).
  await expect(count).toHaveAttribute('data-count', String(before));
  const url = page.url();
  assignedTicket(`Live ${RUN}`);
  await expect(count).toHaveAttribute('data-count', String(before + 1), { timeout: 2_000 });
  await expect(count).toContainText(String(before + 1));
  expect(page.url()).toBe(url);
});
