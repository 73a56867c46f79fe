/**
 * Table-driven authorisation test of the staff side: every role (anonymous, first_level,
 * second_level, third_level, admin) against every staff page and endpoint (GET) and every
 * desk action (POST), each with the expected answer: allowed, sent to the log-in page, or
 * refused (403 / 401). Plus the attacks the issue names, with the ticket's real version so
 * that only the permission check can stop them: a customer (no account) calling level-2 and
 * level-3 actions, a first-level agent calling level-2 actions, a specialist replying to the
 * customer. Each time the ticket must be unchanged afterwards.
 */
import fs from 'node:fs';
import path from 'node:path';
import { expect, test, type APIRequestContext } from '@playwright/test';
import { addStaffAccounts, runNode } from './support/staff.ts';

const PASSWORD = 'e2e-roles-password';
const RUN = Date.now().toString(36);

type RoleName = 'anonymous' | 'first_level' | 'second_level' | 'third_level' | 'admin';
const STAFF_ROLES = ['first_level', 'second_level', 'third_level', 'admin'] as const;
const ALL_ROLES: RoleName[] = ['anonymous', ...STAFF_ROLES];

const ACCOUNTS: Record<(typeof STAFF_ROLES)[number], { email: string; extra: string[] }> = {
  first_level: { email: `roles.first.${RUN}@tierzero.test`, extra: [] },
  second_level: { email: `roles.second.${RUN}@tierzero.test`, extra: [] },
  third_level: { email: `roles.third.${RUN}@tierzero.test`, extra: ['--areas', 'export'] },
  admin: { email: `roles.admin.${RUN}@tierzero.test`, extra: [] },
};

/** Runs Node (with type stripping) on a module snippet in the test server's data folder; returns its JSON output. */
const SERVER = `file://${path.resolve('src/lib/server')}`;

/** Creates a ticket through the domain (as the form would) and moves it to `level` as an admin would. */
function createTicketAtLevel(level: 1 | 2 | 3, adminEmail: string, subject: string): { reference: string; version: number } {
  return runNode(`
    import { openDatabase } from '${SERVER}/platform/db.ts';
    import { createTicket } from '${SERVER}/desk/create-ticket.ts';
    import { escalateTicket } from '${SERVER}/desk/escalate-ticket.ts';
    import { DEFAULT_DESK_CONFIG } from '${SERVER}/desk/desk-config.ts';
    import { getUserByEmail } from '${SERVER}/accounts/users.ts';
    const db = openDatabase(process.env.DATA_DIR);
    import { sqliteDatabase } from '${SERVER}/platform/database/connect.ts';
    const database = sqliteDatabase(db);
    const admin = (await getUserByEmail(database, ${JSON.stringify(adminEmail)}));
    let { ticket } = await createTicket(database, { input: { name: 'Rita Roles', email: 'rita.roles@example.com', subject: ${JSON.stringify(subject)},
      description: 'Table-driven role test.', category: 'export', lang: 'en' }, config: DEFAULT_DESK_CONFIG });
    for (let l = 1; l < ${level}; l++) ticket = await escalateTicket(database, { ticketId: ticket.id, actor: { id: admin.id, role: 'admin', areas: [] }, reason: 'role test', expectedVersion: ticket.version, config: DEFAULT_DESK_CONFIG });
    console.log(JSON.stringify({ reference: ticket.reference, version: ticket.version }));
  `);
}

/** The ticket's version, status and message count, straight from the database. */
function ticketState(reference: string): { version: number; status: string; level: number; messages: number } {
  return runNode(`
    import { openDatabase } from '${SERVER}/platform/db.ts';
    const db = openDatabase(process.env.DATA_DIR);
    const row = db.prepare('SELECT id, version, status, level FROM tickets WHERE reference = ?').get(${JSON.stringify(reference)});
    const { n } = db.prepare('SELECT COUNT(*) AS n FROM ticket_messages WHERE ticket_id = ?').get(row.id);
    console.log(JSON.stringify({ version: row.version, status: row.status, level: row.level, messages: n }));
  `);
}

const clients = new Map<RoleName, APIRequestContext>();
let ticketL1: { reference: string; version: number };
let ticketL2: { reference: string; version: number };
let ticketL3: { reference: string; version: number };
let templateId: number;
let ticketMailId: number;
let attachmentL1: number;
let customerA: { token: string; attachment: number };
let customerB: { token: string; attachment: number };

/** A PNG attachment written as the mail poller would (file under DATA_DIR/attachments, row); on a new ticket with its token when no reference is given. */
function createAttachment(reference: string | null): { token: string; attachment: number } {
  return runNode(`
    import { openDatabase } from '${SERVER}/platform/db.ts';
    import { createTicket } from '${SERVER}/desk/create-ticket.ts';
    import { DEFAULT_DESK_CONFIG } from '${SERVER}/desk/desk-config.ts';
    import { attachmentsDir, recordAttachmentsInChange, writeAttachmentFile } from '${SERVER}/attachments/attachment-store.ts';
    const db = openDatabase(process.env.DATA_DIR);
    import { sqliteDatabase } from '${SERVER}/platform/database/connect.ts';
    const database = sqliteDatabase(db);
    let token = '';
    let ticketId;
    if (${JSON.stringify(reference)}) {
      ticketId = db.prepare('SELECT id FROM tickets WHERE reference = ?').get(${JSON.stringify(reference)}).id;
    } else {
      const created = await createTicket(database, { input: { name: 'Rita Roles', email: 'rita.roles@example.com', subject: 'Roles attachment', description: 'See the screenshot.', category: 'export', lang: 'en' }, config: DEFAULT_DESK_CONFIG });
      token = created.token;
      ticketId = created.ticket.id;
    }
    const png = Buffer.from('89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d4944415478da63f8cfc0f01f0005000201a2d4a1f60000000049454e44ae426082', 'hex');
    const file = writeAttachmentFile(attachmentsDir(process.env.DATA_DIR), png, 'screenshot.png', 'image/png');
    await recordAttachmentsInChange(database.kysely, ticketId, null, [file], Date.now());
    const { id } = db.prepare('SELECT id FROM attachments WHERE storage_name = ?').get(file.storageName);
    console.log(JSON.stringify({ token, attachment: id }));
  `);
}
let strayMailId: number;

/** An incoming mail recorded as the IMAP poller would: one of a ticket, one without (unprocessed). */
function createInboundRow(reference: string | null): number {
  return runNode(`
    import { openDatabase } from '${SERVER}/platform/db.ts';
    const db = openDatabase(process.env.DATA_DIR);
    const ticket = ${JSON.stringify(reference)} ? db.prepare('SELECT id FROM tickets WHERE reference = ?').get(${JSON.stringify(reference)}) : null;
    const result = db.prepare("INSERT INTO mail_inbound (dedupe_key, from_address, subject, outcome, reason, ticket_id, raw, received_at) VALUES (?, 'rita.roles@example.com', 'Roles mail', ?, ?, ?, 'Subject: Roles mail', ?)")
      .run('<roles-' + Math.random() + '@example.com>', ticket ? 'ticket' : 'unprocessed', ticket ? null : 'no text in the mail', ticket?.id ?? null, Date.now());
    console.log(JSON.stringify(Number(result.lastInsertRowid)));
  `);
}

