/**
 * The group committer with a real SQLite database (WAL, synchronous = FULL): writes queued in
 * one turn share one commit (counted as commit frames in the WAL on the disk), each in its own
 * savepoint; a failing write rolls back only itself; callers settle only after the commit;
 * a storage error rolls back and rejects the whole batch and marks every caller's request.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase, type Db } from '../../../src/lib/server/platform/db.ts';
import { GroupCommitter, groupCommitterFor, type BatchReport } from '../../../src/lib/server/platform/group-commit.ts';
import { currentStorageFailures, noteStorageSuccess, setStorageLog, withStorageScope } from '../../../src/lib/server/platform/storage-health.ts';
import { walCommits, walOnly } from './wal-commits.ts';

let dir: string;
let db: Db;
let log: string[];

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tierzero-group-commit-'));
  db = openDatabase(dir);
  walOnly(db);
  db.exec('CREATE TABLE counter (name TEXT PRIMARY KEY, last INTEGER NOT NULL) STRICT; CREATE TABLE item (number INTEGER PRIMARY KEY, label TEXT NOT NULL UNIQUE) STRICT');
  log = [];
  setStorageLog((line) => log.push(line));
  noteStorageSuccess(); // no failure left over from another test
  log.length = 0;
});

afterEach(() => {
  if (db.open) db.close();
  setStorageLog((line) => console.error(line));
  fs.rmSync(dir, { recursive: true, force: true });
});

/** A write like a ticket's: the next gap-free number, then a row carrying it. */
const addItem = (label: string) => (): number => {
  const { last } = db.prepare("INSERT INTO counter (name, last) VALUES ('item', 1) ON CONFLICT (name) DO UPDATE SET last = last + 1 RETURNING last").get() as { last: number };
  db.prepare('INSERT INTO item (number, label) VALUES (?, ?)').run(last, label);
  return last;
};
const items = (): { number: number; label: string }[] => db.prepare('SELECT number, label FROM item ORDER BY number').all() as { number: number; label: string }[];

