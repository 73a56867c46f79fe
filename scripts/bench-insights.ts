/**
 * Benchmark for /staff/insights (issue 17: ≤ 300 ms over 365 days on both engines): seeds
 * 1,000,000 searches (70 % with a visit id, 3,000 distinct queries, one in seven without a
 * result), clicks, deflections, visits, 100,000 tickets with their events (first responses,
 * escalations 1 → 2 → 3, solutions, closings), article views, votes, flags and reuse, spread
 * over the 365 days up to now, into SQLite (a temp folder) and into a real PostgreSQL (started
 * like the tests do: tests/support/postgres-server.ts) — the same rows on both, written in
 * batches through the query layer — then computes the daily summary tables the page reads
 * (which the portal keeps up to date event by event). Then prints one table: for the 7-, 30-,
 * 90- and 365-day ranges and each engine,
 *   - the time of the page's data functions (computeInsights, every section), median of 5
 *     after one discarded run (which fills the ticket days the process remembers,
 *     insights/ticket-blocks.ts); and for 365 days also that first view with nothing remembered;
 *   - with a build (npm run build), the time of the real page over HTTP through
 *     scripts/serve.ts (DATABASE_URL set for PostgreSQL), signed in as an admin, median of 5
 *     (skipped with a note when dist/ is missing);
 * and the sections one by one over 365 days. Target: ≤ 300 ms for 365 days.
 * BENCH_ENGINES=sqlite (or postgres) measures one engine only.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createHash } from 'node:crypto';
import { sql } from 'kysely';
import { openDatabase } from '../src/lib/server/platform/db.ts';
import { postgresDatabase, sqliteDatabase, type Database, type Engine } from '../src/lib/server/platform/database/connect.ts';
import { migratePostgres } from '../src/lib/server/platform/database/migrate-postgres.ts';
import { writeTransaction, type Trx } from '../src/lib/server/platform/database/write-transaction.ts';
import type { Schema } from '../src/lib/server/platform/database/schema.ts';
import { lastDays } from '../src/lib/server/insights/range.ts';
import { computeInsights, SECTIONS, type InsightContext, type InsightSection } from '../src/lib/server/insights/sections.ts';
import { rebuildInsightSummaries } from '../src/lib/server/insights/summaries.ts';
import { forgetTicketMaterial } from '../src/lib/server/insights/ticket-blocks.ts';
import { createSession, generateSessionToken } from '../src/lib/server/accounts/session.ts';
import { createTestDatabase, startPostgres, type PostgresServer } from '../tests/support/postgres-server.ts';
import { printTable } from './bench/table.ts';
import { freePort, startPortal } from './bench/server.ts';

const SEARCHES = Number(process.env.BENCH_SEARCHES ?? 1_000_000);
const TICKETS = Number(process.env.BENCH_TICKETS ?? 100_000);
const RANGES = [7, 30, 90, 365];
const RUNS = 5;
const TARGET_MS = 300;
const DAY = 86_400_000;
const HOUR = 3_600_000;
const DUE_HOURS: Record<string, number> = { low: 72, normal: 24, high: 8, urgent: 2 };

/** A small deterministic random generator (mulberry32), so that every run seeds the same history. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const WORDS = ['invoice', 'rechnung', 'password', 'passwort', 'export', 'datev', 'bank', 'sync', 'sepa', 'mandate', 'reminder', 'mahnung', 'tax', 'steuer',
  'vat', 'reverse', 'charge', 'user', 'invite', 'login', '2fa', 'phone', 'pdf', 'template', 'logo', 'payment', 'zahlung', 'credit', 'note', 'gutschrift',
  'storno', 'cancel', 'delete', 'account', 'konto', 'receipt', 'beleg', 'upload', 'scan', 'import', 'csv', 'error', 'fehler', 'report', 'dunning', 'number'];

/** Rows waiting to be inserted, per table; written BATCH rows at a time. */
class Batches {
  private readonly pending = new Map<keyof Schema, Record<string, unknown>[]>();
  private readonly trx: Trx;
  constructor(trx: Trx) {
    this.trx = trx;
  }

  async add(table: keyof Schema, row: Record<string, unknown>): Promise<void> {
    let rows = this.pending.get(table);
    if (!rows) this.pending.set(table, (rows = []));
    rows.push(row);
    // All tables, in the order they were first written: parents (tickets) before children (events).
    if (rows.length >= BATCH) await this.flush();
  }

  async flush(): Promise<void> {
    for (const name of this.pending.keys()) {
      const rows = this.pending.get(name) ?? [];
      if (rows.length === 0) continue;
      this.pending.set(name, []);
      await this.trx.insertInto(name).values(rows as never).execute();
    }
  }
}

