/**
 * npm run db:copy -- --from sqlite --to postgres://user:password@host:5432/name [--force]
 * Moves an installation from SQLite to PostgreSQL (issue 17): the SQLite file in DATA_DIR
 * (default ./data; `--from sqlite:/path/to/data` names another folder) is migrated to the
 * latest schema and copied, table by table in foreign-key order with every id, into the
 * PostgreSQL database (migrated first) in one transaction; identity sequences continue after
 * the copied ids; the row counts of both sides are printed and compared. A target with any
 * row is refused unless --force (which replaces its rows). Exit code 0 only when every count
 * matches. The attachment files of DATA_DIR/attachments are read into the database too, so
 * every instance can serve them (a missing file is named). Stop the running instance first
 * (the copy is a snapshot).
 */
import path from 'node:path';
import { parseArgs } from 'node:util';
import { openDatabase } from '../src/lib/server/platform/db.ts';
import { isPostgresUrl, postgresDatabase, sqliteDatabase } from '../src/lib/server/platform/database/connect.ts';
import { migratePostgres } from '../src/lib/server/platform/database/migrate-postgres.ts';
import { copyDatabase, CopyRefused } from '../src/lib/server/platform/database/copy-database.ts';

const USAGE = 'usage: npm run db:copy -- --from sqlite[:DATA_DIR] --to postgres://… [--force]';

function fail(message: string): never {
  console.error(`db:copy: ${message}`);
  process.exit(1);
}

let values: { from?: string; to?: string; force?: boolean };
try {
  ({ values } = parseArgs({ options: { from: { type: 'string' }, to: { type: 'string' }, force: { type: 'boolean' } }, strict: true }));
} catch (error) {
  fail(`${error instanceof Error ? error.message : String(error)}\n${USAGE}`);
}
const from = values.from ?? '';
if (!/^sqlite(:.+)?$/.test(from)) fail(`--from must be sqlite or sqlite:/path/to/data\n${USAGE}`);
if (!isPostgresUrl(values.to)) fail(`--to must be a postgres:// URL\n${USAGE}`);
const dataDir = from.startsWith('sqlite:') ? from.slice('sqlite:'.length) : (process.env.DATA_DIR ?? './data');

const db = openDatabase(dataDir);
const source = sqliteDatabase(db);
let target;
try {
  await migratePostgres(values.to!);
  target = postgresDatabase(values.to!, { max: 2, applicationName: 'tierzero-db-copy' });
  const result = await copyDatabase(source, target, { force: values.force ?? false, log: (line) => console.log(`  ${line}`), attachmentsDir: path.join(dataDir, 'attachments') });
  const width = Math.max(...result.tables.map((row) => row.table.length), 5);
  console.log(`\n${'table'.padEnd(width)}  ${'sqlite'.padStart(8)}  ${'postgres'.padStart(8)}`);
  for (const row of result.tables) console.log(`${row.table.padEnd(width)}  ${String(row.source).padStart(8)}  ${String(row.target).padStart(8)}${row.source === row.target ? '' : '  DIFFERS'}`);
  if (result.onlyInSource.length) console.log(`only in SQLite (not copied): ${result.onlyInSource.join(', ')}`);
  if (result.onlyInTarget.length) console.log(`only in PostgreSQL: ${result.onlyInTarget.join(', ')}`);
  const { stored, missing } = result.attachmentFiles;
  console.log(`attachment files: ${stored} stored in PostgreSQL${missing.length ? `; not found in ${path.join(dataDir, 'attachments')}: ${missing.join(', ')}` : ''}`);
  const rows = result.tables.reduce((sum, row) => sum + row.source, 0);
  console.log(result.ok ? `db:copy: ${rows} row(s) in ${result.tables.length} tables copied in ${result.ms} ms; every count matches` : 'db:copy: counts differ (see DIFFERS above)');
  if (!result.ok) process.exitCode = 1;
} catch (error) {
  if (error instanceof CopyRefused) fail(error.message);
  fail(error instanceof Error ? error.message : String(error));
} finally {
  await target?.close();
  await source.close();
  db.close();
}
