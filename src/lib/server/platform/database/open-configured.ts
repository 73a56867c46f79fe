/**
 * The query layer a command-line script uses: PostgreSQL (migrated first) when `url`
 * (normally process.env.DATABASE_URL) is set, else Kysely over the script's open SQLite
 * connection — the same choice the portal makes at start-up (app.ts).
 * Rules that always hold: a set but non-PostgreSQL url is refused, never silently ignored;
 * the caller closes the result (on SQLite that leaves its connection open).
 */
import type { Db } from '../db.ts';
import { isPostgresUrl, postgresDatabase, sqliteDatabase, type Database } from './connect.ts';
import { migratePostgres } from './migrate-postgres.ts';

/** The script's database: PostgreSQL for a postgres:// `url`, else over `db`. */
export async function openConfiguredDatabase(db: Db, url: string | undefined = process.env.DATABASE_URL): Promise<Database> {
  if (!url) return sqliteDatabase(db);
  if (!isPostgresUrl(url)) throw new Error(`DATABASE_URL must start with postgres:// (got "${url.split(':')[0]}:…"); unset it to use SQLite in DATA_DIR`);
  await migratePostgres(url);
  return postgresDatabase(url, { max: 2, applicationName: 'tierzero-script' });
}
