/**
 * The e-mail outbox: mails queued with ticket changes are delivered through a real SMTP
 * server started inside the test (smtp-server on 127.0.0.1, a free port); with the server
 * down they are retried with exponential back-off and end as failed after the limit. Across
 * instances (both engines; two pools on PostgreSQL) every due mail is sent exactly once, and a
 * claim of an instance that died mid-send runs out so that another one sends the mail.
 */
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { SMTPServer } from 'smtp-server';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { listOutbox, MAX_ATTEMPTS, OutboxSender, queueEmailInChange, retryDelayMs, type OutboxLog } from '../../../src/lib/server/mail/outbox.ts';
import { postgresDatabase, type Database } from '../../../src/lib/server/platform/database/connect.ts';
import { writeTransaction } from '../../../src/lib/server/platform/database/write-transaction.ts';
import { ENGINES, useDatabase } from '../engines.ts';
import { replyToCustomer } from '../../../src/lib/server/desk/reply-to-customer.ts';
import { solveTicket } from '../../../src/lib/server/desk/solve-ticket.ts';
import { actorOf, addUser, CONFIG, newTicket, NOW, placeTicket } from '../desk/fixture.ts';
import { sendStatusLinks } from '../../../src/lib/server/mail/send-status-links.ts';
import { findTicketByToken } from '../../../src/lib/server/desk/ticket-lookup.ts';
import { makeTempDir, removeDir, waitFor } from '../helpers.ts';
import { writeAttachmentFile } from '../../../src/lib/server/attachments/attachment-store.ts';

/** A received message: envelope and raw RFC 5322 text. */
interface Received {
  from: string;
  to: string[];
  raw: string;
}

/** An SMTP server on 127.0.0.1 and a free port that keeps what it receives. */
async function startSmtp(): Promise<{ url: string; port: number; received: Received[]; stop: () => Promise<void> }> {
  const received: Received[] = [];
  const server = new SMTPServer({
    authOptional: true,
    // Plain SMTP on loopback: no TLS upgrade with a self-signed certificate to trip over.
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        received.push({
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
          to: session.envelope.rcptTo.map((rcpt) => rcpt.address),
          raw: Buffer.concat(chunks).toString('utf8'),
        });
        callback();
      });
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const port = (server.server.address() as net.AddressInfo).port;
  return { url: `smtp://127.0.0.1:${port}`, port, received, stop: () => new Promise((resolve) => server.close(() => resolve())) };
}

/** A port nothing listens on (taken from the OS, then released). */
async function deadPort(): Promise<number> {
  const probe = net.createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', () => resolve()));
  const port = (probe.address() as net.AddressInfo).port;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}

/** Decodes a raw message's headers and body far enough to compare text (quoted-printable, base64, encoded words). */
function decode(raw: string): { headers: Record<string, string>; text: string } {
  const [head, ...rest] = raw.split(/\r?\n\r?\n/);
  const headers: Record<string, string> = {};
  for (const line of head.replace(/\r?\n[ \t]+/g, ' ').split(/\r?\n/)) {
    const index = line.indexOf(':');
    headers[line.slice(0, index).toLowerCase()] = line
      .slice(index + 1)
      .trim()
      .replace(/=\?utf-8\?([QB])\?([^?]*)\?=\s*/gi, (_match, kind: string, text: string) =>
        kind.toUpperCase() === 'B'
          ? Buffer.from(text, 'base64').toString('utf8')
          : Buffer.from(text.replace(/_/g, ' ').replace(/=([0-9A-F]{2})/gi, (_m, hex: string) => String.fromCharCode(parseInt(hex, 16))), 'latin1').toString('utf8'),
      );
  }
  let body = rest.join('\n\n');
  // A text + HTML mail: the text part is what the customer reads in a plain-text client.
  const boundary = /boundary="?([^";]+)"?/.exec(headers['content-type'] ?? '')?.[1];
  if (headers['content-type']?.startsWith('multipart/') && boundary) {
    const textPart = body.split(`--${boundary}`).find((part) => /content-type:\s*text\/plain/i.test(part));
    if (textPart) {
      const part = decode(textPart.replace(/^\r?\n/, ''));
      return { headers: { ...headers, 'content-transfer-encoding': part.headers['content-transfer-encoding'] ?? '' }, text: part.text.replace(/\n+$/, '\n') };
    }
  }
  const encoding = headers['content-transfer-encoding']?.toLowerCase();
  if (encoding === 'quoted-printable') {
    body = Buffer.from(body.replace(/=\r?\n/g, '').replace(/=([0-9A-F]{2})/gi, (_m, hex: string) => String.fromCharCode(parseInt(hex, 16))), 'latin1').toString('utf8');
  } else if (encoding === 'base64') {
    body = Buffer.from(body, 'base64').toString('utf8');
  }
  return { headers, text: body.replace(/\r\n/g, '\n') };
}

