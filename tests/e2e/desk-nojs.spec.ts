/**
 * The desk without JavaScript, in German: the queue filters are a plain GET form, the
 * knowledge-base panel is a plain search form whose "Link to ticket" buttons post the link
 * action, and solving offers only public articles linked to the ticket — the internal article
 * found by the same search can be linked for reuse but is never offered as the solution.
 * Assigning to a named colleague, releasing an away colleague’s ticket and setting one’s
 * working languages are plain forms too.
 */
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { expect, test } from '@playwright/test';

test.use({ javaScriptEnabled: false, locale: 'de-DE' });

const PASSWORD = 'e2e-desk-nojs-password';
const RUN = Date.now().toString(36);
const AGENT = { email: `nojs.second.${RUN}@tierzero.test`, name: `Nora Ohne-Skript ${RUN}` };
const ADMIN_EMAIL = `nojs.admin.${RUN}@tierzero.test`;
const COLLEAGUE = { email: `nojs.colleague.${RUN}@tierzero.test`, name: `Otto Kollege ${RUN}` };
const SERVER = `file://${path.resolve('src/lib/server')}`;

let reference = '';
let secondReference = '';

test.beforeAll(() => {
  const env = { ...process.env, DATA_DIR: process.env.E2E_DATA_DIR, CONTENT_DIR: process.env.E2E_CONTENT_DIR };
  for (const [email, name, role] of [
    [AGENT.email, AGENT.name, 'second_level'],
    [ADMIN_EMAIL, `Admin ${RUN}`, 'admin'],
    [COLLEAGUE.email, COLLEAGUE.name, 'second_level'],
  ]) {
    const add = spawnSync(path.resolve('node_modules/.bin/node'), ['scripts/user-add.ts', '--email', email, '--name', name, '--role', role], {
      input: `${PASSWORD}\n`,
      encoding: 'utf8',
      env,
    });
    if (add.status !== 0) throw new Error(`user:add failed: ${add.stderr}`);
  }
  // A German ticket at level 2, escalated by the admin through the domain.
  const run = spawnSync(
    path.resolve('node_modules/.bin/node'),
    [
      '--input-type=module',
      '-e',
      `
      import { openDatabase } from '${SERVER}/platform/db.ts';
      import { createTicket } from '${SERVER}/desk/create-ticket.ts';
      import { escalateTicket } from '${SERVER}/desk/escalate-ticket.ts';
      import { DEFAULT_DESK_CONFIG } from '${SERVER}/desk/desk-config.ts';
      import { getUserByEmail } from '${SERVER}/accounts/users.ts';
      const db = openDatabase(process.env.DATA_DIR);
      import { sqliteDatabase } from '${SERVER}/platform/database/connect.ts';
      const database = sqliteDatabase(db);
      const admin = (await getUserByEmail(database, '${ADMIN_EMAIL}'));
      let { ticket } = await createTicket(database, { input: { name: 'Dora Deutsch', email: 'dora@example.com', subject: 'DATEV-Export abgelehnt ${RUN}',
        description: 'Der Buchungsstapel wird abgelehnt.', category: 'export', lang: 'de' }, config: DEFAULT_DESK_CONFIG });
      ticket = await escalateTicket(database, { ticketId: ticket.id, actor: { id: admin.id, role: 'admin', areas: [] }, reason: 'Test ohne JavaScript', expectedVersion: ticket.version, config: DEFAULT_DESK_CONFIG });
      let second = (await createTicket(database, { input: { name: 'Dora Deutsch', email: 'dora@example.com', subject: 'Zweites Ticket ${RUN}',
        description: 'Noch eine Frage.', category: 'export', lang: 'de' }, config: DEFAULT_DESK_CONFIG })).ticket;
      second = await escalateTicket(database, { ticketId: second.id, actor: { id: admin.id, role: 'admin', areas: [] }, reason: 'Zweiter Test', expectedVersion: second.version, config: DEFAULT_DESK_CONFIG });
      console.log(JSON.stringify({ reference: ticket.reference, second: second.reference }));
    `,
    ],
    { encoding: 'utf8', env },
  );
  if (run.status !== 0) throw new Error(`ticket failed: ${run.stderr}`);
  ({ reference, second: secondReference } = JSON.parse(run.stdout.trim().split('\n').pop()!) as { reference: string; second: string });
});

