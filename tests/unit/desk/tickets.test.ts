/**
 * The ticket lifecycle: creation in one transaction (references, token hashing, first
 * message, assignment, confirmation mail), the customer's link, staff actions with their
 * permissions per role, version conflicts with what changed, transitions allowed and refused,
 * escalation and hand-back, auto-close, queues and article reuse.
 */
import fs from 'node:fs';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Db } from '../../../src/lib/server/platform/db.ts';
import { setPresence } from '../../../src/lib/server/desk/assignment.ts';
import { listOutbox } from '../../../src/lib/server/mail/outbox.ts';
import { DeskError } from '../../../src/lib/server/desk/errors.ts';
import { canTransition, OPEN_STATUSES, TICKET_STATUSES, TRANSITIONS, type TicketStatus } from '../../../src/lib/server/desk/vocabulary.ts';
import { canAct, STAFF_ACTIONS, type StaffAction } from '../../../src/lib/server/desk/permissions.ts';
import { addCustomerReply } from '../../../src/lib/server/desk/add-customer-reply.ts';
import { addNote } from '../../../src/lib/server/desk/add-note.ts';
import { articleReuseCounts, listLinkedArticles } from '../../../src/lib/server/desk/article-links.ts';
import { closeSolvedTickets } from '../../../src/lib/server/desk/close-solved-tickets.ts';
import { escalateTicket } from '../../../src/lib/server/desk/escalate-ticket.ts';
import { findTicketByToken, getTicket, getTicketByReference } from '../../../src/lib/server/desk/ticket-lookup.ts';
import { handBackTicket } from '../../../src/lib/server/desk/hand-back-ticket.ts';
import { isOverdue, listMyTickets, listQueue } from '../../../src/lib/server/desk/queues.ts';
import { linkArticle } from '../../../src/lib/server/desk/link-article.ts';
import { listTimeline } from '../../../src/lib/server/desk/timeline.ts';
import { putOnHold } from '../../../src/lib/server/desk/put-on-hold.ts';
import { replyToCustomer } from '../../../src/lib/server/desk/reply-to-customer.ts';
import { setPriority } from '../../../src/lib/server/desk/set-priority.ts';
import { solveTicket } from '../../../src/lib/server/desk/solve-ticket.ts';
import { takeTicket } from '../../../src/lib/server/desk/take-ticket.ts';
import { ticketInputSchema } from '../../../src/lib/server/desk/ticket-input.ts';
import type { Actor, Ticket, TimelineEntry } from '../../../src/lib/server/desk/types.ts';
import type { Role } from '../../../src/lib/server/accounts/roles.ts';
import { actorOf, addUser, CONFIG, DAY, eventsOf, HOUR, newTicket, NOW, openDeskDb, placeTicket, ticketForm } from './fixture.ts';

let db: Db;
let dir: string;
let close: () => void;

beforeEach(() => {
  ({ db, dir, close } = openDeskDb());
});

afterEach(() => close());

/** Expects `run` to throw a DeskError with this code; returns it. */
function expectDeskError(run: () => unknown, code: DeskError['code']): DeskError {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(DeskError);
    expect((error as DeskError).code).toBe(code);
    return error as DeskError;
  }
  throw new Error(`expected a DeskError '${code}', but nothing was thrown`);
}

const count = (table: string): number => (db.prepare(`SELECT COUNT(*) AS n FROM ${table}`).get() as { n: number }).n;

/** The staff of a small desk, all present. */
function staff() {
  const first = addUser(db, { name: 'Fiona First', role: 'first_level' });
  const second = addUser(db, { name: 'Sam Second', role: 'second_level' });
  const third = addUser(db, { name: 'Tess Third', role: 'third_level', areas: ['invoices'] });
  const admin = addUser(db, { name: 'Ada Admin', role: 'admin' });
  return { first: actorOf(db, first), second: actorOf(db, second), third: actorOf(db, third), admin: actorOf(db, admin) };
}

const current = (id: number): Ticket => getTicket(db, id)!;

describe('ticketInputSchema', () => {
  it('accepts a valid form, trims it and collapses the subject to one line', () => {
    const result = ticketInputSchema.parse(
      ticketForm({ name: '  Erika ', email: ' erika@example.com ', subject: ' Two\r\nlines\t here ', description: ' Line 1\r\nLine 2 ', sourceQuery: '', sourceArticle: 'reset-password' }),
    );
    expect(result).toMatchObject({ name: 'Erika', email: 'erika@example.com', subject: 'Two lines here', description: 'Line 1\nLine 2', sourceArticle: 'reset-password' });
    expect(result.sourceQuery).toBeUndefined();
  });

  const cases: [string, Partial<Record<string, unknown>>, string, RegExp][] = [
    ['empty name', { name: '  ' }, 'name', /enter your name/],
    ['long name', { name: 'x'.repeat(101) }, 'name', /at most 100/],
    ['empty e-mail', { email: '' }, 'email', /enter your e-mail/],
    ['bad e-mail', { email: 'erika@' }, 'email', /valid e-mail/],
    ['long e-mail', { email: `${'a'.repeat(250)}@example.com` }, 'email', /at most 254/],
    ['empty subject', { subject: '' }, 'subject', /enter a subject/],
    ['long subject', { subject: 's'.repeat(201) }, 'subject', /at most 200/],
    ['empty description', { description: ' \n ' }, 'description', /describe your question/],
    ['long description', { description: 'd'.repeat(20_001) }, 'description', /at most 20,000/],
    ['category not kebab-case', { category: 'Invoices & more' }, 'category', /choose a category/],
    ['unknown language', { lang: 'fr' }, 'lang', /choose a language/],
  ];
  it.each(cases)('rejects %s with a message at the field', (_name, override, field, message) => {
    const result = ticketInputSchema.safeParse({ ...ticketForm(), ...override });
    expect(result.success).toBe(false);
    const issue = result.error!.issues.find((entry) => entry.path[0] === field);
    expect(issue?.message).toMatch(message);
  });

  it('accepts the limits exactly', () => {
    expect(ticketInputSchema.safeParse(ticketForm({ subject: 's'.repeat(200), description: 'd'.repeat(20_000), name: 'n'.repeat(100) })).success).toBe(true);
  });
});

