/**
 * The PostgreSQL side of the migrations (the SQLite side is db.ts's `migrate`, tracked with
 * PRAGMA user_version). Rules that always hold:
 * - The schema version is in `schema_version` (one row); each migration runs in its own
 *   transaction together with the version bump, so a failed migration leaves nothing behind.
 * - A session-level advisory lock is held for the whole run: instances that start together
 *   wait for each other, and the second finds nothing left to do (each migration once).
 * - A database newer than this program, or a migration without PostgreSQL SQL, is refused
 *   before anything is changed.
 */
import pg from 'pg';
import { migrations as allMigrations, type Migration } from '../migrations/index.ts';

/** The advisory lock key of the migration run ("tierzero" in ASCII, as a 63-bit number). */
const MIGRATION_LOCK = '8386676393441244530';

/** Applies the migrations the PostgreSQL database at `url` has not seen; returns how many ran. */
export async function migratePostgres(url: string, list: Migration[] = allMigrations): Promise<number> {
  const missing = list.filter((m) => m.postgres === undefined);
  if (missing.length > 0) {
    throw new Error(`migration ${missing.map((m) => `${m.version} (${m.name})`).join(', ')} has no PostgreSQL SQL; add it side by side in the migration module`);
  }
  const client = new pg.Client({ connectionString: url, application_name: 'tierzero-migrate' });
  await client.connect();
  try {
    await client.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);
    try {
      await client.query('CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)');
      await client.query('INSERT INTO schema_version (version) SELECT 0 WHERE NOT EXISTS (SELECT 1 FROM schema_version)');
      const current = Number((await client.query<{ version: number }>('SELECT version FROM schema_version')).rows[0].version);
      const latest = list.at(-1)?.version ?? 0;
      if (current > latest) {
        throw new Error(`database schema version ${current} is newer than this program knows (${latest}); upgrade Tierzero`);
      }
      let applied = 0;
      for (const migration of list) {
        if (migration.version <= current) continue;
        await client.query('BEGIN');
        try {
          await client.query(migration.postgres!);
          await client.query('UPDATE schema_version SET version = $1', [migration.version]);
          await client.query('COMMIT');
        } catch (error) {
          await client.query('ROLLBACK');
          throw new Error(`migration ${migration.version} (${migration.name}) failed on PostgreSQL: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
        }
        applied++;
      }
      return applied;
    } finally {
      await client.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK]).catch(() => undefined);
    }
  } finally {
    await client.end();
  }
}

/** The schema version of the PostgreSQL database at `url` (0 when never migrated). */
export async function postgresSchemaVersion(url: string): Promise<number> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const exists = await client.query("SELECT to_regclass('schema_version') AS t");
    if (exists.rows[0].t === null) return 0;
    return Number((await client.query('SELECT version FROM schema_version')).rows[0]?.version ?? 0);
  } finally {
    await client.end();
  }
}
