/**
 * The raw material of the ticket figures (ticket-flow.ts) for a range, read per UTC day
 * ("block", time / DAY_MS) and remembered per process between page views (issue 17: a year
 * of tickets in ≤ 300 ms on both engines, with exact medians and percentiles).
 *
 * A block's material: the tickets opened that day (each one's first-response and solution
 * time packed with its group, and how many reached each level) and the counts of tickets
 * opened, escalations and solutions per desk day (a UTC day touches two or three). Migration 24's triggers raise the
 * block's version in `insight_ticket_block` in the same transaction as every change to those
 * rows (whoever writes them), so:
 * - a remembered block is used only while its version (read before its rows) is unchanged
 *   and the desk's zone is the one it was counted in; otherwise it is read again;
 * - the partial days at the range's edges (local midnights are not UTC midnights) are always
 *   read, never remembered;
 * - a version read before the rows can only be older than the rows, never newer: a change
 *   that lands between the two reads makes the block look stale next time, not fresh;
 * - nothing is approximated: what is remembered are the rows' own values.
 * One map per database handle (instances share nothing but the versions); at most
 * MAX_BLOCKS blocks are kept per database.
 */
import { sql } from 'kysely';
import type { Database } from '../platform/database/connect.ts';
import { PRIORITIES, type Level } from '../desk/vocabulary.ts';
import { countByBucket, DAY_MS, deskDay, deskDayZone } from './desk-days.ts';

/** Counts per desk day (desk-days.ts day numbers, ascending) and the counts. */
export interface DayCounts {
  day: number[];
  n: number[];
}

/** The ticket material of one stretch of time (a whole UTC day or a range's edge). */
export interface TicketMaterial {
  /** Tickets opened per desk day. */
  opened: DayCounts;
  /** Escalations to level 2 and to level 3 per desk day. */
  escalated2: DayCounts;
  escalated3: DayCounts;
  /** Solutions (status → solved) per desk day, by the ticket's level when solved. */
  solved: Record<Level, DayCounts>;
  /** Tickets opened in the stretch, by the highest level each reached (1 without an escalation). */
  reached: Record<Level, number>;
  /** Their first-response times (ms), each packed with the ticket's group (`packTime`); tickets without one left out. */
  responses: Float64Array;
  /** Their solution times (created → last solved, ms), packed likewise; unsolved tickets left out. */
  solutions: Float64Array;
}

/**
 * A time packed with its ticket's group in the lowest four bits: `time * 16 + (level - 1) * 4
 * + priority index`, so that one numeric sort orders every group at once (see ticket-flow.ts).
 */
export function packTime(time: number, level: Level, priorityIndex: number): number {
  return time * 16 + (level - 1) * 4 + priorityIndex;
}

/** Up to this long, a stretch's escalations are read by its tickets' ids (measured: faster below a month, slower for a year). */
const NAMED_TICKETS_MS = 31 * DAY_MS;

/** How many blocks are remembered per database at most (two years of days, with room). */
const MAX_BLOCKS = 1000;

interface Remembered {
  version: number;
  zone: string;
  material: TicketMaterial;
}

const remembered = new WeakMap<Database, Map<number, Remembered>>();

/** SQL: a ticket's priority as its index in PRIORITIES (a number crosses the connection faster than text). */
const PRIORITY_INDEX_SQL = sql.raw(`CASE priority ${PRIORITIES.map((priority, i) => `WHEN '${priority}' THEN ${i}`).join(' ')} END`);

const emptyCounts = (): DayCounts => ({ day: [], n: [] });
const emptyMaterial = (): TicketMaterial => ({
  opened: emptyCounts(),
  escalated2: emptyCounts(),
  escalated3: emptyCounts(),
  solved: { 1: emptyCounts(), 2: emptyCounts(), 3: emptyCounts() },
  reached: { 1: 0, 2: 0, 3: 0 },
  responses: new Float64Array(0),
  solutions: new Float64Array(0),
});

/**
 * Reads [from, to) from the rows: one material per UTC day it touches (keyed by block; the
 * days at its ends may be partial). Five queries at the same time; the counts grouped by
 * time bucket in SQL (desk-days.ts), the tickets one row each (numbers only).
 */