describe('createTicket', () => {
  it('creates the ticket, the first message, a created event and the confirmation mail', () => {
    const { ticket, token } = newTicket(db, { lang: 'de', sourceQuery: 'rechnungsnummer springt', sourceArticle: 'rechnungsnummern-format' });
    expect(ticket).toMatchObject({
      reference: 'T-2026-000001',
      customerName: 'Erika Mustermann',
      customerEmail: 'erika@example.com',
      category: 'invoices',
      lang: 'de',
      priority: 'normal',
      status: 'new',
      level: 1,
      assigneeId: null,
      channel: 'web',
      sourceQuery: 'rechnungsnummer springt',
      sourceArticle: 'rechnungsnummern-format',
      createdAt: NOW,
      updatedAt: NOW,
      firstResponseDue: NOW + 24 * HOUR,
      firstResponseAt: null,
      version: 1,
    });
    expect(ticket).not.toHaveProperty('tokenHash');
    expect(listTimeline(db, ticket.id, { includeInternal: true })).toEqual([
      expect.objectContaining({ entry: 'event', type: 'created', to: 'new', version: 1 }),
      expect.objectContaining({ entry: 'message', kind: 'customer', authorName: 'Erika Mustermann', body: ticketForm().description }),
    ]);
    const [mail] = listOutbox(db);
    expect(mail).toMatchObject({ ticketId: ticket.id, to: 'erika@example.com', status: 'pending', nextAttemptAt: NOW });
    expect(mail.subject).toBe('[T-2026-000001] Wir haben Ihre Anfrage erhalten: Invoice numbers jump after import');
    expect(mail.body).toContain(`https://help.tallyhaus.example/tickets/status/${token}`);
  });

  it('refuses invalid input without writing anything', () => {
    const error = expectDeskError(() => newTicket(db, { subject: '', email: 'nope' }), 'invalid');
    expect(error.message).toMatch(/subject/);
    expect(count('tickets') + count('ticket_sequence') + count('outbox')).toBe(0);
  });

  it('is one transaction: when queueing the mail fails, nothing is left behind', () => {
    addUser(db, { name: 'Agent', role: 'first_level' });
    db.exec('DROP TABLE outbox');
    expect(() => newTicket(db)).toThrow(/outbox/);
    expect(count('tickets') + count('ticket_messages') + count('ticket_events') + count('ticket_sequence')).toBe(0);
  });

  it('numbers references per year, sequentially', () => {
    const inYear = (year: number): number => Date.UTC(year, 5, 1);
    const references = [
      newTicket(db, {}, inYear(2026)).ticket.reference,
      newTicket(db, {}, inYear(2026)).ticket.reference,
      newTicket(db, {}, inYear(2027)).ticket.reference,
      newTicket(db, {}, inYear(2026)).ticket.reference,
      newTicket(db, {}, Date.UTC(2027, 11, 31, 23, 59, 59)).ticket.reference,
      newTicket(db, {}, Date.UTC(2028, 0, 1)).ticket.reference,
    ];
    expect(references).toEqual(['T-2026-000001', 'T-2026-000002', 'T-2027-000001', 'T-2026-000003', 'T-2027-000002', 'T-2028-000001']);
  });

  it('keeps references unique and gap-free under many creations', () => {
    const references = Array.from({ length: 1000 }, () => newTicket(db).ticket.reference);
    expect(new Set(references).size).toBe(1000);
    expect(references.at(-1)).toBe('T-2026-001000');
    expect(count('tickets')).toBe(1000);
  });

  it('keeps references unique when several processes create tickets at once', async () => {
    const perWorker = 150;
    const workers = 4;
    const file = path.join(dir, 'data', 'tierzero.sqlite');
    const ticketsModule = new URL('../../../src/lib/server/desk/create-ticket.ts', import.meta.url).href;
    const dbModule = new URL('../../../src/lib/server/platform/db.ts', import.meta.url).href;
    const code = `
      import { workerData, parentPort } from 'node:worker_threads';
      const { openDatabase } = await import(${JSON.stringify(dbModule)});
      const { createTicket } = await import(${JSON.stringify(ticketsModule)});
      const db = openDatabase(workerData.dir, workerData.file);
      const config = { firstResponseHours: { low: 72, normal: 24, high: 8, urgent: 2 }, autoCloseDays: 7, siteUrl: 'http://x', mailFrom: 'a@b.c' };
      const references = [];
      for (let i = 0; i < workerData.count; i++) {
        references.push(createTicket(db, { input: { name: 'W', email: 'w@example.com', subject: 's', description: 'd', category: 'invoices', lang: 'en' }, config, now: ${NOW} }).ticket.reference);
      }
      db.close();
      parentPort.postMessage(references);
    `;
    const run = (): Promise<string[]> =>
      new Promise((resolve, reject) => {
        const worker = new Worker(new URL(`data:text/javascript,${encodeURIComponent(code)}`), {
          workerData: { dir: path.dirname(file), file: path.basename(file), count: perWorker },
        });
        worker.once('message', resolve);
        worker.once('error', reject);
      });
    const results = (await Promise.all(Array.from({ length: workers }, run))).flat();
    expect(results).toHaveLength(perWorker * workers);
    expect(new Set(results).size).toBe(perWorker * workers);
    const numbers = results.map((reference) => Number(reference.slice(-6))).sort((a, b) => a - b);
    expect(numbers[0]).toBe(1);
    expect(numbers.at(-1)).toBe(perWorker * workers);
    expect(count('tickets')).toBe(perWorker * workers);
  });
});

describe('status-link tokens', () => {
  it('returns a token of at least 128 random bits and stores only its SHA-256', () => {
    const { ticket, token } = newTicket(db);
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/); // 256 bits in base64url
    expect(newTicket(db).token).not.toBe(token);
    const { token_hash } = db.prepare('SELECT token_hash FROM tickets WHERE id = ?').get(ticket.id) as { token_hash: string };
    expect(token_hash).toMatch(/^[0-9a-f]{64}$/);
    expect(token_hash).not.toContain(token);
  });

  it('never writes the token into the database (only the confirmation mail carries it)', () => {
    const { token } = newTicket(db);
    db.exec('DELETE FROM outbox'); // the queued mail must carry it until sent; nothing else may
    db.pragma('wal_checkpoint(TRUNCATE)');
    db.exec('VACUUM');
    db.pragma('wal_checkpoint(TRUNCATE)');
    for (const file of ['tierzero.sqlite', 'tierzero.sqlite-wal']) {
      const full = path.join(dir, 'data', file);
      if (fs.existsSync(full)) expect(fs.readFileSync(full).includes(Buffer.from(token)), file).toBe(false);
    }
    const tables = (db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as { name: string }[]).map((row) => row.name);
    for (const table of tables) {
      const text = JSON.stringify(db.prepare(`SELECT * FROM "${table}"`).all());
      expect(text, table).not.toContain(token);
    }
  });

  it('finds the ticket by its token, and nothing for a wrong or malformed one', () => {
    const { ticket, token } = newTicket(db);
    const other = newTicket(db);
    expect(findTicketByToken(db, token)?.id).toBe(ticket.id);
    expect(findTicketByToken(db, other.token)?.id).toBe(other.ticket.id);
    const flipped = token.slice(0, -1) + (token.endsWith('A') ? 'B' : 'A');
    const { token_hash } = db.prepare('SELECT token_hash FROM tickets WHERE id = ?').get(ticket.id) as { token_hash: string };
    for (const wrong of [flipped, '', 'abc', `${token}x`, token.slice(1), `${token.slice(0, -1)}=`, ` ${token.slice(1)}`, "' OR 1=1 --", token_hash, ticket.reference, undefined, null, 42, { token }]) {
      expect(findTicketByToken(db, wrong)).toBeNull();
    }
  });

  it('looks tickets up by reference, ignoring case and spaces', () => {
    const { ticket } = newTicket(db);
    expect(getTicketByReference(db, ' t-2026-000001 ')?.id).toBe(ticket.id);
    expect(getTicketByReference(db, 'T-2026-000002')).toBeNull();
    expect(getTicket(db, 999)).toBeNull();
  });
});

