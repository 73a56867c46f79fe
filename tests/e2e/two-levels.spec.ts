/**
 * Two-level mode end to end: a second server (the built app) runs with DESK_LEVELS=2, its own
 * free port and data folder. The whole desk path runs without level 3: user:add refuses
 * third-level accounts, a leftover third-level account cannot sign in, a customer's ticket is
 * escalated by first level to level 2, where the agent with the subject area gets it, sees no
 * escalation (the server refuses a forged one), and solves it; the admin's queue filter and
 * the call page offer no level 3.
 */
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import Database from 'better-sqlite3';
import { expect, test, type Browser, type Page } from '@playwright/test';
import { extraServer, type ExtraServer } from './support/extra-server.ts';

const NODE = path.resolve('node_modules/.bin/node');
const PASSWORD = 'e2e-two-levels-password';
const RUN = Date.now().toString(36);
const STAFF = {
  first: { email: `two.first.${RUN}@tierzero.test`, name: `Frida First ${RUN}`, role: 'first_level', extra: [] as string[] },
  second: { email: `two.second.${RUN}@tierzero.test`, name: `Bruno Banking ${RUN}`, role: 'second_level', extra: ['--areas', 'banking'] },
  admin: { email: `two.admin.${RUN}@tierzero.test`, name: `Ada Admin ${RUN}`, role: 'admin', extra: [] as string[] },
};
const LEFTOVER = { email: `two.third.${RUN}@tierzero.test`, name: `Theo Third ${RUN}` };

let server: ExtraServer;
let baseURL = '';
let dataDir = '';

function userAdd(account: { email: string; name: string; role: string; extra: string[] }): { status: number | null; stderr: string } {
  const run = spawnSync(NODE, ['scripts/user-add.ts', '--email', account.email, '--name', account.name, '--role', account.role, ...account.extra], {
    input: `${PASSWORD}\n`,
    encoding: 'utf8',
    env: server.env,
  });
  return { status: run.status, stderr: run.stderr };
}

function query<T>(sql: string, ...params: unknown[]): T {
  const db = new Database(path.join(dataDir, 'tierzero.sqlite'), { readonly: true, fileMustExist: true });
  try {
    return db.prepare(sql).get(...params) as T;
  } finally {
    db.close();
  }
}

test.beforeAll(async () => {
  server = await extraServer('two-levels', { DESK_LEVELS: '2', TICKET_RATE_LIMIT: '50' });
  ({ baseURL, dataDir } = server);
  // Accounts first (user:add creates the database), as an operator of a two-level desk would.
  for (const account of Object.values(STAFF)) {
    const result = userAdd(account);
    if (result.status !== 0) throw new Error(`user:add failed: ${result.stderr}`);
  }
  // A third-level account from the time the desk ran with three levels.
  const leftover = spawnSync(
    NODE,
    [
      '--input-type=module',
      '-e',
      `import { openDatabase } from '${path.resolve('src/lib/server/platform/db.ts')}';
       import { sqliteDatabase } from '${path.resolve('src/lib/server/platform/database/connect.ts')}';
       import { createUser } from '${path.resolve('src/lib/server/accounts/users.ts')}';
       const db = openDatabase(process.env.DATA_DIR);
       const database = sqliteDatabase(db);
       await createUser(database, { email: ${JSON.stringify(LEFTOVER.email)}, name: ${JSON.stringify(LEFTOVER.name)}, role: 'third_level', areas: ['banking'], password: ${JSON.stringify(PASSWORD)} }, { levels: 3 });`,
    ],
    { encoding: 'utf8', env: server.env },
  );
  if (leftover.status !== 0) throw new Error(`leftover account: ${leftover.stderr}`);
  await server.start();
});

test.afterAll(() => server.stop());

async function logIn(browser: Browser, email: string): Promise<Page> {
  const context = await browser.newContext({ locale: 'en-US', baseURL });
  const page = await context.newPage();
  await page.goto('/staff/login');
  await page.getByLabel('E-mail address').fill(email);
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Log in' }).click();
  return page;
}

test('user:add refuses a third-level account on a two-level desk; a leftover one cannot sign in', async ({ browser }) => {
  const refused = userAdd({ email: `two.refused.${RUN}@tierzero.test`, name: 'Refused Specialist', role: 'third_level', extra: ['--areas', 'export'] });
  expect(refused.status).toBe(1);
  expect(refused.stderr).toContain('two levels (DESK_LEVELS=2): there is no third level');

  const page = await logIn(browser, LEFTOVER.email);
  await expect(page).toHaveURL(/\/staff\/login/);
  await expect(page.getByRole('alert')).toContainText('Level 3 is switched off on this desk (two levels)');
  expect(query<{ n: number }>('SELECT COUNT(*) AS n FROM sessions s JOIN users u ON u.id = s.user_id WHERE u.email = ?', LEFTOVER.email).n).toBe(0);
  await page.context().close();
});

