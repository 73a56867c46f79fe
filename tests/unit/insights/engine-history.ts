/**
 * The insights tests on both engines while the desk is synchronous (issue 17, mixed state):
 * a history is written through the domain functions on SQLite (the desk's commands are not
 * on the query layer yet), and on PostgreSQL the rows the insights read are then copied over,
 * ids kept. TODO(17): write the history through the converted commands on each engine once
 * the desk is converted (helper conv-desk), and drop the copy.
 */
import { beforeEach } from 'vitest';
import { sqliteDatabase, type Database, type Engine } from '../../../src/lib/server/platform/database/connect.ts';
import type { Schema } from '../../../src/lib/server/platform/database/schema.ts';
import type { Db } from '../../../src/lib/server/platform/db.ts';
import { useDatabase } from '../engines.ts';
import { useTempDb, type TempDb } from '../support/temp-db.ts';

/** The tables the insights read, parents before children. */
const TABLES = [
  'users',
  'tickets',
  'ticket_events',
  'ticket_articles',
  'ticket_ratings',
  'article_feedback',
  'article_flags',
  'search_log',
  'search_click',
  'deflections',
  'visits',
  'article_view',
  'insight_search_day',
  'insight_visit_day',
  'insight_query_day',
  'insight_day_zone',
] as const satisfies readonly (keyof Schema)[];

/** Replaces the insights' tables of `to` with the rows of `from`. */
export async function copyInsightTables(from: Db, to: Database): Promise<void> {
  // The content-gap blocks are filled by the target's triggers from the copied days (migration 21).
  await to.kysely.deleteFrom('insight_query_block').execute();
  for (const table of [...TABLES].reverse()) await to.kysely.deleteFrom(table).execute();
  for (const table of TABLES) {
    const rows = from.prepare(`SELECT * FROM ${table}`).all() as Record<string, unknown>[];
    for (let i = 0; i < rows.length; i += 200) await to.kysely.insertInto(table).values(rows.slice(i, i + 200) as never).execute();
  }
}

/** What a test sees: the SQLite connection the history is written to, and the engine's query layer to read it with. */
export interface EngineHistory {
  db: Db;
  database: Database;
  /** Makes the engine's database show what was written to `db` (a copy on PostgreSQL, nothing on SQLite). */
  sync(): Promise<void>;
}

/**
 * Per test: a fresh SQLite database (openDeskDb) to write the history to, and on PostgreSQL the
 * suite's database that `sync()` fills from it. `seed` runs before each test, then `sync()`.
 */
export function useEngineHistory(engine: Engine, seed: (db: Db) => void = () => {}): { current: EngineHistory } {
  const postgres = engine === 'postgres' ? useDatabase(engine) : null;
  const holder = {} as { current: EngineHistory };
  let temp: TempDb;
  useTempDb((opened) => (temp = opened), 'tierzero-desk-');
  beforeEach(async () => {
    const db = temp.db;
    const database = postgres ? postgres.current.database : sqliteDatabase(db);
    holder.current = { db, database, sync: async () => (postgres ? copyInsightTables(db, database) : undefined) };
    seed(db);
    await holder.current.sync();
  });
  return holder;
}
