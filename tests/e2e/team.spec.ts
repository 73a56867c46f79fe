/**
 * The team page as an admin uses it: adding an account in German on a phone (a refused form
 * names the rule in German and keeps what was typed; the new colleague logs in at once), and
 * in English on a desktop giving an agent a new role (their open tickets go back to the queue,
 * with the reason in the timeline), a new password (their session ends) and disabling the
 * account (the log-in is refused), while the admin's own account offers no disabling; and
 * every colleague changes their own password on the account page (their other sessions end).
 */
import { expect, test, type Browser, type Page } from '@playwright/test';
import { addStaffAccounts, logInAs, runNode } from './support/staff.ts';
import path from 'node:path';

const PASSWORD = 'e2e-team-password';
const RUN = Date.now().toString(36);
const ADMIN = { email: `team.admin.${RUN}@tierzero.test`, name: `Ada Team ${RUN}`, role: 'admin' };
const AGENT = { email: `team.agent.${RUN}@tierzero.test`, name: `Tom Team ${RUN}`, role: 'first_level' };
const OWNER = { email: `team.owner.${RUN}@tierzero.test`, name: `Olga Own ${RUN}`, role: 'second_level' };
const SERVER = `file://${path.resolve('src/lib/server')}`;

test.beforeAll(() => addStaffAccounts([ADMIN, AGENT, OWNER], PASSWORD));

/** Two new level-1 tickets assigned to the agent. */
function ticketsForAgent(): string[] {
  return runNode<string[]>(`
    import { openInstallation } from '${path.resolve('tests/e2e/support/installation.ts')}';
    import { createTicket } from '${SERVER}/desk/create-ticket.ts';
    import { DEFAULT_DESK_CONFIG } from '${SERVER}/desk/desk-config.ts';
    import { getUserByEmail } from '${SERVER}/accounts/users.ts';
    const { database, close } = await openInstallation();
    const agent = await getUserByEmail(database, ${JSON.stringify(AGENT.email)});
    const references = [];
    for (const n of [1, 2]) {
      const { ticket } = await createTicket(database, { input: { name: 'Theo Team', email: 'theo.${RUN}@example.com', subject: 'Team ticket ' + n + ' ${RUN}', description: 'For the team test.', category: 'banking', lang: 'en' }, config: DEFAULT_DESK_CONFIG });
      await database.kysely.updateTable('tickets').set({ assignee_id: agent.id, version: ticket.version + 1 }).where('id', '=', ticket.id).execute();
      references.push(ticket.reference);
    }
    await close();
    console.log(JSON.stringify(references));
  `);
}

const PHONE = { width: 390, height: 844 };
const logInGerman = (browser: Browser, email: string, password: string): Promise<Page> => logInAs(browser, email, password, true, { lang: 'de', viewport: PHONE });