describe('lifecycle', () => {
  it('has exactly this transition table', () => {
    expect(TRANSITIONS).toEqual({
      new: ['open', 'waiting', 'solved'],
      open: ['waiting', 'solved'],
      waiting: ['open', 'solved'],
      solved: ['open', 'closed'],
      closed: [],
    });
    const allowed = TICKET_STATUSES.flatMap((from) => TICKET_STATUSES.filter((to) => canTransition(from, to)).map((to) => `${from}→${to}`));
    expect(allowed).toEqual(['new→open', 'new→waiting', 'new→solved', 'open→waiting', 'open→solved', 'waiting→open', 'waiting→solved', 'solved→open', 'solved→closed']);
    for (const status of TICKET_STATUSES) expect(canTransition(status, status)).toBe(false);
  });

  it('walks new → open → waiting → open → solved → open → solved → closed', () => {
    const { first } = staff();
    const { ticket, token } = newTicket(db);
    let t = replyToCustomer(db, { ticketId: ticket.id, actor: first, body: 'Which version do you use?', expectedVersion: ticket.version, config: CONFIG, now: NOW + HOUR });
    expect(t.status).toBe('open');
    t = putOnHold(db, { ticketId: t.id, actor: first, reason: 'needs the version', expectedVersion: t.version, config: CONFIG, now: NOW + HOUR });
    expect(t.status).toBe('waiting');
    t = addCustomerReply(db, { token, body: 'Version 5.2', now: NOW + 2 * HOUR });
    expect(t.status).toBe('open');
    t = solveTicket(db, { ticketId: t.id, actor: first, summary: 'Set the number range in the settings.', expectedVersion: t.version, config: CONFIG, now: NOW + 3 * HOUR });
    expect(t).toMatchObject({ status: 'solved', solvedAt: NOW + 3 * HOUR, solution: 'Set the number range in the settings.' });
    t = addCustomerReply(db, { token, body: 'Still broken.', now: NOW + 4 * HOUR });
    expect(t).toMatchObject({ status: 'open', solvedAt: null });
    t = solveTicket(db, { ticketId: t.id, actor: first, articleSlug: 'rechnungsnummern-format', expectedVersion: t.version, config: CONFIG, now: NOW + 5 * HOUR });
    expect(closeSolvedTickets(db, CONFIG, NOW + 5 * HOUR + 7 * DAY - 1)).toBe(0);
    expect(closeSolvedTickets(db, CONFIG, NOW + 5 * HOUR + 7 * DAY)).toBe(1);
    t = current(t.id);
    expect(t).toMatchObject({ status: 'closed', closedAt: NOW + 5 * HOUR + 7 * DAY });
    const statusEvents = eventsOf(db, t.id).filter((event) => event.type === 'status');
    expect(statusEvents.map((event) => `${event.from_value}→${event.to_value}`)).toEqual([
      'new→open',
      'open→waiting',
      'waiting→open',
      'open→solved',
      'solved→open',
      'open→solved',
      'solved→closed',
    ]);
    expect(statusEvents.at(-1)).toMatchObject({ actor_id: null, detail: 'closed automatically 7 days after it was solved' });
    expect(statusEvents.every((event) => canTransition(event.from_value as TicketStatus, event.to_value as TicketStatus))).toBe(true);
  });

  it('refuses illegal transitions and changes to closed tickets', () => {
    const { first } = staff();
    const { ticket, token } = newTicket(db);
    const waiting = putOnHold(db, { ticketId: ticket.id, actor: first, expectedVersion: ticket.version, config: CONFIG });
    expect(expectDeskError(() => putOnHold(db, { ticketId: ticket.id, actor: first, expectedVersion: waiting.version, config: CONFIG }), 'invalid').message).toMatch(/waiting ticket cannot become waiting/);
    const solved = solveTicket(db, { ticketId: ticket.id, actor: first, summary: 'Done.', expectedVersion: waiting.version, config: CONFIG });
    expectDeskError(() => solveTicket(db, { ticketId: ticket.id, actor: first, summary: 'Again.', expectedVersion: solved.version, config: CONFIG }), 'invalid');
    expectDeskError(() => putOnHold(db, { ticketId: ticket.id, actor: first, expectedVersion: solved.version, config: CONFIG }), 'invalid');
    expectDeskError(() => escalateTicket(db, { ticketId: ticket.id, actor: first, reason: 'x', expectedVersion: solved.version, config: CONFIG }), 'invalid');
    closeSolvedTickets(db, CONFIG, Date.now() + 8 * DAY);
    const closed = current(ticket.id);
    const before = { events: count('ticket_events'), messages: count('ticket_messages'), mails: count('outbox') };
    expect(expectDeskError(() => replyToCustomer(db, { ticketId: ticket.id, actor: first, body: 'Hi', expectedVersion: closed.version, config: CONFIG }), 'closed').message).toMatch(/closed/);
    expectDeskError(() => solveTicket(db, { ticketId: ticket.id, actor: first, summary: 'x', expectedVersion: closed.version, config: CONFIG }), 'closed');
    expectDeskError(() => addNote(db, { ticketId: ticket.id, actor: first, body: 'x', expectedVersion: closed.version, config: CONFIG }), 'closed');
    expectDeskError(() => setPriority(db, { ticketId: ticket.id, actor: first, priority: 'high', expectedVersion: closed.version, config: CONFIG }), 'closed');
    expect(expectDeskError(() => addCustomerReply(db, { token, body: 'Hello?' }), 'closed').message).toMatch(/open a new request/);
    expect({ events: count('ticket_events'), messages: count('ticket_messages'), mails: count('outbox') }).toEqual(before);
    expect(current(ticket.id).version).toBe(closed.version);
  });

  it('keeps a new or open ticket’s status when the customer writes again', () => {
    const { ticket, token } = newTicket(db);
    expect(addCustomerReply(db, { token, body: 'More details' }).status).toBe('new');
    expectDeskError(() => addCustomerReply(db, { token, body: '   ' }), 'invalid');
    expectDeskError(() => addCustomerReply(db, { token: 'not-a-token', body: 'Hello' }), 'not_found');
    expect(current(ticket.id).version).toBe(2);
  });

  it('writes an event and bumps the version and time with every change', () => {
    const { first, second, third } = staff();
    const { ticket, token } = newTicket(db);
    const colleague = actorOf(db, addUser(db, { name: 'Carl Colleague', role: 'first_level' }));
    let version = ticket.version;
    let at = NOW;
    const steps: [string, () => Ticket][] = [
      ['reply', () => replyToCustomer(db, { ticketId: ticket.id, actor: first, body: 'Hello', expectedVersion: version, config: CONFIG, now: at })],
      ['note', () => addNote(db, { ticketId: ticket.id, actor: first, body: 'Internal', expectedVersion: version, config: CONFIG, now: at })],
      ['priority', () => setPriority(db, { ticketId: ticket.id, actor: first, priority: 'high', expectedVersion: version, config: CONFIG, now: at })],
      ['link', () => linkArticle(db, { ticketId: ticket.id, actor: first, articleSlug: 'invoices/number-ranges', expectedVersion: version, config: CONFIG, now: at })],
      ['take', () => takeTicket(db, { ticketId: ticket.id, actor: colleague, expectedVersion: version, config: CONFIG, now: at })],
      ['hold', () => putOnHold(db, { ticketId: ticket.id, actor: first, expectedVersion: version, config: CONFIG, now: at })],
      ['customer', () => addCustomerReply(db, { token, body: 'Answer', now: at })],
      ['escalate 1→2', () => escalateTicket(db, { ticketId: ticket.id, actor: first, reason: 'Needs a workaround', expectedVersion: version, config: CONFIG, now: at })],
      ['escalate 2→3', () => escalateTicket(db, { ticketId: ticket.id, actor: second, reason: 'Undocumented', expectedVersion: version, config: CONFIG, now: at })],
      ['advice', () => addNote(db, { ticketId: ticket.id, actor: third, body: 'Try the repair tool', expectedVersion: version, config: CONFIG, now: at })],
      ['hand back', () => handBackTicket(db, { ticketId: ticket.id, actor: third, guidance: 'Run the repair tool', expectedVersion: version, config: CONFIG, now: at })],
      ['solve', () => solveTicket(db, { ticketId: ticket.id, actor: second, summary: 'Repaired.', expectedVersion: version, config: CONFIG, now: at })],
      ['close', () => (closeSolvedTickets(db, CONFIG, at + 7 * DAY), current(ticket.id))],
    ];
    for (const [name, step] of steps) {
      at += 60_000;
      const eventsBefore = count('ticket_events');
      const result = step();
      expect(result.version, name).toBe(version + 1);
      expect(eventsOf(db, ticket.id).filter((event) => event.version === result.version).length, name).toBeGreaterThan(0);
      expect(count('ticket_events'), name).toBeGreaterThan(eventsBefore);
      expect(result.updatedAt, name).toBe(name === 'close' ? at + 7 * DAY : at);
      version = result.version;
    }
    expect(eventsOf(db, ticket.id).map((event) => event.type)).toEqual([
      'created',
      'assigned',
      'reply',
      'status',
      'note',
      'priority', // no first_response_due: the customer already had a reply
      'article_linked',
      'assigned',
      'status',
      'customer_reply',
      'status',
      'assigned',
      'escalated',
      'assigned',
      'assigned',
      'escalated',
      'assigned',
      'advice',
      'assigned',
      'handed_back',
      'assigned',
      'status',
      'status',
    ]);
  });

  it('changes nothing (no version, no event) for a repeated link or taking one’s own ticket', () => {
    const { first } = staff();
    const { ticket } = newTicket(db);
    expect(ticket.assigneeId).toBe(first.id);
    const linked = linkArticle(db, { ticketId: ticket.id, actor: first, articleSlug: 'reset-password', expectedVersion: ticket.version, config: CONFIG });
    const events = count('ticket_events');
    expect(linkArticle(db, { ticketId: ticket.id, actor: first, articleSlug: 'reset-password', expectedVersion: linked.version, config: CONFIG }).version).toBe(linked.version);
    expect(takeTicket(db, { ticketId: ticket.id, actor: first, expectedVersion: linked.version, config: CONFIG }).version).toBe(linked.version);
    expect(setPriority(db, { ticketId: ticket.id, actor: first, priority: 'normal', expectedVersion: linked.version, config: CONFIG }).version).toBe(linked.version);
    expect(count('ticket_events')).toBe(events);
  });
});

