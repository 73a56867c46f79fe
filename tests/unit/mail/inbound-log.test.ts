/**
 * Reading the record of incoming mail and a ticket's attachments, on both engines: newest
 * first, by outcome, counted per outcome, one mail with its original, a ticket's mails and
 * files oldest first (rows written directly; processing is tested in threading/imap-channel);
 * the IMAP poller's own bookkeeping (processed?, unprocessed once, moved once).
 */
import { describe, expect, it } from 'vitest';
import { countInbound, getInbound, inboundOfTicket, listInbound, rolesForInbound } from '../../../src/lib/server/mail/inbound-log.ts';
import { getAttachment, listAttachments } from '../../../src/lib/server/attachments/attachment-store.ts';
import { dedupeKey, isProcessed, markMoved, parseMail, recordUnprocessed } from '../../../src/lib/server/mail/process-inbound.ts';
import { ENGINES, useDatabase } from '../engines.ts';
import { NOW } from '../desk/fixture.ts';

describe.each(ENGINES)('inbound log and attachments on %s', (engine) => {
  const env = useDatabase(engine);

  it('lists, counts and opens incoming mails, and a ticket’s mails and files', async () => {
    const { database } = env.current;
    const { kysely } = database;
    const { id: ticketId } = await kysely
      .insertInto('tickets')
      .values({ reference: 'T-2026-000001', token_hash: `inbound-${engine}`, customer_name: 'Carla', customer_email: 'carla@example.com', subject: 'Question', category: 'invoices', lang: 'en', created_at: NOW, updated_at: NOW, first_response_due: NOW })
      .returning('id')
      .executeTakeFirstOrThrow();
    const mail = (n: number, outcome: string, ticket: number | null) => ({
      dedupe_key: `key-${n}`,
      from_address: `sender${n}@example.com`,
      subject: `Mail ${n}`,
      outcome,
      reason: outcome === 'unprocessed' ? 'no text' : null,
      ticket_id: ticket,
      raw: `raw ${n}`,
      html: n === 2 ? '<p>two</p>' : null,
      received_at: NOW + n,
    });
    await kysely.insertInto('mail_inbound').values([mail(1, 'ticket', ticketId), mail(2, 'reply', ticketId), mail(3, 'unprocessed', null)]).execute();

    const all = await listInbound(database);
    expect(all.map((entry) => [entry.subject, entry.outcome, entry.ticketReference])).toEqual([
      ['Mail 3', 'unprocessed', null],
      ['Mail 2', 'reply', 'T-2026-000001'],
      ['Mail 1', 'ticket', 'T-2026-000001'],
    ]);
    expect((await listInbound(database, { outcome: 'unprocessed' })).map((entry) => entry.reason)).toEqual(['no text']);
    expect(await listInbound(database, { limit: 1 })).toHaveLength(1);
    expect(await countInbound(database)).toEqual({ unprocessed: 1, ignored: 0, ticket: 1, reply: 1 });
    const two = await getInbound(database, all[1]!.id);
    expect(two).toMatchObject({ subject: 'Mail 2', raw: 'raw 2', html: '<p>two</p>', ticketId, receivedAt: NOW + 2 });
    expect(rolesForInbound(two)).toBeUndefined();
    expect(rolesForInbound(await getInbound(database, all[0]!.id))).toEqual(['admin']);
    expect(await getInbound(database, 99_999_999)).toBeNull();
    expect((await inboundOfTicket(database, ticketId)).map((entry) => entry.subject)).toEqual(['Mail 1', 'Mail 2']);

    const file = (name: string) => ({ ticket_id: ticketId, message_id: null, file_name: name, mime: 'text/plain', size: 3, storage_name: `stored-${name}`, created_at: NOW });
    await kysely.insertInto('attachments').values([file('a.txt'), file('b.txt')]).execute();
    const files = await listAttachments(database, ticketId);
    expect(files.map((entry) => [entry.fileName, entry.ticketId, entry.size])).toEqual([
      ['a.txt', ticketId, 3],
      ['b.txt', ticketId, 3],
    ]);
    expect(await getAttachment(database, '/data/attachments', files[1]!.id)).toMatchObject({ fileName: 'b.txt', file: '/data/attachments/stored-b.txt' });
    expect(await getAttachment(database, '/data/attachments', 99_999_999)).toBeNull();
  });
});

describe.each(ENGINES)('the poller’s bookkeeping on %s', (engine) => {
  const env = useDatabase(engine);

  it('records a failed mail once as unprocessed (also twice, also from two instances), and marks mails moved once', async () => {
    const { database } = env.current;
    const raw = Buffer.from('From: someone@example.com\r\nSubject: Broken\r\nMessage-ID: <broken-1@example.com>\r\n\r\nBody');
    const parsed = await parseMail(raw);
    const key = dedupeKey(parsed, raw);
    expect(await isProcessed(database, key)).toBe(false);
    await Promise.all([recordUnprocessed(database, raw, parsed, 'processing failed: disk full', NOW), recordUnprocessed(database, raw, parsed, 'a second attempt', NOW + 1)]);
    expect(await isProcessed(database, key)).toBe(true);
    const rows = await database.kysely.selectFrom('mail_inbound').select(['outcome', 'reason', 'from_address', 'subject', 'moved_at']).where('dedupe_key', '=', key).execute();
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ outcome: 'unprocessed', from_address: 'someone@example.com', subject: 'Broken', moved_at: null });
    await markMoved(database, [key, 'no-such-key'], NOW + 10);
    await markMoved(database, [key], NOW + 20);
    await markMoved(database, []);
    expect((await database.kysely.selectFrom('mail_inbound').select('moved_at').where('dedupe_key', '=', key).executeTakeFirstOrThrow()).moved_at).toBe(NOW + 10);
  });
});