async function readStretch(database: Database, from: number, to: number): Promise<Map<number, TicketMaterial>> {
  const db = database.kysely;
  const rows = <Row extends object>(query: { execute(db: typeof database.kysely): Promise<{ rows: Row[] }> }): Promise<Row[]> => query.execute(db).then((result) => result.rows);
  const [tickets, tops, opened, escalated, solved] = await Promise.all([
    rows(sql<{ key: number; created: number; response: number | null; solution: number | null }>`
      SELECT id * 4 + ${PRIORITY_INDEX_SQL} AS key, created_at AS created, first_response_at - created_at AS response, solved_at - created_at AS solution
      FROM tickets WHERE created_at >= ${from} AND created_at < ${to}`),
    // The highest level each of those tickets reached (its escalations are not older than the
    // ticket; others are not looked up). A short stretch names its tickets: it may lie far back.
    rows(sql<{ ticketId: number; top: number }>`
      SELECT ticket_id AS "ticketId", MAX(CAST(to_value AS INTEGER)) AS top FROM ticket_events
      WHERE type = 'escalated' AND to_value IN ('2', '3') AND created_at >= ${from}
        ${to - from > NAMED_TICKETS_MS ? sql`` : sql`AND ticket_id IN (SELECT id FROM tickets WHERE created_at >= ${from} AND created_at < ${to})`}
      GROUP BY ticket_id`),
    countByBucket((width) =>
      rows(sql<{ bucket: number; n: number }>`
        SELECT created_at / ${sql.lit(width)} AS bucket, COUNT(*) AS n FROM tickets
        WHERE created_at >= ${from} AND created_at < ${to} GROUP BY created_at / ${sql.lit(width)}`),
    ),
    countByBucket((width) =>
      rows(sql<{ bucket: number; toLevel: string; n: number }>`
        SELECT created_at / ${sql.lit(width)} AS bucket, to_value AS "toLevel", COUNT(*) AS n FROM ticket_events
        WHERE type = 'escalated' AND to_value IN ('2', '3') AND created_at >= ${from} AND created_at < ${to}
        GROUP BY created_at / ${sql.lit(width)}, to_value`),
    ),
    countByBucket((width) =>
      rows(sql<{ bucket: number; level: Level | null; n: number }>`
        SELECT created_at / ${sql.lit(width)} AS bucket, level, COUNT(*) AS n FROM ticket_events
        WHERE type = 'status' AND to_value = 'solved' AND created_at >= ${from} AND created_at < ${to}
        GROUP BY created_at / ${sql.lit(width)}, level`),
    ),
  ]);

  const blocks = new Map<number, TicketMaterial>();
  const blockOf = (at: number): TicketMaterial => {
    const block = Math.floor(at / DAY_MS);
    let material = blocks.get(block);
    if (!material) blocks.set(block, (material = emptyMaterial()));
    return material;
  };
  // Each bucket lies within one desk day, the day of its start (desk-days.ts); buckets come in any order.
  const add = (counts: DayCounts, at: number, n: number): void => {
    const day = deskDay(at);
    const i = counts.day.indexOf(day);
    if (i >= 0) counts.n[i] += Number(n);
    else {
      counts.day.push(day);
      counts.n.push(Number(n));
    }
  };
  for (const row of opened) add(blockOf(row.start).opened, row.start, row.n);
  for (const row of escalated) {
    const material = blockOf(row.start);
    if (row.toLevel === '2') add(material.escalated2, row.start, row.n);
    if (row.toLevel === '3') add(material.escalated3, row.start, row.n);
  }
  for (const row of solved) add(blockOf(row.start).solved[Number(row.level ?? 1) as Level], row.start, row.n);

  const topLevel = new Map<number, Level>();
  for (const row of tops) topLevel.set(Number(row.ticketId), Number(row.top) as Level);
  const packed = new Map<TicketMaterial, { responses: number[]; solutions: number[] }>();
  for (const row of tickets) {
    const material = blockOf(Number(row.created));
    let lists = packed.get(material);
    if (!lists) packed.set(material, (lists = { responses: [], solutions: [] }));
    const key = Number(row.key);
    const level = topLevel.get(Math.floor(key / 4)) ?? 1;
    const priority = key % 4;
    material.reached[level]++;
    if (row.response !== null) lists.responses.push(packTime(Number(row.response), level, priority));
    if (row.solution !== null) lists.solutions.push(packTime(Number(row.solution), level, priority));
  }
  for (const [material, lists] of packed) {
    material.responses = Float64Array.from(lists.responses);
    material.solutions = Float64Array.from(lists.solutions);
  }
  return blocks;
}

/**
 * The ticket material covering exactly [start, end): the remembered whole days whose version
 * is unchanged, and everything else read from the rows (the whole days read are remembered).
 */
export async function ticketMaterial(database: Database, start: number, end: number): Promise<TicketMaterial[]> {
  const firstWhole = Math.ceil(start / DAY_MS);
  const endWhole = Math.floor(end / DAY_MS);
  const versions = new Map<number, number>();
  if (endWhole > firstWhole) {
    const rows = await database.kysely
      .selectFrom('insight_ticket_block')
      .select(['block', 'version'])
      .where('block', '>=', firstWhole)
      .where('block', '<', endWhole)
      .execute();
    for (const row of rows) versions.set(Number(row.block), Number(row.version));
  }
  let known = remembered.get(database);
  if (!known) remembered.set(database, (known = new Map()));
  const zone = deskDayZone();

  const parts: TicketMaterial[] = [];
  const stretches: [number, number][] = [];
  let cursor = start;
  for (let block = firstWhole; block < endWhole; block++) {
    const entry = known.get(block);
    if (!entry || entry.version !== (versions.get(block) ?? 0) || entry.zone !== zone) continue;
    if (cursor < block * DAY_MS) stretches.push([cursor, block * DAY_MS]);
    parts.push(entry.material);
    cursor = (block + 1) * DAY_MS;
  }
  if (cursor < end) stretches.push([cursor, end]);

  const read = await Promise.all(stretches.map(([from, to]) => readStretch(database, from, to)));
  if (known.size > MAX_BLOCKS) known.clear();
  read.forEach((blocks, i) => {
    const [from, to] = stretches[i];
    for (const material of blocks.values()) parts.push(material);
    // Remember the whole days of the stretch (those without rows too: their material is empty).
    for (let block = Math.max(firstWhole, Math.ceil(from / DAY_MS)); block < Math.min(endWhole, Math.floor(to / DAY_MS)); block++) {
      known.set(block, { version: versions.get(block) ?? 0, zone, material: blocks.get(block) ?? emptyMaterial() });
    }
  });
  return parts;
}

/** Forgets what was remembered for `database` (tests; a process that swapped its data underneath). */
export function forgetTicketMaterial(database: Database): void {
  remembered.delete(database);
}
