/**
 * Counts the commits in a database's WAL file, read from the disk: every commit appends its
 * pages as frames and marks the last one as a commit frame (non-zero "database size" field),
 * and with `synchronous = FULL` each commit frame means one fsync. Only frames whose salts
 * match the WAL header belong to the current WAL; call `walOnly(db)` first so that no
 * automatic checkpoint restarts the WAL between two counts.
 */
import fs from 'node:fs';
import type { Db } from '../../../src/lib/server/platform/db.ts';

/** Turns the automatic checkpoint off, so the WAL only grows while a test counts commits. */
export function walOnly(db: Db): void {
  db.pragma('wal_autocheckpoint = 0');
}

/** Commit frames in the current WAL of `db` (0 when there is no WAL file yet). */
export function walCommits(db: Db): number {
  let wal: Buffer;
  try {
    wal = fs.readFileSync(`${db.name}-wal`);
  } catch {
    return 0;
  }
  if (wal.length < 32) return 0;
  const pageSize = wal.readUInt32BE(8);
  const salt1 = wal.readUInt32BE(16);
  const salt2 = wal.readUInt32BE(20);
  let commits = 0;
  for (let offset = 32; offset + 24 + pageSize <= wal.length; offset += 24 + pageSize) {
    if (wal.readUInt32BE(offset + 8) !== salt1 || wal.readUInt32BE(offset + 12) !== salt2) break;
    if (wal.readUInt32BE(offset + 4) !== 0) commits++;
  }
  return commits;
}
