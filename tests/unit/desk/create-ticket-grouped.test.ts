/**
 * Ticket creation and customer replies through the group committer (what the customer form
 * and the status page use): tickets sent together share one commit, references stay
 * gap-free and in arrival order, a bad ticket fails alone, a full disk fails the batch.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Db } from '../../../src/lib/server/platform/db.ts';
import { createTicketGrouped, TicketRateLimited, type TicketFormLimit } from '../../../src/lib/server/desk/create-ticket.ts';
import type { TicketInput } from '../../../src/lib/server/desk/ticket-input.ts';
import { addCustomerReplyGrouped } from '../../../src/lib/server/desk/add-customer-reply.ts';
import { DeskError } from '../../../src/lib/server/desk/errors.ts';
import { noteStorageSuccess, setStorageLog, withStorageScope } from '../../../src/lib/server/platform/storage-health.ts';
import { walCommits, walOnly } from '../platform/wal-commits.ts';
import { CONFIG, countRows, newTicket, NOW, openDeskDb, placeTicket, ticketForm } from './fixture.ts';

let db: Db;
let close: () => void;
let log: string[];

beforeEach(() => {
  ({ db, close } = openDeskDb());
  walOnly(db);
  log = [];
  setStorageLog((line) => log.push(line));
  noteStorageSuccess();
  log.length = 0;
});

afterEach(() => {
  setStorageLog((line) => console.error(line));
  close();
});

const create = (subject: string, { limit, ...overrides }: Partial<TicketInput> & { limit?: TicketFormLimit } = {}) =>
  createTicketGrouped(db, { input: ticketForm({ subject, ...overrides }), config: CONFIG, now: NOW, limit });

describe('createTicketGrouped', () => {
  it('commits tickets sent together in one transaction, with gap-free references in arrival order', async () => {
    const before = walCommits(db);
    const subjects = Array.from({ length: 12 }, (_, n) => `Request ${n + 1}`);
    const created = await Promise.all(subjects.map((subject) => create(subject)));
    expect(walCommits(db) - before).toBe(1);
    expect(created.map(({ ticket }) => [ticket.reference, ticket.subject])).toEqual(subjects.map((subject, n) => [`T-2026-${String(n + 1).padStart(6, '0')}`, subject]));
    // Everything that belongs to each ticket was committed with it.
    expect(countRows(db, 'tickets')).toBe(12);
    expect(countRows(db, 'outbox')).toBe(12);
    expect(countRows(db, 'ticket_messages')).toBe(12);
    expect(new Set(created.map(({ token }) => token)).size).toBe(12);
  });

  it('a ticket the schema refuses fails alone with its own DeskError; the others keep gap-free references', async () => {
    const before = walCommits(db);
    const results = await Promise.allSettled([create('First'), create('', { email: 'nope' }), create('Second')]);
    expect(results[0]).toMatchObject({ status: 'fulfilled', value: { ticket: { reference: 'T-2026-000001', subject: 'First' } } });
    expect(results[1].status).toBe('rejected');
    const error = (results[1] as PromiseRejectedResult).reason as DeskError;
    expect(error).toBeInstanceOf(DeskError);
    expect(error.code).toBe('invalid');
    expect(results[2]).toMatchObject({ status: 'fulfilled', value: { ticket: { reference: 'T-2026-000002', subject: 'Second' } } });
    expect(countRows(db, 'tickets')).toBe(2);
    expect(walCommits(db) - before).toBe(1);
  });

  it('counts the per-client limit in the same commit: beyond it nothing is written, and a refused ticket counts nothing', async () => {
    const limit = { bucket: 'ticket-client', options: { limit: 2, windowMs: 60_000 }, key: '198.51.100.7' };
    const before = walCommits(db);
    const results = await Promise.allSettled([
      create('First', { limit }),
      create('', { email: 'nope', limit }), // invalid: its hit is rolled back with it
      create('Second', { limit }),
      create('Third', { limit }),
      create('Other client', { limit: { ...limit, key: '203.0.113.9' } }),
    ]);
    expect(results.map((result) => result.status)).toEqual(['fulfilled', 'rejected', 'fulfilled', 'rejected', 'fulfilled']);
    expect((results[1] as PromiseRejectedResult).reason).toBeInstanceOf(DeskError);
    const refused = (results[3] as PromiseRejectedResult).reason as TicketRateLimited;
    expect(refused).toBeInstanceOf(TicketRateLimited);
    expect(refused.retryAfterMs).toBeGreaterThan(0);
    expect(walCommits(db) - before).toBe(1);
    expect(db.prepare('SELECT subject FROM tickets ORDER BY reference').pluck().all()).toEqual(['First', 'Second', 'Other client']);
    expect(db.prepare("SELECT key, COUNT(*) AS n FROM rate_limit_hits WHERE bucket = 'ticket-client' GROUP BY key ORDER BY key").all()).toEqual([
      { key: '198.51.100.7', n: 2 },
      { key: '203.0.113.9', n: 1 },
    ]);
  });

  it('on a full disk rejects every ticket of the batch, marks each request, writes nothing and uses no reference', async () => {
    db.pragma(`max_page_count = ${db.pragma('page_count', { simple: true }) as number}`);
    const long = 'x'.repeat(15_000);
    const requests = await Promise.all(
      [1, 2, 3].map((n) =>
        withStorageScope(`POST /tickets/new #${n}`, () =>
          create(`Request ${n}`, { description: long }).then(
            () => 'acknowledged',
            (error: { code?: string }) => error.code,
          ),
        ),
      ),
    );
    expect(requests.map((request) => [request.value, (request.failed as { code?: string } | null)?.code])).toEqual(Array(3).fill(['SQLITE_FULL', 'SQLITE_FULL']));
    expect(countRows(db, 'tickets')).toBe(0);
    expect(log).toHaveLength(1);

    db.pragma('max_page_count = 1073741823');
    const { ticket } = await create('After the disk was cleared', { description: long });
    expect(ticket.reference).toBe('T-2026-000001');
  });
});

describe('addCustomerReplyGrouped', () => {
  it('shares the commit with tickets sent at the same time; a reply to a closed ticket fails alone', async () => {
    const open = newTicket(db, { subject: 'Open one' });
    const closed = newTicket(db, { subject: 'Closed one' });
    placeTicket(db, closed.ticket.id, { status: 'closed' });
    const before = walCommits(db);
    const results = await Promise.allSettled([
      addCustomerReplyGrouped(db, { token: open.token, body: 'More details', now: NOW + 1 }),
      addCustomerReplyGrouped(db, { token: closed.token, body: 'Too late', now: NOW + 1 }),
      create('New one'),
    ]);
    expect(results[0]).toMatchObject({ status: 'fulfilled', value: { id: open.ticket.id, version: 2 } });
    expect(results[1].status).toBe('rejected');
    expect(((results[1] as PromiseRejectedResult).reason as DeskError).code).toBe('closed');
    expect(results[2]).toMatchObject({ status: 'fulfilled', value: { ticket: { reference: 'T-2026-000003' } } });
    expect(walCommits(db) - before).toBe(1);
    expect(db.prepare("SELECT COUNT(*) FROM ticket_messages WHERE body = 'Too late'").pluck().get()).toBe(0);
  });
});