const quiet: OutboxLog = { info: () => {}, warn: () => {} };

const cleanups: (() => unknown)[] = [];

afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

describe.each(ENGINES)('outbox on %s', (engine) => {
  const env = useDatabase(engine, { each: true });
  let database: Database;
  beforeEach(() => {
    ({ database } = env.current);
  });

  describe('queueEmail and listOutbox', () => {
    it('queues mails as pending, due at once, and lists them newest first, by status', async () => {
      const first = await queueEmailInChange(database.kysely, { to: 'a@example.com', subject: 'One', body: 'Body one', ticketId: null }, NOW);
      const second = await queueEmailInChange(database.kysely, { to: 'b@example.com', subject: 'Two', body: 'Body two', ticketId: null }, NOW + 1);
      expect((await listOutbox(database)).map((mail) => mail.id)).toEqual([second, first]);
      expect((await listOutbox(database))[1]).toMatchObject({ to: 'a@example.com', subject: 'One', body: 'Body one', status: 'pending', attempts: 0, nextAttemptAt: NOW, createdAt: NOW, sentAt: null, lastError: null });
      expect(await listOutbox(database, { status: 'sent' })).toEqual([]);
      expect(await listOutbox(database, { limit: 1 })).toHaveLength(1);
    });

    it('computes the back-off: 30 s doubling, at most an hour', () => {
      expect([0, 1, 2, 3, 4, 5, 6, 7, 10].map((attempts) => retryDelayMs(attempts) / 1000)).toEqual([30, 60, 120, 240, 480, 960, 1920, 3600, 3600]);
    });
  });

  describe('OutboxSender', () => {
    it('sends nothing without an SMTP URL; the mails stay visible as pending', async () => {
      await newTicket(database);
      const sender = new OutboxSender({ database, smtpUrl: '', from: CONFIG.mailFrom, log: quiet, siteUrl: 'https://help.tallyhaus.example' });
      expect(sender.enabled).toBe(false);
      expect(await sender.sendDue()).toEqual({ sent: 0, retried: 0, failed: 0 });
      sender.start(10);
      sender.stop();
      expect(await listOutbox(database, { status: 'pending' })).toHaveLength(1);
    });

    it('delivers confirmation, reply and solution mails with the right contents, and marks them sent', async () => {
      const smtp = await startSmtp();
      cleanups.push(smtp.stop);
      const agent = await actorOf(database, await addUser(database, { name: 'Fiona First', role: 'first_level' }));
      const { ticket, token } = await newTicket(database, { lang: 'de', email: 'kundin@example.com', subject: 'Rechnungsnummern springen' });
      const replied = await replyToCustomer(database, { ticketId: ticket.id, actor: agent, body: 'Bitte prüfen Sie die Einstellungen unter „Nummernkreise“.', expectedVersion: ticket.version, config: CONFIG });
      await solveTicket(database, { ticketId: ticket.id, actor: agent, summary: 'Nummernkreis zurückgesetzt.', articleSlug: 'rechnungsnummern-format', expectedVersion: replied.version, config: CONFIG });

      const sender = new OutboxSender({ database, smtpUrl: smtp.url, from: CONFIG.mailFrom, log: quiet, siteUrl: CONFIG.siteUrl });
      cleanups.push(() => sender.stop());
      const report = await sender.sendDue();
      expect(report).toEqual({ sent: 3, retried: 0, failed: 0 });
      expect(smtp.received).toHaveLength(3);

      const mails = smtp.received.map((message) => ({ ...message, ...decode(message.raw) }));
      for (const mail of mails) {
        expect(mail.from).toBe('support@tallyhaus.example');
        expect(mail.to).toEqual(['kundin@example.com']);
        expect(mail.headers.from).toBe('Tallyhaus Support <support@tallyhaus.example>');
        expect(mail.headers.to).toBe('kundin@example.com');
      }
      const [confirmation, reply, solution] = mails;
      expect(confirmation.headers.subject).toBe('[T-2026-000001] Wir haben Ihre Anfrage erhalten: Rechnungsnummern springen');
      expect(confirmation.text).toContain('Hallo Erika Mustermann,');
      expect(confirmation.text).toContain(`https://help.tallyhaus.example/tickets/status/${token}`);
      expect(reply.headers.subject).toBe('[T-2026-000001] Neue Antwort auf Ihre Anfrage: Rechnungsnummern springen');
      expect(reply.text).toContain('Bitte prüfen Sie die Einstellungen unter „Nummernkreise“.');
      expect(reply.text).toContain('Fiona First hat auf Ihre Anfrage T-2026-000001 geantwortet');
      // Every mail has the way back: the private link is in the reply and the solution too.
      expect(reply.text).toContain(`https://help.tallyhaus.example/tickets/status/${token}`);
      expect(solution.text).toContain(`https://help.tallyhaus.example/tickets/status/${token}`);
      expect(solution.headers.subject).toBe('[T-2026-000001] Ihre Anfrage ist gelöst: Rechnungsnummern springen');
      expect(solution.text).toContain('Nummernkreis zurückgesetzt.');
      expect(solution.text).toContain('https://help.tallyhaus.example/de/articles/rechnungsnummern-format');

      const stored = await listOutbox(database);
      expect(stored.every((mail) => mail.status === 'sent' && mail.sentAt !== null && mail.attempts === 0)).toBe(true);
      // The private link is never kept in the database: the bodies hold the placeholder.
      expect(stored.some((mail) => mail.body.includes(token))).toBe(false);
      expect(stored.every((mail) => /^\{\{status-link\}\}$/m.test(mail.body))).toBe(true);
      expect(await sender.sendDue()).toEqual({ sent: 0, retried: 0, failed: 0 });
      expect(smtp.received).toHaveLength(3);
    });

    it('mails a reply’s file from its instance’s folder, and on PostgreSQL also from an instance that lacks the file', async () => {
      const smtp = await startSmtp();
      cleanups.push(smtp.stop);
      const received = makeTempDir('tierzero-files-a-');
      const other = makeTempDir('tierzero-files-b-');
      cleanups.push(() => removeDir(received), () => removeDir(other));
      const agent = await actorOf(database, await addUser(database, { name: 'Fiona First', role: 'first_level' }));
      const { ticket } = await newTicket(database);
      const bytes = Buffer.from('Steps to reproduce: 1, 2, 3.\n');
      const file = writeAttachmentFile(received, bytes, 'steps.txt', 'text/plain');
      await replyToCustomer(database, { ticketId: ticket.id, actor: agent, body: 'Here are the steps.', expectedVersion: ticket.version, config: CONFIG, attachments: [file] });
      // One instance on SQLite; on PostgreSQL the mail may be sent by the instance that did not receive the file.
      const sendingDir = engine === 'postgres' ? other : received;
      const sender = new OutboxSender({ database, smtpUrl: smtp.url, from: CONFIG.mailFrom, log: quiet, siteUrl: CONFIG.siteUrl, attachmentsDir: sendingDir });
      cleanups.push(() => sender.stop());
      expect(await sender.sendDue()).toEqual({ sent: 2, retried: 0, failed: 0 });
      const reply = smtp.received.find((message) => decode(message.raw).text.includes('Here are the steps.'));
      expect(reply?.raw).toContain('filename=steps.txt');
      expect(reply?.raw.replace(/\r?\n/g, '')).toContain(bytes.toString('base64'));
      // The instance that lacked the file keeps the database's copy as its own.
      expect(fs.readFileSync(path.join(sendingDir, file.storageName))).toEqual(bytes);
    });

    it('sends English mails for English tickets, with a one-line subject', async () => {
      const smtp = await startSmtp();
      cleanups.push(smtp.stop);
      await newTicket(database, { subject: 'Line one\nBcc: victim@example.com' });
      const sender = new OutboxSender({ database, smtpUrl: smtp.url, from: CONFIG.mailFrom, log: quiet, siteUrl: 'https://help.tallyhaus.example' });
      cleanups.push(() => sender.stop());
      await sender.sendDue();
      const mail = decode(smtp.received[0].raw);
      expect(mail.headers.subject).toBe('[T-2026-000001] We received your request: Line one Bcc: victim@example.com');
      expect(mail.headers.bcc).toBeUndefined();
      expect(smtp.received[0].to).toEqual(['erika@example.com']);
      expect(mail.text).toContain('Hello Erika Mustermann,');
    });

    it('sends only due mails, and each mail once even when runs overlap or two senders share the outbox', async () => {
      const smtp = await startSmtp();
      cleanups.push(smtp.stop);
      for (let i = 0; i < 5; i++) await queueEmailInChange(database.kysely, { to: `c${i}@example.com`, subject: `Mail ${i}`, body: 'Hi', ticketId: null }, NOW);
      await queueEmailInChange(database.kysely, { to: 'later@example.com', subject: 'Later', body: 'Hi', ticketId: null }, NOW + 60_000);
      const one = new OutboxSender({ database, smtpUrl: smtp.url, from: CONFIG.mailFrom, log: quiet, siteUrl: 'https://help.tallyhaus.example' });
      const two = new OutboxSender({ database, smtpUrl: smtp.url, from: CONFIG.mailFrom, log: quiet, siteUrl: 'https://help.tallyhaus.example' });
      cleanups.push(() => one.stop(), () => two.stop());
      const reports = await Promise.all([one.sendDue(NOW), one.sendDue(NOW), two.sendDue(NOW)]);
      expect(reports[0]).toBe(reports[1]);
      expect(reports[0].sent + reports[2].sent).toBe(5);
      expect(smtp.received.map((mail) => mail.to[0]).sort()).toEqual(['c0@example.com', 'c1@example.com', 'c2@example.com', 'c3@example.com', 'c4@example.com']);
      expect((await listOutbox(database, { status: 'pending' })).map((mail) => mail.to)).toEqual(['later@example.com']);
    });

    it('retries with exponential back-off while the server is down, and gives up after the limit', async () => {
      const port = await deadPort();
      const warnings: string[] = [];
      const id = await queueEmailInChange(database.kysely, { to: 'x@example.com', subject: 'S', body: 'B', ticketId: null }, NOW);
      const sender = new OutboxSender({ database, smtpUrl: `smtp://127.0.0.1:${port}`, from: CONFIG.mailFrom, log: { info: () => {}, warn: (message) => warnings.push(message) }, siteUrl: 'https://help.tallyhaus.example' });
      cleanups.push(() => sender.stop());
      let now = NOW;
      const delays: number[] = [];
      for (let attempt = 1; attempt < MAX_ATTEMPTS; attempt++) {
        expect(await sender.sendDue(now)).toEqual({ sent: 0, retried: 1, failed: 0 });
        const [mail] = await listOutbox(database);
        expect(mail).toMatchObject({ id, status: 'pending', attempts: attempt });
        expect(mail.lastError).toMatch(/ECONNREFUSED|connect/i);
        delays.push((mail.nextAttemptAt - now) / 1000);
        // Not due before its time.
        expect(await sender.sendDue(mail.nextAttemptAt - 1)).toEqual({ sent: 0, retried: 0, failed: 0 });
        now = mail.nextAttemptAt;
      }
      expect(delays).toEqual([30, 60, 120, 240, 480, 960, 1920]);
      expect(await sender.sendDue(now)).toEqual({ sent: 0, retried: 0, failed: 1 });
      expect((await listOutbox(database))[0]).toMatchObject({ status: 'failed', attempts: MAX_ATTEMPTS, sentAt: null });
      expect((await listOutbox(database))[0].lastError).toMatch(/ECONNREFUSED|connect/i);
      expect(await sender.sendDue(now + 86_400_000)).toEqual({ sent: 0, retried: 0, failed: 0 });
      expect(warnings.at(-1)).toMatch(/giving up on e-mail \d+ to x@example.com after 8 attempts/);
    });

    it('delivers a mail that failed once when the server is back', async () => {
      const port = await deadPort();
      await queueEmailInChange(database.kysely, { to: 'x@example.com', subject: 'Retry me', body: 'B', ticketId: null }, NOW);
      const down = new OutboxSender({ database, smtpUrl: `smtp://127.0.0.1:${port}`, from: CONFIG.mailFrom, log: quiet, siteUrl: 'https://help.tallyhaus.example' });
      cleanups.push(() => down.stop());
      expect((await down.sendDue(NOW)).retried).toBe(1);
      const smtp = await startSmtp();
      cleanups.push(smtp.stop);
      const up = new OutboxSender({ database, smtpUrl: smtp.url, from: CONFIG.mailFrom, log: quiet, siteUrl: 'https://help.tallyhaus.example' });
      cleanups.push(() => up.stop());
      expect(await up.sendDue(NOW + 30_000)).toEqual({ sent: 1, retried: 0, failed: 0 });
      expect((await listOutbox(database))[0]).toMatchObject({ status: 'sent', attempts: 1, lastError: null });
      expect(decode(smtp.received[0].raw).headers.subject).toBe('Retry me');
    });

    it('sends on a timer that does not keep the process alive, until stopped', async () => {
      const smtp = await startSmtp();
      cleanups.push(smtp.stop);
      const sender = new OutboxSender({ database, smtpUrl: smtp.url, from: CONFIG.mailFrom, log: quiet, siteUrl: 'https://help.tallyhaus.example' });
      cleanups.push(() => sender.stop());
      sender.start(20);
      const timer = (sender as unknown as { timer: NodeJS.Timeout }).timer;
      expect(timer.hasRef()).toBe(false);
      await queueEmailInChange(database.kysely, { to: 'timer@example.com', subject: 'By timer', body: 'B', ticketId: null });
      await waitFor('the timer to send the mail', () => smtp.received.length === 1);
      sender.stop();
      await queueEmailInChange(database.kysely, { to: 'stopped@example.com', subject: 'After stop', body: 'B', ticketId: null });
      await new Promise((resolve) => setTimeout(resolve, 100));
      expect(smtp.received.map((mail) => mail.to[0])).toEqual(['timer@example.com']);
    });
  });

  describe('status links in mails ("every mail has the way back")', () => {
    it('sends "my links again" with the links of the address\'s open requests only, and never fills another recipient\'s link', async () => {
      const smtp = await startSmtp();
      cleanups.push(smtp.stop);
      const one = await newTicket(database, { email: 'Erika@Example.com', subject: 'First problem' });
      const two = await newTicket(database, { email: 'erika@example.com', subject: 'Second problem' }, NOW + 1);
      const closed = await newTicket(database, { email: 'erika@example.com', subject: 'Old problem' }, NOW + 2);
      await placeTicket(database, closed.ticket.id, { status: 'closed' });
      const other = await newTicket(database, { email: 'max@example.com', subject: 'Not yours' }, NOW + 3);
      await database.kysely.updateTable('outbox').set({ status: 'sent' }).execute();

      expect(await sendStatusLinks(database, { email: 'nobody@example.com', lang: 'en', config: CONFIG, now: NOW + 10 })).toBe(0);
      expect(await sendStatusLinks(database, { email: 'not an address', lang: 'en', config: CONFIG, now: NOW + 10 })).toBe(0);
      expect(await listOutbox(database, { status: 'pending' })).toEqual([]);
      expect(await sendStatusLinks(database, { email: ' ERIKA@example.com ', lang: 'en', config: CONFIG, now: NOW + 10 })).toBe(2);
      // A reply whose text tries to pull another customer's link gets only the general page.
      const agent = await actorOf(database, await addUser(database, { name: 'Fiona First', role: 'first_level' }));
      await replyToCustomer(database, { ticketId: one.ticket.id, actor: agent, body: `Look:\n\n{{status-link:${other.ticket.id}}}\n\nbye`, expectedVersion: one.ticket.version, config: CONFIG, now: NOW + 11 });
      expect((await listOutbox(database, { status: 'pending' })).every((mail) => !mail.body.includes(one.token) && !mail.body.includes(two.token))).toBe(true);

      const sender = new OutboxSender({ database, smtpUrl: smtp.url, from: CONFIG.mailFrom, log: quiet, siteUrl: CONFIG.siteUrl });
      cleanups.push(() => sender.stop());
      expect(await sender.sendDue()).toEqual({ sent: 2, retried: 0, failed: 0 });
      const [links, reply] = smtp.received.map((message) => ({ ...message, ...decode(message.raw) }));
      expect(links.to.map((address) => address.toLowerCase())).toEqual(['erika@example.com']);
      expect(links.headers.subject).toBe('Your personal links to your requests');
      expect(links.text).toContain(`${CONFIG.siteUrl}/tickets/status/${one.token}`);
      expect(links.text).toContain(`${CONFIG.siteUrl}/tickets/status/${two.token}`);
      expect(links.text).toContain('First problem');
      expect(links.text).not.toContain('Old problem');
      expect(links.text).not.toContain(closed.token);
      expect(links.text).not.toContain(other.token);
      expect(reply.text).not.toContain(other.token);
      expect(reply.text).toContain(`${CONFIG.siteUrl}/tickets/status\n`);
      expect(reply.text).toContain(`${CONFIG.siteUrl}/tickets/status/${one.token}`);
    });

    it('falls back to the general status page when a ticket has no sealed token, and gives it a new one on "my links again"', async () => {
      const smtp = await startSmtp();
      cleanups.push(smtp.stop);
      const { ticket, token } = await newTicket(database, { email: 'erika@example.com' });
      await database.kysely.updateTable('tickets').set({ token_sealed: null }).execute();
      const sender = new OutboxSender({ database, smtpUrl: smtp.url, from: CONFIG.mailFrom, log: quiet, siteUrl: CONFIG.siteUrl });
      cleanups.push(() => sender.stop());
      await sender.sendDue();
      expect(decode(smtp.received[0].raw).text).not.toContain(token);
      expect(decode(smtp.received[0].raw).text).toContain(`${CONFIG.siteUrl}/tickets/status\n`);
      expect(await sendStatusLinks(database, { email: 'erika@example.com', lang: 'de', config: CONFIG, now: NOW + 5 })).toBe(1);
      await sender.sendDue(NOW + 5);
      const text = decode(smtp.received[1].raw).text;
      const fresh = new RegExp(`${CONFIG.siteUrl}/tickets/status/([A-Za-z0-9_-]{43})`).exec(text)?.[1];
      expect(fresh).toBeDefined();
      expect((await findTicketByToken(database, fresh))?.id).toBe(ticket.id);
      expect(await findTicketByToken(database, token)).toBeNull();
    });
  });
});

