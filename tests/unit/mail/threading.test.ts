/**
 * Threading and processing of incoming mail against a real database (no IMAP): replies find
 * their ticket by In-Reply-To/References to the Message-IDs Tierzero sent, else by the
 * reference in the subject from the ticket's own customer, else they open a new ticket; a
 * closed ticket is never reopened by mail; the same mail twice is processed once; the
 * per-sender limit holds; the language is guessed only for a first ticket.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import type { Database } from '../../../src/lib/server/platform/database/connect.ts';
import { ENGINES, useDatabase } from '../engines.ts';
import { cleanSubject, parseMail, processMail, referencedIds, type InboundOptions } from '../../../src/lib/server/mail/process-inbound.ts';
import { threadHeaders } from '../../../src/lib/server/mail/thread-ids.ts';
import { detectLanguage } from '../../../src/lib/server/mail/detect-language.ts';
import { mergeTickets } from '../../../src/lib/server/desk/merge-tickets.ts';
import { CONFIG, countRows, NOW, newTicket, placeTicket } from '../desk/fixture.ts';

const OPTIONS: InboundOptions = { supportAddresses: ['support@tallyhaus.example'], ratePerHour: 3, now: NOW };

describe.each(ENGINES)('mail threading on %s', (engine) => {
  const env = useDatabase(engine, { each: true });
  let database: Database;
  beforeEach(() => {
    ({ database } = env.current);
  });

  function raw(options: { from?: string; subject: string; body: string; messageId?: string; inReplyTo?: string; references?: string }): Buffer {
    return Buffer.from(
      [
        `From: ${options.from ?? 'Anna Berger <anna@kunde.example>'}`,
        'To: support@tallyhaus.example',
        `Subject: ${options.subject}`,
        `Message-ID: ${options.messageId ?? `<${Math.random().toString(36).slice(2)}@kunde.example>`}`,
        ...(options.inReplyTo ? [`In-Reply-To: ${options.inReplyTo}`] : []),
        ...(options.references ? [`References: ${options.references}`] : []),
        'Content-Type: text/plain; charset=utf-8',
        '',
        options.body,
      ].join('\r\n'),
    );
  }

  async function process(mail: Buffer, options: Partial<InboundOptions> = {}) {
    return await processMail(database, mail, await parseMail(mail), CONFIG, { ...OPTIONS, ...options });
  }

  async function outboxIdsOf(ticketId: number): Promise<string[]> {
    return (await database.kysely.selectFrom('outbox').select('message_id').where('ticket_id', '=', ticketId).orderBy('id').execute()).map((row) => row.message_id!);
  }

  describe('threading', () => {
    it('threads a reply to a merged ticket into the ticket it was merged into', async () => {
      const into = (await newTicket(database, { email: 'anna@kunde.example' })).ticket;
      const merged = (await newTicket(database, { email: 'anna@kunde.example' })).ticket;
      const [confirmation] = await outboxIdsOf(merged.id);
      const { id: admin } = await database.kysely
        .insertInto('users')
        .values({ email: 'ada@tallyhaus.example', name: 'Ada', role: 'admin', password_hash: 'x', created_at: 0 })
        .returning('id')
        .executeTakeFirstOrThrow();
      await mergeTickets(database, { ticketId: merged.id, actor: { id: admin, role: 'admin', areas: [] }, intoReference: into.reference, expectedVersion: merged.version, config: CONFIG });
      expect(await process(raw({ subject: 'Re: anything', body: 'By header.', inReplyTo: confirmation }))).toMatchObject({ outcome: 'reply', ticketId: into.id });
      expect(await process(raw({ subject: `Re: [${merged.reference}] anything`, body: 'By reference.' }))).toMatchObject({ outcome: 'reply', ticketId: into.id });
    });

    it('threads a reply by In-Reply-To to a mail Tierzero sent', async () => {
      const { ticket } = await newTicket(database, { email: 'anna@kunde.example' });
      const [confirmation] = await outboxIdsOf(ticket.id);
      const result = await process(raw({ subject: 'Re: something else', body: 'More details.', inReplyTo: confirmation }));
      expect(result).toMatchObject({ outcome: 'reply', ticketId: ticket.id, duplicate: false });
    });

    it('threads by References when In-Reply-To is unknown, even from another address (the ids are secret)', async () => {
      const { ticket } = await newTicket(database, { email: 'anna@kunde.example' });
      const [confirmation] = await outboxIdsOf(ticket.id);
      const result = await process(raw({ from: 'colleague@kunde.example', subject: 'Fwd', body: 'Same problem here.', inReplyTo: '<unknown@x>', references: `${confirmation} <unknown@x>` }));
      expect(result).toMatchObject({ outcome: 'reply', ticketId: ticket.id });
    });

    it('threads by the reference in the subject only for the ticket\'s own customer', async () => {
      const { ticket } = await newTicket(database, { email: 'anna@kunde.example' });
      expect(await process(raw({ subject: `AW: [${ticket.reference}] Drucker`, body: 'Noch da.' }))).toMatchObject({ outcome: 'reply', ticketId: ticket.id });
      const stranger = await process(raw({ from: 'mallory@evil.example', subject: `[${ticket.reference}]`, body: 'Let me in.' }));
      expect(stranger.outcome).toBe('ticket');
      expect(stranger.ticketId).not.toBe(ticket.id);
    });

    it('opens a new ticket for an answer to a closed ticket, naming the old reference', async () => {
      const { ticket } = await newTicket(database, { email: 'anna@kunde.example' });
      await placeTicket(database, ticket.id, { status: 'closed' });
      const result = await process(raw({ subject: `Re: [${ticket.reference}]`, body: 'It is back.' }));
      expect(result.outcome).toBe('ticket');
      const { body } = await database.kysely.selectFrom('ticket_messages').select('body').where('ticket_id', '=', result.ticketId!).where('kind', '=', 'customer').executeTakeFirstOrThrow();
      expect(body).toBe(`It is back.\n\n(${ticket.reference})`);
    });

    it('sends later mails with In-Reply-To and References to the earlier ones', async () => {
      const result = await process(raw({ subject: 'Help', body: 'Please help.', messageId: '<customer-1@kunde.example>' }));
      const [confirmation] = await outboxIdsOf(result.ticketId!);
      expect(await threadHeaders(database, result.ticketId!, confirmation!)).toEqual({ inReplyTo: '<customer-1@kunde.example>', references: ['<customer-1@kunde.example>'] });
    });

    it('reads In-Reply-To first, then References from the newest', () => {
      expect(referencedIds({ inReplyTo: '<c@x>', references: ['<a@x>', '<b@x>', '<c@x>'] })).toEqual(['<c@x>', '<b@x>', '<a@x>']);
      expect(referencedIds({ inReplyTo: undefined, references: '<a@x> <b@x>' })).toEqual(['<b@x>', '<a@x>']);
    });

    it('cleans reply prefixes and the reference from the subject', () => {
      expect(cleanSubject('AW: Re: WG: [T-2026-000123] Drucker')).toBe('Drucker');
      expect(cleanSubject('Re[2]: Fwd: printer')).toBe('printer');
    });
  });

  describe('processing', () => {
    it('opens an e-mail ticket in the unsorted category with the confirmation, and processes the same mail once', async () => {
      const mail = raw({ subject: 'Printer', body: 'Hello, the printer does not work.', messageId: '<once@kunde.example>' });
      const first = await process(mail);
      expect(first).toMatchObject({ outcome: 'ticket', duplicate: false });
      const ticket = await database.kysely.selectFrom('tickets').select(['channel', 'category', 'lang']).where('id', '=', first.ticketId!).executeTakeFirst();
      expect(ticket).toEqual({ channel: 'email', category: 'unsorted', lang: 'en' });
      expect(await outboxIdsOf(first.ticketId!)).toHaveLength(1);
      expect(await process(mail)).toMatchObject({ outcome: 'ticket', duplicate: true, ticketId: first.ticketId });
      expect(await countRows(database, 'tickets')).toBe(1);
    });

    it('keeps the language of the customer\'s earlier ticket instead of guessing', async () => {
      await newTicket(database, { email: 'anna@kunde.example', lang: 'de' });
      const result = await process(raw({ subject: 'Printer', body: 'Hello, the printer does not work and I need it.' }));
      expect((await database.kysely.selectFrom('tickets').select('lang').where('id', '=', result.ticketId!).executeTakeFirstOrThrow()).lang).toBe('de');
    });

    it('puts mails beyond the per-sender limit aside as unprocessed, and never rate-limits ignored mail', async () => {
      for (let i = 0; i < 3; i++) expect((await process(raw({ subject: `Mail ${i}`, body: 'Help.' }))).outcome).toBe('ticket');
      expect(await process(raw({ subject: 'Mail 4', body: 'Help.' }))).toMatchObject({ outcome: 'unprocessed', reason: expect.stringContaining('rate limit') });
      expect((await process(raw({ subject: 'Other sender', body: 'Help.', from: 'ben@kunde.example' }))).outcome).toBe('ticket');
      expect((await process(raw({ subject: 'Later', body: 'Help.' }), { now: NOW + 3_600_001 })).outcome).toBe('ticket');
    });

    it('records an unreadable or textless mail as unprocessed with the reason', async () => {
      expect(await process(raw({ subject: 'Empty', body: '' }))).toMatchObject({ outcome: 'unprocessed', reason: 'no text in the mail' });
      expect(await process(raw({ from: 'not an address', subject: 'x', body: 'Help.' }))).toMatchObject({ outcome: 'ignored', reason: 'bounce' });
    });

    it('sanitises the HTML part before anyone sees it', async () => {
      const mail = Buffer.from(
        [
          'From: anna@kunde.example',
          'Subject: HTML',
          'Message-ID: <html@kunde.example>',
          'Content-Type: text/html; charset=utf-8',
          '',
          '<p onclick="alert(1)">Hello <b>there</b><script>alert(2)</script><img src="https://track.example/pixel.gif"><a href="javascript:alert(3)">x</a></p>',
        ].join('\r\n'),
      );
      const result = await process(mail);
      expect(result.outcome).toBe('ticket');
      const { html } = await database.kysely.selectFrom('mail_inbound').select('html').where('ticket_id', '=', result.ticketId!).executeTakeFirstOrThrow();
      expect(html).toContain('<b>there</b>');
      expect(html).not.toMatch(/onclick|script|<img|javascript:/);
    });
  });

  describe('sorting an e-mail ticket', () => {
    it('first level sets the category of an unsorted ticket, with an event; a malformed one is refused', async () => {
      const { setCategory } = await import('../../../src/lib/server/desk/set-category.ts');
      const { addUser, actorOf } = await import('../desk/fixture.ts');
      const result = await process(raw({ subject: 'Export', body: 'The export fails.' }));
      const agent = await actorOf(database, await addUser(database, { name: 'Lena', role: 'first_level' }));
      const { version } = await database.kysely.selectFrom('tickets').select('version').where('id', '=', result.ticketId!).executeTakeFirstOrThrow();
      await expect(setCategory(database, { ticketId: result.ticketId!, actor: agent, category: 'Not a key!', expectedVersion: version, config: CONFIG, now: NOW })).rejects.toThrow(/category/);
      const ticket = await setCategory(database, { ticketId: result.ticketId!, actor: agent, category: 'export', expectedVersion: version, config: CONFIG, now: NOW });
      expect(ticket).toMatchObject({ category: 'export', version: version + 1 });
      expect(await database.kysely.selectFrom('ticket_events').select(['from_value', 'to_value']).where('ticket_id', '=', result.ticketId!).where('type', '=', 'category').executeTakeFirst()).toEqual({ from_value: 'unsorted', to_value: 'export' });
    });
  });
});

describe('detectLanguage', () => {
  it('tells German from English, English on a tie', () => {
    expect(detectLanguage('Hallo, mein Drucker funktioniert nicht mehr. Können Sie mir helfen?')).toBe('de');
    expect(detectLanguage('Hello, my printer does not work any more. Can you help me?')).toBe('en');
    expect(detectLanguage('Rechnung 4711')).toBe('en');
  });
});