/** A standard answer written straight into the database; returns its id and version. */
function createTemplateRow(title: string): { id: number; version: number } {
  return runNode(`
    import { openDatabase } from '${SERVER}/platform/db.ts';
    import { createTemplate } from '${SERVER}/desk/answer-templates.ts';
    import { sqliteDatabase } from '${SERVER}/platform/database/connect.ts';
    const db = openDatabase(process.env.DATA_DIR);
    const database = sqliteDatabase(db);
    const row = await createTemplate(database, { title: ${JSON.stringify(title)}, lang: 'en', body: 'Hello {customer_name}' }, null, () => null);
    console.log(JSON.stringify({ id: row.id, version: row.version }));
  `);
}

/** A standard answer's version and body, or null when it is gone. */
function templateState(id: number): { version: number; body: string } | null {
  return runNode(`
    import { openDatabase } from '${SERVER}/platform/db.ts';
    const db = openDatabase(process.env.DATA_DIR);
    console.log(JSON.stringify(db.prepare('SELECT version, body FROM answer_templates WHERE id = ?').get(${id}) ?? null));
  `);
}

test.beforeAll(async ({ playwright, baseURL }) => {
  addStaffAccounts(
    STAFF_ROLES.map((role) => ({ email: ACCOUNTS[role].email, name: `Roles ${role}`, role, extra: ACCOUNTS[role].extra })),
    PASSWORD,
  );
  for (const role of ALL_ROLES) {
    const client = await playwright.request.newContext({ baseURL, extraHTTPHeaders: { Origin: baseURL! } });
    if (role !== 'anonymous') {
      const login = await client.post('/_actions/auth.login', { form: { email: ACCOUNTS[role].email, password: PASSWORD } });
      expect(login.status(), `log-in of ${role}`).toBe(200);
    }
    clients.set(role, client);
  }
  ticketL1 = createTicketAtLevel(1, ACCOUNTS.admin.email, `Roles level 1 ${RUN}`);
  ticketL2 = createTicketAtLevel(2, ACCOUNTS.admin.email, `Roles level 2 ${RUN}`);
  ticketL3 = createTicketAtLevel(3, ACCOUNTS.admin.email, `Roles level 3 ${RUN}`);
  templateId = createTemplateRow(`Roles template ${RUN}`).id;
  ticketMailId = createInboundRow(ticketL1.reference);
  strayMailId = createInboundRow(null);
  attachmentL1 = createAttachment(ticketL1.reference).attachment;
  customerA = createAttachment(null);
  customerB = createAttachment(null);
});

test.afterAll(async () => {
  for (const client of clients.values()) await client.dispose();
});

type Expect = 'ok' | 'login' | 'forbidden';
const STAFF_OK: Record<RoleName, Expect> = { anonymous: 'login', first_level: 'ok', second_level: 'ok', third_level: 'ok', admin: 'ok' };
const ADMIN_ONLY: Record<RoleName, Expect> = { anonymous: 'login', first_level: 'forbidden', second_level: 'forbidden', third_level: 'forbidden', admin: 'ok' };
const TEMPLATE_EDITORS: Record<RoleName, Expect> = { anonymous: 'login', first_level: 'forbidden', second_level: 'ok', third_level: 'forbidden', admin: 'ok' };
/** The call desk: first and second level and admins; specialists never talk to customers. */
const CALL_TAKERS: Record<RoleName, Expect> = { anonymous: 'login', first_level: 'ok', second_level: 'ok', third_level: 'forbidden', admin: 'ok' };
const INSIGHT_READERS: Record<RoleName, Expect> = { anonymous: 'login', first_level: 'forbidden', second_level: 'ok', third_level: 'forbidden', admin: 'ok' };
const ARTICLE_EDITORS: Record<RoleName, Expect> = { anonymous: 'login', first_level: 'forbidden', second_level: 'ok', third_level: 'ok', admin: 'ok' };
/** Staff with the right to a level-1 ticket (its level and admins). */
const LEVEL1_REACH: Record<RoleName, Expect> = { anonymous: 'login', first_level: 'ok', second_level: 'forbidden', third_level: 'forbidden', admin: 'ok' };
const TRAINING_SUPERVISORS: Record<RoleName, Expect> = { anonymous: 'login', first_level: 'forbidden', second_level: 'ok', third_level: 'forbidden', admin: 'ok' };

