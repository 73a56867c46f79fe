/**
 * npm run db:migrate — brings the database to the latest schema: PostgreSQL when
 * DATABASE_URL=postgres://… is set (safe while other instances start: they wait on the
 * migration lock), else the SQLite file in DATA_DIR (default ./data). Prints one line.
 */
import { openDatabase } from '../src/lib/server/platform/db.ts';
import { isPostgresUrl } from '../src/lib/server/platform/database/connect.ts';
import { migratePostgres, postgresSchemaVersion } from '../src/lib/server/platform/database/migrate-postgres.ts';

const url = process.env.DATABASE_URL;
try {
  if (isPostgresUrl(url)) {
    const applied = await migratePostgres(url!);
    console.log(`db:migrate: PostgreSQL at schema version ${await postgresSchemaVersion(url!)} (${applied} migration(s) applied)`);
  } else {
    if (url) throw new Error(`DATABASE_URL must start with postgres:// (got "${url.split(':')[0]}:…"); unset it to use SQLite in DATA_DIR`);
    const dataDir = process.env.DATA_DIR ?? './data';
    const db = openDatabase(dataDir); // migrates on open
    console.log(`db:migrate: SQLite in ${dataDir} at schema version ${db.pragma('user_version', { simple: true }) as number}`);
    db.close();
  }
} catch (error) {
  console.error(`db:migrate: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}