describe('version conflicts', () => {
  it('refuses an action against an older version and returns what changed since', () => {
    const { first, admin } = staff();
    const { ticket } = newTicket(db);
    const seen = ticket.version;
    replyToCustomer(db, { ticketId: ticket.id, actor: first, body: 'First answer', expectedVersion: seen, config: CONFIG, now: NOW + 1000 });
    setPriority(db, { ticketId: ticket.id, actor: admin, priority: 'urgent', expectedVersion: seen + 1, config: CONFIG, now: NOW + 2000 });
    const before = { events: count('ticket_events'), messages: count('ticket_messages') };

    const error = expectDeskError(() => addNote(db, { ticketId: ticket.id, actor: admin, body: 'My note', expectedVersion: seen, config: CONFIG, now: NOW + 3000 }), 'conflict');
    expect(error.message).toMatch(/changed by someone else/);
    expect(error.currentVersion).toBe(seen + 2);
    expect(error.changes.map((entry) => (entry.entry === 'message' ? `message:${entry.kind}:${entry.body}` : `event:${entry.type}:${entry.to}`))).toEqual([
      'message:reply:First answer',
      'event:status:open',
      'event:priority:urgent',
    ]);
    expect(error.changes.find((entry) => entry.entry === 'message')).toMatchObject({ authorName: 'Fiona First', authorRole: 'first_level' });
    expect(error.changes.find((entry) => entry.entry === 'event' && entry.type === 'priority')).toMatchObject({ actorName: 'Ada Admin', from: 'normal' });
    expect({ events: count('ticket_events'), messages: count('ticket_messages') }).toEqual(before);

    // Only what came after the version the caller saw.
    const later = expectDeskError(() => addNote(db, { ticketId: ticket.id, actor: admin, body: 'My note', expectedVersion: seen + 1, config: CONFIG }), 'conflict');
    expect(later.changes.map((entry) => (entry.entry === 'event' ? entry.type : entry.kind))).toEqual(['priority']);

    // Submitting again against the current version works.
    expect(addNote(db, { ticketId: ticket.id, actor: admin, body: 'My note', expectedVersion: error.currentVersion!, config: CONFIG }).version).toBe(seen + 3);
  });

  it('lets only one of two agents acting on the same version win', () => {
    const { first } = staff();
    const other = actorOf(db, addUser(db, { name: 'Otto Other', role: 'first_level' }));
    const { ticket } = newTicket(db);
    replyToCustomer(db, { ticketId: ticket.id, actor: first, body: 'Answer A', expectedVersion: ticket.version, config: CONFIG });
    const error = expectDeskError(() => replyToCustomer(db, { ticketId: ticket.id, actor: other, body: 'Answer B', expectedVersion: ticket.version, config: CONFIG }), 'conflict');
    expect(error.changes.some((entry) => entry.entry === 'message' && entry.body === 'Answer A')).toBe(true);
    expect(listOutbox(db).filter((mail) => mail.body.includes('Answer B'))).toEqual([]);
  });

  it('reports a conflict for a version from the future too, with no changes', () => {
    const { first } = staff();
    const { ticket } = newTicket(db);
    const error = expectDeskError(() => addNote(db, { ticketId: ticket.id, actor: first, body: 'x', expectedVersion: ticket.version + 5, config: CONFIG }), 'conflict');
    expect(error.changes).toEqual([]);
    expect(error.currentVersion).toBe(ticket.version);
  });

  it('refuses unknown tickets', () => {
    const { first } = staff();
    expectDeskError(() => addNote(db, { ticketId: 4711, actor: first, body: 'x', expectedVersion: 1, config: CONFIG }), 'not_found');
  });
});

