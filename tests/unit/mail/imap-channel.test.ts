/**
 * The e-mail channel end to end against REAL servers started here: Dovecot (IMAP, its own
 * config in a temp folder, a free loopback port) holds the support mailbox, smtp-server
 * receives what the outbox sends. A customer mail opens a ticket and gets the confirmation;
 * the answer to that confirmation threads in (quotes cut, the original kept); auto-replies
 * and bounces open nothing and cause no mail; every mail leaves the inbox (processed or
 * unprocessed folder, never deleted); a poller killed in the middle of a batch neither loses
 * nor doubles a ticket when it runs again.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { ImapFlow } from 'imapflow';
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDovecot, type TestDovecot } from '../../../scripts/support/dovecot.ts';
import type { Database } from '../../../src/lib/server/platform/database/connect.ts';
import { ImapPoller } from '../../../src/lib/server/mail/imap-poller.ts';
import { OutboxSender } from '../../../src/lib/server/mail/outbox.ts';
import { listTimeline } from '../../../src/lib/server/desk/timeline.ts';
import { ENGINES, useDatabase } from '../engines.ts';
import { CONFIG, countRows } from '../desk/fixture.ts';
import { makeTempDir, removeDir } from '../helpers.ts';

const SUPPORT = 'support@tallyhaus.example';
const quiet = { info: () => {}, warn: () => {} };

let dovecot: TestDovecot;
let smtp: { url: string; received: ParsedMail[]; stop: () => Promise<void> };
let dir: string;
let imap: ImapFlow;

async function startSmtp(): Promise<typeof smtp> {
  const received: ParsedMail[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onData(stream, _session, callback) {
      simpleParser(stream)
        .then((mail) => {
          received.push(mail);
          callback();
        })
        .catch(callback);
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const port = (server.server.address() as net.AddressInfo).port;
  return { url: `smtp://127.0.0.1:${port}`, received, stop: () => new Promise((resolve) => server.close(() => resolve())) };
}

/** A raw mail from a customer (CRLF line ends, as on the wire). */
function mail(options: { from?: string; subject: string; body: string; messageId?: string; headers?: Record<string, string> }): string {
  const lines = [
    `From: ${options.from ?? 'Anna Berger <anna@kunde.example>'}`,
    `To: Tallyhaus Support <${SUPPORT}>`,
    `Subject: ${options.subject}`,
    `Message-ID: ${options.messageId ?? `<${Math.random().toString(36).slice(2)}@kunde.example>`}`,
    'Date: Sat, 05 Dec 2026 10:00:00 +0000',
    'MIME-Version: 1.0',
    ...Object.entries(options.headers ?? {}).map(([name, value]) => `${name}: ${value}`),
    ...(options.headers?.['Content-Type'] ? [] : ['Content-Type: text/plain; charset=utf-8', 'Content-Transfer-Encoding: 8bit']),
    '',
    options.body,
  ];
  return lines.join('\r\n');
}

async function deliver(raw: string): Promise<void> {
  await imap.append('INBOX', raw);
}

async function folderCount(folder: string): Promise<number> {
  const status = await imap.status(folder, { messages: true });
  return status ? (status.messages ?? 0) : 0;
}


beforeAll(async () => {
  [dovecot, smtp] = await Promise.all([startDovecot(), startSmtp()]);
  dir = makeTempDir('tierzero-mail-');
  imap = new ImapFlow({ host: '127.0.0.1', port: dovecot.port, secure: false, doSTARTTLS: false, auth: { user: dovecot.user, pass: dovecot.password }, logger: false });
  await imap.connect();
}, 30_000);

afterAll(async () => {
  await imap?.logout().catch(() => undefined);
  await Promise.all([dovecot?.stop(), smtp?.stop()]);
  if (dir) removeDir(dir);
});

