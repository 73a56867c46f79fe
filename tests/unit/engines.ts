/**
 * Runs a test suite on both engines: SQLite (a temp folder, as today) and the real PostgreSQL
 * that tests/unit/postgres-global-setup.ts started (a fresh database per suite, migrated).
 * Usage: `describe.each(ENGINES)('thing on %s', (engine) => { const env = useDatabase(engine); … })`.
 * `useDatabase(engine, { each: true })` gives every test an empty database instead (SQLite: a
 * new temp folder per test; PostgreSQL: the suite's database with every table emptied before
 * each test — identity sequences keep counting, so no test may rely on ids starting at 1).
 */
import { sql } from 'kysely';
import { afterAll, afterEach, beforeAll, beforeEach, inject } from 'vitest';
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

/** How `useDatabase` shares the database. */
export interface UseDatabaseOptions {
  /** true: an empty database for every test (default: one for the whole suite). */
  each?: boolean;
}

/** Opens a migrated database before the suite and closes it after; read `.current` inside tests. */
export function useDatabase(engine: Engine, options: UseDatabaseOptions & { each: true }): { current: TestDatabase; reset: () => Promise<TestDatabase> };
export function useDatabase(engine: Engine, options?: UseDatabaseOptions): { current: TestDatabase };
export function useDatabase(engine: Engine, options: UseDatabaseOptions = {}): { current: TestDatabase } {
  if (options.each) return useDatabaseEach(engine);
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

/** Every table of the PostgreSQL schema but the migration bookkeeping. */
async function userTables(database: Database): Promise<string[]> {
  const { rows } = await sql<{ name: string }>`SELECT tablename AS name FROM pg_tables WHERE schemaname = current_schema() AND tablename <> 'schema_version' ORDER BY tablename`.execute(database.kysely);
  return rows.map((row) => row.name);
}

/** `useDatabase(engine, { each: true })`: an empty migrated database for every test; `reset()` empties it again within a test. */
function useDatabaseEach(engine: Engine): { current: TestDatabase; reset: () => Promise<TestDatabase> } {
  const holder = {} as { current: TestDatabase; reset: () => Promise<TestDatabase> };
  let dir: string | null = null;
  let postgres: TestDatabase | null = null;
  let tables: string[] = [];
  if (engine === 'postgres') {
    beforeAll(async () => {
      const url = await createTestDatabase(inject('postgresUrl'));
      await migratePostgres(url);
      postgres = { database: postgresDatabase(url, { max: 5 }), sqlite: null, url };
      tables = await userTables(postgres.database);
    });
    afterAll(async () => {
      await postgres?.database.close();
    });
  }
  const open = async (): Promise<void> => {
    if (engine === 'sqlite') {
      dir = makeTempDir('tierzero-engine-');
      const db = openDatabase(dir);
      holder.current = { database: sqliteDatabase(db), sqlite: db, url: null };
    } else {
      await sql`TRUNCATE ${sql.join(tables.map((table) => sql.table(table)))} CASCADE`.execute(postgres!.database.kysely);
      holder.current = postgres!;
    }
  };
  const close = async (): Promise<void> => {
    if (engine !== 'sqlite') return;
    await holder.current?.database.close();
    holder.current?.sqlite?.close();
    if (dir) removeDir(dir);
    dir = null;
  };
  holder.reset = async () => {
    await close();
    await open();
    return holder.current;
  };
  beforeEach(open);
  afterEach(close);
  return holder;
}