describe('permissions', () => {
  const ROLES: Role[] = ['first_level', 'second_level', 'third_level', 'admin'];
  /** What each role may do on a ticket of its own level (admin: a level-2 ticket). */
  const ALLOWED: Record<Role, StaffAction[]> = {
    first_level: ['reply', 'note', 'setPriority', 'solve', 'putOnHold', 'escalate', 'take', 'linkArticle'],
    second_level: ['reply', 'note', 'setPriority', 'solve', 'putOnHold', 'escalate', 'handBack', 'take', 'linkArticle'],
    third_level: ['note', 'handBack', 'take'],
    admin: [...STAFF_ACTIONS],
  };
  const HOME_LEVEL: Record<Role, 1 | 2 | 3> = { first_level: 1, second_level: 2, third_level: 3, admin: 2 };

  /** Performs an action with valid input. */
  function perform(action: StaffAction, ticketId: number, actor: Actor, version: number): Ticket {
    switch (action) {
      case 'reply':
        return replyToCustomer(db, { ticketId, actor, body: 'Reply', expectedVersion: version, config: CONFIG });
      case 'note':
        return addNote(db, { ticketId, actor, body: 'Note', expectedVersion: version, config: CONFIG });
      case 'setPriority':
        return setPriority(db, { ticketId, actor, priority: 'high', expectedVersion: version, config: CONFIG });
      case 'solve':
        return solveTicket(db, { ticketId, actor, summary: 'Solved', expectedVersion: version, config: CONFIG });
      case 'putOnHold':
        return putOnHold(db, { ticketId, actor, expectedVersion: version, config: CONFIG });
      case 'escalate':
        return escalateTicket(db, { ticketId, actor, reason: 'Reason', expectedVersion: version, config: CONFIG });
      case 'handBack':
        return handBackTicket(db, { ticketId, actor, guidance: 'Guidance', expectedVersion: version, config: CONFIG });
      case 'take':
        return takeTicket(db, { ticketId, actor, expectedVersion: version, config: CONFIG });
      case 'linkArticle':
        return linkArticle(db, { ticketId, actor, articleSlug: 'reset-password', expectedVersion: version, config: CONFIG });
    }
  }

  const table = ROLES.flatMap((role) => STAFF_ACTIONS.map((action) => [role, action, ALLOWED[role].includes(action)] as const));

  it.each(table)('%s × %s → allowed: %s', (role, action, allowed) => {
    // Away, so that the new ticket is not already theirs (taking it would change nothing).
    const actor = actorOf(db, addUser(db, { name: 'Actor', role, present: false, areas: role === 'third_level' ? ['invoices'] : [] }));
    const { ticket } = newTicket(db);
    placeTicket(db, ticket.id, { level: HOME_LEVEL[role] });
    expect(canAct(actor, action, { level: HOME_LEVEL[role], category: 'invoices' })).toBe(allowed);
    if (allowed) {
      expect(perform(action, ticket.id, actor, ticket.version).version).toBe(ticket.version + 1);
    } else {
      const before = count('ticket_events');
      expectDeskError(() => perform(action, ticket.id, actor, ticket.version), 'forbidden');
      expect(count('ticket_events')).toBe(before);
    }
  });

  it('keeps staff on tickets of their own level, and specialists within their areas', () => {
    const cases: [Role, 1 | 2 | 3, string[]][] = [
      ['first_level', 2, []],
      ['first_level', 3, []],
      ['second_level', 1, []],
      ['second_level', 3, []],
      ['third_level', 2, ['invoices']],
      ['third_level', 1, ['invoices']],
      ['third_level', 3, ['banking']],
    ];
    for (const [role, level, areas] of cases) {
      const actor = actorOf(db, addUser(db, { name: `${role} ${level} ${areas}`, role, areas }));
      for (const action of STAFF_ACTIONS) {
        const { ticket } = newTicket(db);
        placeTicket(db, ticket.id, { level });
        expect(canAct(actor, action, { level, category: 'invoices' }), `${role} ${action} at ${level}`).toBe(false);
        const error = expectDeskError(() => perform(action, ticket.id, actor, ticket.version), 'forbidden');
        if (ALLOWED[role].includes(action)) expect(error.message).toMatch(/level|subject areas/);
      }
    }
  });

  it('lets admins act on tickets of every level, replies at level 3 included', () => {
    const { admin } = staff();
    for (const level of [1, 2, 3] as const) {
      const { ticket } = newTicket(db, { category: 'payroll' });
      placeTicket(db, ticket.id, { level });
      expect(replyToCustomer(db, { ticketId: ticket.id, actor: admin, body: `Reply at ${level}`, expectedVersion: ticket.version, config: CONFIG }).version).toBe(ticket.version + 1);
    }
  });

  it('never lets third level write to the customer', () => {
    const { third, second } = staff();
    const { ticket } = newTicket(db);
    escalateTicket(db, { ticketId: ticket.id, actor: actorOf(db, ticket.assigneeId!), reason: 'r', expectedVersion: ticket.version, config: CONFIG });
    const atThree = escalateTicket(db, { ticketId: ticket.id, actor: second, reason: 'r', expectedVersion: current(ticket.id).version, config: CONFIG });
    expect(atThree).toMatchObject({ level: 3, assigneeId: third.id });
    const mails = count('outbox');
    for (const version of [atThree.version, atThree.version - 1, 0]) {
      const error = expectDeskError(() => replyToCustomer(db, { ticketId: ticket.id, actor: third, body: 'Dear customer', expectedVersion: version, config: CONFIG }), 'forbidden');
      expect(error.message).toMatch(/do not write to the customer/);
    }
    expect(db.prepare("SELECT COUNT(*) AS n FROM ticket_messages WHERE kind = 'reply'").get()).toEqual({ n: 0 });
    expect(count('outbox')).toBe(mails);
    expect(canAct(third, 'reply', { level: 3, category: 'invoices' })).toBe(false);
  });

  it('lets nobody but admins hand back from level 1, and nobody escalate beyond level 3', () => {
    const { admin } = staff();
    const { ticket } = newTicket(db);
    expectDeskError(() => handBackTicket(db, { ticketId: ticket.id, actor: admin, guidance: 'g', expectedVersion: ticket.version, config: CONFIG }), 'invalid');
    placeTicket(db, ticket.id, { level: 3 });
    expect(expectDeskError(() => escalateTicket(db, { ticketId: ticket.id, actor: admin, reason: 'r', expectedVersion: ticket.version, config: CONFIG }), 'invalid').message).toMatch(/highest level/);
  });
});

