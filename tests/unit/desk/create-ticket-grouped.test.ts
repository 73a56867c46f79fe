/**
 * Ticket creation and customer replies through the group committer (what the customer form
 * and the status page use): tickets sent together share one commit, references stay
 * gap-free and in arrival order, a bad ticket fails alone, a full disk fails the batch.
 * On PostgreSQL there is no group committer (one transaction per ticket): the same outcomes
 * per ticket, references gap-free but in commit order; the commit counting and the full disk
 * are SQLite's (the WAL file and `max_page_count`).
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Db } from '../../../src/lib/server/platform/db.ts';
import type { Database } from '../../../src/lib/server/platform/database/connect.ts';
import { createTicketGrouped, TicketRateLimited, type TicketFormLimit } from '../../../src/lib/server/desk/create-ticket.ts';
import type { TicketInput } from '../../../src/lib/server/desk/ticket-input.ts';
import { addCustomerReplyGrouped } from '../../../src/lib/server/desk/add-customer-reply.ts';
import { DeskError } from '../../../src/lib/server/desk/errors.ts';
import { noteStorageSuccess, setStorageLog, withStorageScope } from '../../../src/lib/server/platform/storage-health.ts';
import { walCommits, walOnly } from '../platform/wal-commits.ts';
import { ENGINES, useDatabase } from '../engines.ts';
import { CONFIG, countRows, newTicket, NOW, placeTicket, ticketForm } from './fixture.ts';

describe.each(ENGINES)('grouped creation on %s', (engine) => {
  const env = useDatabase(engine, { each: true });
  let database: Database;
  /** The SQLite connection (null on PostgreSQL). */
  let db: Db | null;
  let log: string[];

  beforeEach(() => {
    ({ database, sqlite: db } = env.current);
    if (db) walOnly(db);
    log = [];
    setStorageLog((line) => log.push(line));
    noteStorageSuccess();
    log.length = 0;
  });

  afterEach(() => {
    setStorageLog((line) => console.error(line));
  });

  /** WAL commits so far on SQLite; null on PostgreSQL (each ticket commits on its own there). */
  const commits = (): number | null => (db ? walCommits(db) : null);
  /** On SQLite: exactly one commit since `before`. */
  const expectOneCommitSince = (before: number | null): void => {
    if (db) expect(walCommits(db) - before!).toBe(1);
  };

  const create = (subject: string, { limit, ...overrides }: Partial<TicketInput> & { limit?: TicketFormLimit } = {}) =>
    createTicketGrouped(database, { input: ticketForm({ subject, ...overrides }), config: CONFIG, now: NOW, limit });

  describe('createTicketGrouped', () => {
    it('commits tickets sent together in one transaction, with gap-free references in arrival order', async () => {
      const before = commits();
      const subjects = Array.from({ length: 12 }, (_, n) => `Request ${n + 1}`);
      const created = await Promise.all(subjects.map((subject) => create(subject)));
      expectOneCommitSince(before);
      const expected = subjects.map((subject, n) => [`T-2026-${String(n + 1).padStart(6, '0')}`, subject]);
      const actual = created.map(({ ticket }) => [ticket.reference, ticket.subject]);
      if (engine === 'sqlite') expect(actual).toEqual(expected);
      // PostgreSQL: concurrent transactions commit in any order; the references are still 1..12 without a gap.
      else expect(actual.map(([reference]) => reference).sort()).toEqual(expected.map(([reference]) => reference));
      // Everything that belongs to each ticket was committed with it.
      expect(await countRows(database, 'tickets')).toBe(12);
      expect(await countRows(database, 'outbox')).toBe(12);
      expect(await countRows(database, 'ticket_messages')).toBe(12);
      expect(new Set(created.map(({ token }) => token)).size).toBe(12);
    });

    it('a ticket the schema refuses fails alone with its own DeskError; the others keep gap-free references', async () => {
      const before = commits();
      const results = await Promise.allSettled([create('First'), create('', { email: 'nope' }), create('Second')]);
      expect(results[0]).toMatchObject({ status: 'fulfilled', value: { ticket: { subject: 'First' } } });
      expect(results[1].status).toBe('rejected');
      const error = (results[1] as PromiseRejectedResult).reason as DeskError;
      expect(error).toBeInstanceOf(DeskError);
      expect(error.code).toBe('invalid');
      expect(results[2]).toMatchObject({ status: 'fulfilled', value: { ticket: { subject: 'Second' } } });
      const references = results.flatMap((result) => (result.status === 'fulfilled' ? [result.value.ticket.reference] : []));
      if (engine === 'sqlite') expect(references).toEqual(['T-2026-000001', 'T-2026-000002']);
      else expect(references.sort()).toEqual(['T-2026-000001', 'T-2026-000002']);
      expect(await countRows(database, 'tickets')).toBe(2);
      expectOneCommitSince(before);
    });

    it('counts the per-client limit in the same commit: beyond it nothing is written, and a refused ticket counts nothing', async () => {
      const limit = { bucket: 'ticket-client', options: { limit: 2, windowMs: 60_000 }, key: '198.51.100.7' };
      const before = commits();
      // PostgreSQL: one after the other, so that "beyond the limit" is the third one (concurrent
      // transactions would race for which two of the three win).
      const send = engine === 'sqlite' ? (runs: (() => Promise<unknown>)[]) => Promise.allSettled(runs.map((run) => run())) : sequentially;
      const results = await send([
        () => create('First', { limit }),
        () => create('', { email: 'nope', limit }), // invalid: its hit is rolled back with it
        () => create('Second', { limit }),
        () => create('Third', { limit }),
        () => create('Other client', { limit: { ...limit, key: '203.0.113.9' } }),
      ]);
      expect(results.map((result) => result.status)).toEqual(['fulfilled', 'rejected', 'fulfilled', 'rejected', 'fulfilled']);
      expect((results[1] as PromiseRejectedResult).reason).toBeInstanceOf(DeskError);
      const refused = (results[3] as PromiseRejectedResult).reason as TicketRateLimited;
      expect(refused).toBeInstanceOf(TicketRateLimited);
      expect(refused.retryAfterMs).toBeGreaterThan(0);
      expectOneCommitSince(before);
      expect((await database.kysely.selectFrom('tickets').select('subject').orderBy('reference').execute()).map((row) => row.subject)).toEqual(['First', 'Second', 'Other client']);
      expect(
        await database.kysely
          .selectFrom('rate_limit_hits')
          .select(['key', (eb) => eb.fn.countAll<number>().as('n')])
          .where('bucket', '=', 'ticket-client')
          .groupBy('key')
          .orderBy('key')
          .execute(),
      ).toEqual([
        { key: '198.51.100.7', n: 2 },
        { key: '203.0.113.9', n: 1 },
      ]);
    });

    // SQLite only: a full disk is simulated with max_page_count, and the batch is SQLite's group commit.
    it.runIf(engine === 'sqlite')('on a full disk rejects every ticket of the batch, marks each request, writes nothing and uses no reference', async () => {
      db!.pragma(`max_page_count = ${db!.pragma('page_count', { simple: true }) as number}`);
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
      expect(await countRows(database, 'tickets')).toBe(0);
      expect(log).toHaveLength(1);

      db!.pragma('max_page_count = 1073741823');
      const { ticket } = await create('After the disk was cleared', { description: long });
      expect(ticket.reference).toBe('T-2026-000001');
    });
  });

  describe('addCustomerReplyGrouped', () => {
    it('shares the commit with tickets sent at the same time; a reply to a closed ticket fails alone', async () => {
      const open = await newTicket(database, { subject: 'Open one' });
      const closed = await newTicket(database, { subject: 'Closed one' });
      await placeTicket(database, closed.ticket.id, { status: 'closed' });
      const before = commits();
      const results = await Promise.allSettled([
        addCustomerReplyGrouped(database, { token: open.token, body: 'More details', now: NOW + 1 }),
        addCustomerReplyGrouped(database, { token: closed.token, body: 'Too late', now: NOW + 1 }),
        create('New one'),
      ]);
      expect(results[0]).toMatchObject({ status: 'fulfilled', value: { id: open.ticket.id, version: 2 } });
      expect(results[1].status).toBe('rejected');
      expect(((results[1] as PromiseRejectedResult).reason as DeskError).code).toBe('closed');
      expect(results[2]).toMatchObject({ status: 'fulfilled', value: { ticket: { reference: 'T-2026-000003' } } });
      expectOneCommitSince(before);
      expect(await database.kysely.selectFrom('ticket_messages').select('id').where('body', '=', 'Too late').execute()).toEqual([]);
    });
  });
});

/** Runs the calls one after the other, settled like Promise.allSettled. */
async function sequentially(runs: (() => Promise<unknown>)[]): Promise<PromiseSettledResult<unknown>[]> {
  const results: PromiseSettledResult<unknown>[] = [];
  for (const run of runs) {
    try {
      results.push({ status: 'fulfilled', value: await run() });
    } catch (reason) {
      results.push({ status: 'rejected', reason });
    }
  }
  return results;
}
