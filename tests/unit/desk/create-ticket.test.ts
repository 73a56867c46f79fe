/**
 * `createTicket`: creation in one transaction (references, token hashing, first message,
 * assignment, confirmation mail), and references unique under concurrent creation.
 */
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { sql } from 'kysely';
import { beforeEach, describe, expect, it } from 'vitest';
import { listOutbox } from '../../../src/lib/server/mail/outbox.ts';
import { listTimeline } from '../../../src/lib/server/desk/timeline.ts';
import { addUser, countRows, expectDeskError, HOUR, newTicket, NOW, ticketForm } from './fixture.ts';
import type { Database } from '../../../src/lib/server/platform/database/connect.ts';
import { ENGINES, useDatabase } from '../engines.ts';

describe.each(ENGINES)('create-ticket on %s', (engine) => {
  const env = useDatabase(engine, { each: true });
  let database: Database;
  beforeEach(() => {
    ({ database } = env.current);
  });

  const count = async (table: string): Promise<number> => await countRows(database, table);

  describe('createTicket', () => {
    it('creates the ticket, the first message, a created event and the confirmation mail', async () => {
      const { ticket, token } = await newTicket(database, { lang: 'de', sourceQuery: 'rechnungsnummer springt', sourceArticle: 'rechnungsnummern-format' });
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
      expect(await listTimeline(database, ticket.id, { includeInternal: true })).toEqual([
        expect.objectContaining({ entry: 'event', type: 'created', to: 'new', version: 1 }),
        expect.objectContaining({ entry: 'message', kind: 'customer', authorName: 'Erika Mustermann', body: ticketForm().description }),
      ]);
      const [mail] = await listOutbox(database);
      expect(mail).toMatchObject({ ticketId: ticket.id, to: 'erika@example.com', status: 'pending', nextAttemptAt: NOW });
      expect(mail.subject).toBe('[T-2026-000001] Wir haben Ihre Anfrage erhalten: Invoice numbers jump after import');
      // The stored body holds the placeholder the outbox fills while sending, never the token.
      expect(mail.body).toMatch(/^\{\{status-link\}\}$/m);
      expect(mail.body).not.toContain(token);
    });

    it('refuses invalid input without writing anything', async () => {
      const error = await expectDeskError(() => newTicket(database, { subject: '', email: 'nope' }), 'invalid');
      expect(error.message).toMatch(/subject/);
      expect(await count('tickets') + await count('ticket_sequence') + await count('outbox')).toBe(0);
    });

    it('is one transaction: when queueing the mail fails, nothing is left behind', async () => {
      await addUser(database, { name: 'Agent', role: 'first_level' });
      // The outbox table is missing for a moment (renamed: a DROP would leave the suite's database without it).
      await sql`ALTER TABLE outbox RENAME TO outbox_away`.execute(database.kysely);
      try {
        await expect(newTicket(database)).rejects.toThrow(/outbox/);
      } finally {
        await sql`ALTER TABLE outbox_away RENAME TO outbox`.execute(database.kysely);
      }
      expect(await count('tickets') + await count('ticket_messages') + await count('ticket_events') + await count('ticket_sequence')).toBe(0);
    });

    it('gives the ticket its reference before the assignee hears of it (their e-mail names the reference)', async () => {
      const agent = await addUser(database, { name: 'Agent', role: 'first_level' });
      await database.kysely.updateTable('users').set({ notify_email: 1 }).where('id', '=', agent).execute();
      const { ticket } = await newTicket(database);
      expect(ticket).toMatchObject({ reference: 'T-2026-000001', assigneeId: agent });
      const mails = await database.kysely.selectFrom('outbox').select(['to_address', 'subject', 'body']).where('to_address', '=', 'agent@tallyhaus.example').execute();
      expect(mails).toHaveLength(1);
      expect(`${mails[0].subject}\n${mails[0].body}`).toContain('T-2026-000001');
      expect(`${mails[0].subject}\n${mails[0].body}`).not.toContain('pending');
    });

    it('numbers references per year, sequentially', async () => {
      const inYear = (year: number): number => Date.UTC(year, 5, 1);
      const references = [
        (await newTicket(database, {}, inYear(2026))).ticket.reference,
        (await newTicket(database, {}, inYear(2026))).ticket.reference,
        (await newTicket(database, {}, inYear(2027))).ticket.reference,
        (await newTicket(database, {}, inYear(2026))).ticket.reference,
        (await newTicket(database, {}, Date.UTC(2027, 11, 31, 23, 59, 59))).ticket.reference,
        (await newTicket(database, {}, Date.UTC(2028, 0, 1))).ticket.reference,
      ];
      expect(references).toEqual(['T-2026-000001', 'T-2026-000002', 'T-2027-000001', 'T-2026-000003', 'T-2027-000002', 'T-2028-000001']);
    });

    // 1,000 commits, each fsynced (synchronous = FULL): give a loaded machine time.
    it('keeps references unique and gap-free under many creations', { timeout: 90_000 }, async () => {
      const references: string[] = [];
      for (let i = 0; i < 1000; i++) references.push((await newTicket(database)).ticket.reference);
      expect(new Set(references).size).toBe(1000);
      expect(references.at(-1)).toBe('T-2026-001000');
      expect(await count('tickets')).toBe(1000);
    });

    // SQLite only: processes sharing one database file (on PostgreSQL, two pools create at once:
    // ticket-reference-concurrency.test.ts).
    it.runIf(engine === 'sqlite')('keeps references unique when several processes create tickets at once', { timeout: 90_000 }, async () => {
      const perWorker = 150;
      const workers = 4;
      const file = env.current.sqlite!.name;
      const ticketsModule = new URL('../../../src/lib/server/desk/create-ticket.ts', import.meta.url).href;
      const dbModule = new URL('../../../src/lib/server/platform/db.ts', import.meta.url).href;
      const connectModule = new URL('../../../src/lib/server/platform/database/connect.ts', import.meta.url).href;
      const hoursModule = new URL('../../../src/lib/server/desk/business-hours.ts', import.meta.url).href;
      const code = `
      import { workerData, parentPort } from 'node:worker_threads';
      const { openDatabase } = await import(${JSON.stringify(dbModule)});
      const { sqliteDatabase } = await import(${JSON.stringify(connectModule)});
      const { createTicket } = await import(${JSON.stringify(ticketsModule)});
      const { ALWAYS_OPEN } = await import(${JSON.stringify(hoursModule)});
      const db = openDatabase(workerData.dir, workerData.file);
      const database = sqliteDatabase(db);
      const config = { firstResponseHours: { low: 72, normal: 24, high: 8, urgent: 2 }, resolutionHours: { low: 240, normal: 120, high: 40, urgent: 8 }, businessHours: ALWAYS_OPEN, autoCloseDays: 7, siteUrl: 'http://x', mailFrom: 'a@b.c' };
      const references = [];
      for (let i = 0; i < workerData.count; i++) {
        references.push((await createTicket(database, { input: { name: 'W', email: 'w@example.com', subject: 's', description: 'd', category: 'invoices', lang: 'en' }, config, now: ${NOW} })).ticket.reference);
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
      expect(await count('tickets')).toBe(perWorker * workers);
    });
  });
});
