/**
 * npm run bench:mail — mails processed per second by the e-mail channel, against a real
 * Dovecot (scripts/support/dovecot.ts) and a temporary database: the support mailbox is
 * filled with BENCH_MAILS (default 2,000) messages — 85 % new requests from different
 * customers, 10 % replies to those (threaded by In-Reply-To), 5 % auto-replies — then one
 * poller run reads, processes and moves them all. Checks that none is lost or doubled: every
 * new request is exactly one ticket, every reply one message, no auto-reply a ticket, the
 * inbox empty and every mail in the processed folder. Prints a table.
 */
import path from 'node:path';
import { ImapFlow } from 'imapflow';
import { startDovecot } from './support/dovecot.ts';
import { printTable } from './bench/table.ts';
import { openDatabase } from '../src/lib/server/platform/db.ts';
import { sqliteDatabase } from '../src/lib/server/platform/database/connect.ts';
import { parseDeskConfig } from '../src/lib/server/desk/desk-config.ts';
import { ImapPoller } from '../src/lib/server/mail/imap-poller.ts';
import { makeTempDirSync, removeDirSync } from './support/temp-dir.ts';

const total = Number(process.env.BENCH_MAILS ?? 2000);
const replies = Math.floor(total * 0.1);
const autoReplies = Math.floor(total * 0.05);
const requests = total - replies - autoReplies;

function mail(headers: Record<string, string>, body: string): string {
  return [...Object.entries({ To: 'support@tallyhaus.example', Date: new Date().toUTCString(), 'Content-Type': 'text/plain; charset=utf-8', ...headers }).map(([name, value]) => `${name}: ${value}`), '', body].join('\r\n');
}

const dovecot = await startDovecot();
const dir = makeTempDirSync('tierzero-bench-mail-');
try {
  const imap = new ImapFlow({ host: '127.0.0.1', port: dovecot.port, secure: false, doSTARTTLS: false, auth: { user: dovecot.user, pass: dovecot.password }, logger: false });
  await imap.connect();
  const fillStart = performance.now();
  for (let i = 0; i < total; i++) {
    let raw: string;
    if (i < requests) {
      raw = mail({ From: `Kunde ${i} <kunde${i}@bench.example>`, Subject: `Anfrage ${i}`, 'Message-ID': `<req-${i}@bench.example>` }, `Hallo,\r\n\r\nunser Problem Nummer ${i}: der Export bricht ab.\r\n\r\nGruß\r\n-- \r\nKunde ${i}`);
    } else if (i < requests + replies) {
      const of = i - requests;
      raw = mail(
        { From: `kunde${of}@bench.example`, Subject: `Re: Anfrage ${of}`, 'Message-ID': `<reply-${of}@bench.example>`, 'In-Reply-To': `<req-${of}@bench.example>` },
        `Noch ein Detail zu ${of}.\r\n\r\nAm 05.12.2026 schrieb Support:\r\n> Danke`,
      );
    } else {
      raw = mail({ From: `away${i}@bench.example`, Subject: 'Abwesenheitsnotiz', 'Message-ID': `<auto-${i}@bench.example>`, 'Auto-Submitted': 'auto-replied' }, 'Ich bin nicht im Büro.');
    }
    await imap.append('INBOX', raw);
  }
  const fillSeconds = (performance.now() - fillStart) / 1000;

  const db = openDatabase(path.join(dir, 'data'));
  const poller = new ImapPoller({
    database: sqliteDatabase(db),
    config: parseDeskConfig({ SITE_URL: 'https://help.tallyhaus.example' }),
    settings: { url: dovecot.url, processedFolder: 'Processed', unprocessedFolder: 'Unprocessed' },
    inbound: { supportAddresses: ['support@tallyhaus.example'], ratePerHour: 1000 },
    log: { info: () => {}, warn: (message: string) => console.warn(message) },
  });
  const start = performance.now();
  const report = await poller.poll();
  const seconds = (performance.now() - start) / 1000;

  const one = (sql: string): number => (db.prepare(sql).get() as { n: number }).n;
  const tickets = one("SELECT count(*) AS n FROM tickets WHERE channel = 'email'");
  const distinct = one('SELECT count(DISTINCT customer_email) AS n FROM tickets');
  const messages = one("SELECT count(*) AS n FROM ticket_messages WHERE kind = 'customer'");
  const confirmations = one('SELECT count(*) AS n FROM outbox');
  const inbox = (await imap.status('INBOX', { messages: true })) || { messages: -1 };
  const processed = (await imap.status('Processed', { messages: true })) || { messages: -1 };
  await imap.logout();
  db.close();

  const checks: [string, number, number][] = [
    ['tickets (one per new request)', tickets, requests],
    ['distinct customers', distinct, requests],
    ['customer messages (requests + replies)', messages, requests + replies],
    ['confirmations queued', confirmations, requests],
    ['ignored auto-replies', report.outcomes.ignored, autoReplies],
    ['left in the inbox', inbox.messages ?? -1, 0],
    ['in the processed folder', processed.messages ?? -1, total],
  ];
  printTable(
    ['Mails', 'New', 'Replies', 'Auto-replies', 'Fill (APPEND)', 'Poll run', 'Mails/s'],
    [[total, requests, replies, autoReplies, `${fillSeconds.toFixed(1)} s`, `${seconds.toFixed(1)} s`, (total / seconds).toFixed(0)]],
  );
  console.log('');
  printTable(['Check', 'Found', 'Expected', 'OK'], checks.map(([name, found, expected]) => [name, found, expected, found === expected ? 'yes' : 'NO']));
  if (checks.some(([, found, expected]) => found !== expected)) process.exitCode = 1;
} finally {
  await dovecot.stop();
  removeDirSync(dir);
}
