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
import {
  DeskError,
  OPEN_STATUSES,
  STAFF_ACTIONS,
  TICKET_STATUSES,
  TRANSITIONS,
  addCustomerReply,
  addNote,
  articleReuseCounts,
  canAct,
  canTransition,
  closeSolvedTickets,
  escalateTicket,
  findTicketByToken,
  getTicket,
  getTicketByReference,
  handBackTicket,
  isOverdue,
  linkArticle,
  listLinkedArticles,
  listMyTickets,
  listQueue,
  listTimeline,
  putOnHold,
  replyToCustomer,
  setPriority,
  solveTicket,
  takeTicket,
  ticketInputSchema,
  type Actor,
  type Role,
  type StaffAction,
  type Ticket,
  type TicketStatus,
  type TimelineEntry,
} from '../../../src/lib/server/desk/tickets.ts';
import { CONFIG, DAY, HOUR, NOW, actorOf, addUser, eventsOf, newTicket, openDeskDb, placeTicket, ticketForm } from './fixture.ts';

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
    const ticketsModule = new URL('../../../src/lib/server/desk/tickets.ts', import.meta.url).href;
    const dbModule = new URL('../../../src/lib/server/platform/db.ts', import.meta.url).href;
    const code = `
      import { workerData, parentPort } from 'node:worker_threads';
      const { openDatabase } = await import(${JSON.stringify(dbModule)});
      const { createTicket } = await import(${JSON.stringify(ticketsModule)});
      const db = openDatabase(workerData.dir, workerData.file);
      const config = { firstResponseHours: { low: 72, normal: 24, high: 8, urgent: 2 }, autoCloseDays: 7, siteUrl: 'http://x', mailFrom: 'a@b.c' };
      const references = [];
      for (let i = 0; i < workerData.count; i++) {
        references.push(createTicket(db, { name: 'W', email: 'w@example.com', subject: 's', description: 'd', category: 'invoices', lang: 'en' }, config, ${NOW}).ticket.reference);
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
    let t = replyToCustomer(db, ticket.id, first, { body: 'Which version do you use?' }, ticket.version, CONFIG, NOW + HOUR);
    expect(t.status).toBe('open');
    t = putOnHold(db, t.id, first, { reason: 'needs the version' }, t.version, CONFIG, NOW + HOUR);
    expect(t.status).toBe('waiting');
    t = addCustomerReply(db, token, 'Version 5.2', CONFIG, NOW + 2 * HOUR);
    expect(t.status).toBe('open');
    t = solveTicket(db, t.id, first, { summary: 'Set the number range in the settings.' }, t.version, CONFIG, NOW + 3 * HOUR);
    expect(t).toMatchObject({ status: 'solved', solvedAt: NOW + 3 * HOUR, solution: 'Set the number range in the settings.' });
    t = addCustomerReply(db, token, 'Still broken.', CONFIG, NOW + 4 * HOUR);
    expect(t).toMatchObject({ status: 'open', solvedAt: null });
    t = solveTicket(db, t.id, first, { articleSlug: 'rechnungsnummern-format' }, t.version, CONFIG, NOW + 5 * HOUR);
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
    const waiting = putOnHold(db, ticket.id, first, {}, ticket.version, CONFIG);
    expect(expectDeskError(() => putOnHold(db, ticket.id, first, {}, waiting.version, CONFIG), 'invalid').message).toMatch(/waiting ticket cannot become waiting/);
    const solved = solveTicket(db, ticket.id, first, { summary: 'Done.' }, waiting.version, CONFIG);
    expectDeskError(() => solveTicket(db, ticket.id, first, { summary: 'Again.' }, solved.version, CONFIG), 'invalid');
    expectDeskError(() => putOnHold(db, ticket.id, first, {}, solved.version, CONFIG), 'invalid');
    expectDeskError(() => escalateTicket(db, ticket.id, first, { reason: 'x' }, solved.version, CONFIG), 'invalid');
    closeSolvedTickets(db, CONFIG, Date.now() + 8 * DAY);
    const closed = current(ticket.id);
    const before = { events: count('ticket_events'), messages: count('ticket_messages'), mails: count('outbox') };
    expect(expectDeskError(() => replyToCustomer(db, ticket.id, first, { body: 'Hi' }, closed.version, CONFIG), 'closed').message).toMatch(/closed/);
    expectDeskError(() => solveTicket(db, ticket.id, first, { summary: 'x' }, closed.version, CONFIG), 'closed');
    expectDeskError(() => addNote(db, ticket.id, first, { body: 'x' }, closed.version, CONFIG), 'closed');
    expectDeskError(() => setPriority(db, ticket.id, first, { priority: 'high' }, closed.version, CONFIG), 'closed');
    expect(expectDeskError(() => addCustomerReply(db, token, 'Hello?', CONFIG), 'closed').message).toMatch(/open a new request/);
    expect({ events: count('ticket_events'), messages: count('ticket_messages'), mails: count('outbox') }).toEqual(before);
    expect(current(ticket.id).version).toBe(closed.version);
  });

  it('keeps a new or open ticket’s status when the customer writes again', () => {
    const { ticket, token } = newTicket(db);
    expect(addCustomerReply(db, token, 'More details', CONFIG).status).toBe('new');
    expectDeskError(() => addCustomerReply(db, token, '   ', CONFIG), 'invalid');
    expectDeskError(() => addCustomerReply(db, 'not-a-token', 'Hello', CONFIG), 'not_found');
    expect(current(ticket.id).version).toBe(2);
  });

  it('writes an event and bumps the version and time with every change', () => {
    const { first, second, third } = staff();
    const { ticket, token } = newTicket(db);
    const colleague = actorOf(db, addUser(db, { name: 'Carl Colleague', role: 'first_level' }));
    let version = ticket.version;
    let at = NOW;
    const steps: [string, () => Ticket][] = [
      ['reply', () => replyToCustomer(db, ticket.id, first, { body: 'Hello' }, version, CONFIG, at)],
      ['note', () => addNote(db, ticket.id, first, { body: 'Internal' }, version, CONFIG, at)],
      ['priority', () => setPriority(db, ticket.id, first, { priority: 'high' }, version, CONFIG, at)],
      ['link', () => linkArticle(db, ticket.id, first, { articleSlug: 'invoices/number-ranges' }, version, CONFIG, at)],
      ['take', () => takeTicket(db, ticket.id, colleague, {}, version, CONFIG, at)],
      ['hold', () => putOnHold(db, ticket.id, first, {}, version, CONFIG, at)],
      ['customer', () => addCustomerReply(db, token, 'Answer', CONFIG, at)],
      ['escalate 1→2', () => escalateTicket(db, ticket.id, first, { reason: 'Needs a workaround' }, version, CONFIG, at)],
      ['escalate 2→3', () => escalateTicket(db, ticket.id, second, { reason: 'Undocumented' }, version, CONFIG, at)],
      ['advice', () => addNote(db, ticket.id, third, { body: 'Try the repair tool' }, version, CONFIG, at)],
      ['hand back', () => handBackTicket(db, ticket.id, third, { guidance: 'Run the repair tool' }, version, CONFIG, at)],
      ['solve', () => solveTicket(db, ticket.id, second, { summary: 'Repaired.' }, version, CONFIG, at)],
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
    const linked = linkArticle(db, ticket.id, first, { articleSlug: 'reset-password' }, ticket.version, CONFIG);
    const events = count('ticket_events');
    expect(linkArticle(db, ticket.id, first, { articleSlug: 'reset-password' }, linked.version, CONFIG).version).toBe(linked.version);
    expect(takeTicket(db, ticket.id, first, {}, linked.version, CONFIG).version).toBe(linked.version);
    expect(setPriority(db, ticket.id, first, { priority: 'normal' }, linked.version, CONFIG).version).toBe(linked.version);
    expect(count('ticket_events')).toBe(events);
  });
});

describe('version conflicts', () => {
  it('refuses an action against an older version and returns what changed since', () => {
    const { first, admin } = staff();
    const { ticket } = newTicket(db);
    const seen = ticket.version;
    replyToCustomer(db, ticket.id, first, { body: 'First answer' }, seen, CONFIG, NOW + 1000);
    setPriority(db, ticket.id, admin, { priority: 'urgent' }, seen + 1, CONFIG, NOW + 2000);
    const before = { events: count('ticket_events'), messages: count('ticket_messages') };

    const error = expectDeskError(() => addNote(db, ticket.id, admin, { body: 'My note' }, seen, CONFIG, NOW + 3000), 'conflict');
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
    const later = expectDeskError(() => addNote(db, ticket.id, admin, { body: 'My note' }, seen + 1, CONFIG), 'conflict');
    expect(later.changes.map((entry) => (entry.entry === 'event' ? entry.type : entry.kind))).toEqual(['priority']);

    // Submitting again against the current version works.
    expect(addNote(db, ticket.id, admin, { body: 'My note' }, error.currentVersion!, CONFIG).version).toBe(seen + 3);
  });

  it('lets only one of two agents acting on the same version win', () => {
    const { first } = staff();
    const other = actorOf(db, addUser(db, { name: 'Otto Other', role: 'first_level' }));
    const { ticket } = newTicket(db);
    replyToCustomer(db, ticket.id, first, { body: 'Answer A' }, ticket.version, CONFIG);
    const error = expectDeskError(() => replyToCustomer(db, ticket.id, other, { body: 'Answer B' }, ticket.version, CONFIG), 'conflict');
    expect(error.changes.some((entry) => entry.entry === 'message' && entry.body === 'Answer A')).toBe(true);
    expect(listOutbox(db).filter((mail) => mail.body.includes('Answer B'))).toEqual([]);
  });

  it('reports a conflict for a version from the future too, with no changes', () => {
    const { first } = staff();
    const { ticket } = newTicket(db);
    const error = expectDeskError(() => addNote(db, ticket.id, first, { body: 'x' }, ticket.version + 5, CONFIG), 'conflict');
    expect(error.changes).toEqual([]);
    expect(error.currentVersion).toBe(ticket.version);
  });

  it('refuses unknown tickets', () => {
    const { first } = staff();
    expectDeskError(() => addNote(db, 4711, first, { body: 'x' }, 1, CONFIG), 'not_found');
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
        return replyToCustomer(db, ticketId, actor, { body: 'Reply' }, version, CONFIG);
      case 'note':
        return addNote(db, ticketId, actor, { body: 'Note' }, version, CONFIG);
      case 'setPriority':
        return setPriority(db, ticketId, actor, { priority: 'high' }, version, CONFIG);
      case 'solve':
        return solveTicket(db, ticketId, actor, { summary: 'Solved' }, version, CONFIG);
      case 'putOnHold':
        return putOnHold(db, ticketId, actor, {}, version, CONFIG);
      case 'escalate':
        return escalateTicket(db, ticketId, actor, { reason: 'Reason' }, version, CONFIG);
      case 'handBack':
        return handBackTicket(db, ticketId, actor, { guidance: 'Guidance' }, version, CONFIG);
      case 'take':
        return takeTicket(db, ticketId, actor, {}, version, CONFIG);
      case 'linkArticle':
        return linkArticle(db, ticketId, actor, { articleSlug: 'reset-password' }, version, CONFIG);
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
      expect(replyToCustomer(db, ticket.id, admin, { body: `Reply at ${level}` }, ticket.version, CONFIG).version).toBe(ticket.version + 1);
    }
  });

  it('never lets third level write to the customer', () => {
    const { third, second } = staff();
    const { ticket } = newTicket(db);
    escalateTicket(db, ticket.id, actorOf(db, ticket.assigneeId!), { reason: 'r' }, ticket.version, CONFIG);
    const atThree = escalateTicket(db, ticket.id, second, { reason: 'r' }, current(ticket.id).version, CONFIG);
    expect(atThree).toMatchObject({ level: 3, assigneeId: third.id });
    const mails = count('outbox');
    for (const version of [atThree.version, atThree.version - 1, 0]) {
      const error = expectDeskError(() => replyToCustomer(db, ticket.id, third, { body: 'Dear customer' }, version, CONFIG), 'forbidden');
      expect(error.message).toMatch(/do not write to the customer/);
    }
    expect(db.prepare("SELECT COUNT(*) AS n FROM ticket_messages WHERE kind = 'reply'").get()).toEqual({ n: 0 });
    expect(count('outbox')).toBe(mails);
    expect(canAct(third, 'reply', { level: 3, category: 'invoices' })).toBe(false);
  });

  it('lets nobody but admins hand back from level 1, and nobody escalate beyond level 3', () => {
    const { admin } = staff();
    const { ticket } = newTicket(db);
    expectDeskError(() => handBackTicket(db, ticket.id, admin, { guidance: 'g' }, ticket.version, CONFIG), 'invalid');
    placeTicket(db, ticket.id, { level: 3 });
    expect(expectDeskError(() => escalateTicket(db, ticket.id, admin, { reason: 'r' }, ticket.version, CONFIG), 'invalid').message).toMatch(/highest level/);
  });
});

describe('escalation and hand-back', () => {
  it('moves 1 → 2 → 3 with reasons, assigning present agents of each level', () => {
    const { first, second, third } = staff();
    const { ticket } = newTicket(db);
    expect(ticket.assigneeId).toBe(first.id);
    expectDeskError(() => escalateTicket(db, ticket.id, first, { reason: '  ' }, ticket.version, CONFIG), 'invalid');
    const atTwo = escalateTicket(db, ticket.id, first, { reason: 'Needs customer-specific work' }, ticket.version, CONFIG, NOW + 1000);
    expect(atTwo).toMatchObject({ level: 2, assigneeId: second.id, status: 'new' });
    expect(eventsOf(db, ticket.id).filter((event) => event.version === atTwo.version)).toEqual([
      expect.objectContaining({ type: 'assigned', from_value: String(first.id), to_value: null, detail: 'escalated' }),
      expect.objectContaining({ type: 'escalated', actor_id: first.id, from_value: '1', to_value: '2', detail: 'Needs customer-specific work' }),
      expect.objectContaining({ type: 'assigned', from_value: null, to_value: String(second.id) }),
    ]);
    const atThree = escalateTicket(db, ticket.id, second, { reason: 'Undocumented problem' }, atTwo.version, CONFIG);
    expect(atThree).toMatchObject({ level: 3, assigneeId: third.id });
  });

  it('lets a level-3 ticket without a present specialist for its category wait in the level-3 queue', () => {
    const { second } = staff();
    const payrollExpert = addUser(db, { name: 'Paula Payroll', role: 'third_level', areas: ['payroll'], present: false });
    const { ticket } = newTicket(db, { category: 'payroll' });
    placeTicket(db, ticket.id, { level: 2, assigneeId: second.id });
    const escalated = escalateTicket(db, ticket.id, second, { reason: 'Payroll internals' }, ticket.version, CONFIG);
    expect(escalated).toMatchObject({ level: 3, assigneeId: null });
    expect(listQueue(db, 3, { unassigned: true }, NOW).map((entry) => entry.id)).toEqual([ticket.id]);
    expect(listQueue(db, 3, { areas: ['invoices'] }, NOW)).toEqual([]);
    expect(setPresence(db, payrollExpert, true).map((entry) => entry.ticketId)).toEqual([ticket.id]);
    expect(current(ticket.id).assigneeId).toBe(payrollExpert);
  });

  it('hands back to the previous assignee of the lower level when present, else by the rule', () => {
    const { second, third } = staff();
    const otherSecond = addUser(db, { name: 'Olga Other', role: 'second_level' });
    const { ticket } = newTicket(db);
    placeTicket(db, ticket.id, { level: 2, assigneeId: null });
    // Olga is busier, so Sam gets the ticket at level 2.
    for (let i = 0; i < 2; i++) placeTicket(db, newTicket(db).ticket.id, { level: 2, assigneeId: otherSecond });
    let t = takeTicket(db, ticket.id, second, {}, ticket.version, CONFIG);
    t = escalateTicket(db, t.id, second, { reason: 'Undocumented' }, t.version, CONFIG);
    expect(t.assigneeId).toBe(third.id);
    t = addNote(db, t.id, third, { body: 'Rebuild the index.' }, t.version, CONFIG);
    t = handBackTicket(db, t.id, third, { guidance: 'Rebuild the index, then ask the customer to retry.' }, t.version, CONFIG);
    expect(t).toMatchObject({ level: 2, assigneeId: second.id });
    expect(eventsOf(db, t.id).filter((event) => event.version === t.version).map((event) => [event.type, event.detail])).toEqual([
      ['assigned', 'handed back'],
      ['handed_back', 'Rebuild the index, then ask the customer to retry.'],
      ['assigned', 'back to the previous assignee'],
    ]);

    // Sam is away the next time: the ticket goes to Olga, the only present second-level agent.
    t = escalateTicket(db, t.id, second, { reason: 'Again' }, t.version, CONFIG);
    setPresence(db, second.id, false);
    t = handBackTicket(db, t.id, third, { guidance: 'Done' }, t.version, CONFIG);
    expect(t.assigneeId).toBe(otherSecond);
  });

  it('hands back 2 → 1 to the first-level agent who escalated', () => {
    const { first, second } = staff();
    addUser(db, { name: 'Fred First', role: 'first_level' });
    const { ticket } = newTicket(db, {}, NOW, () => 0);
    expect(ticket.assigneeId).toBe(first.id);
    const up = escalateTicket(db, ticket.id, first, { reason: 'Workaround needed' }, ticket.version, CONFIG);
    const down = handBackTicket(db, ticket.id, second, { guidance: 'Known issue, see article X' }, up.version, CONFIG);
    expect(down).toMatchObject({ level: 1, assigneeId: first.id });
    expectDeskError(() => handBackTicket(db, ticket.id, first, { guidance: 'x' }, down.version, CONFIG), 'forbidden');
  });

  it('lets any agent of the level take a ticket, also from a colleague', () => {
    const { first } = staff();
    const colleague = actorOf(db, addUser(db, { name: 'Carl Colleague', role: 'first_level' }));
    const { ticket } = newTicket(db, {}, NOW, () => 0);
    expect(ticket.assigneeId).toBe(first.id);
    const taken = takeTicket(db, ticket.id, colleague, {}, ticket.version, CONFIG);
    expect(taken.assigneeId).toBe(colleague.id);
    expect(eventsOf(db, ticket.id).at(-1)).toMatchObject({ type: 'assigned', from_value: String(first.id), to_value: String(colleague.id), detail: 'taken' });
  });
});

describe('replies, notes, priority and solving', () => {
  it('sets the first response once, opens a new ticket and mails the reply', () => {
    const { first } = staff();
    const { ticket } = newTicket(db);
    const once = replyToCustomer(db, ticket.id, first, { body: 'Please check <b>Settings</b>.' }, ticket.version, CONFIG, NOW + HOUR);
    expect(once).toMatchObject({ status: 'open', firstResponseAt: NOW + HOUR });
    const twice = replyToCustomer(db, ticket.id, first, { body: 'Any news?' }, once.version, CONFIG, NOW + 2 * HOUR);
    expect(twice.firstResponseAt).toBe(NOW + HOUR);
    const mail = listOutbox(db).find((entry) => entry.body.includes('Please check <b>Settings</b>.'))!;
    expect(mail).toMatchObject({ to: 'erika@example.com', ticketId: ticket.id });
    expect(mail.subject).toBe('[T-2026-000001] New reply to your request: Invoice numbers jump after import');
    expect(mail.body).toContain('Fiona First has replied');
    expect(mail.body).toContain('https://help.tallyhaus.example/tickets/status');
    expectDeskError(() => replyToCustomer(db, ticket.id, first, { body: '' }, twice.version, CONFIG), 'invalid');
    expectDeskError(() => replyToCustomer(db, ticket.id, first, { body: 'x'.repeat(20_001) }, twice.version, CONFIG), 'invalid');
  });

  it('records a specialist’s note as advice, visible to staff only', () => {
    const { second, third } = staff();
    const { ticket } = newTicket(db);
    placeTicket(db, ticket.id, { level: 2, assigneeId: second.id });
    const up = escalateTicket(db, ticket.id, second, { reason: 'Undocumented' }, ticket.version, CONFIG);
    const advised = addNote(db, ticket.id, third, { body: 'Use the repair tool.' }, up.version, CONFIG);
    expect(eventsOf(db, ticket.id).at(-1)).toMatchObject({ type: 'advice', actor_id: third.id });
    const back = handBackTicket(db, ticket.id, third, { guidance: 'See my advice.' }, advised.version, CONFIG);
    addNote(db, ticket.id, second, { body: 'Thanks' }, back.version, CONFIG);
    expect(eventsOf(db, ticket.id).at(-1)).toMatchObject({ type: 'note', actor_id: second.id });
    const staffView = listTimeline(db, ticket.id, { includeInternal: true });
    expect(staffView.find((entry) => entry.entry === 'message' && entry.kind === 'note')).toMatchObject({ authorName: 'Tess Third', authorRole: 'third_level' });
    expect(listTimeline(db, ticket.id, { includeInternal: false }).some((entry) => entry.entry === 'message' && entry.kind === 'note')).toBe(false);
  });

  it('recomputes the first-response due time with the priority until the first response', () => {
    const { first } = staff();
    const { ticket } = newTicket(db);
    const urgent = setPriority(db, ticket.id, first, { priority: 'urgent' }, ticket.version, CONFIG, NOW + 1000);
    expect(urgent).toMatchObject({ priority: 'urgent', firstResponseDue: NOW + 2 * HOUR });
    expect(eventsOf(db, ticket.id).slice(-2)).toEqual([
      expect.objectContaining({ type: 'priority', from_value: 'normal', to_value: 'urgent' }),
      expect.objectContaining({ type: 'first_response_due', from_value: new Date(NOW + 24 * HOUR).toISOString(), to_value: new Date(NOW + 2 * HOUR).toISOString() }),
    ]);
    const replied = replyToCustomer(db, ticket.id, first, { body: 'On it' }, urgent.version, CONFIG, NOW + HOUR);
    const low = setPriority(db, ticket.id, first, { priority: 'low' }, replied.version, CONFIG);
    expect(low).toMatchObject({ priority: 'low', firstResponseDue: NOW + 2 * HOUR });
    expectDeskError(() => setPriority(db, ticket.id, first, { priority: 'critical' as never }, low.version, CONFIG), 'invalid');
  });

  it('solves with a summary or an article (one is required), mails the solution and counts reuse', () => {
    const { first } = staff();
    const a = newTicket(db, { lang: 'de' });
    const b = newTicket(db);
    expect(expectDeskError(() => solveTicket(db, a.ticket.id, first, {}, 1, CONFIG), 'invalid').message).toMatch(/summary or link an article/);
    expectDeskError(() => solveTicket(db, a.ticket.id, first, { summary: '  ', articleSlug: '' }, 1, CONFIG), 'invalid');
    expectDeskError(() => solveTicket(db, a.ticket.id, first, { articleSlug: '../etc/passwd' }, 1, CONFIG), 'invalid');
    const solvedA = solveTicket(db, a.ticket.id, first, { articleSlug: 'rechnungsnummern-format' }, 1, CONFIG, NOW + HOUR);
    expect(solvedA).toMatchObject({ status: 'solved', solution: null, firstResponseAt: NOW + HOUR });
    solveTicket(db, b.ticket.id, first, { summary: 'Reset the number range.', articleSlug: 'rechnungsnummern-format' }, 1, CONFIG);
    expect(listLinkedArticles(db, a.ticket.id)).toEqual(['rechnungsnummern-format']);
    expect(articleReuseCounts(db)).toEqual(new Map([['rechnungsnummern-format', 2]]));

    const mailA = listOutbox(db).find((mail) => mail.ticketId === a.ticket.id && mail.subject.includes('gelöst'))!;
    expect(mailA.body).toContain('https://help.tallyhaus.example/de/articles/rechnungsnummern-format');
    expect(mailA.body).toContain('innerhalb von 7 Tagen');
    const mailB = listOutbox(db).find((mail) => mail.ticketId === b.ticket.id && mail.subject.includes('solved'))!;
    expect(mailB.body).toContain('Reset the number range.');

    // Reopened: the link no longer counts as a solution until the ticket is solved again.
    addCustomerReply(db, a.token, 'Did not help', CONFIG);
    expect(articleReuseCounts(db)).toEqual(new Map([['rechnungsnummern-format', 1]]));
  });

  it('counts only links on solved tickets as reuse', () => {
    const { first } = staff();
    const { ticket } = newTicket(db);
    linkArticle(db, ticket.id, first, { articleSlug: 'reset-password' }, ticket.version, CONFIG);
    expect(articleReuseCounts(db).size).toBe(0);
    expect(listLinkedArticles(db, ticket.id)).toEqual(['reset-password']);
  });
});

describe('listTimeline', () => {
  it('shows staff everything and the customer only messages, public replies and status changes', () => {
    const { first, second } = staff();
    const { ticket, token } = newTicket(db);
    let t = addNote(db, ticket.id, first, { body: 'Looks like a known bug' }, ticket.version, CONFIG, NOW + 1);
    t = replyToCustomer(db, t.id, first, { body: 'Could you send a screenshot?' }, t.version, CONFIG, NOW + 2);
    t = putOnHold(db, t.id, first, { reason: 'internal: waiting for screenshot' }, t.version, CONFIG, NOW + 3);
    t = addCustomerReply(db, token, 'Here it is', CONFIG, NOW + 4);
    t = escalateTicket(db, t.id, first, { reason: 'Internal reason' }, t.version, CONFIG, NOW + 5);
    t = solveTicket(db, t.id, second, { summary: 'Fixed the number range.' }, t.version, CONFIG, NOW + 6);

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
    setPriority(db, urgent.id, first, { priority: 'urgent' }, urgent.version, CONFIG, NOW);
    const solved = newTicket(db, {}, NOW).ticket;
    solveTicket(db, solved.id, first, { summary: 's' }, solved.version, CONFIG, NOW);
    const up = newTicket(db, {}, NOW).ticket;
    escalateTicket(db, up.id, first, { reason: 'r' }, up.version, CONFIG, NOW);

    const ids = (list: { id: number }[]): number[] => list.map((entry) => entry.id);
    expect(ids(listQueue(db, 1, {}, NOW))).toEqual([old.id, urgent.id, fresh.id]);
    expect(listQueue(db, 1, {}, NOW)[0]).toMatchObject({ overdue: true, assigneeName: 'Fiona First' });
    expect(ids(listQueue(db, 1, { overdue: true }, NOW))).toEqual([old.id]);
    expect(ids(listQueue(db, 1, { overdue: false }, NOW))).toEqual([urgent.id, fresh.id]);
    expect(ids(listQueue(db, 1, { category: 'invoices' }, NOW))).toEqual([urgent.id, fresh.id]);
    expect(ids(listQueue(db, 1, { priority: 'urgent' }, NOW))).toEqual([urgent.id]);
    expect(ids(listQueue(db, 1, { status: 'solved' }, NOW))).toEqual([solved.id]);
    expect(ids(listQueue(db, 1, { areas: ['banking'] }, NOW))).toEqual([old.id]);
    expect(ids(listQueue(db, 1, { areas: [] }, NOW))).toEqual([]);
    expect(ids(listQueue(db, 2, {}, NOW))).toEqual([up.id]);
    // The urgent ticket becomes overdue two hours later.
    expect(ids(listQueue(db, 1, { overdue: true }, NOW + 2 * HOUR + 1))).toEqual([urgent.id, old.id]);

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
