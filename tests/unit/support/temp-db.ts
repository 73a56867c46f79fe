/**
 * The unit tests' database fixture: a fresh SQLite database (all migrations applied) in a temp
 * folder, opened before each test and closed and removed after it. Every test that needs a
 * database uses this one set-up instead of its own beforeEach/afterEach.
 */
import path from 'node:path';
import { afterEach, beforeEach } from 'vitest';
import { openDatabase, type Db } from '../../../src/lib/server/platform/db.ts';
import { makeTempDir, removeDir } from '../helpers.ts';

/** An open temp database and its folder; `close()` closes it (if still open) and removes the folder. */
export interface TempDb {
  db: Db;
  dir: string;
  close: () => void;
}

/** Opens a database in a new temp folder. */
export function openTempDb(prefix = 'tierzero-db-'): TempDb {
  const dir = makeTempDir(prefix);
  const db = openDatabase(path.join(dir, 'data'));
  return {
    db,
    dir,
    close: () => {
      if (db.open) db.close();
      removeDir(dir);
    },
  };
}

/**
 * Gives every test of the file (or `describe` block) its own temp database: `opened` receives
 * it before each test, and it is closed and removed after each.
 * Use: `let db: Db; useTempDb((temp) => ({ db } = temp));`
 */
export function useTempDb(opened: (temp: TempDb) => void, prefix?: string): void {
  let current: TempDb | null = null;
  beforeEach(() => {
    current = openTempDb(prefix);
    opened(current);
  });
  afterEach(() => {
    current?.close();
    current = null;
  });
}
