/**
 * The one query layer: a Kysely instance over the configured engine (issue 17).
 * - SQLite (default, no server): Kysely's SqliteDialect over the SAME better-sqlite3
 *   connection the synchronous code uses (platform/db.ts), so both see one database, one
 *   WAL writer and one transaction at a time; prepared statements are cached per SQL text
 *   (nothing may stream a query with `.stream()`, which would hold a cached statement busy).
 * - PostgreSQL when DATABASE_URL is `postgres://…` (or `postgresql://…`): a `pg` Pool; BIGINT
 *   and NUMERIC results are parsed to numbers (ids and millisecond times stay below 2^53).
 * Rules that always hold: a `Database` never changes its engine; `close()` ends the pool
 * (PostgreSQL) but leaves the shared SQLite connection to its owner (db.ts callers close it).
 */
import { Kysely, PostgresDialect, SqliteDialect, sql } from 'kysely';
import pg from 'pg';
import { statement, type Db } from '../db.ts';
import type { Schema } from './schema.ts';

/** Which engine a database runs on. */
export type Engine = 'sqlite' | 'postgres';

/** The query layer of one process. */
export interface Database {
  engine: Engine;
  kysely: Kysely<Schema>;
  /** Ends the PostgreSQL pool; on SQLite nothing (the connection belongs to db.ts's caller). */
  close(): Promise<void>;
}

/** True when `url` selects PostgreSQL. */
export function isPostgresUrl(url: string | undefined | null): boolean {
  return typeof url === 'string' && /^postgres(ql)?:\/\//i.test(url.trim());
}

/** The query layer over an open better-sqlite3 connection (shared, not owned). */
export function sqliteDatabase(db: Db): Database {
  // SqliteDialect's destroy() would close the shared connection: hand it a view whose close is
  // a no-op. Its driver prepares every query anew: reuse db.ts's per-connection statement cache.
  const shared = new Proxy(db, {
    get(target, property, receiver) {
      if (property === 'close') return () => target;
      if (property === 'prepare') return (text: string) => statement(target, text);
      const value = Reflect.get(target, property, receiver) as unknown;
      return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
    },
  });
  const kysely = new Kysely<Schema>({ dialect: new SqliteDialect({ database: shared }) });
  const database: Database = { engine: 'sqlite', kysely, close: () => kysely.destroy() };
  origins.set(database, { sqlite: db });
  return database;
}

/** Where a Database came from: the shared SQLite connection, or the PostgreSQL URL (for notify.ts's own listening client). */
const origins = new WeakMap<Database, { sqlite: Db } | { url: string }>();

/** The better-sqlite3 connection under a SQLite Database (null on PostgreSQL or for a foreign object). */
export function sqliteConnectionOf(database: Database): Db | null {
  const origin = origins.get(database);
  return origin && 'sqlite' in origin ? origin.sqlite : null;
}

/** The connection URL of a PostgreSQL Database (null on SQLite or for a foreign object). */
export function postgresUrlOf(database: Database): string | null {
  const origin = origins.get(database);
  return origin && 'url' in origin ? origin.url : null;
}

const BIGINT_OID = 20;
const NUMERIC_OID = 1700;

/** Options of the PostgreSQL pool. */
export interface PostgresOptions {
  /** Connections kept at most (default 10). */
  max?: number;
  /** Name shown in pg_stat_activity. */
  applicationName?: string;
}

/** The query layer over a PostgreSQL pool for `url`. */
export function postgresDatabase(url: string, options: PostgresOptions = {}): Database {
  const types = {
    getTypeParser: ((oid: number, format?: string) =>
      oid === BIGINT_OID || oid === NUMERIC_OID ? (value: string) => Number(value) : pg.types.getTypeParser(oid, format as 'text')) as typeof pg.types.getTypeParser,
  };
  const pool = new pg.Pool({ connectionString: url, max: options.max ?? 10, application_name: options.applicationName ?? 'tierzero', types });
  // An idle connection that the server drops must not end the process.
  pool.on('error', (error) => console.warn(`database: idle PostgreSQL connection failed: ${error.message}`));
  const kysely = new Kysely<Schema>({ dialect: new PostgresDialect({ pool }) });
  const database: Database = { engine: 'postgres', kysely, close: () => kysely.destroy() };
  origins.set(database, { url });
  return database;
}

/** True when the database answers a trivial query within `timeoutMs` (the readiness check). */
export async function databaseAnswers(database: Database, timeoutMs = 2000): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  try {
    const timeout = new Promise<false>((resolve) => (timer = setTimeout(() => resolve(false), timeoutMs)));
    const query = sql<{ ok: number }>`SELECT 1 AS ok`.execute(database.kysely).then((result) => result.rows[0]?.ok === 1);
    return await Promise.race([query, timeout]);
  } catch {
    return false;
  } finally {
    clearTimeout(timer);
  }
}