test('the whole desk path with two levels: form → level 1 → escalated to level 2 (by area) → solved; no level 3 anywhere', async ({ browser }) => {
  test.setTimeout(90_000);
  // The customer's request.
  const customer = await browser.newContext({ locale: 'en-US', baseURL });
  const form = await customer.newPage();
  await form.goto('/tickets/new');
  await form.getByLabel('Your name').fill('Bea Bank');
  await form.getByLabel('Your e-mail address').fill(`bea.bank.${RUN}@example.com`);
  await form.getByLabel('Subject').fill(`Bank sync stops ${RUN}`);
  await form.getByLabel('Your question or problem').fill('The bank sync stops with an unknown error.');
  await form.getByLabel('Topic').selectOption('banking');
  await form.getByRole('button', { name: 'Send request' }).click();
  await expect(form).toHaveURL(/\/tickets\/created$/);
  await customer.close();
  const { reference } = query<{ reference: string }>('SELECT reference FROM tickets WHERE subject = ?', `Bank sync stops ${RUN}`);

  // The second-level agent is present (they get escalations of their area).
  const second = await logIn(browser, STAFF.second.email);
  await expect(second).toHaveURL(/\/staff$/);
  await expect(second.locator('[data-desk-levels="2"]')).toBeVisible();
  // The account card is on the account page (the user menu's "Signed in as …").
  await second.locator('[data-user-menu]').getByRole('link', { name: 'Signed in as' }).click();
  await expect(second).toHaveURL(/\/staff\/account$/);
  await expect(second.locator('[data-staff-role]')).toHaveText('Second-level support');
  await expect(second.locator('.lede')).toContainText('This desk runs with two levels');
  await expect(second.locator('[data-staff-areas]')).toContainText('Bank accounts');
  await second.getByRole('button', { name: 'I am present' }).click();

  // First level escalates: the form says level 2.
  const first = await logIn(browser, STAFF.first.email);
  await first.goto(`/staff/tickets/${reference}`);
  await first.locator('[data-disclosure="escalate"] summary').click();
  await expect(first.getByRole('button', { name: 'Escalate to level 2' })).toBeVisible();
  await first.getByLabel('Reason for escalating to level 2 (required)').fill('Unknown bank error');
  await first.getByRole('button', { name: 'Escalate to level 2' }).click();
  await expect(first.locator('[data-ticket-level]')).toHaveAttribute('data-ticket-level', '2');
  expect(query<{ email: string }>('SELECT u.email FROM tickets t JOIN users u ON u.id = t.assignee_id WHERE t.reference = ?', reference).email).toBe(STAFF.second.email);
  // First level's call page escalates to level 2.
  await first.goto('/staff/calls/new');
  await expect(first.getByRole('button', { name: 'Escalate to level 2' })).toBeVisible();

  // Level 2 is the top: no escalation form, and a forged escalation is refused.
  await second.goto(`/staff/tickets/${reference}`);
  await expect(second.locator('[data-form="escalate"]')).toHaveCount(0);
  await expect(second.locator('[data-form="handBack"]')).toHaveCount(1);
  const version = String(query<{ version: number }>('SELECT version FROM tickets WHERE reference = ?', reference).version);
  const forged = await second.request.post(`${baseURL}/_actions/desk.escalate`, { form: { reference, version, reason: 'to level 3' }, headers: { Origin: baseURL } });
  expect(forged.status()).toBe(400);
  expect(await forged.text()).toContain('the highest level');
  expect(query<{ level: number }>('SELECT level FROM tickets WHERE reference = ?', reference).level).toBe(2);
  await second.getByRole('tab', { name: 'Internal note' }).click();
  await second.getByLabel('Internal note').fill('Checked the bank logs: expired consent.');
  await second.getByRole('button', { name: 'Add note' }).click();
  await second.locator('[data-disclosure="solve"] summary').click();
  await second.getByLabel('Solution summary').fill('Renew the bank consent under Settings → Bank accounts.');
  await second.getByRole('button', { name: 'Solve ticket' }).click();
  await expect(second.locator('[data-ticket-status]')).toHaveAttribute('data-ticket-status', 'solved');
  // Second level's calls cannot be escalated: there is no higher level.
  await second.goto('/staff/calls/new');
  await expect(second.locator('[data-no-escalation]')).toContainText('level 2 is the highest level');
  await expect(second.locator('[data-outcome="escalated"]')).toHaveCount(0);

  // The admin's queue filter has levels 1 and 2 only; level 3 is not a queue.
  const admin = await logIn(browser, STAFF.admin.email);
  await admin.goto('/staff?level=3');
  await expect(admin.locator('#filter-level option')).toHaveText(['Level 1', 'Level 2']);
  await expect(admin.getByRole('heading', { name: /Queue of level 1/ })).toBeVisible();
  for (const page of [first, second, admin]) await page.context().close();
});
