/**
 * Runs a test suite on both engines: SQLite (a temp folder, as today) and the real PostgreSQL
 * that tests/unit/postgres-global-setup.ts started (a fresh database per suite, migrated).
 * Usage: `describe.each(ENGINES)('thing on %s', (engine) => { const env = useDatabase(engine); … })`.
 */
import { afterAll, beforeAll, inject } from 'vitest';
import { openDatabase, type Db } from '../../src/lib/server/platform/db.ts';
import { postgresDatabase, sqliteDatabase, type Database, type Engine } from '../../src/lib/server/platform/database/connect.ts';
import { migratePostgres } from '../../src/lib/server/platform/database/migrate-postgres.ts';
import { createTestDatabase } from '../support/postgres-server.ts';
import { makeTempDir, removeDir } from './helpers.ts';

export const ENGINES: Engine[] = ['sqlite', 'postgres'];

/** A migrated database of `engine`, open for the suite. */
export interface TestDatabase {
  database: Database;
  /** The better-sqlite3 connection on SQLite; null on PostgreSQL. */
  sqlite: Db | null;
  /** The connection URL on PostgreSQL; null on SQLite. */
  url: string | null;
}

/** Opens a migrated database before the suite and closes it after; read `.current` inside tests. */
export function useDatabase(engine: Engine): { current: TestDatabase } {
  const holder = {} as { current: TestDatabase };
  let dir: string | null = null;
  beforeAll(async () => {
    if (engine === 'sqlite') {
      dir = makeTempDir('tierzero-engine-');
      const db = openDatabase(dir);
      holder.current = { database: sqliteDatabase(db), sqlite: db, url: null };
    } else {
      const url = await createTestDatabase(inject('postgresUrl'));
      await migratePostgres(url);
      holder.current = { database: postgresDatabase(url, { max: 5 }), sqlite: null, url };
    }
  });
  afterAll(async () => {
    await holder.current?.database.close();
    holder.current?.sqlite?.close();
    if (dir) removeDir(dir);
  });
  return holder;
}
