/**
 * The database: migrations on a fresh temp file set PRAGMA user_version, run once only,
 * and refuse a schema newer than the program.
 */
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { migrate, openDatabase, type Db } from '../../../src/lib/server/platform/db.ts';
import { migrations } from '../../../src/lib/server/platform/migrations/index.ts';
import { makeTempDir, removeDir } from '../helpers.ts';

let dataDir: string;
const open: Db[] = [];

/** Opens the test database and remembers to close it. */
function openTestDb(): Db {
  const db = openDatabase(dataDir, 'test.sqlite');
  open.push(db);
  return db;
}

const tables = (db: Db): string[] =>
  (db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").all() as { name: string }[]).map((row) => row.name);

beforeEach(() => {
  dataDir = path.join(makeTempDir(), 'data');
});

afterEach(() => {
  for (const db of open.splice(0)) if (db.open) db.close();
  removeDir(path.dirname(dataDir));
});

describe('openDatabase', () => {
  it('creates the folder and the file, and migrates to the latest version', () => {
    const db = openTestDb();
    expect(fs.existsSync(path.join(dataDir, 'test.sqlite'))).toBe(true);
    expect(db.pragma('user_version', { simple: true })).toBe(migrations.at(-1)!.version);
    expect(tables(db)).toEqual(expect.arrayContaining(['article_view', 'search_click', 'search_log']));
  });

  it('turns on WAL and foreign keys', () => {
    const db = openTestDb();
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
  });

  it('is a no-op the second time, and keeps the data', () => {
    const first = openTestDb();
    first.prepare("INSERT INTO search_log (query, lang, result_count, source, created_at) VALUES ('x', 'de', 0, 'page', 1)").run();
    first.close();
    const second = openTestDb();
    expect(migrate(second)).toBe(0);
    expect(second.pragma('user_version', { simple: true })).toBe(migrations.at(-1)!.version);
    expect(second.prepare('SELECT COUNT(*) AS n FROM search_log').get()).toEqual({ n: 1 });
  });

  it('creates STRICT tables that reject values of the wrong type', () => {
    const db = openTestDb();
    expect(() =>
      db.prepare("INSERT INTO search_log (query, lang, result_count, source, created_at) VALUES ('x', 'de', 'many', 'page', 1)").run(),
    ).toThrow(/cannot store TEXT value in INTEGER column/);
    expect(() =>
      db.prepare("INSERT INTO search_log (query, lang, result_count, source, created_at) VALUES ('x', 'fr', 0, 'page', 1)").run(),
    ).toThrow(/CHECK constraint failed/);
  });
});

describe('migrate', () => {
  const list = [
    { version: 1, name: 'one', sql: 'CREATE TABLE one (id INTEGER PRIMARY KEY) STRICT;' },
    { version: 2, name: 'two', sql: 'CREATE TABLE two (id INTEGER PRIMARY KEY) STRICT;' },
  ];
  let db: Db;

  beforeEach(() => {
    fs.mkdirSync(dataDir, { recursive: true });
    db = new Database(path.join(dataDir, 'plain.sqlite'));
    open.push(db);
  });

  it('applies each migration once, in order, and records the version', () => {
    expect(migrate(db, list.slice(0, 1))).toBe(1);
    expect(db.pragma('user_version', { simple: true })).toBe(1);
    expect(migrate(db, list)).toBe(1);
    expect(db.pragma('user_version', { simple: true })).toBe(2);
    expect(migrate(db, list)).toBe(0);
    expect(tables(db)).toEqual(['one', 'two']);
  });

  it('rolls a failing migration back completely and keeps the version', () => {
    const broken = [...list, { version: 3, name: 'broken', sql: 'CREATE TABLE three (id INTEGER); THIS IS NOT SQL;' }];
    expect(() => migrate(db, broken)).toThrow();
    expect(db.pragma('user_version', { simple: true })).toBe(2);
    expect(tables(db)).toEqual(['one', 'two']);
  });

  it('refuses a database newer than the program', () => {
    db.pragma('user_version = 9');
    expect(() => migrate(db, list)).toThrow(/newer than this program knows/);
  });
});
