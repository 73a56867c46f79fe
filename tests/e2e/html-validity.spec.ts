/**
 * Valid HTML on every public and staff page: the Nu HTML Checker (vnu-jar from npm, run
 * with Java) reports no error. The pages are fetched as a reader and as a signed-in admin
 * (who may open every staff page), saved, and checked in one run of the checker.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { addStaffAccounts, logInAs, runNode } from './support/staff.ts';

/** The checker's jar as the vnu-jar package installs it (the system's Java runs it). */
const vnuJar = path.resolve('node_modules/vnu-jar/build/dist/vnu.jar');
const PASSWORD = 'e2e-html-validity-password';
const ADMIN = { email: 'vnu.admin@example.com', name: 'Val Nu', role: 'admin' };
/** The desk views belong to agents (an admin has none): one signs in for them. */
const AGENT = { email: 'vnu.agent@example.com', name: 'Vera Nu', role: 'second_level' };

const PUBLIC_PAGES = [
  '/de/', '/en/', '/de/categories/export', '/en/categories/account',
  '/de/articles/erste-rechnung-erstellen', '/en/articles/reset-password', '/de/articles/umsatzsteuersenkung-2020',
  '/de/search', '/de/search?q=rechnung', '/en/search?q=qwertzuiop', '/en/contact', '/de/contact?q=passwort',
  '/tickets/new', '/tickets/new?q=password&article=reset-password', '/tickets/status', '/tickets/answered?article=reset-password',
  '/de/search?q=rechnung&category=billing', '/staff/login', '/no-such-page',
];
const STAFF_PAGES = [
  '/staff', '/staff/articles', '/staff/articles/datev-export', '/staff/articles/new', '/staff/articles/edit/datev-export',
  '/staff/articles/history/datev-export', '/staff/outbox', '/staff/templates', '/staff/calls/new', '/staff/insights',
  '/staff/training', '/staff/training/support-process/support-levels-and-escalation', '/staff/training/progress', '/staff/training/new',
  '/staff/training/edit/support-process/support-levels-and-escalation', '/staff/training/history/support-process/support-levels-and-escalation',
  '/staff/account', '/staff/login-locks', '/staff/mail', '/staff/notifications', '/staff/search?q=rechnung', '/staff/search?q=qwertzuiop',
  '/staff/articles?status=draft', '/staff/insights?range=7', '/staff/team', '/staff/team/1', '/staff/customers', '/staff/customers?q=example',
];
/** The server modules, for recording a mail as the IMAP poller would. */
const SERVER = `file://${path.resolve('src/lib/server')}`;

/**
 * A customer's HTML mail that opened a ticket, recorded as the poller does (the e2e server
 * has no mailbox): its page under /staff/mail shows the sanitised HTML and the original.
 */
function recordInboundMail(): number {
  const raw = [
    'From: Val Nu <val.mail@example.com>',
    'To: support@example.com',
    'Subject: Validity by mail',
    `Message-ID: <vnu-${Date.now()}@example.com>`,
    'MIME-Version: 1.0',
    'Content-Type: multipart/alternative; boundary="b"',
    '',
    '--b',
    'Content-Type: text/plain; charset=utf-8',
    '',
    'Is the mail page valid HTML?',
    '--b',
    'Content-Type: text/html; charset=utf-8',
    '',
    '<html><body><p>Is the <b>mail page</b> valid HTML?</p><script>alert(1)</script><table><tr><td>cell</td></tr></table></body></html>',
    '--b--',
    '',
  ].join('\r\n');
  return runNode<number>(`
    import { openDatabase } from '${SERVER}/platform/db.ts';
    import { parseMail, processMail } from '${SERVER}/mail/process-inbound.ts';
    import { DEFAULT_DESK_CONFIG } from '${SERVER}/desk/desk-config.ts';
    const db = openDatabase(process.env.DATA_DIR);
    import { sqliteDatabase } from '${SERVER}/platform/database/connect.ts';
    const database = sqliteDatabase(db);
    const raw = Buffer.from(${JSON.stringify(raw)});
    await processMail(database, raw, await parseMail(raw), DEFAULT_DESK_CONFIG, { supportAddresses: ['support@example.com'], ratePerHour: 100 });
    console.log(JSON.stringify(db.prepare("SELECT id FROM mail_inbound WHERE subject = 'Validity by mail' ORDER BY id DESC").pluck().get()));
  `);
}