/** Rows per INSERT while seeding (at most 20 columns: well below both engines' parameter limits). */
const BATCH = 1000;

/** Writes the same deterministic year of history into `database` (either engine). */
async function seedHistory(database: Database, now: number): Promise<{ searches: number; clicks: number; visits: number; tickets: number; events: number }> {
  const rand = random(42);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(rand() * list.length)];
  // 3,000 distinct queries; popular ones far more often (a skewed pick).
  const queries = Array.from({ length: 3000 }, (_, i) => `${WORDS[i % WORDS.length]} ${WORDS[Math.floor(i / WORDS.length) % WORDS.length]}${i >= 2116 ? ` ${i}` : ''}`);
  const query = (): { text: string; found: boolean } => {
    const index = Math.floor(queries.length * rand() ** 2.5);
    return { text: queries[index], found: index % 7 !== 0 };
  };
  const slugs = Array.from({ length: 60 }, (_, i) => `article-${i}`);
  const start = now - 365 * DAY;
  const counts = { searches: 0, clicks: 0, visits: 0, tickets: 0, events: 0 };

  await writeTransaction(database, async (trx) => {
    const out = new Batches(trx);
    const visitCount = Math.round(SEARCHES / 2.5);
    const ticketChance = TICKETS / visitCount;
    const seedTicket = async (sequence: number, created: number, visitId: string | null, sourceQuery: string | null, lang: string): Promise<void> => {
      const priority = pick(['low', 'normal', 'normal', 'normal', 'high', 'urgent']);
      const due = created + DUE_HOURS[priority] * HOUR;
      const responseAt = created + Math.floor((0.1 + rand() * 30) * HOUR);
      const responded = responseAt < now;
      const escalate2 = rand() < 0.2;
      const escalate3 = escalate2 && rand() < 0.3;
      const solveAt = responseAt + Math.floor((1 + rand() * 96) * HOUR);
      const solved = solveAt < now && rand() < 0.95;
      const closeAt = solveAt + 7 * DAY;
      const closed = solved && closeAt < now;
      const level = escalate3 ? 3 : escalate2 ? 2 : 1;
      const status = closed ? 'closed' : solved ? 'solved' : responded ? 'open' : 'new';
      // A fresh database: the ids are the sequence (kept on both engines).
      const id = sequence;
      await out.add('tickets', {
        id,
        reference: `T-B-${String(sequence).padStart(7, '0')}`,
        token_hash: createHash('sha256').update(`ticket-${sequence}`).digest('hex'),
        customer_name: 'Bench Customer',
        customer_email: 'bench@example.com',
        subject: `Bench ticket ${sequence}`,
        category: 'invoices',
        lang,
        priority,
        status,
        level,
        channel: 'web',
        source_query: sourceQuery,
        visit_id: visitId,
        created_at: created,
        updated_at: Math.min(now, closed ? closeAt : solved ? solveAt : responseAt),
        first_response_due: due,
        first_response_at: responded ? responseAt : null,
        solved_at: solved ? solveAt : null,
        closed_at: closed ? closeAt : null,
        version: 8,
      });
      const event = async (type: string, from: string | null, to: string | null, at: number, version: number, atLevel: number): Promise<void> => {
        if (at > now) return;
        await out.add('ticket_events', { ticket_id: id, actor_id: null, type, from_value: from, to_value: to, detail: null, created_at: at, version, level: atLevel });
        counts.events++;
      };
      await event('created', null, 'new', created, 1, 1);
      await event('assigned', null, '1', created, 1, 1);
      if (responded) {
        await event('reply', null, null, responseAt, 2, 1);
        await event('status', 'new', 'open', responseAt, 2, 1);
      }
      let at = responseAt + HOUR;
      if (escalate2) await event('escalated', '1', '2', at, 3, 2);
      if (escalate3) await event('escalated', '2', '3', (at += HOUR), 4, 3);
      if (solved) {
        await event('status', 'open', 'solved', solveAt, 5, level);
        if (rand() < 0.4) await out.add('ticket_articles', { ticket_id: id, article_slug: pick(slugs), linked_by: null, created_at: solveAt });
      }
      if (closed) await event('status', 'solved', 'closed', closeAt, 6, level);
    };

    for (let v = 0; counts.searches < SEARCHES; v++) {
      let at = start + Math.floor((counts.searches / SEARCHES) * 365 * DAY) + Math.floor(rand() * 60_000);
      const visitId = rand() < 0.7 ? createHash('md5').update(`visit-${v}`).digest('hex') : null;
      const lang = rand() < 0.6 ? 'de' : 'en';
      // 1..4 searches, 2.5 on average, until the total is reached.
      const n = Math.min(SEARCHES - counts.searches, 1 + Math.floor(rand() * 4));
      const started = at;
      let lastQuery = '';
      for (let i = 0; i < n; i++) {
        const q = query();
        lastQuery = q.text;
        const clicked = visitId !== null && q.found && rand() < 0.5;
        await out.add('search_log', {
          query: q.text,
          lang,
          result_count: q.found ? 1 + Math.floor(rand() * 20) : 0,
          source: pick(['page', 'instant', 'instant', 'ticket-form']),
          visit_id: visitId,
          clicked: clicked ? 1 : 0,
          created_at: at,
        });
        counts.searches++;
        if (q.found && (clicked || (visitId === null && rand() < 0.5))) {
          await out.add('search_click', { query: q.text, article_slug: pick(slugs), lang, visit_id: visitId, created_at: at + 20_000 });
          counts.clicks++;
        }
        at += 15_000 + Math.floor(rand() * 60_000);
      }
      const answered = rand() < 0.03 ? 1 : 0;
      if (answered) await out.add('deflections', { query: lastQuery, article_slug: pick(slugs), lang, visit_id: visitId, created_at: at });
      const ticket = counts.tickets < TICKETS && rand() < ticketChance ? 1 : 0;
      if (ticket) {
        counts.tickets++;
        await seedTicket(counts.tickets, at + 60_000, visitId, visitId ? null : lastQuery, lang);
      }
      if (visitId) {
        await out.add('visits', { id: visitId, started_at: started, searches: n, answered, tickets: ticket });
        counts.visits++;
      }
    }

    // Article views per day, votes, open flags.
    for (const slug of slugs) for (let d = 0; d < 365; d++) await out.add('article_view', { article_slug: slug, day: Math.floor((start + d * DAY) / DAY), views: Math.floor(rand() * 200) });
    for (let i = 0; i < 20_000; i++) {
      await out.add('article_feedback', {
        article_slug: pick(slugs),
        helpful: rand() < 0.7 ? 1 : 0,
        comment: rand() < 0.1 ? 'Bench comment' : null,
        voter_hash: `voter-${i}`,
        lang: 'en',
        created_at: start + Math.floor(rand() * 365 * DAY),
      });
    }
    await out.flush();
    const { id: user } = await trx
      .insertInto('users')
      .values({ email: 'bench.flagger@example.com', name: 'Flagger', role: 'second_level', password_hash: 'x', created_at: now })
      .returning('id')
      .executeTakeFirstOrThrow();
    for (let i = 0; i < 40; i++) {
      await out.add('article_flags', { article_slug: pick(slugs), reason: pick(['outdated', 'wrong', 'unclear']), comment: 'Bench flag', flagged_by: user, created_at: start + Math.floor(rand() * 365 * DAY) });
    }
    await out.flush();
  });
  // The portal keeps the daily summaries up to date with every event; a bulk seed computes them once.
  await rebuildInsightSummaries(database);
  return counts;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

