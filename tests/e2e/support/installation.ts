/**
 * The test server's installation, opened by code that a spec runs with `runNode`
 * (support/staff.ts) to arrange or inspect data: the SQLite file in DATA_DIR and the query
 * layer the server uses — PostgreSQL when DATABASE_URL is set (playwright.postgres.config.ts),
 * else Kysely over the same SQLite connection. Arrange and inspect through `database` (the
 * domain functions, `database.kysely`), so that a spec works on both engines; `db` is the raw
 * SQLite connection, for a spec that runs on SQLite only.
 * Rules that always hold: `close()` ends both; nothing here writes by itself.
 */
import { openDatabase, type Db } from '../../../src/lib/server/platform/db.ts';
import type { Database } from '../../../src/lib/server/platform/database/connect.ts';
import { openConfiguredDatabase } from '../../../src/lib/server/platform/database/open-configured.ts';

/** The open installation of the test server. */
export interface Installation {
  /** The SQLite connection in DATA_DIR (raw SQL in SQLite-only specs). */
  db: Db;
  /** The query layer the server uses (PostgreSQL when DATABASE_URL is set). */
  database: Database;
  close(): Promise<void>;
}

/** Opens the installation of the test server that DATA_DIR / DATABASE_URL point at. */
export async function openInstallation(): Promise<Installation> {
  const dataDir = process.env.DATA_DIR;
  if (!dataDir) throw new Error('DATA_DIR is not set: run this through runNode (tests/e2e/support/staff.ts)');
  const db = openDatabase(dataDir);
  const database = await openConfiguredDatabase(db);
  return {
    db,
    database,
    async close() {
      await database.close();
      db.close();
    },
  };
}
