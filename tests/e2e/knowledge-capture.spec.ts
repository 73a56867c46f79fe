/**
 * Knowledge capture on the desk: a solved ticket offers "Write article from this ticket" to
 * the roles that write articles (not to first level), the ticket view lists the articles
 * written from it, and the customer's status page says "this solution is now in our
 * knowledge base" once such an article is validated and public — not while it is a draft.
 */
import fs from 'node:fs';
import path from 'node:path';
import { expect, test, type Browser, type Page } from '@playwright/test';
import { addStaffAccounts, runNode } from './support/staff.ts';
import { articlesDir } from './support/content.ts';

const PASSWORD = 'e2e-knowledge-capture-password';
const RUN = Date.now().toString(36);
const STAFF = {
  first: { email: `kc.first.${RUN}@tierzero.test`, name: `Kim First ${RUN}`, role: 'first_level' },
  second: { email: `kc.second.${RUN}@tierzero.test`, name: `Kai Second ${RUN}`, role: 'second_level' },
};
const SERVER = `file://${path.resolve('src/lib/server')}`;
const LIVE = { timeout: 10_000 };

test.beforeAll(() => addStaffAccounts(Object.values(STAFF), PASSWORD));

/** A level-1 ticket solved by the first-level agent; returns its reference and status-link token. */
function solvedTicket(): { reference: string; token: string } {
  return runNode(`
    import { openDatabase } from '${SERVER}/db.ts';
    import { createTicket, solveTicket } from '${SERVER}/tickets.ts';
    import { DEFAULT_DESK_CONFIG } from '${SERVER}/desk-config.ts';
    import { getUserByEmail } from '${SERVER}/users.ts';
    const db = openDatabase(process.env.DATA_DIR);
    const agent = getUserByEmail(db, ${JSON.stringify(STAFF.first.email)});
    const { ticket, token } = createTicket(db, { name: 'Carla Customer', email: 'carla.customer@example.com', subject: 'Reminder fees are charged twice',
      description: 'Every reminder adds the fee again.', category: 'invoices', lang: 'en' }, DEFAULT_DESK_CONFIG);
    const solved = solveTicket(db, ticket.id, { id: agent.id, role: agent.role, areas: [] }, { summary: 'Turn off fee stacking in the dunning settings.' }, ticket.version, DEFAULT_DESK_CONFIG);
    console.log(JSON.stringify({ reference: solved.reference, token }));
  `);
}

function writeArticle(slug: string, reference: string, status: string): void {
  const source = [
    '---',
    'title: "Reminder fees charged twice"',
    'summary: "Turn off fee stacking so that each reminder charges its fee once."',
    'category: invoices',
    'lang: en',
    'audience: public',
    `status: ${status}`,
    'updated: 2026-11-27',
    `sourceTicket: ${reference}`,
    '---',
    '',
    '## Problem',
    '',
    'Every reminder adds the fee again.',
    '',
  ].join('\n');
  fs.writeFileSync(path.join(articlesDir(), `${slug}.md`), source);
}

async function logIn(browser: Browser, who: keyof typeof STAFF): Promise<Page> {
  const page = await (await browser.newContext({ locale: 'en-US' })).newPage();
  await page.goto('/staff/login');
  await page.getByLabel('E-mail address').fill(STAFF[who].email);
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Log in' }).click();
  await expect(page).toHaveURL('/staff');
  return page;
}

test('a solved ticket offers the article to second level, not to first level', async ({ browser }) => {
  const { reference } = solvedTicket();
  const second = await logIn(browser, 'second');
  await second.goto(`/staff/tickets/${reference}`);
  const capture = second.locator('[data-knowledge-capture]');
  await expect(capture.getByText('No article has been written from this ticket yet.')).toBeVisible();
  await expect(capture.getByRole('link', { name: 'Write article from this ticket' })).toHaveAttribute('href', `/staff/articles/new?fromTicket=${reference}`);

  const first = await logIn(browser, 'first');
  await first.goto(`/staff/tickets/${reference}`);
  await expect(first.locator('[data-knowledge-capture]')).toBeVisible();
  await expect(first.locator('[data-write-article]')).toHaveCount(0);
});

test('the status page links the article once it is public, not while it is a draft', async ({ page, browser }) => {
  const { reference, token } = solvedTicket();
  const slug = `e2e-capture-${RUN}`;
  const file = path.join(articlesDir(), `${slug}.md`);
  try {
    writeArticle(slug, reference, 'draft');
    const second = await logIn(browser, 'second');
    await expect
      .poll(async () => {
        await second.goto(`/staff/tickets/${reference}`);
        return second.locator(`[data-capture-article="${slug}"]`).count();
      }, LIVE)
      .toBe(1);
    await expect(second.locator(`[data-capture-article="${slug}"]`)).toContainText('Reminder fees charged twice');
    await page.goto(`/tickets/status/${token}`);
    await expect(page.locator('[data-in-knowledge-base]')).toHaveCount(0);

    writeArticle(slug, reference, 'validated');
    await expect
      .poll(async () => {
        await page.goto(`/tickets/status/${token}`);
        return page.locator('[data-in-knowledge-base]').count();
      }, LIVE)
      .toBe(1);
    await expect(page.getByRole('heading', { name: 'This solution is now in our knowledge base' })).toBeVisible();
    await page.getByRole('link', { name: 'Reminder fees charged twice' }).click();
    await expect(page).toHaveURL(new RegExp(`/articles/${slug}`));
  } finally {
    fs.rmSync(file, { force: true });
  }
});
