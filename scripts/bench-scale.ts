/**
 * npm run bench:scale — Tierzero behind nginx (round-robin, loopback) in three set-ups, in one
 * run: one instance on SQLite, one instance on PostgreSQL, two instances on PostgreSQL
 * (tests/support/scale-setup.ts: Debian's nginx and PostgreSQL, the seeded demo installation,
 * moved to PostgreSQL with db:copy). For each, through the proxy:
 *   - ticket creation: BENCH_CONNECTIONS (default 16) connections post the customer form for
 *     BENCH_SECONDS (default 10; scripts/bench/ticket-load.ts, as bench:tickets);
 *   - the search page: BENCH_SEARCH_CONNECTIONS (default 8) connections GET /en/search?q=…
 *     over a few queries for BENCH_SECONDS;
 * then every acknowledged ticket is looked up in the database: none lost, none doubled.
 * On 2 cores the point is that nothing is lost and a second instance adds, not that it doubles.
 * Needs `npm run build` first.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import autocannon from 'autocannon';
import Database from 'better-sqlite3';
import pg from 'pg';
import { printTable } from './bench/table.ts';
import { ticketLoad } from './bench/ticket-load.ts';
import { startScaleSetup, type ScaleSetup } from '../tests/support/scale-setup.ts';
import { startPostgres } from '../tests/support/postgres-server.ts';

const DURATION_S = Number(process.env.BENCH_SECONDS ?? 10);
const TICKET_CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 16);
const SEARCH_CONNECTIONS = Number(process.env.BENCH_SEARCH_CONNECTIONS ?? 8);
const QUERIES = ['password', 'invoice', 'export', 'login', 'vat', 'bank', 'passwort', 'rechnung'];

const DIST = process.env.TIERZERO_DIST ?? 'dist';
if (!fs.existsSync(path.join(DIST, 'server/entry.mjs'))) {
  console.error(`${DIST}/server/entry.mjs is missing: run \`npm run build\` first`);
  process.exit(1);
}

interface Stored {
  /** subject → how many rows */
  subjects: Map<string, number>;
  /** Where the tickets were found ("PostgreSQL", or "SQLite" while the desk is not converted). */
  where: string;
}

/** The run's tickets in the set-up's database (and in the shared SQLite file, where unconverted desk code writes today). */
async function storedTickets(setup: ScaleSetup, prefix: string): Promise<Stored> {
  const count = (rows: { subject: string; n: number | string }[]): Map<string, number> => new Map(rows.map((row) => [row.subject, Number(row.n)]));
  if (setup.databaseUrl) {
    const client = new pg.Client({ connectionString: setup.databaseUrl });
    await client.connect();
    try {
      const rows = (await client.query<{ subject: string; n: string }>('SELECT subject, COUNT(*) AS n FROM tickets WHERE subject LIKE $1 GROUP BY subject', [`${prefix}-%`])).rows;
      if (rows.length) return { subjects: count(rows), where: 'PostgreSQL' };
    } finally {
      await client.end();
    }
  }
  const db = new Database(path.join(setup.dataDir, 'tierzero.sqlite'), { readonly: true });
  try {
    const rows = db.prepare('SELECT subject, COUNT(*) AS n FROM tickets WHERE subject LIKE ? GROUP BY subject').all(`${prefix}-%`) as { subject: string; n: number }[];
    return { subjects: count(rows), where: setup.databaseUrl ? 'SQLite (desk not converted yet)' : 'SQLite' };
  } finally {
    db.close();
  }
}

interface Row {
  setup: string;
  tickets: number;
  ticketP99: number;
  refused: number;
  lost: number;
  doubled: number;
  where: string;
  searches: number;
  searchP99: number;
  searchNon2xx: number;
}

async function measure(label: string, engine: 'sqlite' | 'postgres', instances: number, postgresAdminUrl?: string): Promise<Row> {
  process.stdout.write(`${label}: starting … `);
  const setup = await startScaleSetup({ engine, instances, dist: DIST, postgresAdminUrl, env: { TICKET_RATE_LIMIT: '1000000000' } });
  try {
    const base = setup.proxyUrl;
    // Warm up every instance through the proxy (rendering, first ticket, statements).
    for (let i = 0; i < 10 * instances; i++) await (await fetch(`${base}/en/search?q=${QUERIES[i % QUERIES.length]}`)).arrayBuffer();
    await ticketLoad(base, { connections: 2 * instances, durationS: 2, prefix: `warm-up-${Date.now().toString(36)}` });
    process.stdout.write('tickets … ');
    const prefix = `scale-${engine}-${instances}-${Date.now().toString(36)}`;
    const tickets = await ticketLoad(base, { connections: TICKET_CONNECTIONS, durationS: DURATION_S, prefix });
    process.stdout.write('search … ');
    let query = 0;
    const search = await autocannon({
      url: base,
      connections: SEARCH_CONNECTIONS,
      duration: DURATION_S,
      requests: [{ method: 'GET', setupRequest: (request: Record<string, unknown>) => ({ ...request, path: `/en/search?q=${QUERIES[query++ % QUERIES.length]}` }) } as unknown as autocannon.Request],
    });
    // Tickets still in flight at the end of the load are settled by now.
    await new Promise((resolve) => setTimeout(resolve, 500));
    const stored = await storedTickets(setup, prefix);
    const lost = [...tickets.acknowledged].filter((subject) => !stored.subjects.has(subject)).length;
    const doubled = [...stored.subjects.values()].filter((n) => n > 1).length;
    console.log('done');
    return {
      setup: label,
      tickets: tickets.rate,
      ticketP99: tickets.result.latency.p99,
      refused: tickets.refused,
      lost,
      doubled,
      where: stored.where,
      searches: search.requests.average,
      searchP99: search.latency.p99,
      searchNon2xx: search.non2xx,
    };
  } finally {
    await setup.stop();
  }
}

const rows: Row[] = [];
rows.push(await measure('SQLite, 1 instance', 'sqlite', 1));
const postgres = startPostgres();
try {
  rows.push(await measure('PostgreSQL, 1 instance', 'postgres', 1, postgres.adminUrl));
  rows.push(await measure('PostgreSQL, 2 instances', 'postgres', 2, postgres.adminUrl));
} finally {
  postgres.stop();
}

console.log(
  `\nThrough nginx (round-robin, loopback): ${TICKET_CONNECTIONS} connections posting tickets, then ${SEARCH_CONNECTIONS} reading /en/search, ${DURATION_S} s each; Node ${process.version}, ${os.cpus().length} cores\n`,
);
printTable(
  ['set-up', 'tickets/s', 'p99', 'refused', 'lost', 'doubled', 'tickets stored in', 'search pages/s', 'p99', 'non-2xx'],
  rows.map((row) => [row.setup, row.tickets.toFixed(0), `${row.ticketP99} ms`, row.refused, row.lost, row.doubled, row.where, row.searches.toFixed(0), `${row.searchP99} ms`, row.searchNon2xx]),
);
const intact = rows.every((row) => row.lost === 0 && row.doubled === 0);
console.log(`\nno acknowledged ticket lost or doubled: ${intact ? 'yes' : 'NO'}`);
if (!intact) process.exitCode = 1;