test('an admin adds an account in German on a phone: refusals name the rule and keep the input; the colleague logs in at once', async ({ browser }) => {
  const page = await logInGerman(browser, ADMIN.email, PASSWORD);
  const email = `team.new.${RUN}@tierzero.test`;
  try {
    await page.getByRole('link', { name: 'Team', exact: true }).click();
    await expect(page).toHaveURL('/staff/team');
    await expect(page.getByRole('heading', { level: 1 })).toContainText('Team');
    await expect(page.locator(`[data-member="${AGENT.email}"]`)).toContainText('First-Level-Support');
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    expect(await page.locator('.desk-table-wrap').evaluate((element) => element.scrollWidth - element.clientWidth)).toBeLessThanOrEqual(0);

    await page.locator('[data-team-add] > summary').click();
    const form = page.locator('form[data-form="team-create"]');
    await form.getByLabel('Name', { exact: true }).fill(`Nina Neu ${RUN}`);
    await form.getByLabel('E-Mail-Adresse (zum Anmelden)').fill(email);
    await form.getByLabel('Rolle', { exact: true }).selectOption('third_level');
    await form.getByLabel('Erstes Passwort').fill('kurz-aber-');
    // A specialist without a subject area: refused in German, everything typed is still there.
    await form.getByRole('button', { name: 'Konto anlegen' }).click();
    await expect(page.locator('[data-team-error]')).toContainText('Third-Level-Spezialist:innen brauchen mindestens ein Fachgebiet.');
    await expect(form.getByLabel('Name', { exact: true })).toHaveValue(`Nina Neu ${RUN}`);
    await expect(form.getByLabel('E-Mail-Adresse (zum Anmelden)')).toHaveValue(email);
    await expect(form.getByLabel('Rolle', { exact: true })).toHaveValue('third_level');
    // The same address twice is refused by name.
    await form.getByLabel('Bankkonten & Belege').check();
    await form.getByLabel('E-Mail-Adresse (zum Anmelden)').fill(AGENT.email);
    await form.getByLabel('Erstes Passwort').fill('nina-erstes-passwort');
    await form.getByRole('button', { name: 'Konto anlegen' }).click();
    await expect(page.locator('[data-team-error]')).toContainText(`Es gibt schon ein Konto mit der E-Mail-Adresse ${AGENT.email}.`);
    await expect(form.getByLabel('Bankkonten & Belege')).toBeChecked();

    await form.getByLabel('E-Mail-Adresse (zum Anmelden)').fill(email);
    await form.getByLabel('Erstes Passwort').fill('nina-erstes-passwort');
    await form.getByRole('button', { name: 'Konto anlegen' }).click();
    await expect(page.locator('[data-done="added"]')).toHaveText(`Das Konto für Nina Neu ${RUN} wurde angelegt.`);
    await expect(page.locator(`[data-member="${email}"]`)).toContainText('Third-Level-Spezialist:in');
    await expect(page.locator(`[data-member="${email}"]`)).toContainText('Bankkonten & Belege');

    const nina = await logInGerman(browser, email, 'nina-erstes-passwort');
    await expect(nina.getByRole('heading', { level: 1 })).toContainText(`Nina Neu ${RUN}`);
    await nina.context().close();
  } finally {
    await page.context().close();
  }
});