/** One engine's measurements. */
interface EngineResult {
  engine: Engine;
  seeded: Awaited<ReturnType<typeof seedHistory>>;
  seedMs: number;
  functions: Map<number, number>;
  /** 365 days, the first view with no ticket day remembered. */
  firstView: number;
  http: Map<number, number>;
  sections: Map<string, number>;
}

const engines = (process.env.BENCH_ENGINES ?? 'sqlite,postgres').split(',').map((name) => name.trim()) as Engine[];
const now = Date.now();
const dist = process.env.TIERZERO_DIST ?? 'dist';
const withHttp = fs.existsSync(path.join(dist, 'server/entry.mjs'));
const results: EngineResult[] = [];
let postgres: PostgresServer | null = null;
const dataDirs: string[] = [];

/** Times every range through the data functions, then each section over 365 days. */
async function timeFunctions(database: Database, context: InsightContext, result: EngineResult): Promise<void> {
  for (const days of RANGES) {
    const times: number[] = [];
    forgetTicketMaterial(database);
    for (let i = 0; i < RUNS + 1; i++) {
      const begin = performance.now();
      await computeInsights(database, lastDays(days, now), context);
      if (i > 0) times.push(performance.now() - begin); // the first run warms the caches
      else if (days === 365) result.firstView = performance.now() - begin;
    }
    result.functions.set(days, median(times));
  }
  for (const section of SECTIONS as readonly InsightSection<unknown>[]) {
    const times: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      const begin = performance.now();
      await section.compute(database, lastDays(365, now), context);
      times.push(performance.now() - begin);
    }
    result.sections.set(section.id, median(times));
  }
}