const ROUTES: { path: () => string; expected: Record<RoleName, Expect> }[] = [
  { path: () => '/staff', expected: STAFF_OK },
  { path: () => '/staff?level=2&status=open&overdue=1', expected: STAFF_OK },
  { path: () => `/staff/tickets/${ticketL1.reference}`, expected: STAFF_OK },
  { path: () => '/staff/account', expected: STAFF_OK },
  { path: () => '/staff/api/events?once=1', expected: STAFF_OK },
  { path: () => `/staff/api/events?once=1&ticket=${ticketL3.reference}`, expected: STAFF_OK },
  { path: () => '/staff/notifications', expected: STAFF_OK },
  { path: () => '/staff/notifications?done=allRead', expected: STAFF_OK },
  { path: () => '/staff/search?term=datev', expected: STAFF_OK },
  { path: () => '/staff/views/unassigned', expected: STAFF_OK },
  { path: () => '/staff/views/overdue?sort=priority&dir=desc&page=2&q=export&priority=high&category=export', expected: STAFF_OK },
  { path: () => '/staff/views/solved', expected: STAFF_OK },
  { path: () => '/staff/views/unassigned?tag=vip&saved=999999999&done=bulk&changed=2&unchanged=T-1&refused=T-2.forbidden', expected: STAFF_OK },
  { path: () => `/staff/tickets/${ticketL3.reference}?kb=datev`, expected: STAFF_OK },
  { path: () => '/staff/api/kb-search?q=datev', expected: STAFF_OK },
  { path: () => '/staff/articles', expected: STAFF_OK },
  { path: () => '/staff/articles?status=validated&category=export&lang=de&audience=internal&flagged=1', expected: STAFF_OK },
  { path: () => '/staff/articles/2fa-reset-identity-check', expected: STAFF_OK },
  { path: () => '/staff/articles/datev-export', expected: STAFF_OK },
  { path: () => '/staff/outbox', expected: ADMIN_ONLY },
  { path: () => '/staff/templates', expected: TEMPLATE_EDITORS },
  { path: () => '/staff/templates?lang=de&q=passwort', expected: TEMPLATE_EDITORS },
  { path: () => `/staff/templates/${templateId}`, expected: TEMPLATE_EDITORS },
  { path: () => `/staff/api/templates?q=pass&ticket=${ticketL1.reference}`, expected: STAFF_OK },
  { path: () => `/staff/tickets/${ticketL1.reference}?tq=role&template=${templateId}`, expected: STAFF_OK },
  { path: () => '/staff/outbox?status=pending', expected: ADMIN_ONLY },
  { path: () => '/staff/mail', expected: ADMIN_ONLY },
  { path: () => '/staff/mail?outcome=unprocessed', expected: ADMIN_ONLY },
  { path: () => `/staff/mail/${strayMailId}`, expected: ADMIN_ONLY },
  { path: () => `/staff/mail/${ticketMailId}`, expected: STAFF_OK },
  // A level-1 ticket's attachment: its level's agents and admins, not other levels.
  { path: () => `/staff/attachments/${attachmentL1}`, expected: LEVEL1_REACH },
  { path: () => `/staff/attachments/${attachmentL1}?inline=1`, expected: LEVEL1_REACH },
  { path: () => '/staff/login-locks', expected: ADMIN_ONLY },
  { path: () => '/staff/login-locks?done=lifted', expected: ADMIN_ONLY },
  { path: () => '/staff/team', expected: ADMIN_ONLY },
  { path: () => '/staff/team?added=1', expected: ADMIN_ONLY },
  { path: () => '/staff/team/1', expected: ADMIN_ONLY },
  { path: () => '/staff/team/1?done=role&released=2', expected: ADMIN_ONLY },
  { path: () => '/staff/calls/new', expected: CALL_TAKERS },
  { path: () => `/staff/calls/new?find=rita.roles&kb=datev&tq=pass&template=${templateId}&use=${ticketL1.reference}&article=datev-export`, expected: CALL_TAKERS },
  { path: () => '/staff/api/callers?q=rita.roles', expected: CALL_TAKERS },
  { path: () => '/staff/api/templates?call=1&name=Rita&q=pass', expected: STAFF_OK },
  { path: () => '/staff/insights', expected: INSIGHT_READERS },
  { path: () => '/staff/insights?range=custom&from=2026-01-01&to=2026-03-31', expected: INSIGHT_READERS },
  { path: () => '/staff/insights/export.csv?table=tickets-daily&range=7', expected: INSIGHT_READERS },
  { path: () => '/staff/insights/export.csv?table=gaps-no-result&range=custom&from=2026-01-01&to=2026-03-31', expected: INSIGHT_READERS },
  { path: () => '/staff/articles/new', expected: ARTICLE_EDITORS },
  { path: () => '/staff/articles/new?title=Drucker%20Treiber&lang=de&category=invoices', expected: ARTICLE_EDITORS },
  { path: () => '/staff/articles/edit/datev-export', expected: ARTICLE_EDITORS },
  { path: () => '/staff/articles/edit/druckvorlage-anpassen', expected: ARTICLE_EDITORS },
  { path: () => '/staff/articles/history/datev-export', expected: STAFF_OK },
  { path: () => '/staff/articles/history/datev-export?from=1&to=1&show=1', expected: STAFF_OK },
  { path: () => '/staff/training', expected: STAFF_OK },
  { path: () => '/staff/training/support-process/support-levels-and-escalation', expected: STAFF_OK },
  { path: () => '/staff/training/product/die-bereiche-von-tallyhaus', expected: STAFF_OK },
  { path: () => '/staff/training/progress', expected: TRAINING_SUPERVISORS },
  { path: () => '/staff/training/new', expected: TRAINING_SUPERVISORS },
  { path: () => '/staff/training/edit/support-process/support-levels-and-escalation', expected: TRAINING_SUPERVISORS },
  { path: () => '/staff/training/history/support-process/support-levels-and-escalation', expected: TRAINING_SUPERVISORS },
  { path: () => '/staff/api/kb-search?q=eskalieren&lang=de', expected: STAFF_OK },
  // The customer page (every ticket and call of one address): every staff role reads it.
  { path: () => '/staff/customers?email=rita.roles%40example.com', expected: STAFF_OK },
  { path: () => '/staff/customers', expected: STAFF_OK },
  { path: () => '/staff/customers?q=rita', expected: STAFF_OK },
];

for (const route of ROUTES) {
  for (const role of ALL_ROLES) {
    test(`GET ${route.path.toString().replace(/^\(\) => /, '')} as ${role}: ${route.expected[role]}`, async () => {
      const url = route.path();
      const response = await clients.get(role)!.get(url, { maxRedirects: 0 });
      const expected = route.expected[role];
      if (expected === 'ok') expect(response.status(), url).toBe(200);
      if (expected === 'forbidden') {
        expect(response.status(), url).toBe(403);
        expect(await response.text()).toContain('No access');
      }
      if (expected === 'login') {
        expect(response.status(), url).toBe(303);
        expect(response.headers()['location']).toMatch(/^\/staff\/login(\?next=|$)/);
      }
    });
  }
}

test('attachment downloads: always as a download with nosniff; images inline only for staff; never with another ticket\'s token', async ({ request }) => {
  const own = await request.get(`/tickets/status/${customerA.token}/attachments/${customerA.attachment}`, { maxRedirects: 0 });
  expect(own.status()).toBe(200);
  expect(own.headers()['content-disposition']).toMatch(/^attachment; filename="screenshot\.png"/);
  expect(own.headers()['x-content-type-options']).toBe('nosniff');
  expect(own.headers()['content-type']).toBe('image/png');
  const inline = await request.get(`/tickets/status/${customerA.token}/attachments/${customerA.attachment}?inline=1`, { maxRedirects: 0 });
  expect(inline.headers()['content-disposition']).toMatch(/^attachment;/);
  // Another customer's token does not open this attachment (the same 404 as anything unknown).
  expect((await request.get(`/tickets/status/${customerB.token}/attachments/${customerA.attachment}`, { maxRedirects: 0 })).status()).toBe(404);
  expect((await request.get(`/tickets/status/${'x'.repeat(43)}/attachments/${customerA.attachment}`, { maxRedirects: 0 })).status()).toBe(404);
  const staff = await clients.get('admin')!.get(`/staff/attachments/${attachmentL1}?inline=1`, { maxRedirects: 0 });
  expect(staff.headers()['content-disposition']).toMatch(/^inline;/);
  expect(staff.headers()['x-content-type-options']).toBe('nosniff');
});

/** The collision warning's heartbeat: every staff role (any agent may open any ticket), nobody else. */
for (const role of ALL_ROLES) {
  test(`POST /staff/api/presence as ${role}: ${STAFF_OK[role]}`, async () => {
    const response = await clients.get(role)!.post('/staff/api/presence', { form: { ticket: ticketL1.reference, state: 'viewing', page: `roles-${role}` }, maxRedirects: 0 });
    if (role === 'anonymous') {
      expect(response.status()).toBe(303);
      expect(response.headers()['location']).toMatch(/^\/staff\/login(\?next=|$)/);
      return;
    }
    expect(response.status()).toBe(200);
    expect(Array.isArray(await response.json())).toBe(true);
    const gone = await clients.get(role)!.post('/staff/api/presence', { form: { ticket: ticketL1.reference, state: 'gone', page: `roles-${role}` }, maxRedirects: 0 });
    expect(gone.status()).toBe(204);
  });
}