describe('escalation and hand-back', () => {
  it('moves 1 → 2 → 3 with reasons, assigning present agents of each level', () => {
    const { first, second, third } = staff();
    const { ticket } = newTicket(db);
    expect(ticket.assigneeId).toBe(first.id);
    expectDeskError(() => escalateTicket(db, { ticketId: ticket.id, actor: first, reason: '  ', expectedVersion: ticket.version, config: CONFIG }), 'invalid');
    const atTwo = escalateTicket(db, { ticketId: ticket.id, actor: first, reason: 'Needs customer-specific work', expectedVersion: ticket.version, config: CONFIG, now: NOW + 1000 });
    expect(atTwo).toMatchObject({ level: 2, assigneeId: second.id, status: 'new' });
    expect(eventsOf(db, ticket.id).filter((event) => event.version === atTwo.version)).toEqual([
      expect.objectContaining({ type: 'assigned', from_value: String(first.id), to_value: null, detail: 'escalated' }),
      expect.objectContaining({ type: 'escalated', actor_id: first.id, from_value: '1', to_value: '2', detail: 'Needs customer-specific work' }),
      expect.objectContaining({ type: 'assigned', from_value: null, to_value: String(second.id) }),
    ]);
    const atThree = escalateTicket(db, { ticketId: ticket.id, actor: second, reason: 'Undocumented problem', expectedVersion: atTwo.version, config: CONFIG });
    expect(atThree).toMatchObject({ level: 3, assigneeId: third.id });
  });

  it('lets a level-3 ticket without a present specialist for its category wait in the level-3 queue', () => {
    const { second } = staff();
    const payrollExpert = addUser(db, { name: 'Paula Payroll', role: 'third_level', areas: ['payroll'], present: false });
    const { ticket } = newTicket(db, { category: 'payroll' });
    placeTicket(db, ticket.id, { level: 2, assigneeId: second.id });
    const escalated = escalateTicket(db, { ticketId: ticket.id, actor: second, reason: 'Payroll internals', expectedVersion: ticket.version, config: CONFIG });
    expect(escalated).toMatchObject({ level: 3, assigneeId: null });
    expect(listQueue(db, 3, { unassigned: true, now: NOW }).map((entry) => entry.id)).toEqual([ticket.id]);
    expect(listQueue(db, 3, { areas: ['invoices'], now: NOW })).toEqual([]);
    expect(setPresence(db, { userId: payrollExpert, present: true }).map((entry) => entry.ticketId)).toEqual([ticket.id]);
    expect(current(ticket.id).assigneeId).toBe(payrollExpert);
  });

  it('hands back to the previous assignee of the lower level when present, else by the rule', () => {
    const { second, third } = staff();
    const otherSecond = addUser(db, { name: 'Olga Other', role: 'second_level' });
    const { ticket } = newTicket(db);
    placeTicket(db, ticket.id, { level: 2, assigneeId: null });
    // Olga is busier, so Sam gets the ticket at level 2.
    for (let i = 0; i < 2; i++) placeTicket(db, newTicket(db).ticket.id, { level: 2, assigneeId: otherSecond });
    let t = takeTicket(db, { ticketId: ticket.id, actor: second, expectedVersion: ticket.version, config: CONFIG });
    t = escalateTicket(db, { ticketId: t.id, actor: second, reason: 'Undocumented', expectedVersion: t.version, config: CONFIG });
    expect(t.assigneeId).toBe(third.id);
    t = addNote(db, { ticketId: t.id, actor: third, body: 'Rebuild the index.', expectedVersion: t.version, config: CONFIG });
    t = handBackTicket(db, { ticketId: t.id, actor: third, guidance: 'Rebuild the index, then ask the customer to retry.', expectedVersion: t.version, config: CONFIG });
    expect(t).toMatchObject({ level: 2, assigneeId: second.id });
    expect(eventsOf(db, t.id).filter((event) => event.version === t.version).map((event) => [event.type, event.detail])).toEqual([
      ['assigned', 'handed back'],
      ['handed_back', 'Rebuild the index, then ask the customer to retry.'],
      ['assigned', 'back to the previous assignee'],
    ]);

    // Sam is away the next time: the ticket goes to Olga, the only present second-level agent.
    t = escalateTicket(db, { ticketId: t.id, actor: second, reason: 'Again', expectedVersion: t.version, config: CONFIG });
    setPresence(db, { userId: second.id, present: false });
    t = handBackTicket(db, { ticketId: t.id, actor: third, guidance: 'Done', expectedVersion: t.version, config: CONFIG });
    expect(t.assigneeId).toBe(otherSecond);
  });

  it('hands back 2 → 1 to the first-level agent who escalated', () => {
    const { first, second } = staff();
    addUser(db, { name: 'Fred First', role: 'first_level' });
    const { ticket } = newTicket(db, {}, NOW, () => 0);
    expect(ticket.assigneeId).toBe(first.id);
    const up = escalateTicket(db, { ticketId: ticket.id, actor: first, reason: 'Workaround needed', expectedVersion: ticket.version, config: CONFIG });
    const down = handBackTicket(db, { ticketId: ticket.id, actor: second, guidance: 'Known issue, see article X', expectedVersion: up.version, config: CONFIG });
    expect(down).toMatchObject({ level: 1, assigneeId: first.id });
    expectDeskError(() => handBackTicket(db, { ticketId: ticket.id, actor: first, guidance: 'x', expectedVersion: down.version, config: CONFIG }), 'forbidden');
  });

  it('lets any agent of the level take a ticket, also from a colleague', () => {
    const { first } = staff();
    const colleague = actorOf(db, addUser(db, { name: 'Carl Colleague', role: 'first_level' }));
    const { ticket } = newTicket(db, {}, NOW, () => 0);
    expect(ticket.assigneeId).toBe(first.id);
    const taken = takeTicket(db, { ticketId: ticket.id, actor: colleague, expectedVersion: ticket.version, config: CONFIG });
    expect(taken.assigneeId).toBe(colleague.id);
    expect(eventsOf(db, ticket.id).at(-1)).toMatchObject({ type: 'assigned', from_value: String(first.id), to_value: String(colleague.id), detail: 'taken' });
  });
});

