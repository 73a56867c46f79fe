/**
 * npm run bench:insights — server time of the insights page (/staff/insights) with a year of
 * data for a busy desk.
 *
 * Seeds a temporary database with 1,000,000 searches (70 % with a visit id, clicks, no-result
 * queries), 100,000 tickets with their events (first responses, escalations 1 → 2 → 3,
 * solutions, closings), deflections, visits, article views, votes, flags and reuse, spread
 * over the 365 days up to now (prepared statements in one transaction), then computes the
 * daily summary tables the page reads (which the portal keeps up to date event by event).
 * Then prints, for the
 * 7-, 30-, 90- and 365-day ranges:
 *   - the time of the page's data functions (computeInsights, all four sections), median of 5;
 *   - with a build (npm run build), the time of the real page over HTTP through scripts/serve.ts,
 *     signed in as an admin, median of 5 (skipped with a note when dist/ is missing).
 * Target: ≤ 300 ms for 90 days.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createHash } from 'node:crypto';
import { openDatabase, type Db } from '../src/lib/server/platform/db.ts';
import { lastDays } from '../src/lib/server/insights/range.ts';
import { computeInsights, SECTIONS, type InsightSection } from '../src/lib/server/insights/sections.ts';
import { rebuildInsightSummaries } from '../src/lib/server/insights/summaries.ts';
import { createSession, generateSessionToken } from '../src/lib/server/accounts/session.ts';
import { sqliteDatabase } from '../src/lib/server/platform/database/connect.ts';
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

function seedHistory(db: Db, now: number): { searches: number; clicks: number; visits: number; tickets: number; events: number } {
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

  const insertSearch = db.prepare('INSERT INTO search_log (query, lang, result_count, source, visit_id, clicked, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)');
  const insertClick = db.prepare('INSERT INTO search_click (query, article_slug, lang, visit_id, created_at) VALUES (?, ?, ?, ?, ?)');
  const insertVisit = db.prepare('INSERT INTO visits (id, started_at, searches, answered, tickets) VALUES (?, ?, ?, ?, ?)');
  const insertDeflection = db.prepare('INSERT INTO deflections (query, article_slug, lang, visit_id, created_at) VALUES (?, ?, ?, ?, ?)');
  const insertTicket = db.prepare(
    `INSERT INTO tickets (reference, token_hash, customer_name, customer_email, subject, category, lang, priority, status, level, channel,
       source_query, visit_id, created_at, updated_at, first_response_due, first_response_at, solved_at, closed_at, version)
     VALUES (?, ?, 'Bench Customer', 'bench@example.com', ?, 'invoices', ?, ?, ?, ?, 'web', ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const insertEvent = db.prepare(
    'INSERT INTO ticket_events (ticket_id, actor_id, type, from_value, to_value, detail, created_at, version, level) VALUES (?, NULL, ?, ?, ?, NULL, ?, ?, ?)',
  );
  const insertLink = db.prepare('INSERT INTO ticket_articles (ticket_id, article_slug, linked_by, created_at) VALUES (?, ?, NULL, ?)');

  let searches = 0;
  let clicks = 0;
  let visits = 0;
  let tickets = 0;
  let events = 0;
  const visitCount = Math.round(SEARCHES / 2.5);
  const ticketChance = TICKETS / visitCount;
  db.transaction(() => {
    for (let v = 0; searches < SEARCHES; v++) {
      let at = start + Math.floor((searches / SEARCHES) * 365 * DAY) + Math.floor(rand() * 60_000);
      const visitId = rand() < 0.7 ? createHash('md5').update(`visit-${v}`).digest('hex') : null;
      const lang = rand() < 0.6 ? 'de' : 'en';
      // 1..4 searches, 2.5 on average, until the total is reached.
      const n = Math.min(SEARCHES - searches, 1 + Math.floor(rand() * 4));
      const started = at;
      let lastQuery = '';
      for (let i = 0; i < n; i++) {
        const q = query();
        lastQuery = q.text;
        const clicked = visitId !== null && q.found && rand() < 0.5;
        insertSearch.run(q.text, lang, q.found ? 1 + Math.floor(rand() * 20) : 0, pick(['page', 'instant', 'instant', 'ticket-form']), visitId, clicked ? 1 : 0, at);
        searches++;
        if (q.found && (clicked || (visitId === null && rand() < 0.5))) {
          insertClick.run(q.text, pick(slugs), lang, visitId, at + 20_000);
          clicks++;
        }
        at += 15_000 + Math.floor(rand() * 60_000);
      }
      const answered = rand() < 0.03 ? 1 : 0;
      if (answered) insertDeflection.run(lastQuery, pick(slugs), lang, visitId, at);
      const ticket = tickets < TICKETS && rand() < ticketChance ? 1 : 0;
      if (ticket) {
        tickets++;
        events += seedTicket(tickets, at + 60_000, visitId, visitId ? null : lastQuery, lang);
      }
      if (visitId) {
        insertVisit.run(visitId, started, n, answered, ticket);
        visits++;
      }
    }
  })();

  function seedTicket(sequence: number, created: number, visitId: string | null, sourceQuery: string | null, lang: string): number {
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
    const id = Number(
      insertTicket.run(
        `T-B-${String(sequence).padStart(7, '0')}`,
        createHash('sha256').update(`ticket-${sequence}`).digest('hex'),
        `Bench ticket ${sequence}`,
        lang,
        priority,
        status,
        level,
        sourceQuery,
        visitId,
        created,
        Math.min(now, closed ? closeAt : solved ? solveAt : responseAt),
        due,
        responded ? responseAt : null,
        solved ? solveAt : null,
        closed ? closeAt : null,
        8,
      ).lastInsertRowid,
    );
    let written = 0;
    const event = (type: string, from: string | null, to: string | null, at: number, version: number, atLevel: number): void => {
      if (at > now) return;
      insertEvent.run(id, type, from, to, at, version, atLevel);
      written++;
    };
    event('created', null, 'new', created, 1, 1);
    event('assigned', null, '1', created, 1, 1);
    if (responded) {
      event('reply', null, null, responseAt, 2, 1);
      event('status', 'new', 'open', responseAt, 2, 1);
    }
    let at = responseAt + HOUR;
    if (escalate2) event('escalated', '1', '2', at, 3, 2);
    if (escalate3) event('escalated', '2', '3', (at += HOUR), 4, 3);
    if (solved) {
      event('status', 'open', 'solved', solveAt, 5, level);
      if (rand() < 0.4) insertLink.run(id, pick(slugs), solveAt);
    }
    if (closed) event('status', 'solved', 'closed', closeAt, 6, level);
    return written;
  }

  // Article views per day, votes, open flags.
  db.transaction(() => {
    const view = db.prepare('INSERT INTO article_view (article_slug, day, views) VALUES (?, ?, ?)');
    for (const slug of slugs) for (let d = 0; d < 365; d++) view.run(slug, Math.floor((start + d * DAY) / DAY), Math.floor(rand() * 200));
    const vote = db.prepare('INSERT INTO article_feedback (article_slug, helpful, comment, voter_hash, lang, created_at) VALUES (?, ?, ?, ?, ?, ?)');
    for (let i = 0; i < 20_000; i++) vote.run(pick(slugs), rand() < 0.7 ? 1 : 0, rand() < 0.1 ? 'Bench comment' : null, `voter-${i}`, 'en', start + Math.floor(rand() * 365 * DAY));
    const user = Number(
      db.prepare("INSERT INTO users (email, name, role, password_hash, created_at) VALUES ('bench.flagger@example.com', 'Flagger', 'second_level', 'x', ?)").run(now).lastInsertRowid,
    );
    const flag = db.prepare("INSERT INTO article_flags (article_slug, reason, comment, flagged_by, created_at) VALUES (?, ?, 'Bench flag', ?, ?)");
    for (let i = 0; i < 40; i++) flag.run(pick(slugs), pick(['outdated', 'wrong', 'unclear']), user, start + Math.floor(rand() * 365 * DAY));
  })();
  // The portal keeps the daily summaries up to date with every event; a bulk seed computes them once.
  rebuildInsightSummaries(db);
  return { searches, clicks, visits, tickets, events };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

// BENCH_KEEP_DIR keeps the seeded folder for another run (seeding is skipped when it has data).
const keepDir = process.env.BENCH_KEEP_DIR;
const dataDir = keepDir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'tierzero-bench-insights-'));
const reuse = keepDir !== undefined && fs.existsSync(path.join(keepDir, 'tierzero.sqlite'));
const now = reuse ? Number(fs.readFileSync(path.join(dataDir, 'seeded-at'), 'utf8')) : Date.now();
try {
  const db = openDatabase(dataDir);
  const seedStart = performance.now();
  const seeded = reuse ? { searches: 0, clicks: 0, visits: 0, tickets: 0, events: 0 } : seedHistory(db, now);
  if (keepDir && !reuse) fs.writeFileSync(path.join(dataDir, 'seeded-at'), String(now));
  const seedMs = performance.now() - seedStart;
  if (!reuse) console.log(
    `Seeded ${seeded.searches.toLocaleString('en')} searches, ${seeded.clicks.toLocaleString('en')} clicks, ${seeded.visits.toLocaleString('en')} visits, ` +
      `${seeded.tickets.toLocaleString('en')} tickets with ${seeded.events.toLocaleString('en')} events in ${(seedMs / 1000).toFixed(1)} s ` +
      `(database ${(fs.statSync(path.join(dataDir, 'tierzero.sqlite')).size / 1e6).toFixed(0)} MB).\n`,
  );

  const functionTimes = new Map<number, number>();
  for (const days of RANGES) {
    const times: number[] = [];
    for (let i = 0; i < RUNS + 1; i++) {
      const begin = performance.now();
      computeInsights(db, lastDays(days, now), { now, articles: [], curriculum: [] });
      if (i > 0) times.push(performance.now() - begin); // the first run prepares the statements
    }
    functionTimes.set(days, median(times));
  }

  // Where the time goes: each section alone, 90 days.
  const sectionTimes = (SECTIONS as readonly InsightSection<unknown>[]).map((section) => {
    const times: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      const begin = performance.now();
      section.compute(db, lastDays(90, now), { now, articles: [], curriculum: [] });
      times.push(performance.now() - begin);
    }
    return [section.id, `${median(times).toFixed(0)} ms`];
  });

  // The real page over HTTP, signed in as an admin (needs a build).
  const httpTimes = new Map<number, number>();
  const dist = process.env.TIERZERO_DIST ?? 'dist';
  let httpNote = '';
  if (fs.existsSync(path.join(dist, 'server/entry.mjs'))) {
    const admin = (
      db
        .prepare(
          "INSERT INTO users (email, name, role, password_hash, created_at) VALUES ('bench.admin@example.com', 'Bench Admin', 'admin', 'x', ?) ON CONFLICT (email) DO UPDATE SET name = name RETURNING id",
        )
        .get(now) as { id: number }
    ).id;
    const token = generateSessionToken();
    await createSession(sqliteDatabase(db), token, admin, now);
    db.close();
    const port = await freePort();
    const base = `http://127.0.0.1:${port}`;
    const env: NodeJS.ProcessEnv = { ...process.env, DATA_DIR: dataDir, CONTENT_DIR: process.env.CONTENT_DIR ?? 'content', SITE_URL: base, TIERZERO_DIST: dist, DEMO_DATA: '0' };
    delete env.SMTP_URL;
    const server = await startPortal(port, env);
    try {
      for (const days of RANGES) {
        const times: number[] = [];
        for (let i = 0; i < RUNS + 1; i++) {
          const begin = performance.now();
          const response = await fetch(`${base}/staff/insights?range=${days === 365 ? `custom&from=${lastDays(365, now).from}&to=${lastDays(365, now).to}` : days}`, {
            headers: { Cookie: `tz_session=${token}` },
          });
          await response.text();
          if (response.status !== 200) throw new Error(`/staff/insights answered ${response.status}`);
          if (i > 0) times.push(performance.now() - begin);
        }
        httpTimes.set(days, median(times));
      }
    } finally {
      server.kill();
    }
  } else {
    db.close();
    httpNote = `(no ${dist}/server/entry.mjs: run \`npm run build\` first to time the page over HTTP)`;
  }

  console.log(`Load average while measuring: ${os.loadavg().map((load) => load.toFixed(1)).join(', ')} (${os.cpus().length} CPUs); on a busy machine times grow.\n`);
  printTable(
    ['Range', 'Data functions (median of 5)', 'HTTP page (median of 5)', `≤ ${TARGET_MS} ms`],
    RANGES.map((days) => {
      const page = httpTimes.get(days);
      const worst = Math.max(functionTimes.get(days)!, page ?? 0);
      return [`${days} days`, `${functionTimes.get(days)!.toFixed(0)} ms`, page === undefined ? '–' : `${page.toFixed(0)} ms`, worst <= TARGET_MS ? 'yes' : 'no'];
    }),
  );
  if (httpNote) console.log(httpNote);
  console.log('\nBy section, 90 days:\n');
  printTable(['Section', 'Median of 5'], sectionTimes);
} finally {
  if (!keepDir) fs.rmSync(dataDir, { recursive: true, force: true });
}