describe.each(ENGINES)('e-mail channel against Dovecot and an SMTP server on %s', (engine) => {
  // One database for the whole run: the tests continue each other's mailbox and tickets.
  const env = useDatabase(engine);
  let database: Database;
  /** The data folder: the SQLite database's own on SQLite; attachments (and the status-link key) on both. */
  let dataDir: string;

  beforeAll(async () => {
    ({ database } = env.current);
    dataDir = env.current.sqlite ? path.dirname(env.current.sqlite.name) : path.join(dir, engine);
    // Each engine starts with an empty mailbox.
    for (const folder of ['INBOX', 'Processed', 'Unprocessed']) {
      const lock = await imap.getMailboxLock(folder).catch(() => null);
      if (!lock) continue;
      try {
        if (imap.mailbox && imap.mailbox.exists > 0) await imap.messageDelete('1:*');
      } finally {
        lock.release();
      }
      await imap.mailboxClose();
    }
  });

  function poller(): ImapPoller {
    return new ImapPoller({
      database,
      config: CONFIG,
      settings: { url: dovecot.url, processedFolder: 'Processed', unprocessedFolder: 'Unprocessed' },
      inbound: { supportAddresses: [SUPPORT], ratePerHour: 20 },
      attachments: { dir: path.join(dataDir, 'attachments') },
      log: quiet,
    });
  }

  /** The bodies of a ticket's messages, oldest first. */
  async function bodies(ticketId: number): Promise<string[]> {
    return (await listTimeline(database, ticketId, { includeInternal: true })).flatMap((entry) => (entry.entry === 'message' ? [entry.body] : []));
  }

  /** How many tickets there are (of customers whose address ends in `domain`). */
  async function tickets(domain?: string): Promise<number> {
    let query = database.kysely.selectFrom('tickets').select((eb) => eb.fn.countAll<number>().as('n'));
    if (domain) query = query.where('customer_email', 'like', `%${domain}`);
    return Number((await query.executeTakeFirstOrThrow()).n);
  }

  it('opens a ticket from a customer mail and sends the confirmation; the answer threads in without the quote', async () => {
    await deliver(
      mail({
        subject: 'Drucker druckt nicht',
        messageId: '<first@kunde.example>',
        body: 'Hallo,\r\n\r\nunser Drucker druckt seit heute nicht mehr, es kommt nur eine leere Seite.\r\n\r\nViele Grüße\r\nAnna\r\n-- \r\nAnna Berger, Kanzlei Berger',
      }),
    );
    const report = await poller().poll();
    expect(report.outcomes.ticket).toBe(1);
    const ticket = await database.kysely.selectFrom('tickets').selectAll().executeTakeFirstOrThrow();
    expect(ticket).toMatchObject({ channel: 'email', category: 'unsorted', lang: 'de', customer_email: 'anna@kunde.example', customer_name: 'Anna Berger', subject: 'Drucker druckt nicht' });
    const first = (await bodies(ticket.id))[0];
    expect(first).toContain('leere Seite');
    expect(first).not.toContain('Kanzlei Berger');
    expect(await folderCount('INBOX')).toBe(0);
    expect(await folderCount('Processed')).toBe(1);

    const sender = new OutboxSender({ database, smtpUrl: smtp.url, from: `Tallyhaus Support <${SUPPORT}>`, log: quiet, siteUrl: 'https://help.tallyhaus.example' });
    expect((await sender.sendDue()).sent).toBe(1);
    sender.stop();
    const confirmation = smtp.received.at(-1)!;
    expect(confirmation.subject).toContain(`[${ticket.reference}]`);
    expect(confirmation.text).toMatch(/https:\/\/help\.tallyhaus\.example\/tickets\/status\/[A-Za-z0-9_-]{43}/);
    expect(confirmation.html).toMatch(/<a href="https:\/\/help\.tallyhaus\.example\/tickets\/status\/[A-Za-z0-9_-]{43}"/);
    expect(confirmation.inReplyTo).toBe('<first@kunde.example>');
    expect(confirmation.messageId).toMatch(/^<[0-9a-f]{32}@tierzero\.invalid>$|^<.+@.+>$/);

    // The customer answers the confirmation; the mail client quotes it below.
    await deliver(
      mail({
        subject: `AW: ${confirmation.subject}`,
        headers: { 'In-Reply-To': confirmation.messageId!, References: `<first@kunde.example> ${confirmation.messageId}` },
        body: `Es ist der Drucker im 2. Stock.\r\n\r\nAm 05.12.2026 um 10:01 schrieb Tallyhaus Support <${SUPPORT}>:\r\n> Hallo Anna Berger,\r\n> vielen Dank für Ihre Anfrage.`,
      }),
    );
    expect((await poller().poll()).outcomes.reply).toBe(1);
    expect(await tickets()).toBe(1);
    expect((await bodies(ticket.id)).at(-1)).toBe('Es ist der Drucker im 2. Stock.');
    // The original, quote and all, stays for staff.
    const raw = await database.kysely
      .selectFrom('mail_inbound as m')
      .innerJoin('ticket_messages as t', 't.inbound_id', 'm.id')
      .select('m.raw')
      .orderBy('t.id', 'desc')
      .limit(1)
      .executeTakeFirstOrThrow();
    expect(raw.raw).toContain('> vielen Dank für Ihre Anfrage.');

    // Without headers, the reference in the subject threads it too (from the same customer only).
    await deliver(mail({ subject: `Noch etwas [${ticket.reference}]`, body: 'Es geht wieder.' }));
    await deliver(mail({ from: 'mallory@evil.example', subject: `Re: [${ticket.reference}]`, body: 'I want in.' }));
    const third = await poller().poll();
    expect(third.outcomes).toMatchObject({ reply: 1, ticket: 1 });
  });

  it('opens nothing and sends nothing for auto-replies, bounces, bulk mail and mail from the support address', async () => {
    const ticketsBefore = await tickets();
    const outboxBefore = await countRows(database, 'outbox');
    await deliver(mail({ subject: 'Out of office', headers: { 'Auto-Submitted': 'auto-replied' }, body: 'I am away until Monday.' }));
    await deliver(mail({ subject: 'Abwesend', headers: { 'X-Autoreply': 'yes' }, body: 'Ich bin nicht da.' }));
    await deliver(mail({ subject: 'Newsletter', headers: { Precedence: 'bulk' }, body: 'Our news.' }));
    await deliver(mail({ from: `Tallyhaus Support <${SUPPORT}>`, subject: 'Loop', body: 'Our own mail.' }));
    await deliver(
      mail({
        from: 'Mail Delivery System <MAILER-DAEMON@mx.kunde.example>',
        subject: 'Undelivered Mail Returned to Sender',
        headers: { 'Content-Type': 'multipart/report; report-type=delivery-status; boundary="b1"' },
        body: '--b1\r\nContent-Type: text/plain\r\n\r\nThe mail could not be delivered.\r\n--b1\r\nContent-Type: message/delivery-status\r\n\r\nReporting-MTA: dns; mx.kunde.example\r\n--b1--',
      }),
    );
    const report = await poller().poll();
    expect(report.outcomes).toMatchObject({ ticket: 0, reply: 0, ignored: 5 });
    expect(await tickets()).toBe(ticketsBefore);
    expect(await countRows(database, 'outbox')).toBe(outboxBefore);
    expect(await folderCount('INBOX')).toBe(0);
  });

  it('keeps accepted attachments of a mail for staff and refuses others by content, noting which', async () => {
    const png = Buffer.from('89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d4944415478da63f8cfc0f01f0005000201a2d4a1f60000000049454e44ae426082', 'hex');
    const exe = Buffer.concat([Buffer.from('MZ'), Buffer.alloc(100, 0x90)]);
    const part = (name: string, type: string, data: Buffer): string =>
      [`--b2`, `Content-Type: ${type}; name="${name}"`, 'Content-Transfer-Encoding: base64', `Content-Disposition: attachment; filename="${name}"`, '', data.toString('base64')].join('\r\n');
    await deliver(
      mail({
        subject: 'Screenshot anbei',
        headers: { 'Content-Type': 'multipart/mixed; boundary="b2"' },
        body: ['--b2', 'Content-Type: text/plain; charset=utf-8', '', 'Hier der Screenshot der Fehlermeldung.', part('fehler.png', 'image/png', png), part('rechnung.pdf', 'application/pdf', exe), '--b2--'].join('\r\n'),
      }),
    );
    const report = await poller().poll();
    expect(report.outcomes.ticket).toBe(1);
    const rows = await database.kysely
      .selectFrom('attachments as a')
      .innerJoin('tickets as t', 't.id', 'a.ticket_id')
      .select(['a.file_name', 'a.mime', 'a.size', 'a.storage_name'])
      .where('t.subject', '=', 'Screenshot anbei')
      .orderBy('a.id')
      .execute();
    expect(rows.map((row) => [row.file_name, row.mime, row.size])).toEqual([['fehler.png', 'image/png', png.length]]);
    expect(rows[0]!.storage_name).toMatch(/^[0-9a-f]{48}$/);
    expect(fs.readFileSync(path.join(dataDir, 'attachments', rows[0]!.storage_name))).toEqual(png);
    const record = await database.kysely.selectFrom('mail_inbound').select('reason').where('subject', '=', 'Screenshot anbei').executeTakeFirstOrThrow();
    expect(record.reason).toBe('attachments not accepted: rechnung.pdf (type)');
  });

  it('moves a mail it cannot process to the unprocessed folder with the reason', async () => {
    await deliver(mail({ subject: 'Only a quote', body: '> nothing of my own' }).replace('> nothing of my own', ''));
    const report = await poller().poll();
    expect(report.outcomes.unprocessed).toBe(1);
    expect(await folderCount('Unprocessed')).toBe(1);
    const row = await database.kysely.selectFrom('mail_inbound').select('reason').where('outcome', '=', 'unprocessed').executeTakeFirstOrThrow();
    expect(row.reason).toBe('no text in the mail');
  });

  it('neither loses nor doubles a ticket when the poller is killed in the middle of a batch', async () => {
    const total = 120;
    const before = await tickets();
    for (let i = 0; i < total; i++) {
      await deliver(mail({ from: `Kunde ${i} <kunde${i}@batch.example>`, subject: `Batch mail ${i}`, messageId: `<batch-${i}@batch.example>`, body: `Please help with case ${i}.` }));
    }
    // The script opens the configured database: DATABASE_URL on PostgreSQL, DATA_DIR's SQLite file otherwise.
    const scriptEnv = { ...process.env, DATA_DIR: dataDir, DATABASE_URL: env.current.url ?? '', IMAP_URL: dovecot.url, SUPPORT_ADDRESS: SUPPORT, SITE_URL: CONFIG.siteUrl, IMAP_IDLE: 'off' };
    const script = path.resolve('scripts/mail-poll.ts');
    const child = spawn(process.execPath, [script], { env: scriptEnv, stdio: 'ignore' });
    // Kill it hard once part of the batch is in the database.
    const until = Date.now() + 30_000;
    while ((await tickets()) < before + 10 && Date.now() < until) await new Promise((resolve) => setTimeout(resolve, 20));
    child.kill('SIGKILL');
    await new Promise((resolve) => child.once('exit', resolve));
    const partial = (await tickets()) - before;
    expect(partial).toBeGreaterThan(0);
    expect(partial).toBeLessThan(total);
    // The restart finishes the batch.
    const report = await poller().poll();
    expect(report.fetched).toBeGreaterThanOrEqual(total - partial);
    expect(await tickets('@batch.example')).toBe(total);
    const subjects = await database.kysely.selectFrom('tickets').select('subject').where('customer_email', 'like', '%@batch.example').execute();
    expect(new Set(subjects.map((row) => row.subject)).size).toBe(total);
    expect(await folderCount('INBOX')).toBe(0);
  }, 60_000);
});