describe('replies, notes, priority and solving', () => {
  it('sets the first response once, opens a new ticket and mails the reply', () => {
    const { first } = staff();
    const { ticket } = newTicket(db);
    const once = replyToCustomer(db, { ticketId: ticket.id, actor: first, body: 'Please check <b>Settings</b>.', expectedVersion: ticket.version, config: CONFIG, now: NOW + HOUR });
    expect(once).toMatchObject({ status: 'open', firstResponseAt: NOW + HOUR });
    const twice = replyToCustomer(db, { ticketId: ticket.id, actor: first, body: 'Any news?', expectedVersion: once.version, config: CONFIG, now: NOW + 2 * HOUR });
    expect(twice.firstResponseAt).toBe(NOW + HOUR);
    const mail = listOutbox(db).find((entry) => entry.body.includes('Please check <b>Settings</b>.'))!;
    expect(mail).toMatchObject({ to: 'erika@example.com', ticketId: ticket.id });
    expect(mail.subject).toBe('[T-2026-000001] New reply to your request: Invoice numbers jump after import');
    expect(mail.body).toContain('Fiona First has replied');
    expect(mail.body).toContain('https://help.tallyhaus.example/tickets/status');
    expectDeskError(() => replyToCustomer(db, { ticketId: ticket.id, actor: first, body: '', expectedVersion: twice.version, config: CONFIG }), 'invalid');
    expectDeskError(() => replyToCustomer(db, { ticketId: ticket.id, actor: first, body: 'x'.repeat(20_001), expectedVersion: twice.version, config: CONFIG }), 'invalid');
  });

  it('records a specialist’s note as advice, visible to staff only', () => {
    const { second, third } = staff();
    const { ticket } = newTicket(db);
    placeTicket(db, ticket.id, { level: 2, assigneeId: second.id });
    const up = escalateTicket(db, { ticketId: ticket.id, actor: second, reason: 'Undocumented', expectedVersion: ticket.version, config: CONFIG });
    const advised = addNote(db, { ticketId: ticket.id, actor: third, body: 'Use the repair tool.', expectedVersion: up.version, config: CONFIG });
    expect(eventsOf(db, ticket.id).at(-1)).toMatchObject({ type: 'advice', actor_id: third.id });
    const back = handBackTicket(db, { ticketId: ticket.id, actor: third, guidance: 'See my advice.', expectedVersion: advised.version, config: CONFIG });
    addNote(db, { ticketId: ticket.id, actor: second, body: 'Thanks', expectedVersion: back.version, config: CONFIG });
    expect(eventsOf(db, ticket.id).at(-1)).toMatchObject({ type: 'note', actor_id: second.id });
    const staffView = listTimeline(db, ticket.id, { includeInternal: true });
    expect(staffView.find((entry) => entry.entry === 'message' && entry.kind === 'note')).toMatchObject({ authorName: 'Tess Third', authorRole: 'third_level' });
    expect(listTimeline(db, ticket.id, { includeInternal: false }).some((entry) => entry.entry === 'message' && entry.kind === 'note')).toBe(false);
  });

  it('recomputes the first-response due time with the priority until the first response', () => {
    const { first } = staff();
    const { ticket } = newTicket(db);
    const urgent = setPriority(db, { ticketId: ticket.id, actor: first, priority: 'urgent', expectedVersion: ticket.version, config: CONFIG, now: NOW + 1000 });
    expect(urgent).toMatchObject({ priority: 'urgent', firstResponseDue: NOW + 2 * HOUR });
    expect(eventsOf(db, ticket.id).slice(-2)).toEqual([
      expect.objectContaining({ type: 'priority', from_value: 'normal', to_value: 'urgent' }),
      expect.objectContaining({ type: 'first_response_due', from_value: new Date(NOW + 24 * HOUR).toISOString(), to_value: new Date(NOW + 2 * HOUR).toISOString() }),
    ]);
    const replied = replyToCustomer(db, { ticketId: ticket.id, actor: first, body: 'On it', expectedVersion: urgent.version, config: CONFIG, now: NOW + HOUR });
    const low = setPriority(db, { ticketId: ticket.id, actor: first, priority: 'low', expectedVersion: replied.version, config: CONFIG });
    expect(low).toMatchObject({ priority: 'low', firstResponseDue: NOW + 2 * HOUR });
    expectDeskError(() => setPriority(db, { ticketId: ticket.id, actor: first, priority: 'critical' as never, expectedVersion: low.version, config: CONFIG }), 'invalid');
  });

  it('solves with a summary or an article (one is required), mails the solution and counts reuse', () => {
    const { first } = staff();
    const a = newTicket(db, { lang: 'de' });
    const b = newTicket(db);
    expect(expectDeskError(() => solveTicket(db, { ticketId: a.ticket.id, actor: first, expectedVersion: 1, config: CONFIG }), 'invalid').message).toMatch(/summary or link an article/);
    expectDeskError(() => solveTicket(db, { ticketId: a.ticket.id, actor: first, summary: '  ', articleSlug: '', expectedVersion: 1, config: CONFIG }), 'invalid');
    expectDeskError(() => solveTicket(db, { ticketId: a.ticket.id, actor: first, articleSlug: '../etc/passwd', expectedVersion: 1, config: CONFIG }), 'invalid');
    const solvedA = solveTicket(db, { ticketId: a.ticket.id, actor: first, articleSlug: 'rechnungsnummern-format', expectedVersion: 1, config: CONFIG, now: NOW + HOUR });
    expect(solvedA).toMatchObject({ status: 'solved', solution: null, firstResponseAt: NOW + HOUR });
    solveTicket(db, { ticketId: b.ticket.id, actor: first, summary: 'Reset the number range.', articleSlug: 'rechnungsnummern-format', expectedVersion: 1, config: CONFIG });
    expect(listLinkedArticles(db, a.ticket.id)).toEqual(['rechnungsnummern-format']);
    expect(articleReuseCounts(db)).toEqual(new Map([['rechnungsnummern-format', 2]]));

    const mailA = listOutbox(db).find((mail) => mail.ticketId === a.ticket.id && mail.subject.includes('gelöst'))!;
    expect(mailA.body).toContain('https://help.tallyhaus.example/articles/rechnungsnummern-format');
    expect(mailA.body).toContain('innerhalb von 7 Tagen');
    const mailB = listOutbox(db).find((mail) => mail.ticketId === b.ticket.id && mail.subject.includes('solved'))!;
    expect(mailB.body).toContain('Reset the number range.');

    // Reopened: the link no longer counts as a solution until the ticket is solved again.
    addCustomerReply(db, { token: a.token, body: 'Did not help' });
    expect(articleReuseCounts(db)).toEqual(new Map([['rechnungsnummern-format', 1]]));
  });

  it('counts only links on solved tickets as reuse', () => {
    const { first } = staff();
    const { ticket } = newTicket(db);
    linkArticle(db, { ticketId: ticket.id, actor: first, articleSlug: 'reset-password', expectedVersion: ticket.version, config: CONFIG });
    expect(articleReuseCounts(db).size).toBe(0);
    expect(listLinkedArticles(db, ticket.id)).toEqual(['reset-password']);
  });
});