/** Times the real page over HTTP, signed in as an admin (account and session on the engine measured). */
async function timePage(engine: Engine, database: Database, dataDir: string, url: string | null, result: EngineResult): Promise<void> {
  const { id: admin } = await database.kysely
    .insertInto('users')
    .values({ email: 'bench.admin@example.com', name: 'Bench Admin', role: 'admin', password_hash: 'x', created_at: now })
    .returning('id')
    .executeTakeFirstOrThrow();
  const token = generateSessionToken();
  await createSession(database, token, admin, now);
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const env: NodeJS.ProcessEnv = { ...process.env, DATA_DIR: dataDir, CONTENT_DIR: process.env.CONTENT_DIR ?? 'content', SITE_URL: base, TIERZERO_DIST: dist, DEMO_DATA: '0' };
  delete env.SMTP_URL;
  if (url) env.DATABASE_URL = url;
  else delete env.DATABASE_URL;
  const server = await startPortal(port, env);
  try {
    for (const days of RANGES) {
      const times: number[] = [];
      const range = lastDays(days, now);
      for (let i = 0; i < RUNS + 1; i++) {
        const begin = performance.now();
        const response = await fetch(`${base}/staff/insights?range=${days === 365 ? `custom&from=${range.from}&to=${range.to}` : days}`, { headers: { Cookie: `tz_session=${token}` } });
        await response.text();
        if (response.status !== 200) throw new Error(`/staff/insights answered ${response.status} on ${engine}`);
        if (i > 0) times.push(performance.now() - begin);
      }
      result.http.set(days, median(times));
    }
  } finally {
    server.kill();
  }
}

try {
  for (const engine of engines) {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), `tierzero-bench-insights-${engine}-`));
    dataDirs.push(dataDir);
    // SQLite: the portal's database. PostgreSQL: the data there; the SQLite file in DATA_DIR
    // still holds what is not on the query layer yet (sessions, calls, training: issue 17).
    const db = openDatabase(dataDir);
    let url: string | null = null;
    let database: Database;
    if (engine === 'postgres') {
      postgres ??= startPostgres();
      url = await createTestDatabase(postgres.adminUrl, 'bench_insights');
      await migratePostgres(url);
      database = postgresDatabase(url);
    } else {
      database = sqliteDatabase(db);
    }
    const result: EngineResult = { engine, seeded: { searches: 0, clicks: 0, visits: 0, tickets: 0, events: 0 }, seedMs: 0, functions: new Map(), firstView: 0, http: new Map(), sections: new Map() };
    const seedStart = performance.now();
    result.seeded = await seedHistory(database, now);
    result.seedMs = performance.now() - seedStart;
    if (engine === 'postgres') await sql`ANALYZE`.execute(database.kysely);
    console.log(
      `${engine}: seeded ${result.seeded.searches.toLocaleString('en')} searches, ${result.seeded.clicks.toLocaleString('en')} clicks, ${result.seeded.visits.toLocaleString('en')} visits, ` +
        `${result.seeded.tickets.toLocaleString('en')} tickets with ${result.seeded.events.toLocaleString('en')} events in ${(result.seedMs / 1000).toFixed(1)} s.`,
    );
    await timeFunctions(database, { now, articles: [], curriculum: [] }, result);
    if (withHttp) await timePage(engine, database, dataDir, url, result);
    await database.close();
    db.close();
    results.push(result);
  }

  console.log(`\nLoad average while measuring: ${os.loadavg().map((load) => load.toFixed(1)).join(', ')} (${os.cpus().length} CPUs); on a busy machine times grow.\n`);
  printTable(
    ['Range', ...results.flatMap((r) => [`${r.engine}: data functions`, `${r.engine}: HTTP page`]), `≤ ${TARGET_MS} ms`],
    RANGES.map((days) => {
      const worst = Math.max(...results.flatMap((r) => [r.functions.get(days)!, r.http.get(days) ?? 0]));
      return [
        `${days} days`,
        ...results.flatMap((r) => [`${r.functions.get(days)!.toFixed(0)} ms`, r.http.has(days) ? `${r.http.get(days)!.toFixed(0)} ms` : '–']),
        worst <= TARGET_MS ? 'yes' : 'no',
      ];
    }),
  );
  if (!withHttp) console.log(`(no ${dist}/server/entry.mjs: run \`npm run build\` first to time the page over HTTP)`);
  console.log(`\n365 days, first view with no ticket day remembered (after a start): ${results.map((r) => `${r.engine} ${r.firstView.toFixed(0)} ms`).join(', ')}.`);
  console.log('\nBy section, 365 days (median of 5):\n');
  printTable(['Section', ...results.map((r) => r.engine)], (SECTIONS as readonly InsightSection<unknown>[]).map((section) => [section.id, ...results.map((r) => `${r.sections.get(section.id)!.toFixed(0)} ms`)]));
} finally {
  for (const dir of dataDirs) fs.rmSync(dir, { recursive: true, force: true });
  postgres?.stop();
}