/** Who may post each desk action (exact roles; the table the server must enforce). */
const ACTION_ROLES: Record<string, { roles: RoleName[]; fields: Record<string, string> }> = {
  reply: { roles: ['first_level', 'second_level', 'admin'], fields: { body: 'Role test reply' } },
  note: { roles: ['first_level', 'second_level', 'third_level', 'admin'], fields: { body: 'Role test note' } },
  setPriority: { roles: ['first_level', 'second_level', 'admin'], fields: { priority: 'high' } },
  setCategory: { roles: ['first_level', 'second_level', 'admin'], fields: { category: 'import' } },
  solve: { roles: ['first_level', 'second_level', 'admin'], fields: { summary: 'Role test solution' } },
  putOnHold: { roles: ['first_level', 'second_level', 'admin'], fields: { reason: '' } },
  escalate: { roles: ['first_level', 'second_level', 'admin'], fields: { reason: 'Role test' } },
  handBack: { roles: ['second_level', 'third_level', 'admin'], fields: { guidance: 'Role test' } },
  take: { roles: ['first_level', 'second_level', 'third_level', 'admin'], fields: {} },
  linkArticle: { roles: ['first_level', 'second_level', 'admin'], fields: { articleSlug: 'datev-export' } },
  assign: { roles: ['first_level', 'second_level', 'third_level', 'admin'], fields: { colleagueId: '1', reason: 'Role test' } },
  release: { roles: ['second_level', 'admin'], fields: { reason: 'Role test' } },
  tag: { roles: ['first_level', 'second_level', 'third_level', 'admin'], fields: { tag: 'role-test' } },
  consult: { roles: ['second_level', 'admin'], fields: { question: 'Role test', area: 'export' } },
  advise: { roles: ['third_level', 'admin'], fields: { advice: 'Role test' } },
  acceptAdvice: { roles: ['second_level', 'admin'], fields: {} },
  merge: { roles: ['first_level', 'second_level', 'admin'], fields: { into: 'T-2026-000001' } },
  relate: { roles: ['first_level', 'second_level', 'third_level', 'admin'], fields: { other: 'T-2026-000001' } },
};

/** The "Trainees' tickets" section on /staff: second level and admins only (checked on the server). */
for (const role of ALL_ROLES.filter((name) => name !== 'anonymous')) {
  const sees = role === 'second_level' || role === 'admin';
  test(`GET /staff as ${role}: trainees' tickets ${sees ? 'shown' : 'not shown'}`, async () => {
    const response = await clients.get(role)!.get('/staff');
    expect(response.status()).toBe(200);
    expect((await response.text()).includes('data-desk-trainees')).toBe(sees);
  });
}

for (const [action, { roles, fields }] of Object.entries(ACTION_ROLES)) {
  for (const role of ALL_ROLES) {
    const expected = role === 'anonymous' ? 'unauthorized (401)' : roles.includes(role) ? 'passes the role check' : 'forbidden (403)';
    test(`POST desk.${action} as ${role}: ${expected}`, async () => {
      const before = ticketState(ticketL1.reference);
      // Version 0 is always stale: an allowed role gets past the role check and stops at the
      // version check (409), so that the table changes no ticket.
      const response = await clients.get(role)!.post(`/_actions/desk.${action}`, { form: { reference: ticketL1.reference, version: '0', ...fields } });
      if (role === 'anonymous') expect(response.status()).toBe(401);
      else if (roles.includes(role)) expect(response.status()).toBe(409);
      else expect(response.status()).toBe(403);
      expect(ticketState(ticketL1.reference).version).toBe(before.version);
    });
  }
}

/**
 * The notification actions: every staff role, each on their own notifications only — a
 * notification that is not theirs (here: none with that id) is a 404; nobody else (401).
 */
const NOTIFICATION_ACTIONS: Record<string, { fields: Record<string, string>; allowedStatus: number }> = {
  markRead: { fields: { id: '999999999' }, allowedStatus: 404 },
  markAllRead: { fields: {}, allowedStatus: 200 },
  setMailSetting: { fields: { lang: 'en' }, allowedStatus: 200 },
};

for (const [action, { fields, allowedStatus }] of Object.entries(NOTIFICATION_ACTIONS)) {
  for (const role of ALL_ROLES) {
    test(`POST notifications.${action} as ${role}: ${role === 'anonymous' ? 'unauthorized (401)' : 'passes the role check'}`, async () => {
      const response = await clients.get(role)!.post(`/_actions/notifications.${action}`, { form: fields });
      expect(response.status()).toBe(role === 'anonymous' ? 401 : allowedStatus);
    });
  }
}

/**
 * The actions of a view: saving and deleting one's own saved views (every staff role; a view
 * that is not theirs or does not exist is a 404), and the bulk changes, each with the roles of
 * the ticket action it performs. The selection names no real ticket, so an allowed role gets
 * past the role check and stops at "select at least one ticket" (400): nothing changes.
 */
const ALL_STAFF: RoleName[] = ['first_level', 'second_level', 'third_level', 'admin'];
const VIEW_ACTIONS: Record<string, { roles: RoleName[]; fields: Record<string, string>; allowedStatus: number }> = {
  save: { roles: ALL_STAFF, fields: { view: 'no-such-view', name: 'Role test', query: '' }, allowedStatus: 404 },
  remove: { roles: ALL_STAFF, fields: { id: '999999999' }, allowedStatus: 404 },
  'bulk (assign)': { roles: ALL_STAFF, fields: { view: 'unassigned', kind: 'assign', colleague: '1', ticket: 'T-NONE' }, allowedStatus: 400 },
  'bulk (priority)': { roles: ['first_level', 'second_level', 'admin'], fields: { view: 'unassigned', kind: 'priority', priority: 'high', ticket: 'T-NONE' }, allowedStatus: 400 },
  'bulk (tag)': { roles: ALL_STAFF, fields: { view: 'unassigned', kind: 'tag', tag: 'role-test', ticket: 'T-NONE' }, allowedStatus: 400 },
  'bulk (solve)': { roles: ['first_level', 'second_level', 'admin'], fields: { view: 'unassigned', kind: 'solve', template: '1', ticket: 'T-NONE' }, allowedStatus: 400 },
};

for (const [label, { roles, fields, allowedStatus }] of Object.entries(VIEW_ACTIONS)) {
  const action = label.split(' ')[0];
  for (const role of ALL_ROLES) {
    const expected = role === 'anonymous' ? 'unauthorized (401)' : roles.includes(role) ? 'passes the role check' : 'forbidden (403)';
    test(`POST views.${label} as ${role}: ${expected}`, async () => {
      const response = await clients.get(role)!.post(`/_actions/views.${action}`, { form: fields });
      expect(response.status()).toBe(role === 'anonymous' ? 401 : roles.includes(role) ? allowedStatus : 403);
    });
  }
}

/**
 * Who may post each article-feedback action. The target does not exist, so an allowed role
 * gets past the role check and stops at 404, and the table flags and dismisses nothing.
 */