describe('listTimeline', () => {
  it('shows staff everything and the customer only messages, public replies and status changes', () => {
    const { first, second } = staff();
    const { ticket, token } = newTicket(db);
    let t = addNote(db, { ticketId: ticket.id, actor: first, body: 'Looks like a known bug', expectedVersion: ticket.version, config: CONFIG, now: NOW + 1 });
    t = replyToCustomer(db, { ticketId: t.id, actor: first, body: 'Could you send a screenshot?', expectedVersion: t.version, config: CONFIG, now: NOW + 2 });
    t = putOnHold(db, { ticketId: t.id, actor: first, reason: 'internal: waiting for screenshot', expectedVersion: t.version, config: CONFIG, now: NOW + 3 });
    t = addCustomerReply(db, { token, body: 'Here it is', now: NOW + 4 });
    t = escalateTicket(db, { ticketId: t.id, actor: first, reason: 'Internal reason', expectedVersion: t.version, config: CONFIG, now: NOW + 5 });
    t = solveTicket(db, { ticketId: t.id, actor: second, summary: 'Fixed the number range.', expectedVersion: t.version, config: CONFIG, now: NOW + 6 });

    const describe = (entries: TimelineEntry[]): string[] =>
      entries.map((entry) =>
        entry.entry === 'message'
          ? `${entry.kind} (${entry.authorName}): ${entry.body}`
          : `${entry.type} ${entry.from ?? ''}→${entry.to ?? ''}${entry.detail ? ` [${entry.detail}]` : ''} by ${entry.actorName ?? 'system'}`,
      );
    expect(describe(listTimeline(db, ticket.id, { includeInternal: true }))).toEqual([
      'created →new by system',
      'customer (Erika Mustermann): After importing last year’s invoices the numbers start at 1 again.',
      'assigned →Fiona First [automatic] by system',
      'note (Fiona First): Looks like a known bug',
      'reply (Fiona First): Could you send a screenshot?',
      'status new→open by Fiona First',
      'status open→waiting [internal: waiting for screenshot] by Fiona First',
      'customer (Erika Mustermann): Here it is',
      'status waiting→open [customer replied] by system',
      'assigned Fiona First→ [escalated] by Fiona First',
      'escalated 1→2 [Internal reason] by Fiona First',
      'assigned →Sam Second [automatic] by Fiona First',
      'status open→solved [Fixed the number range.] by Sam Second',
    ]);
    expect(describe(listTimeline(db, ticket.id, { includeInternal: false }))).toEqual([
      'created →new by system',
      'customer (Erika Mustermann): After importing last year’s invoices the numbers start at 1 again.',
      'reply (Fiona First): Could you send a screenshot?',
      'status new→open by Fiona First',
      'status open→waiting by Fiona First',
      'customer (Erika Mustermann): Here it is',
      'status waiting→open by system',
      'status open→solved [Fixed the number range.] by Sam Second',
    ]);
    expect(listTimeline(db, 999, { includeInternal: true })).toEqual([]);
  });
});

describe('queues', () => {
  it('lists a level’s tickets in progress, overdue first, with filters', () => {
    const { first, second } = staff();
    const old = newTicket(db, { category: 'banking' }, NOW - 30 * HOUR).ticket; // due NOW - 6 h: overdue
    const fresh = newTicket(db, { category: 'invoices' }, NOW).ticket;
    const urgent = newTicket(db, { category: 'invoices' }, NOW).ticket;
    setPriority(db, { ticketId: urgent.id, actor: first, priority: 'urgent', expectedVersion: urgent.version, config: CONFIG, now: NOW });
    const solved = newTicket(db, {}, NOW).ticket;
    solveTicket(db, { ticketId: solved.id, actor: first, summary: 's', expectedVersion: solved.version, config: CONFIG, now: NOW });
    const up = newTicket(db, {}, NOW).ticket;
    escalateTicket(db, { ticketId: up.id, actor: first, reason: 'r', expectedVersion: up.version, config: CONFIG, now: NOW });

    const ids = (list: { id: number }[]): number[] => list.map((entry) => entry.id);
    expect(ids(listQueue(db, 1, { now: NOW }))).toEqual([old.id, urgent.id, fresh.id]);
    expect(listQueue(db, 1, { now: NOW })[0]).toMatchObject({ overdue: true, assigneeName: 'Fiona First' });
    expect(ids(listQueue(db, 1, { overdue: true, now: NOW }))).toEqual([old.id]);
    expect(ids(listQueue(db, 1, { overdue: false, now: NOW }))).toEqual([urgent.id, fresh.id]);
    expect(ids(listQueue(db, 1, { category: 'invoices', now: NOW }))).toEqual([urgent.id, fresh.id]);
    expect(ids(listQueue(db, 1, { priority: 'urgent', now: NOW }))).toEqual([urgent.id]);
    expect(ids(listQueue(db, 1, { status: 'solved', now: NOW }))).toEqual([solved.id]);
    expect(ids(listQueue(db, 1, { areas: ['banking'], now: NOW }))).toEqual([old.id]);
    expect(ids(listQueue(db, 1, { areas: [], now: NOW }))).toEqual([]);
    expect(ids(listQueue(db, 2, { now: NOW }))).toEqual([up.id]);
    // The urgent ticket becomes overdue two hours later.
    expect(ids(listQueue(db, 1, { overdue: true, now: NOW + 2 * HOUR + 1 }))).toEqual([urgent.id, old.id]);

    expect(ids(listMyTickets(db, first.id, NOW))).toEqual([old.id, urgent.id, fresh.id]);
    expect(ids(listMyTickets(db, second.id, NOW))).toEqual([up.id]);
  });

  it('computes overdue from the first response and the due time', () => {
    const base = { status: 'open' as TicketStatus, firstResponseAt: null, firstResponseDue: NOW };
    expect(isOverdue(base, NOW)).toBe(false);
    expect(isOverdue(base, NOW + 1)).toBe(true);
    expect(isOverdue({ ...base, firstResponseAt: NOW - 1 }, NOW + 1)).toBe(false);
    for (const status of TICKET_STATUSES) expect(isOverdue({ ...base, status }, NOW + 1)).toBe(OPEN_STATUSES.includes(status));
  });
});