/** Staff pages that answer with another status than 200 on purpose. */
const STAFF_PAGES_NOT_OK: [string, number][] = [['/staff/forbidden', 403], ['/staff/articles/no-such-article', 404]];

test('the Nu HTML checker finds no error on any public or staff page', async ({ browser, request }) => {
  test.setTimeout(240_000);
  addStaffAccounts([ADMIN, AGENT], PASSWORD);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tierzero-vnu-'));
  const files = new Map<string, string>();
  const save = (url: string, html: string): void => {
    const file = path.join(dir, `${files.size}.html`);
    fs.writeFileSync(file, html);
    files.set(file, url);
  };
  for (const url of PUBLIC_PAGES) save(url, await (await request.get(url)).text());

  // A ticket through the public form: its confirmation and status pages as the customer sees them.
  const form = await browser.newPage();
  await form.goto('/tickets/new');
  await form.getByLabel('Your name').fill('Val Nu');
  await form.getByLabel('Your e-mail address').fill('val.nu@example.com');
  await form.getByLabel('Subject').fill('Validity check');
  await form.getByLabel('Your question or problem').fill('Is every page valid HTML?');
  await form.getByLabel('Topic').selectOption('account');
  const created = form.waitForResponse((response) => new URL(response.url()).pathname === '/tickets/created');
  await form.getByRole('button', { name: 'Send request' }).click();
  save('/tickets/created', await (await created).text());
  const statusLink = await form.locator('a[href^="/tickets/status/"]').first().getAttribute('href');
  expect(statusLink).toBeTruthy();
  save(statusLink!, await (await form.request.get(statusLink!)).text());
  await form.close();

  const staff = await logInAs(browser, ADMIN.email, PASSWORD);
  await staff.goto('/staff');
  const ticket = await staff.locator('a[href^="/staff/tickets/"]').first().getAttribute('href');
  // A standard answer to open.
  await staff.goto('/staff/templates');
  await staff.locator('[data-form="template-create"] [name="title"]').fill('Validity answer');
  await staff.locator('[data-form="template-create"] [name="body"]').fill('Every page is checked by the **Nu** checker.');
  await staff.locator('[data-form="template-create"] button[type="submit"]').click();
  await staff.waitForURL(/\/staff\/templates\/\d+/);
  const template = new URL(staff.url()).pathname;
  const mailPage = `/staff/mail/${recordInboundMail()}`;
  for (const url of [...STAFF_PAGES, ticket!, template, mailPage]) {
    const response = await staff.request.get(url);
    expect(response.status(), url).toBe(200);
    save(url, await response.text());
  }
  for (const [url, status] of STAFF_PAGES_NOT_OK) {
    const response = await staff.request.get(url);
    expect(response.status(), url).toBe(status);
    save(url, await response.text());
  }
  // The ticket's customer page (linked from its side column).
  await staff.goto(ticket!);
  const customerPage = await staff.locator('[data-customer-link]').getAttribute('href');
  if (customerPage) {
    const response = await staff.request.get(customerPage);
    expect(response.status(), customerPage).toBe(200);
    save(customerPage, await response.text());
  }
  await staff.context().close();

  const agent = await logInAs(browser, AGENT.email, PASSWORD);
  await agent.goto('/staff');
  const views = [...new Set(await agent.locator('a[href^="/staff/views/"]').evaluateAll((links) => links.map((link) => new URL((link as HTMLAnchorElement).href).pathname)))];
  expect(views.length).toBeGreaterThanOrEqual(4);
  for (const url of [...views, `${views[0]}?sort=subject&dir=asc`, `${views[0]}?tag=vip`]) {
    const response = await agent.request.get(url);
    expect(response.status(), url).toBe(200);
    save(url, await response.text());
  }
  await agent.context().close();

  let report = '';
  try {
    execFileSync('java', ['-jar', vnuJar, '--errors-only', '--format', 'json', ...files.keys()], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (error) {
    // vnu exits 1 when it found errors and writes its JSON report to stderr.
    report = String((error as { stderr?: string }).stderr ?? error);
  }
  const messages = report ? (JSON.parse(report) as { messages: { url: string; message: string; extract?: string }[] }).messages : [];
  const problems = messages.map((m) => `${files.get(m.url.replace(/^file:/, '')) ?? m.url}: ${m.message}${m.extract ? ` — ${m.extract.trim().slice(0, 120)}` : ''}`);
  fs.rmSync(dir, { recursive: true, force: true });
  expect(problems).toEqual([]);
});