describe.each(ENGINES)('OutboxSender across instances on %s', (engine) => {
  const env = useDatabase(engine);
  /** A second "instance": another pool on PostgreSQL; on SQLite the one connection of the process. */
  const secondInstance = (): Database => (env.current.url ? postgresDatabase(env.current.url, { max: 2 }) : env.current.database);
  const queue = (count: number, now: number) =>
    writeTransaction(env.current.database, async (trx) => {
      for (let n = 0; n < count; n++) await queueEmailInChange(trx, { to: `customer${n}@example.com`, subject: `Mail ${n}`, body: `Body ${n}`, ticketId: null }, now);
    });
  const sent = async () =>
    (await env.current.database.kysely.selectFrom('outbox').select(['id', 'status', 'sent_at']).where('status', '=', 'sent').execute()).length;

  afterEach(async () => {
    await env.current.database.kysely.deleteFrom('outbox').execute();
  });

  it('two senders running at the same time send each due mail exactly once', async () => {
    const smtp = await startSmtp();
    cleanups.push(smtp.stop);
    const other = secondInstance();
    if (other !== env.current.database) cleanups.push(() => other.close());
    await queue(30, NOW);
    const options = { smtpUrl: smtp.url, from: CONFIG.mailFrom, log: quiet, siteUrl: CONFIG.siteUrl };
    const senders = [new OutboxSender({ database: env.current.database, ...options }), new OutboxSender({ database: other, ...options })];
    const reports = await Promise.all(senders.map((sender) => sender.sendDue(NOW)));
    expect(reports.reduce((sum, report) => sum + report.sent, 0)).toBe(30);
    expect(smtp.received).toHaveLength(30);
    const ids = smtp.received.map((message) => /^message-id:\s*(\S+)/im.exec(message.raw)?.[1]);
    expect(new Set(ids).size).toBe(30);
    expect(await sent()).toBe(30);
    // Nothing is left for a later run of either.
    expect((await Promise.all(senders.map((sender) => sender.sendDue(NOW + 1)))).map((report) => report.sent)).toEqual([0, 0]);
    for (const sender of senders) sender.stop();
  });

  it('a claim keeps the mail from other senders until its lease runs out (an instance died mid-send)', async () => {
    const smtp = await startSmtp();
    cleanups.push(smtp.stop);
    await queue(2, NOW);
    const dead = new OutboxSender({ database: env.current.database, smtpUrl: smtp.url, from: CONFIG.mailFrom, log: quiet, siteUrl: CONFIG.siteUrl });
    expect(await dead.claimDue(NOW)).toHaveLength(2); // claimed, never sent
    const other = secondInstance();
    if (other !== env.current.database) cleanups.push(() => other.close());
    const alive = new OutboxSender({ database: other, smtpUrl: smtp.url, from: CONFIG.mailFrom, log: quiet, siteUrl: CONFIG.siteUrl });
    expect((await alive.sendDue(NOW + 60_000)).sent).toBe(0);
    expect((await alive.sendDue(NOW + 10 * 60_000)).sent).toBe(2);
    expect(smtp.received).toHaveLength(2);
    alive.stop();
  });
});