test('in English: a new role sends the agent’s open tickets back to the queue; a new password ends their session; a disabled account cannot log in', async ({ browser }) => {
  const references = ticketsForAgent();
  const admin = await logInAs(browser, ADMIN.email, PASSWORD);
  const agent = await logInAs(browser, AGENT.email, PASSWORD);
  try {
    await admin.goto('/staff/team');
    await admin.locator(`[data-member="${AGENT.email}"] a`).click();
    const edit = admin.locator('form[data-form="team-update"]');
    await expect(edit.getByLabel('Role', { exact: true })).toHaveValue('first_level');

    // A trainee flag for second level is refused by name, the choice kept.
    await edit.getByLabel('Role', { exact: true }).selectOption('second_level');
    await edit.getByLabel(/Trainee/).check();
    await edit.getByRole('button', { name: 'Save changes' }).click();
    await expect(admin.locator('[data-team-error="update"]')).toHaveText('Only first-level agents can be trainees.');
    await expect(edit.getByLabel('Role', { exact: true })).toHaveValue('second_level');

    await edit.getByLabel(/Trainee/).uncheck();
    await edit.getByRole('button', { name: 'Save changes' }).click();
    await expect(admin.locator('[data-done="role"]')).toHaveText(`Saved. The role changed, so ${AGENT.name} is away until they say they are present. 2 open tickets went back to the queue.`);
    await admin.goto(`/staff/tickets/${references[0]}`);
    await expect(admin.locator('[data-timeline] .desk-event-detail').filter({ hasText: 'back to the queue: the assignee has a new role' })).toHaveCount(1);

    // A new password: too short is refused; then set, and the agent's session has ended.
    await admin.goBack();
    await admin.goto(admin.url().replace(/\?.*$/, ''));
    const password = admin.locator('form[data-form="team-password"]');
    await password.getByLabel('New password').fill('short');
    // The browser's own check would stop it first: post it as a person without that check would.
    await password.evaluate((element) => element.querySelector('input[name="password"]')!.removeAttribute('minlength'));
    await password.getByRole('button', { name: 'Set password' }).click();
    await expect(admin.locator('[data-team-error="password"]')).toHaveText('The password needs at least 10 characters.');
    await admin.locator('form[data-form="team-password"]').getByLabel('New password').fill('tom-new-password-1');
    await admin.locator('form[data-form="team-password"]').getByRole('button', { name: 'Set password' }).click();
    await expect(admin.locator('[data-done="password"]')).toHaveText(`The new password is set; ${AGENT.name} was logged out everywhere.`);
    await agent.goto('/staff');
    await expect(agent).toHaveURL(/\/staff\/login/);

    // Disabled: the log-in is refused; enabled again, it works with the new password.
    await admin.getByRole('button', { name: 'Disable account' }).click();
    await expect(admin.locator('[data-done="disabled"]')).toContainText(`The account of ${AGENT.name} is disabled`);
    await agent.getByLabel('E-mail address').fill(AGENT.email);
    await agent.getByLabel('Password').fill('tom-new-password-1');
    await agent.getByRole('button', { name: 'Log in' }).click();
    await expect(agent.locator('[role="alert"]')).toContainText('Wrong e-mail address or password.');
    await admin.goto('/staff/team');
    await expect(admin.locator(`[data-member="${AGENT.email}"] [data-member-state]`)).toHaveText('Disabled');
    await admin.locator(`[data-member="${AGENT.email}"] a`).click();
    await admin.getByRole('button', { name: 'Enable account' }).click();
    await expect(admin.locator('[data-done="enabled"]')).toHaveText(`The account of ${AGENT.name} can log in again.`);

    // The admin's own account: no disabling offered, and the domain refuses taking the own admin role.
    await admin.goto('/staff/team');
    await admin.locator(`[data-member="${ADMIN.email}"] a`).click();
    await expect(admin.locator('[data-self]')).toBeVisible();
    await expect(admin.locator('form[data-form="team-access"]')).toHaveCount(0);
    await admin.locator('form[data-form="team-update"]').getByLabel('Role', { exact: true }).selectOption('second_level');
    await admin.locator('form[data-form="team-update"]').getByRole('button', { name: 'Save changes' }).click();
    await expect(admin.locator('[data-team-error="update"]')).toHaveText('You cannot disable your own account or take away your own administrator role.');
  } finally {
    await admin.context().close();
    await agent.context().close();
  }
});

test('a colleague changes their own password in German: the current one first; other sessions end, this one stays', async ({ browser }) => {
  const page = await logInGerman(browser, OWNER.email, PASSWORD);
  const other = await logInAs(browser, OWNER.email, PASSWORD);
  try {
    await page.goto('/staff/account');
    const form = page.locator('form[data-form="change-password"]');
    await form.getByLabel('Aktuelles Passwort').fill('not-the-password');
    await form.getByLabel('Neues Passwort').fill('olga-new-password');
    await form.getByRole('button', { name: 'Passwort ändern' }).click();
    await expect(page.locator('[data-password-error]')).toHaveText('Das aktuelle Passwort stimmt nicht.');
    await form.getByLabel('Aktuelles Passwort').fill(PASSWORD);
    await form.getByLabel('Neues Passwort').fill('olga-new-password');
    await form.getByRole('button', { name: 'Passwort ändern' }).click();
    await expect(page.locator('[data-done="password"]')).toHaveText('Ihr Passwort ist geändert; Ihre andere Sitzung wurde beendet.');
    // This session stays; the other one is over, and the new password logs in.
    await page.goto('/staff');
    await expect(page).toHaveURL('/staff');
    await other.goto('/staff');
    await expect(other).toHaveURL(/\/staff\/login/);
    await other.getByLabel('E-mail address').fill(OWNER.email);
    await other.getByLabel('Password').fill('olga-new-password');
    await other.getByRole('button', { name: 'Log in' }).click();
    await expect(other).toHaveURL('/staff');
  } finally {
    await page.context().close();
    await other.context().close();
  }
});