const FEEDBACK_ACTION_ROLES: Record<string, { roles: RoleName[]; fields: Record<string, string> }> = {
  flag: { roles: ['first_level', 'second_level', 'third_level', 'admin'], fields: { article: `no-such-article-${RUN}`, reason: 'wrong', comment: 'Role test' } },
  dismissFlag: { roles: ['second_level', 'admin'], fields: { flag: '999999999', note: 'Role test' } },
};

for (const [action, { roles, fields }] of Object.entries(FEEDBACK_ACTION_ROLES)) {
  for (const role of ALL_ROLES) {
    const expected = role === 'anonymous' ? 'unauthorized (401)' : roles.includes(role) ? 'passes the role check' : 'forbidden (403)';
    test(`POST feedback.${action} as ${role}: ${expected}`, async () => {
      const response = await clients.get(role)!.post(`/_actions/feedback.${action}`, { form: fields });
      expect(response.status()).toBe(role === 'anonymous' ? 401 : roles.includes(role) ? 404 : 403);
    });
  }
}

/**
 * Who may post each learned-phrasing action (second level and admins). The phrasing and the
 * article do not exist, so an allowed role gets past the role check and stops at 404 / 400,
 * and the table confirms, removes and adds nothing.
 */
const PHRASING_ACTION_ROLES: Record<string, { fields: Record<string, string>; allowedStatus: number }> = {
  confirm: { fields: { phrasing: '999999999' }, allowedStatus: 404 },
  remove: { fields: { phrasing: '999999999' }, allowedStatus: 404 },
  add: { fields: { query: `roles test ${RUN}`, lang: 'en', article: `no-such-article-${RUN}` }, allowedStatus: 400 },
};

for (const [action, { fields, allowedStatus }] of Object.entries(PHRASING_ACTION_ROLES)) {
  for (const role of ALL_ROLES) {
    const allowed = role === 'second_level' || role === 'admin';
    const expected = role === 'anonymous' ? 'unauthorized (401)' : allowed ? 'passes the role check' : 'forbidden (403)';
    test(`POST phrasings.${action} as ${role}: ${expected}`, async () => {
      const response = await clients.get(role)!.post(`/_actions/phrasings.${action}`, { form: fields });
      expect(response.status()).toBe(role === 'anonymous' ? 401 : allowed ? allowedStatus : 403);
    });
  }
}

/**
 * Who may post each standard-answer action (second level and admins). The posts are made so
 * that an allowed role gets past the role check and is stopped by the validation (400) or the
 * stale version (409), and the table creates, changes and deletes nothing.
 */
const TEMPLATE_ACTION_ROLES: Record<string, { roles: RoleName[]; fields: () => Record<string, string>; allowedStatus: number }> = {
  create: { roles: ['second_level', 'admin'], fields: () => ({ title: `Roles forged ${RUN}`, lang: 'en', body: 'Hello {no_such_placeholder}' }), allowedStatus: 400 },
  update: { roles: ['second_level', 'admin'], fields: () => ({ id: String(templateId), version: '0', title: `Roles forged ${RUN}`, lang: 'en', body: 'Forged' }), allowedStatus: 409 },
  delete: { roles: ['second_level', 'admin'], fields: () => ({ id: String(templateId), version: '0', confirm: 'yes' }), allowedStatus: 409 },
};

for (const [action, { roles, fields, allowedStatus }] of Object.entries(TEMPLATE_ACTION_ROLES)) {
  for (const role of ALL_ROLES) {
    const expected = role === 'anonymous' ? 'unauthorized (401)' : roles.includes(role) ? 'passes the role check' : 'forbidden (403)';
    test(`POST templates.${action} as ${role}: ${expected}`, async () => {
      const before = templateState(templateId);
      const response = await clients.get(role)!.post(`/_actions/templates.${action}`, { form: fields() });
      expect(response.status()).toBe(role === 'anonymous' ? 401 : roles.includes(role) ? allowedStatus : 403);
      expect(templateState(templateId)).toEqual(before);
    });
  }
}

/**
 * Who may post each call action (first and second level, admins). calls.finish with an empty
 * outcome gets past the role check and stops at the validation (200 with the errors per
 * field), so the table creates no ticket; calls.discard ends the poster's own call only.
 */
const CALL_ACTION_ROLES: Record<string, { roles: RoleName[]; fields: Record<string, string> }> = {
  finish: { roles: ['first_level', 'second_level', 'admin'], fields: { outcome: '', name: 'Rita Roles', question: 'Role test call' } },
  discard: { roles: ['first_level', 'second_level', 'admin'], fields: {} },
};

for (const [action, { roles, fields }] of Object.entries(CALL_ACTION_ROLES)) {
  for (const role of ALL_ROLES) {
    const expected = role === 'anonymous' ? 'unauthorized (401)' : roles.includes(role) ? 'passes the role check' : 'forbidden (403)';
    test(`POST calls.${action} as ${role}: ${expected}`, async () => {
      const count = (): number =>
        runNode<{ n: number }>(`
          import { openDatabase } from '${SERVER}/platform/db.ts';
          const db = openDatabase(process.env.DATA_DIR);
          console.log(JSON.stringify(db.prepare("SELECT COUNT(*) AS n FROM tickets WHERE channel = 'phone'").get()));
        `).n;
      const before = count();
      const response = await clients.get(role)!.post(`/_actions/calls.${action}`, { form: fields });
      expect(response.status()).toBe(role === 'anonymous' ? 401 : roles.includes(role) ? 200 : 403);
      expect(count()).toBe(before);
    });
  }
}

/**
 * Who may post each training action. `submitSelfCheck` is for every staff role (their own
 * progress); the post names a page without a self-check, so an allowed role stops at 400 and
 * nothing is recorded. `setTrainee` is for second level and admins; the post names no account,
 * so an allowed role stops at 404 and no flag changes. `save` and `restore` (the training
 * editor) are for second level and admins; the save has an empty title (400) and the restore
 * names a revision that does not exist (404), so nothing is written.
 */
const TRAINING_ACTION_ROLES: Record<string, { roles: RoleName[]; fields: Record<string, string>; allowedStatus: number }> = {
  submitSelfCheck: { roles: ['first_level', 'second_level', 'third_level', 'admin'], fields: { slug: 'product/main-areas-of-tallyhaus', q0: '0' }, allowedStatus: 400 },
  setTrainee: { roles: ['second_level', 'admin'], fields: { userId: '999999999', trainee: '0' }, allowedStatus: 404 },
  save: {
    roles: ['second_level', 'admin'],
    fields: { slug: 'support-process/support-levels-and-escalation', baseRevision: '0', title: '', summary: 'x', module: 'support-process', order: '1', minutes: '5', lang: 'en', body: 'Forged' },
    allowedStatus: 400,
  },
  restore: { roles: ['second_level', 'admin'], fields: { slug: 'support-process/support-levels-and-escalation', number: '999999', baseRevision: '0' }, allowedStatus: 404 },
};

