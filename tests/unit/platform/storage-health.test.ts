/**
 * Storage failures with real SQLite errors (no mocks): a full database (PRAGMA max_page_count
 * makes the next page allocation fail with SQLITE_FULL) and a read-only one (SQLITE_READONLY).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase, reportStorageErrors, type Db } from '../../../src/lib/server/platform/db.ts';
import { bestEffortWrite, currentStorageFailures, isStorageError, noteStorageSuccess, setStorageLog, withStorageScope } from '../../../src/lib/server/platform/storage-health.ts';
import { logSearchSync as logSearch } from '../support/search-log-sync.ts'; // a synchronous write, as reportStorageErrors watches

let dir: string;
let db: Db;
let log: string[];

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tierzero-storage-'));
  db = openDatabase(dir);
  log = [];
  setStorageLog((line) => log.push(line));
  noteStorageSuccess(); // no failure left over from another test
  log.length = 0;
});

afterEach(() => {
  db.close();
  setStorageLog((line) => console.error(line));
  fs.rmSync(dir, { recursive: true, force: true });
});

const searches = (): number => db.prepare('SELECT COUNT(*) FROM search_log').pluck().get() as number;
/** Makes the database file unable to grow by a single page: the next new page fails with SQLITE_FULL. */
const fillDisk = (): void => {
  db.pragma(`max_page_count = ${db.pragma('page_count', { simple: true }) as number}`);
};
const big = (n: number): string => `query ${n} ${'x'.repeat(3000)}`;

describe('a full disk', () => {
  it('is logged once with its cause, never breaks a bookkeeping write, and recovers when space returns', () => {
    fillDisk();
    for (let n = 0; n < 20; n++) bestEffortWrite('search log', () => logSearch(db, { query: big(n), lang: 'en', resultCount: 0, source: 'page' }));
    expect(log).toHaveLength(1);
    expect(log[0]).toMatch(/search log \(database write\) failed: SQLITE_FULL: database or disk is full/);
    expect(currentStorageFailures().has('SQLITE_FULL')).toBe(true);

    db.pragma('max_page_count = 1073741823'); // space is back
    bestEffortWrite('search log', () => logSearch(db, { query: 'after', lang: 'en', resultCount: 1, source: 'page' }));
    expect(log).toHaveLength(2);
    expect(log[1]).toMatch(/writes work again \(after SQLITE_FULL\)/);
    expect(db.prepare("SELECT COUNT(*) FROM search_log WHERE query = 'after'").pluck().get()).toBe(1);
  });

  it('marks the request whose own write failed (the middleware answers 503) and writes nothing half', async () => {
    db.exec('CREATE TABLE note (id INTEGER PRIMARY KEY, text TEXT)');
    const before = searches();
    fillDisk();
    const { failed } = await withStorageScope('POST /test', async () => {
      try {
        db.transaction(() => {
          logSearch(db, { query: 'kept?', lang: 'en', resultCount: 0, source: 'page' });
          for (let n = 0; n < 50; n++) db.prepare('INSERT INTO note (text) VALUES (?)').run(big(n));
        })();
      } catch (error) {
        expect(isStorageError(error)).toBe(true);
      }
      return null;
    });
    expect(failed && (failed as Error & { code: string }).code).toBe('SQLITE_FULL');
    expect(searches()).toBe(before);
  });

  it('does not mark the request for a failed bookkeeping write', async () => {
    fillDisk();
    const { failed } = await withStorageScope('POST /test', async () => {
      bestEffortWrite('search log', () => logSearch(db, { query: big(1), lang: 'en', resultCount: 0, source: 'page' }));
      return null;
    });
    expect(failed).toBeNull();
  });
});

describe('a read-only data folder', () => {
  it('keeps searching: the failed search-log write is logged once, not thrown', () => {
    db.close();
    db = new Database(path.join(dir, 'tierzero.sqlite'), { readonly: true });
    reportStorageErrors(db);
    expect(() =>
      bestEffortWrite('search log', () => logSearch(db, { query: 'read only', lang: 'de', resultCount: 3, source: 'page' })),
    ).not.toThrow();
    bestEffortWrite('search log', () => logSearch(db, { query: 'again', lang: 'de', resultCount: 3, source: 'page' }));
    expect(log).toHaveLength(1);
    expect(log[0]).toMatch(/SQLITE_READONLY/);
  });

  it('other errors are not storage errors and are thrown', () => {
    expect(() => bestEffortWrite('x', () => db.exec('SELECT * FROM no_such_table'))).toThrow(/no such table/);
    expect(log).toHaveLength(0);
  });
});