test('queue filters, knowledge-base links and solving work without JavaScript, in German', async ({ page }) => {
  await page.goto('/staff/login');
  await page.getByLabel('E-Mail-Adresse').fill(AGENT.email);
  await page.getByLabel('Passwort').fill(PASSWORD);
  await page.getByRole('button', { name: 'Anmelden' }).click();
  await expect(page).toHaveURL('/staff');

  // The queue of level 2, filtered by category and "not overdue" through the GET form.
  const queue = page.getByRole('region', { name: /Warteschlange Level 2/ });
  await queue.getByLabel('Kategorie').selectOption('export');
  await queue.getByLabel('Fälligkeit').selectOption('0');
  await queue.getByRole('button', { name: 'Filtern' }).click();
  await expect(page).toHaveURL(/category=export/);
  await expect(page).toHaveURL(/overdue=0/);
  await page.getByRole('link', { name: reference }).click();
  await expect(page.getByRole('heading', { level: 1 })).toContainText('DATEV-Export abgelehnt');

  // Take it, then search the knowledge base (public and internal articles).
  await page.getByRole('button', { name: 'Ticket übernehmen' }).click();
  await expect(page.locator('[data-done="take"]')).toHaveText('Sie haben das Ticket übernommen.');
  await page.getByLabel('Öffentliche und interne Artikel durchsuchen').fill('DATEV Buchungsstapel');
  await page.getByRole('button', { name: 'Suchen', exact: true }).click();
  await expect(page).toHaveURL(/kb=DATEV/);
  const results = page.locator('[data-kb-result]');
  await expect(results.first()).toBeVisible();
  // "Insert link" needs JavaScript and stays hidden; "Link to ticket" is a plain form.
  await expect(page.locator('[data-kb-insert]').first()).toBeHidden();
  const internal = results.filter({ hasText: 'Intern' }).first();
  const internalSlug = await internal.getAttribute('data-kb-result');
  await internal.getByRole('button', { name: 'Mit Ticket verknüpfen' }).click();
  await expect(page.locator('[data-done="linkArticle"]')).toBeVisible();
  await expect(page.locator(`[data-linked="${internalSlug}"]`)).toBeVisible();
  // The timeline names the linked article by its title, not by its slug.
  const internalTitle = (await page.locator(`[data-linked="${internalSlug}"] a`).first().textContent())!.trim();
  await expect(page.locator('[data-timeline] .desk-event-text', { hasText: 'Artikel verknüpft' }).last()).toHaveText(`Artikel verknüpft: ${internalTitle}`);

  // The internal article is linked, but not offered as the solution; a public one is.
  await expect(page.locator(`#solve-article option[value="${internalSlug}"]`)).toHaveCount(0);
  await page.getByLabel('Öffentliche und interne Artikel durchsuchen').fill('DATEV Export');
  await page.getByRole('button', { name: 'Suchen', exact: true }).click();
  const publicResult = page.locator('[data-kb-result]').filter({ hasText: 'Öffentlich' }).first();
  const publicSlug = await publicResult.getAttribute('data-kb-result');
  await publicResult.getByRole('button', { name: 'Mit Ticket verknüpfen' }).click();
  await expect(page.locator(`#solve-article option[value="${publicSlug}"]`)).toHaveCount(1);

  // A forged post with the internal article as the solution is refused; the summary is kept.
  const version = await page.locator('form[data-form="solve"] input[name="version"]').inputValue();
  const forged = await page.request.post(`/_actions/desk.solve`, {
    form: { reference, version, summary: '', articleSlug: internalSlug! },
    headers: { Origin: new URL(page.url()).origin },
  });
  expect(forged.status()).toBe(400);

  // "Lösen …" opens its fields in place (a plain <details>, no JavaScript needed).
  await page.locator('[data-disclosure="solve"] summary').click();
  await page.getByLabel('Lösung (Zusammenfassung)').fill('Mandantennummer im Langformat eintragen.');
  await page.getByLabel(/Lösungsartikel/).selectOption(publicSlug!);
  await page.getByRole('button', { name: 'Ticket lösen' }).click();
  await expect(page.locator('[data-ticket-status]')).toHaveText('Gelöst');
  await expect(page.locator('[data-entry="event"]').filter({ hasText: 'Status geändert von Offen zu Gelöst' }).or(page.locator('[data-entry="event"]').filter({ hasText: 'zu Gelöst' }))).not.toHaveCount(0);
});

test('assigning to a colleague, releasing an away colleague’s ticket and the working languages work without JavaScript', async ({ page }) => {
  await page.goto('/staff/login');
  await page.getByLabel('E-Mail-Adresse').fill(AGENT.email);
  await page.getByLabel('Passwort').fill(PASSWORD);
  await page.getByRole('button', { name: 'Anmelden' }).click();
  await expect(page).toHaveURL('/staff');

  // Working languages: German only, saved with a plain form.
  await page.getByRole('checkbox', { name: 'Englisch' }).uncheck();
  await page.getByRole('button', { name: 'Sprachen speichern' }).click();
  await expect(page.getByText('Ihre Sprachen wurden gespeichert.')).toBeVisible();
  await expect(page.getByRole('checkbox', { name: 'Englisch' })).not.toBeChecked();
  await expect(page.getByRole('checkbox', { name: 'Deutsch' })).toBeChecked();

  await page.goto(`/staff/tickets/${secondReference}`);
  await page.getByRole('button', { name: 'Ticket übernehmen' }).click();
  await expect(page.locator('[data-done="take"]')).toBeVisible();

  // To a named colleague (away), with a reason in the timeline.
  const assign = page.locator('form[data-form="assign"]');
  await assign.getByLabel('Kollegin oder Kollege').selectOption({ label: `${COLLEAGUE.name} (abwesend)` });
  await assign.getByLabel('Grund').fill('Kennt den Mandanten');
  await assign.getByRole('button', { name: 'Zuweisen' }).click();
  await expect(page.locator('[data-done="assign"]')).toBeVisible();
  await expect(page.locator('[data-entry="event"]').filter({ hasText: 'Kennt den Mandanten' })).toHaveCount(1);

  // Otto is away: second level releases the ticket to the queue.
  const release = page.locator('form[data-form="release"]');
  await expect(release).toContainText(`${COLLEAGUE.name} ist abwesend`);
  await release.getByLabel('Grund (optional)').fill('Urlaub');
  await release.getByRole('button', { name: 'In die Warteschlange zurückgeben' }).click();
  await expect(page.locator('[data-done="release"]')).toBeVisible();
  await expect(page.locator('[data-entry="event"]').filter({ hasText: 'zurück in die Warteschlange: Urlaub' })).toHaveCount(1);
  await expect(page.locator('form[data-form="release"]')).toHaveCount(0);
});