describe.each(ENGINES)('sendStatusLinks on %s', (engine) => {
  const env = useDatabase(engine);

  it('queues one mail listing the address’s open requests (any case), and gives a request without a sealed token a new one', async () => {
    const { database } = env.current;
    const { kysely } = database;
    const add = async (n: number, email: string, status: string, sealed: string | null) =>
      (
        await kysely
          .insertInto('tickets')
          .values({ reference: `T-2026-00000${n}`, token_hash: `links-${n}`, token_sealed: sealed, customer_name: 'Erika', customer_email: email, subject: `Request ${n}`, category: 'invoices', lang: 'en', status, created_at: NOW + n, updated_at: NOW + n, first_response_due: NOW })
          .returning('id')
          .executeTakeFirstOrThrow()
      ).id;
    const sealedOne = await add(1, 'Erika@Example.com', 'open', 'v1.sealed.before');
    const unsealed = await add(2, 'erika@example.com', 'new', null);
    await add(3, 'erika@example.com', 'closed', null);
    await add(4, 'max@example.com', 'open', null);
    expect(await sendStatusLinks(database, { email: 'nobody@example.com', lang: 'en', config: CONFIG, now: NOW + 10 })).toBe(0);
    expect(await sendStatusLinks(database, { email: ' ERIKA@example.com ', lang: 'en', config: CONFIG, now: NOW + 10 })).toBe(2);
    const mails = await listOutbox(database);
    expect(mails).toHaveLength(1);
    expect(mails[0]).toMatchObject({ to: 'erika@example.com', ticketId: null, status: 'pending' });
    expect(mails[0]!.body).toMatch(new RegExp(`\\{\\{status-link:${unsealed}\\}\\}`));
    expect(mails[0]!.body).toMatch(new RegExp(`\\{\\{status-link:${sealedOne}\\}\\}`));
    const tokens = await kysely.selectFrom('tickets').select(['id', 'token_hash', 'token_sealed']).where('id', 'in', [sealedOne, unsealed]).orderBy('id').execute();
    expect(tokens[0]).toMatchObject({ token_hash: 'links-1', token_sealed: 'v1.sealed.before' });
    expect(tokens[1]!.token_hash).not.toBe('links-2');
    expect(tokens[1]!.token_sealed).toMatch(/^v1\./);
  });
});
