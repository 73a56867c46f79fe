/**
 * npm run bench:tickets — ticket creation through HTTP under load, while staff read queues.
 *
 * Starts the built server (npm run build first) on a free port with a temp data folder (demo
 * accounts) and the demo content, a high TICKET_RATE_LIMIT (all load comes from one address)
 * and no SMTP (mails stay in the outbox). Then, for BENCH_SECONDS:
 *   - autocannon posts the customer ticket form (form-encoded, same-origin Origin header, a
 *     unique subject per request) to /tickets/new?_action=tickets.create;
 *   - a second autocannon reads the level-1 queue page (/staff?level=1) with an admin session,
 *     BENCH_QUEUE_RATE pages per second (default 20; 0 = as fast as it can).
 * Prints tickets/s and p50/p99 latency of both loads, then stops the server, opens the
 * database and checks that every acknowledged ticket (2xx or 303 answer) is stored exactly
 * once: no acknowledged subject missing, no subject stored twice.
 * Target: ≥ 500 tickets/s with nothing lost or duplicated.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import autocannon from 'autocannon';
import Database from 'better-sqlite3';
import { printTable } from './bench/table.ts';
import { freePort, startPortal } from './bench/server.ts';
import { ticketLoad } from './bench/ticket-load.ts';

const DURATION_S = Number(process.env.BENCH_SECONDS ?? 10);
const TICKET_CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 16);
const QUEUE_CONNECTIONS = Number(process.env.BENCH_QUEUE_CONNECTIONS ?? 4);
/**
 * Queue pages per second, all readers together: a steady desk-like read load (20 agents
 * refreshing every second). 0 reads as fast as possible, which on one Node thread takes the
 * CPU from ticket creation instead of measuring it beside a realistic read load.
 */
const QUEUE_RATE = Number(process.env.BENCH_QUEUE_RATE ?? 20);
const TARGET = 500;

/** The built server (run by scripts/serve.ts); TIERZERO_DIST points at another build. */
const DIST = process.env.TIERZERO_DIST ?? 'dist';
if (!fs.existsSync(path.join(DIST, 'server/entry.mjs'))) {
  console.error(`${DIST}/server/entry.mjs is missing: run \`npm run build\` first`);
  process.exit(1);
}

const port = await freePort();
const base = `http://127.0.0.1:${port}`;
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tierzero-bench-tickets-'));
const contentDir = process.env.CONTENT_DIR ?? 'content';
const env: NodeJS.ProcessEnv = { ...process.env, HOST: '127.0.0.1', PORT: String(port), DATA_DIR: dataDir, CONTENT_DIR: contentDir, SITE_URL: base };
delete env.SMTP_URL;

// Demo accounts (the admin reads the queues) in the fresh data folder.
const seed = spawnSync(process.execPath, ['scripts/seed.ts'], { env, encoding: 'utf8' });
if (seed.status !== 0) throw new Error(`seed failed: ${seed.stderr}`);

const server = await startPortal(port, { ...env, TIERZERO_DIST: DIST, TICKET_RATE_LIMIT: '1000000000' });

const run = Date.now().toString(36);

try {
  const login = await fetch(`${base}/_actions/auth.login`, {
    method: 'POST',
    headers: { Origin: base, 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ email: 'sophie.wagner@tallyhaus.example', password: 'demo-admin-account' }),
  });
  const cookie = /tz_session=[^;]+/.exec(login.headers.get('set-cookie') ?? '')?.[0];
  if (!login.ok || !cookie) throw new Error(`staff log-in failed: ${login.status}`);
  const queueUrl = '/staff?level=1';
  // Warm up both paths (rendering, first ticket, statements).
  for (let i = 0; i < 10; i++) await (await fetch(base + queueUrl, { headers: { Cookie: cookie } })).arrayBuffer();

  const tickets = ticketLoad(base, { connections: TICKET_CONNECTIONS, durationS: DURATION_S, prefix: `bench-${run}` });
  const queue = autocannon({
    url: base + queueUrl,
    connections: QUEUE_CONNECTIONS,
    duration: DURATION_S,
    headers: { Cookie: cookie },
    ...(QUEUE_RATE > 0 ? { overallRate: QUEUE_RATE } : {}),
  });
  const [{ result: ticketResult, acknowledged, rate, refused }, queueResult] = await Promise.all([tickets, queue]);

  console.log(
    `\nTicket creation under load: ${TICKET_CONNECTIONS} connections posting the form, ${QUEUE_CONNECTIONS} reading the queue (${QUEUE_RATE > 0 ? `${QUEUE_RATE} pages/s` : 'as fast as possible'}), ${DURATION_S} s, Node ${process.version}, ${os.cpus().length} cores\n`,
  );
  printTable(
    ['load', 'requests', 'per second', 'p50', 'p99', 'non-2xx/3xx', 'errors'],
    [
      [
        'POST ticket form',
        ticketResult.requests.total,
        rate.toFixed(0),
        `${ticketResult.latency.p50} ms`,
        `${ticketResult.latency.p99} ms`,
        refused,
        ticketResult.errors,
      ],
      [
        `GET ${queueUrl} (admin)`,
        queueResult.requests.total,
        queueResult.requests.average.toFixed(0),
        `${queueResult.latency.p50} ms`,
        `${queueResult.latency.p99} ms`,
        queueResult.non2xx,
        queueResult.errors,
      ],
    ],
  );

  server.kill();
  await new Promise((resolve) => server.once('exit', resolve));

  const db = new Database(path.join(dataDir, 'tierzero.sqlite'), { readonly: true });
  const stored = db.prepare("SELECT subject, COUNT(*) AS n FROM tickets WHERE subject LIKE ? GROUP BY subject").all(`bench-${run}-%`) as { subject: string; n: number }[];
  const { total } = db.prepare('SELECT COUNT(*) AS total FROM tickets WHERE subject LIKE ?').get(`bench-${run}-%`) as { total: number };
  const { mails } = db.prepare("SELECT COUNT(*) AS mails FROM outbox WHERE subject LIKE ?").get(`%bench-${run}-%`) as { mails: number };
  db.close();
  const storedSubjects = new Map(stored.map((row) => [row.subject, row.n]));
  const lost = [...acknowledged].filter((subject) => !storedSubjects.has(subject));
  const duplicated = stored.filter((row) => row.n > 1);
  const unacknowledged = stored.filter((row) => !acknowledged.has(row.subject)).length;

  console.log('\nIntegrity check (database after the run)\n');
  printTable(
    ['check', 'count'],
    [
      ['acknowledged tickets (2xx/303)', acknowledged.size],
      ['tickets in the database', total],
      ['distinct subjects in the database', stored.length],
      ['acknowledged but missing (lost)', lost.length],
      ['stored more than once (duplicated)', duplicated.length],
      ['stored, answer not received (in flight at the end)', unacknowledged],
      ['confirmation mails in the outbox', mails],
    ],
  );
  const intact = lost.length === 0 && duplicated.length === 0 && total === stored.length;
  console.log(`\nno lost or duplicated ticket: ${intact ? 'yes' : 'NO'}`);
  console.log(`${rate.toFixed(0)} tickets/s (target ≥ ${TARGET}): ${rate >= TARGET ? 'met' : 'NOT met'}`);
  if (!intact) process.exitCode = 1;
} finally {
  if (server.exitCode === null) server.kill();
  fs.rmSync(dataDir, { recursive: true, force: true });
}
