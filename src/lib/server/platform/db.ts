/**
 * The SQLite database: one file in DATA_DIR, WAL journal, foreign keys on, STRICT tables,
 * numbered migrations applied at open time and tracked with PRAGMA user_version.
 * Durability: `synchronous = FULL`, so a commit that acknowledged a ticket or a reply to a
 * customer survives a power cut or an OS crash, not only a killed process (cost: one fsync
 * of the WAL per commit; see `npm run bench:tickets`). Every transaction reports a storage
 * error (full or read-only disk) to storage-health.ts, which logs it once and marks the request.
 */
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { migrations, type Migration } from './migrations/index.ts';
import { isStorageError, noteStorageFailure, noteStorageSuccess, currentStorageFailures } from './storage-health.ts';

/** An open database connection. */
export type Db = Database.Database;

/** Opens (creating if needed) the database in `dataDir` and migrates it to the latest schema. */
export function openDatabase(dataDir: string, file = 'tierzero.sqlite'): Db {
  fs.mkdirSync(dataDir, { recursive: true });
  const db = new Database(path.join(dataDir, file));
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.pragma('foreign_keys = ON');
  // A writer waits for another process's commit (each one fsynced) rather than failing at once.
  db.pragma('busy_timeout = 15000');
  reportStorageErrors(db);
  migrate(db);
  return db;
}

type Transaction = ReturnType<Db['transaction']>;

/**
 * Makes every transaction of `db` report storage errors (logged once per cause, the request
 * marked) and, after failures, the first write that commits again (storage-health.ts).
 */
export function reportStorageErrors(db: Db): void {
  const original = db.transaction.bind(db);
  const totalChanges = db.prepare('SELECT total_changes() AS n').pluck();
  const guard = (run: (...args: unknown[]) => unknown) =>
    function (this: unknown, ...args: unknown[]): unknown {
      const recovering = currentStorageFailures().size > 0;
      const before = recovering ? (totalChanges.get() as number) : 0;
      try {
        const result = run.apply(this, args);
        if (recovering && (totalChanges.get() as number) > before) noteStorageSuccess();
        return result;
      } catch (error) {
        if (isStorageError(error)) noteStorageFailure('database write', error);
        throw error;
      }
    };
  db.transaction = ((fn: (...args: unknown[]) => unknown) => {
    const tx = original(fn) as unknown as Transaction & ((...args: unknown[]) => unknown);
    const wrapped = guard(tx) as typeof tx;
    wrapped.deferred = guard(tx.deferred) as typeof tx.deferred;
    wrapped.immediate = guard(tx.immediate) as typeof tx.immediate;
    wrapped.exclusive = guard(tx.exclusive) as typeof tx.exclusive;
    wrapped.default = guard(tx.default) as typeof tx.default;
    return wrapped;
  }) as Db['transaction'];
}

/** Applies the migrations the database has not seen yet, each in its own transaction. */
export function migrate(db: Db, list: Migration[] = migrations): number {
  const current = db.pragma('user_version', { simple: true }) as number;
  const latest = list.at(-1)?.version ?? 0;
  if (current > latest) {
    throw new Error(`database schema version ${current} is newer than this program knows (${latest}); upgrade Tierzero`);
  }
  let applied = 0;
  for (const migration of list) {
    if (migration.version <= current) continue;
    db.transaction(() => {
      db.exec(migration.sql);
      db.pragma(`user_version = ${migration.version}`);
    }).immediate();
    applied++;
  }
  return applied;
}

const statementCache = new WeakMap<Db, Map<string, Database.Statement>>();

/** A prepared statement, prepared once per connection and reused (preparing is costly). */
export function statement(db: Db, sql: string): Database.Statement {
  let cache = statementCache.get(db);
  if (!cache) statementCache.set(db, (cache = new Map()));
  let prepared = cache.get(sql);
  if (!prepared) cache.set(sql, (prepared = db.prepare(sql)));
  return prepared;
}