describe('GroupCommitter', () => {
  it('commits writes queued together in one transaction (one commit on the disk), in queue order', async () => {
    const reports: BatchReport[] = [];
    const committer = new GroupCommitter(db, { onBatch: (report) => reports.push(report) });
    const before = walCommits(db);
    const labels = Array.from({ length: 20 }, (_, n) => `item ${n + 1}`);
    const pending = labels.map((label) => committer.run(addItem(label)));
    expect(items()).toEqual([]); // nothing runs synchronously
    expect(committer.pending).toBe(20);

    expect(await Promise.all(pending)).toEqual(labels.map((_, n) => n + 1));
    expect(walCommits(db) - before).toBe(1);
    expect(reports).toEqual([{ size: 20, committed: true, failedWrites: 0 }]);
    expect(items()).toEqual(labels.map((label, n) => ({ number: n + 1, label })));
  });

  it('one commit per write when they come one after another, as before', async () => {
    const committer = new GroupCommitter(db);
    const before = walCommits(db);
    for (let n = 1; n <= 3; n++) expect(await committer.run(addItem(`item ${n}`))).toBe(n);
    expect(walCommits(db) - before).toBe(3);
  });

  it('resolves a caller only after the shared commit: another connection already sees the write', async () => {
    const committer = new GroupCommitter(db);
    const reader = new Database(db.name, { readonly: true });
    try {
      const seen = await Promise.all(
        ['a', 'b', 'c'].map((label) =>
          committer.run(addItem(label)).then(() => reader.prepare('SELECT COUNT(*) FROM item').pluck().get()),
        ),
      );
      // Each caller, when it resumes, finds all three rows committed (not only its own, not fewer).
      expect(seen).toEqual([3, 3, 3]);
    } finally {
      reader.close();
    }
  });

  it('rolls back only the write that failed; it gets its own error and the numbers stay gap-free', async () => {
    const reports: BatchReport[] = [];
    const committer = new GroupCommitter(db, { onBatch: (report) => reports.push(report) });
    const before = walCommits(db);
    const results = await Promise.allSettled([
      committer.run(addItem('first')),
      // Takes a number, then fails: its number is rolled back with it.
      committer.run(() => {
        addItem('doomed')();
        throw new Error('refused by the domain');
      }),
      committer.run(addItem('first')), // UNIQUE constraint: a database error, but not a storage error
      committer.run(addItem('second')),
    ]);
    expect(results.map((result) => result.status)).toEqual(['fulfilled', 'rejected', 'rejected', 'fulfilled']);
    expect((results[1] as PromiseRejectedResult).reason).toEqual(new Error('refused by the domain'));
    expect(((results[2] as PromiseRejectedResult).reason as { code: string }).code).toBe('SQLITE_CONSTRAINT_UNIQUE');
    expect(results.filter((result) => result.status === 'fulfilled').map((result) => result.value)).toEqual([1, 2]);
    expect(items()).toEqual([
      { number: 1, label: 'first' },
      { number: 2, label: 'second' },
    ]);
    expect(walCommits(db) - before).toBe(1);
    expect(reports).toEqual([{ size: 4, committed: true, failedWrites: 2 }]);
    expect(log).toEqual([]);
  });

  it('bounds the batch size: the rest waits for the next batch, still in queue order', async () => {
    const reports: BatchReport[] = [];
    const committer = new GroupCommitter(db, { maxBatch: 3, onBatch: (report) => reports.push(report) });
    const before = walCommits(db);
    const numbers = await Promise.all(Array.from({ length: 7 }, (_, n) => committer.run(addItem(`item ${n + 1}`))));
    expect(numbers).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(reports.map((report) => report.size)).toEqual([3, 3, 1]);
    expect(walCommits(db) - before).toBe(3);
  });

  it('puts writes queued while a batch is settling into the next batch', async () => {
    const reports: BatchReport[] = [];
    const committer = new GroupCommitter(db, { onBatch: (report) => reports.push(report) });
    const later: Promise<number>[] = [];
    await Promise.all(
      [1, 2].map((n) =>
        committer.run(addItem(`early ${n}`)).then(() => {
          later.push(committer.run(addItem(`late ${n}`)));
        }),
      ),
    );
    expect(await Promise.all(later)).toEqual([3, 4]);
    expect(reports.map((report) => report.size)).toEqual([2, 2]);
  });

  it('runs async writes on the shared transaction (Kysely over the same connection), each in its own savepoint', async () => {
    const committer = new GroupCommitter(db);
    const before = walCommits(db);
    const results = await Promise.allSettled([
      committer.run(async (trx) => {
        await sql`INSERT INTO item (number, label) VALUES (100, 'async')`.execute(trx);
        return 'async';
      }),
      committer.run(async (trx) => {
        await sql`INSERT INTO item (number, label) VALUES (101, 'doomed')`.execute(trx);
        throw new Error('refused by the domain');
      }),
      committer.run(addItem('sync')),
    ]);
    expect(results.map((result) => result.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect(items()).toEqual([
      { number: 1, label: 'sync' },
      { number: 100, label: 'async' },
    ]);
    expect(walCommits(db) - before).toBe(1);
  });

  it('keeps one committer per connection', () => {
    expect(groupCommitterFor(db)).toBe(groupCommitterFor(db));
  });
});

describe('GroupCommitter on a full disk', () => {
  /** The database file cannot grow by one more page: the next new page fails with SQLITE_FULL. */
  const fillDisk = (): void => {
    db.pragma(`max_page_count = ${db.pragma('page_count', { simple: true }) as number}`);
  };
  const bigItem = (label: string) => addItem(`${label} ${'x'.repeat(3000)}`);

  it('rolls back the whole batch, rejects every caller with the storage error, marks each request, logs once', async () => {
    const reports: BatchReport[] = [];
    const committer = new GroupCommitter(db, { onBatch: (report) => reports.push(report) });
    await committer.run(addItem('before'));
    fillDisk();
    const requests = await Promise.all(
      Array.from({ length: 5 }, (_, n) =>
        withStorageScope(`POST /tickets/new #${n}`, async () => {
          try {
            await committer.run(bigItem(`item ${n}`));
            return 'acknowledged';
          } catch (error) {
            return (error as { code?: string }).code ?? String(error);
          }
        }),
      ),
    );
    expect(requests.map((request) => request.value)).toEqual(Array(5).fill('SQLITE_FULL'));
    for (const request of requests) expect((request.failed as { code?: string } | null)?.code).toBe('SQLITE_FULL');
    expect(reports.at(-1)).toEqual({ size: 5, committed: false, failedWrites: 5 });
    expect(items().map((item) => item.label)).toEqual(['before']);
    expect(log).toHaveLength(1);
    expect(log[0]).toMatch(/failed: SQLITE_FULL/);
    expect(currentStorageFailures().has('SQLITE_FULL')).toBe(true);

    // Space returns: the next batch commits, gap-free after the rolled-back one, and recovery is logged.
    db.pragma('max_page_count = 1073741823');
    expect(await Promise.all([committer.run(bigItem('after 1')), committer.run(bigItem('after 2'))])).toEqual([2, 3]);
    expect(log[1]).toMatch(/writes work again \(after SQLITE_FULL\)/);
    expect(currentStorageFailures().size).toBe(0);
  });

  it('a caller that is not in a request scope is still rejected (scripts, tests)', async () => {
    const committer = new GroupCommitter(db);
    fillDisk();
    await expect(committer.run(bigItem('alone'))).rejects.toMatchObject({ code: 'SQLITE_FULL' });
  });
});
