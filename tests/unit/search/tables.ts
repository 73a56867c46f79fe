/** Test helper: empties tables between the tests of a suite that shares one database (tests/unit/engines.ts). */
import type { Database } from '../../../src/lib/server/platform/database/connect.ts';
import type { Schema } from '../../../src/lib/server/platform/database/schema.ts';

/** The search and insights tables the analytics tests write. */
export const ANALYTICS_TABLES = [
  'search_log',
  'search_click',
  'article_view',
  'visits',
  'deflections',
  'insight_search_day',
  'insight_visit_day',
  // the blocks before the days (the days' triggers then have nothing to subtract from)
  'insight_query_block',
  'insight_query_day',
  'learned_phrasing',
] as const satisfies readonly (keyof Schema)[];

/** Deletes every row of `tables`. */
export async function emptyTables(database: Database, tables: readonly (keyof Schema)[] = ANALYTICS_TABLES): Promise<void> {
  for (const table of tables) await database.kysely.deleteFrom(table).execute();
}
