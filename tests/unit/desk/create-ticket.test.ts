/**
 * `createTicket`: creation in one transaction (references, token hashing, first message,
 * assignment, confirmation mail), and references unique under concurrent creation.
 */
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import type { Db } from '../../../src/lib/server/platform/db.ts';
import { listOutbox } from '../../../src/lib/server/mail/outbox.ts';
import { listTimeline } from '../../../src/lib/server/desk/timeline.ts';
import { deskDatabase, addUser, countRows, expectDeskError, HOUR, newTicket, NOW, ticketForm } from './fixture.ts';
import { useTempDb } from '../support/temp-db.ts';

let db: Db;
let dir: string;

useTempDb((temp) => ({ db, dir } = temp), 'tierzero-desk-');

const count = (table: string): number => countRows(db, table);

describe('createTicket', () => {
  it('creates the ticket, the first message, a created event and the confirmation mail', async () => {
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
    const [mail] = await listOutbox(deskDatabase(db));
    expect(mail).toMatchObject({ ticketId: ticket.id, to: 'erika@example.com', status: 'pending', nextAttemptAt: NOW });
    expect(mail.subject).toBe('[T-2026-000001] Wir haben Ihre Anfrage erhalten: Invoice numbers jump after import');
    // The stored body holds the placeholder the outbox fills while sending, never the token.
    expect(mail.body).toMatch(/^\{\{status-link\}\}$/m);
    expect(mail.body).not.toContain(token);
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

  // 1,000 commits, each fsynced (synchronous = FULL): give a loaded machine time.
  it('keeps references unique and gap-free under many creations', { timeout: 90_000 }, () => {
    const references = Array.from({ length: 1000 }, () => newTicket(db).ticket.reference);
    expect(new Set(references).size).toBe(1000);
    expect(references.at(-1)).toBe('T-2026-001000');
    expect(count('tickets')).toBe(1000);
  });

  it('keeps references unique when several processes create tickets at once', { timeout: 90_000 }, async () => {
    const perWorker = 150;
    const workers = 4;
    const file = path.join(dir, 'data', 'tierzero.sqlite');
    const ticketsModule = new URL('../../../src/lib/server/desk/create-ticket.ts', import.meta.url).href;
    const dbModule = new URL('../../../src/lib/server/platform/db.ts', import.meta.url).href;
    const hoursModule = new URL('../../../src/lib/server/desk/business-hours.ts', import.meta.url).href;
    const code = `
      import { workerData, parentPort } from 'node:worker_threads';
      const { openDatabase } = await import(${JSON.stringify(dbModule)});
      const { createTicket } = await import(${JSON.stringify(ticketsModule)});
      const { ALWAYS_OPEN } = await import(${JSON.stringify(hoursModule)});
      const db = openDatabase(workerData.dir, workerData.file);
      const config = { firstResponseHours: { low: 72, normal: 24, high: 8, urgent: 2 }, resolutionHours: { low: 240, normal: 120, high: 40, urgent: 8 }, businessHours: ALWAYS_OPEN, autoCloseDays: 7, siteUrl: 'http://x', mailFrom: 'a@b.c' };
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