function trainingRows(): { attempts: number; trainees: number; saved: number } {
  return runNode(`
    import { openDatabase } from '${SERVER}/platform/db.ts';
    const db = openDatabase(process.env.DATA_DIR);
    const count = (sql) => db.prepare(sql).get().n;
    console.log(JSON.stringify({
      attempts: count("SELECT COUNT(*) AS n FROM training_attempts WHERE user_id IN (SELECT id FROM users WHERE email LIKE 'roles.%')"),
      trainees: count('SELECT COUNT(*) AS n FROM users WHERE trainee = 1'),
      saved: count("SELECT COUNT(*) AS n FROM content_revisions WHERE collection = 'training' AND kind = 'saved'"),
    }));
  `);
}

for (const [action, { roles, fields, allowedStatus }] of Object.entries(TRAINING_ACTION_ROLES)) {
  for (const role of ALL_ROLES) {
    const expected = role === 'anonymous' ? 'unauthorized (401)' : roles.includes(role) ? 'passes the role check' : 'forbidden (403)';
    test(`POST training.${action} as ${role}: ${expected}`, async () => {
      const before = trainingRows();
      const response = await clients.get(role)!.post(`/_actions/training.${action}`, { form: fields });
      expect(response.status()).toBe(role === 'anonymous' ? 401 : roles.includes(role) ? allowedStatus : 403);
      expect(trainingRows().attempts).toBe(before.attempts);
      expect(trainingRows().trainees).toBe(before.trainees);
      expect(trainingRows().saved).toBe(before.saved);
    });
  }
}

/**
 * Lifting a log-in lock is for admins only. The post names a lock that does not exist, so an
 * admin gets past the role check and learns that nothing was lifted; other roles get 403.
 */
for (const role of ALL_ROLES) {
  const expected = role === 'anonymous' ? 'unauthorized (401)' : role === 'admin' ? 'passes the role check' : 'forbidden (403)';
  test(`POST auth.liftLoginLock as ${role}: ${expected}`, async () => {
    const response = await clients.get(role)!.post('/_actions/auth.liftLoginLock', { form: { kind: 'pair', key: `nobody-${RUN}@example.com` } });
    expect(response.status()).toBe(role === 'anonymous' ? 401 : role === 'admin' ? 200 : 403);
    if (role === 'admin') expect(await response.text()).toContain('false');
  });
}

/**
 * The team page's actions are for admins only. Each post is refused by the account rules
 * (an unknown account, an address that is none), so an admin gets past the role check to a
 * 400 and nothing changes; other roles get 403, anonymous visitors 401.
 */
const TEAM_ACTIONS: Record<string, Record<string, string>> = {
  create: { name: 'Role Test', email: 'not-an-address', role: 'first_level', languages: 'de', password: 'role-test-password' },
  update: { userId: '999999', name: 'Role Test', role: 'first_level', languages: 'de' },
  setPassword: { userId: '999999', password: 'role-test-password' },
  setDisabled: { userId: '999999', disabled: '1' },
};
for (const [action, form] of Object.entries(TEAM_ACTIONS)) {
  for (const role of ALL_ROLES) {
    const expected = role === 'anonymous' ? 'unauthorized (401)' : role === 'admin' ? 'passes the role check' : 'forbidden (403)';
    test(`POST team.${action} as ${role}: ${expected}`, async () => {
      const response = await clients.get(role)!.post(`/_actions/team.${action}`, { form });
      expect(response.status()).toBe(role === 'anonymous' ? 401 : role === 'admin' ? 400 : 403);
    });
  }
}

/**
 * Changing one's own password is for every staff role and nobody else. Staff post their right
 * current password with a too-short new one: past the role check to the policy's 400, and no
 * failed attempt counts against the log-in throttle; anonymous visitors get 401.
 */
for (const role of ALL_ROLES) {
  const expected = role === 'anonymous' ? 'unauthorized (401)' : 'passes the role check';
  test(`POST auth.changePassword as ${role}: ${expected}`, async () => {
    const response = await clients.get(role)!.post('/_actions/auth.changePassword', { form: { current: PASSWORD, password: 'short' } });
    expect(response.status()).toBe(role === 'anonymous' ? 401 : 400);
  });
}

test('a specialist cannot end a call with a ticket, even with valid input', async () => {
  const response = await clients.get('third_level')!.post('/_actions/calls.finish', {
    form: { outcome: 'ticket', name: 'Rita Roles', email: 'rita.roles@example.com', question: 'Forged call', category: 'export', lang: 'en' },
  });
  expect(response.status()).toBe(403);
  const page = await clients.get('third_level')!.post('/staff/calls/new?_action=calls.finish', {
    form: { outcome: 'ticket', name: 'Rita Roles', email: 'rita.roles@example.com', question: 'Forged call', category: 'export', lang: 'en' },
    maxRedirects: 0,
  });
  expect(page.status()).toBe(403);
  const forged = runNode<{ n: number }>(`
    import { openDatabase } from '${SERVER}/platform/db.ts';
    const db = openDatabase(process.env.DATA_DIR);
    console.log(JSON.stringify(db.prepare("SELECT COUNT(*) AS n FROM tickets WHERE subject = 'Forged call'").get()));
  `);
  expect(forged.n).toBe(0);
});

test('a first-level agent cannot set or clear trainee flags, even for a real account (trainees: training.spec.ts)', async () => {
  const agent = clients.get('first_level')!;
  const target = runNode<{ id: number }>(`
    import { openDatabase } from '${SERVER}/platform/db.ts';
    import { getUserByEmail } from '${SERVER}/accounts/users.ts';
    const db = openDatabase(process.env.DATA_DIR);
    import { sqliteDatabase } from '${SERVER}/platform/database/connect.ts';
    const database = sqliteDatabase(db);
    console.log(JSON.stringify({ id: (await getUserByEmail(database, ${JSON.stringify(ACCOUNTS.first_level.email)})).id }));
  `);
  const before = trainingRows();
  for (const trainee of ['1', '0']) {
    expect((await agent.post('/_actions/training.setTrainee', { form: { userId: String(target.id), trainee } })).status()).toBe(403);
    const page = await agent.post('/staff/training/progress?_action=training.setTrainee', { form: { userId: String(target.id), trainee }, maxRedirects: 0 });
    expect(page.status()).toBe(403);
  }
  expect(trainingRows().trainees).toBe(before.trainees);
});

test('a first-level agent cannot create, update or delete standard answers, even with valid input and the real version', async () => {
  const agent = clients.get('first_level')!;
  const own = createTemplateRow(`Roles first level ${RUN}`);
  const before = templateState(own.id);
  const create = await agent.post('/_actions/templates.create', { form: { title: `Roles forged valid ${RUN}`, lang: 'en', body: 'Hello {customer_name}' } });
  expect(create.status()).toBe(403);
  const update = await agent.post('/_actions/templates.update', { form: { id: String(own.id), version: String(own.version), title: 'Changed', lang: 'en', body: 'Changed' } });
  expect(update.status()).toBe(403);
  const remove = await agent.post('/_actions/templates.delete', { form: { id: String(own.id), version: String(own.version), confirm: 'yes' } });
  expect(remove.status()).toBe(403);
  // The same as form posts to the pages: the 403 page, nothing written.
  const page = await agent.post(`/staff/templates?_action=templates.create`, { form: { title: `Roles forged page ${RUN}`, lang: 'en', body: 'x' }, maxRedirects: 0 });
  expect(page.status()).toBe(403);
  expect(templateState(own.id)).toEqual(before);
  const count = runNode<{ n: number }>(`
    import { openDatabase } from '${SERVER}/platform/db.ts';
    const db = openDatabase(process.env.DATA_DIR);
    console.log(JSON.stringify(db.prepare("SELECT COUNT(*) AS n FROM answer_templates WHERE title LIKE 'Roles forged%'").get()));
  `);
  expect(count.n).toBe(0);
});

for (const role of ALL_ROLES) {
  const allowed = role !== 'anonymous' && role !== 'admin';
  test(`POST desk.setPresence as ${role}: ${role === 'anonymous' ? '401' : allowed ? 'allowed' : '403'}`, async () => {
    const response = await clients.get(role)!.post('/_actions/desk.setPresence', { form: { presence: 'away' } });
    expect(response.status()).toBe(role === 'anonymous' ? 401 : allowed ? 200 : 403);
  });
}

for (const role of ALL_ROLES) {
  const allowed = role !== 'anonymous' && role !== 'admin';
  test(`POST desk.setLanguages as ${role}: ${role === 'anonymous' ? '401' : allowed ? 'allowed' : '403'}`, async () => {
    // Both languages (a repeated field): the default, so the table changes nobody's routing.
    const response = await clients.get(role)!.post('/_actions/desk.setLanguages', {
      data: 'languages=de&languages=en',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect(response.status()).toBe(role === 'anonymous' ? 401 : allowed ? 200 : 403);
  });
}

test('a customer (no account) calling level-2 and level-3 actions directly is refused, the ticket unchanged', async () => {
  const anonymous = clients.get('anonymous')!;
  for (const ticket of [ticketL2, ticketL3]) {
    const before = ticketState(ticket.reference);
    for (const [action, fields] of [
      ['escalate', { reason: 'let me in' }],
      ['handBack', { guidance: 'let me in' }],
      ['note', { body: 'let me in' }],
      ['reply', { body: 'let me in' }],
      ['solve', { summary: 'let me in' }],
      ['take', {}],
    ] as const) {
      const rpc = await anonymous.post(`/_actions/desk.${action}`, { form: { reference: ticket.reference, version: String(before.version), ...fields } });
      expect(rpc.status(), action).toBe(401);
      // The same as a form post to the page: sent to the log-in page.
      const form = await anonymous.post(`/staff/tickets/${ticket.reference}?_action=desk.${action}`, {
        form: { reference: ticket.reference, version: String(before.version), ...fields },
        maxRedirects: 0,
      });
      expect(form.status(), action).toBe(303);
      expect(form.headers()['location']).toMatch(/^\/staff\/login/);
    }
    expect(ticketState(ticket.reference)).toEqual(before);
  }
});

test('a first-level agent calling level-2 actions is refused on the server, the ticket unchanged', async () => {
  const agent = clients.get('first_level')!;
  const before = ticketState(ticketL2.reference);
  for (const [action, fields] of [
    ['escalate', { reason: 'to level 3, please' }],
    ['handBack', { guidance: 'back to level 1' }],
    ['reply', { body: 'I answer a level-2 ticket' }],
    ['solve', { summary: 'solved by level 1' }],
    ['take', {}],
    ['setPriority', { priority: 'urgent' }],
  ] as const) {
    const response = await agent.post(`/_actions/desk.${action}`, { form: { reference: ticketL2.reference, version: String(before.version), ...fields } });
    expect(response.status(), action).toBe(403);
  }
  expect(ticketState(ticketL2.reference)).toEqual(before);
});

test('a specialist (third level) replying to the customer is refused on the server', async () => {
  const specialist = clients.get('third_level')!;
  const before = ticketState(ticketL3.reference);
  const response = await specialist.post('/_actions/desk.reply', { form: { reference: ticketL3.reference, version: String(before.version), body: 'Dear customer' } });
  expect(response.status()).toBe(403);
  // Also through the page's form: a 403 with the message, no reply written.
  const form = await specialist.post(`/staff/tickets/${ticketL3.reference}?_action=desk.reply`, {
    form: { reference: ticketL3.reference, version: String(before.version), body: 'Dear customer' },
    maxRedirects: 0,
  });
  expect(form.status()).toBe(403);
  expect(await form.text()).toContain('That did not work');
  expect(ticketState(ticketL3.reference)).toEqual(before);
  // Advice through an internal note is what specialists do, and works.
  const note = await specialist.post('/_actions/desk.note', { form: { reference: ticketL3.reference, version: String(before.version), body: 'Check the DATEV client number.' } });
  expect(note.status()).toBe(200);
  expect(ticketState(ticketL3.reference).messages).toBe(before.messages + 1);
});

interface ArticleState {
  revision: number;
  source: string;
  kinds: string[];
  form: Record<string, string>;
}

/** An article's current revision (recording the file first, as the editor does), its file text and its form fields. */
function articleState(slug: string): ArticleState {
  return articleStates([slug])[0];
}

/** articleState for several articles in one Node process. */
function articleStates(slugs: string[]): ArticleState[] {
  return runNode(`
    import { openDatabase } from '${SERVER}/platform/db.ts';
    import { ArticleStore } from '${SERVER}/knowledge/articles.ts';
    import { articlesCollection } from '${SERVER}/knowledge/article-editor.ts';
    import { articleFormFromSource } from '${SERVER}/knowledge/article-form.ts';
    import { syncRevision, listRevisions } from '${SERVER}/platform/content-revisions.ts';
    import { sqliteDatabase } from '${SERVER}/platform/database/connect.ts';
    import fs from 'node:fs';
    const db = openDatabase(process.env.DATA_DIR);
    const database = sqliteDatabase(db);
    const store = new ArticleStore(process.env.CONTENT_DIR, () => {});
    const states = [];
    for (const slug of ${JSON.stringify(slugs)}) {
      const current = await syncRevision(database, articlesCollection(store), slug);
      const source = fs.readFileSync(store.articlesDir + '/' + slug + '.md', 'utf8');
      const kinds = (await listRevisions(database, 'articles', slug)).map((revision) => revision.kind);
      states.push({ revision: current.number, source, kinds, form: articleFormFromSource(slug, source) });
    }
    console.log(JSON.stringify(states));
  `);
}

/**
 * Who may post each article-editor action (second level, third level, admins; the state rules
 * narrow it further, tested below). The posts are made so that an allowed role gets past the
 * role check and stops at the stale revision (409), an unknown revision (404) or a missing
 * file (400), and the table changes no article.
 */
const EDITOR_ACTION_ROLES: Record<string, { fields: () => Record<string, string>; allowedStatus: number }> = {
  save: { fields: () => ({ slug: 'datev-export', baseRevision: '0', ...articleState('datev-export').form, message: 'forged' }), allowedStatus: 409 },
  setStatus: { fields: () => ({ slug: 'druckvorlage-anpassen', baseRevision: '0', status: 'not_validated' }), allowedStatus: 409 },
  restore: { fields: () => ({ slug: 'datev-export', number: '999999', baseRevision: '0' }), allowedStatus: 404 },
  preview: { fields: () => ({ body: '**preview**' }), allowedStatus: 200 },
  upload: { fields: () => ({ imageAlt: 'nothing' }), allowedStatus: 400 },
};
const EDITOR_ROLES: RoleName[] = ['second_level', 'third_level', 'admin'];

for (const [action, { fields, allowedStatus }] of Object.entries(EDITOR_ACTION_ROLES)) {
  for (const role of ALL_ROLES) {
    const expected = role === 'anonymous' ? 'unauthorized (401)' : EDITOR_ROLES.includes(role) ? 'passes the role check' : 'forbidden (403)';
    test(`POST articles.${action} as ${role}: ${expected}`, async () => {
      const sources = (): string[] => articleStates(['datev-export', 'druckvorlage-anpassen']).map((state) => state.source);
      const before = sources();
      const response = await clients.get(role)!.post(`/_actions/articles.${action}`, { multipart: fields() });
      expect(response.status()).toBe(role === 'anonymous' ? 401 : EDITOR_ROLES.includes(role) ? allowedStatus : 403);
      expect(sources()).toEqual(before);
    });
  }
}

test('a customer, a first-level agent and a specialist cannot validate, archive or edit through the endpoints (with the real revision)', async () => {
  const draft = articleState('druckvorlage-anpassen');
  const live = articleState('datev-export');
  const attempts = (who: RoleName) => [
    ['setStatus', { slug: 'druckvorlage-anpassen', baseRevision: String(draft.revision), status: 'validated' }],
    ['setStatus', { slug: 'datev-export', baseRevision: String(live.revision), status: 'archived', replacedBy: 'datev-export-erstellen' }],
    ['setStatus', { slug: 'datev-export', baseRevision: String(live.revision), status: 'draft' }],
    ['save', { slug: 'druckvorlage-anpassen', baseRevision: String(draft.revision), ...draft.form, status: 'validated', message: `forged by ${who}` }],
    ['save', { slug: 'datev-export', baseRevision: String(live.revision), ...live.form, status: 'not_validated', message: `forged by ${who}` }],
    ['save', { slug: null, baseRevision: '0', ...draft.form, newSlug: `forged-${RUN}`, status: 'validated', message: `forged by ${who}` }],
  ] as const;
  for (const role of ['anonymous', 'first_level', 'third_level'] as const) {
    for (const [action, fields] of attempts(role)) {
      const form = Object.fromEntries(Object.entries(fields).filter(([, value]) => value !== null)) as Record<string, string>;
      const response = await clients.get(role)!.post(`/_actions/articles.${action}`, { multipart: form });
      expect(response.status(), `${role} ${action} ${form.slug ?? 'new'} → ${form.status}`).toBe(role === 'anonymous' ? 401 : 403);
    }
    // First level may not even save a draft unchanged.
    if (role !== 'third_level') {
      const plain = await clients.get(role)!.post('/_actions/articles.save', { multipart: { slug: 'druckvorlage-anpassen', baseRevision: String(draft.revision), ...draft.form, message: 'x' } });
      expect(plain.status()).toBe(role === 'anonymous' ? 401 : 403);
    }
  }
  // As form posts to the pages: anonymous goes to the log-in page, first level gets the 403 page.
  const page = await clients.get('anonymous')!.post('/staff/articles/edit/datev-export?_action=articles.setStatus', {
    multipart: { slug: 'datev-export', baseRevision: String(live.revision), status: 'archived' },
    maxRedirects: 0,
  });
  expect(page.status()).toBe(303);
  expect(page.headers()['location']).toMatch(/^\/staff\/login/);
  const firstPage = await clients.get('first_level')!.post('/staff/articles/edit/datev-export?_action=articles.setStatus', {
    multipart: { slug: 'datev-export', baseRevision: String(live.revision), status: 'archived' },
    maxRedirects: 0,
  });
  expect(firstPage.status()).toBe(403);
  expect(articleState('druckvorlage-anpassen').source).toBe(draft.source);
  expect(articleState('datev-export').source).toBe(live.source);
  expect(articleState('druckvorlage-anpassen').revision).toBe(draft.revision);
  expect(articleState('datev-export').revision).toBe(live.revision);

  // A specialist's edit of the validated article is kept as a proposal: the file stays as it is.
  const proposal = await clients.get('third_level')!.post('/_actions/articles.save', {
    multipart: { slug: 'datev-export', baseRevision: String(live.revision), ...live.form, body: `${live.form.body}\n\nSpecialist note ${RUN}.`, message: 'proposal' },
  });
  expect(proposal.status()).toBe(200);
  const after = articleState('datev-export');
  expect(after.source).toBe(live.source);
  expect(after.kinds[0]).toBe('proposed');
});

/**
 * Staff reply attachments: the role check comes before any file is written, and a reply that
 * fails later (stale version) leaves no file behind; only reply roles may attach.
 */
test('a staff reply with a file: refused for specialists and anonymous before any file is written; a failed reply leaves no file', async () => {
  const dir = path.join(process.env.E2E_DATA_DIR!, 'attachments');
  const files = (): number => (fs.existsSync(dir) ? fs.readdirSync(dir).length : 0);
  const png = Buffer.from('89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d4944415478da63f8cfc0f01f0005000201a2d4a1f60000000049454e44ae426082', 'hex');
  const before = ticketState(ticketL3.reference);
  const count = files();
  const post = (role: RoleName, reference: string, version: string) =>
    clients.get(role)!.post('/_actions/desk.reply', {
      multipart: { reference, version, body: 'With a picture', files: { name: 'steps.png', mimeType: 'image/png', buffer: png } },
      maxRedirects: 0,
    });
  expect((await post('third_level', ticketL3.reference, String(before.version))).status()).toBe(403);
  expect((await post('anonymous', ticketL3.reference, String(before.version))).status()).toBe(401);
  expect((await post('admin', ticketL1.reference, '0')).status()).toBe(409);
  expect(files()).toBe(count);
  expect(ticketState(ticketL3.reference)).toEqual(before);
});

test('"this solved it": the confirm page only with the ticket\'s own token; a GET changes nothing', async ({ request }) => {
  expect((await request.get(`/tickets/status/${'x'.repeat(43)}/solved?article=datev-export`, { maxRedirects: 0 })).status()).toBe(404);
  const page = await request.get(`/tickets/status/${customerB.token}/solved?article=datev-export`, { maxRedirects: 0 });
  expect(page.status()).toBe(200);
  expect(page.headers()['cache-control']).toContain('no-store');
  const status = await request.get(`/tickets/status/${customerB.token}`);
  expect(await status.text()).not.toContain('data-ticket-status="closed"');
  // A non-public article is not offered: the request stays open.
  expect((await request.get(`/tickets/status/${customerB.token}/solved?article=no-such-article`, { maxRedirects: 0 })).status()).toBe(404);
});
