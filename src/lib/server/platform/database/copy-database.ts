/**
 * Copies an installation's SQLite database into PostgreSQL (`npm run db:copy`, issue 17):
 * Kysely on both sides, table by table in foreign-key order (parents first), every row with
 * its id, in ONE PostgreSQL transaction (all or nothing); then each identity sequence is set
 * past the largest id, and the row counts of both sides are compared.
 * Rules that always hold: the source is only read; a target that holds any row is refused
 * unless `force` (then its rows are removed first, in the same transaction); a count that
 * differs fails the copy (`ok: false`) — nothing is reported as copied that is not there.
 * Tables that exist on one side only are named in the result, never silently dropped.
 * Attachments: on SQLite their bytes are files only; with `attachmentsDir` each attachment's
 * file is read into the target's `attachment_data` in the same transaction, so that every
 * PostgreSQL instance can serve it (a missing file is named in the result, not invented).
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import { sql, type Kysely } from 'kysely';
import type { Database } from './connect.ts';

/** One table's outcome. */
export interface CopiedTable {
  table: string;
  source: number;
  target: number;
}

/** What a copy did. */
export interface CopyResult {
  ok: boolean;
  tables: CopiedTable[];
  /** Tables only the source has (not copied). */
  onlyInSource: string[];
  /** Tables only the target has (left alone, apart from `force`). */
  onlyInTarget: string[];
  /** Attachment files read into the database (with `attachmentsDir`), and the storage names of those not found. */
  attachmentFiles: { stored: number; missing: string[] };
  ms: number;
}

/** Why a copy did not start. */
export class CopyRefused extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CopyRefused';
  }
}

type AnyDb = Kysely<Record<string, Record<string, unknown>>>;
const loose = (database: Database): AnyDb => database.kysely as unknown as AnyDb;

/** Bookkeeping of each engine that is not data. */
const NOT_DATA = new Set(['schema_version']);

/**
 * Tables the target's triggers fill from other tables' rows (migration 21: insight_query_block
 * from insight_query_day; migration 24: insight_ticket_block from tickets and ticket_events). Not copied: the triggers fill them as their source rows arrive, and
 * copying them as well would count everything twice.
 */
const FILLED_BY_TRIGGERS = new Set(['insight_query_block', 'insight_ticket_block']);

/** Filled from the attachment files (SQLite keeps the bytes in files only). */
const FILLED_FROM_FILES = new Set(['attachment_data']);

interface SourceTable {
  name: string;
  columns: string[];
  /** The single INTEGER primary key column ('id'), if any: read in id order by key ranges. */
  idColumn: string | null;
  primaryKey: string[];
  parents: string[];
}

async function sourceTables(source: Database): Promise<SourceTable[]> {
  const db = loose(source);
  const names = (await sql<{ name: string }>`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name`.execute(db)).rows.map((row) => row.name);
  const tables: SourceTable[] = [];
  for (const name of names) {
    const info = (await sql<{ name: string; type: string; pk: number }>`SELECT name, type, pk FROM pragma_table_info(${name})`.execute(db)).rows;
    const keys = info.filter((column) => column.pk > 0).sort((a, b) => a.pk - b.pk);
    const parents = (await sql<{ table: string }>`SELECT "table" FROM pragma_foreign_key_list(${name})`.execute(db)).rows.map((row) => row.table);
    tables.push({
      name,
      columns: info.map((column) => column.name),
      idColumn: keys.length === 1 && keys[0].type.toUpperCase() === 'INTEGER' ? keys[0].name : null,
      primaryKey: keys.map((column) => column.name),
      parents: [...new Set(parents)].filter((parent) => parent !== name),
    });
  }
  return tables;
}

/** Parents before children; a cycle (none today) would be reported, not looped on. */
export function foreignKeyOrder<T extends { name: string; parents: string[] }>(tables: T[]): T[] {
  const byName = new Map(tables.map((table) => [table.name, table]));
  const done = new Set<string>();
  const visiting = new Set<string>();
  const order: T[] = [];
  const visit = (table: T): void => {
    if (done.has(table.name)) return;
    if (visiting.has(table.name)) throw new CopyRefused(`the tables' foreign keys form a cycle at ${table.name}`);
    visiting.add(table.name);
    for (const parent of table.parents) {
      const found = byName.get(parent);
      if (found) visit(found);
    }
    visiting.delete(table.name);
    done.add(table.name);
    order.push(table);
  };
  for (const table of [...tables].sort((a, b) => a.name.localeCompare(b.name))) visit(table);
  return order;
}

async function count(db: AnyDb, table: string): Promise<number> {
  const row = await db.selectFrom(table).select(sql<number>`count(*)`.as('n')).executeTakeFirstOrThrow();
  return Number(row.n);
}

async function targetTables(target: Database): Promise<string[]> {
  const rows = await sql<{ name: string }>`SELECT table_name AS name FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'`.execute(loose(target));
  return rows.rows.map((row) => row.name).filter((name) => !NOT_DATA.has(name));
}

/** PostgreSQL allows 65535 parameters per statement. */
const MAX_PARAMETERS = 60_000;
const READ_BATCH = 2_000;

/** Reads the source table in batches (by id ranges where there is an integer id, else by primary-key order). */
async function* batches(source: AnyDb, table: SourceTable): AsyncGenerator<Record<string, unknown>[]> {
  if (table.idColumn) {
    const id = table.idColumn;
    let last: number | null = null;
    for (;;) {
      let query = source.selectFrom(table.name).selectAll().orderBy(id).limit(READ_BATCH);
      if (last !== null) query = query.where(id, '>', last);
      const rows = await query.execute();
      if (!rows.length) return;
      yield rows;
      last = Number(rows.at(-1)![id]);
    }
  }
  const order = table.primaryKey.length ? table.primaryKey : ['rowid'];
  for (let offset = 0; ; offset += READ_BATCH) {
    let query = source.selectFrom(table.name).selectAll();
    for (const column of order) query = query.orderBy(sql.ref(column));
    const rows = await query.limit(READ_BATCH).offset(offset).execute();
    if (!rows.length) return;
    yield rows;
  }
}

/** Options of a copy. */
export interface CopyOptions {
  /** Remove the target's rows first instead of refusing a non-empty target. */
  force?: boolean;
  /** Progress lines ("tickets: 1200 rows"). */
  log?: (line: string) => void;
  /** The SQLite installation's DATA_DIR/attachments: its files are read into `attachment_data`. */
  attachmentsDir?: string;
}

/** Copies every row of `source` (SQLite) into `target` (PostgreSQL, migrated to the same schema). */
export async function copyDatabase(source: Database, target: Database, options: CopyOptions = {}): Promise<CopyResult> {
  if (source.engine !== 'sqlite' || target.engine !== 'postgres') throw new CopyRefused('db:copy copies from SQLite into PostgreSQL');
  const started = Date.now();
  const log = options.log ?? (() => undefined);
  const from = loose(source);
  const tables = foreignKeyOrder((await sourceTables(source)).filter((table) => !NOT_DATA.has(table.name)));
  const inTarget = new Set(await targetTables(target));
  const copied = tables.filter((table) => inTarget.has(table.name) && !FILLED_BY_TRIGGERS.has(table.name) && !FILLED_FROM_FILES.has(table.name));
  const attachmentFiles = { stored: 0, missing: [] as string[] };
  const onlyInSource = tables.filter((table) => !inTarget.has(table.name)).map((table) => table.name);
  const onlyInTarget = [...inTarget].filter((name) => !tables.some((table) => table.name === name)).sort();

  const nonEmpty: string[] = [];
  for (const name of inTarget) if ((await count(loose(target), name)) > 0) nonEmpty.push(name);
  if (nonEmpty.length && !options.force) {
    throw new CopyRefused(`the target database is not empty (${nonEmpty.sort().join(', ')}); copy into an empty database, or pass --force to replace its rows`);
  }

  await target.kysely.transaction().execute(async (trx) => {
    const to = trx as unknown as AnyDb;
    if (nonEmpty.length) await sql`TRUNCATE ${sql.join(nonEmpty.map((name) => sql.table(name)))} CASCADE`.execute(to);
    for (const table of copied) {
      const perStatement = Math.max(1, Math.floor(MAX_PARAMETERS / table.columns.length));
      let rows = 0;
      for await (const batch of batches(from, table)) {
        for (let start = 0; start < batch.length; start += perStatement) await to.insertInto(table.name).values(batch.slice(start, start + perStatement)).execute();
        rows += batch.length;
      }
      if (rows) log(`${table.name}: ${rows} row(s)`);
    }
    const attachments = tables.find((table) => table.name === 'attachments');
    if (options.attachmentsDir && attachments) {
      for await (const batch of batches(from, attachments)) {
        for (const row of batch) {
          const name = String(row.storage_name);
          let data: Buffer;
          try {
            data = await fs.readFile(path.join(options.attachmentsDir, name));
          } catch {
            attachmentFiles.missing.push(name);
            continue;
          }
          await to.insertInto('attachment_data').values({ attachment_id: row.id, data }).execute();
          attachmentFiles.stored++;
        }
      }
      if (attachmentFiles.stored || attachmentFiles.missing.length) log(`attachment files: ${attachmentFiles.stored} stored in the database, ${attachmentFiles.missing.length} not found`);
    }
    // Identity columns continue after the copied ids (PostgreSQL does not move them on explicit ids).
    const identities = await sql<{ table: string; column: string }>`
      SELECT table_name AS table, column_name AS column FROM information_schema.columns
      WHERE table_schema = current_schema() AND is_identity = 'YES'`.execute(to);
    for (const { table, column } of identities.rows) {
      await sql`SELECT setval(pg_get_serial_sequence(${table}, ${column}), COALESCE((SELECT MAX(${sql.ref(column)}) FROM ${sql.table(table)}), 0) + 1, false)`.execute(to);
    }
  });

  const result: CopiedTable[] = [];
  for (const table of copied) result.push({ table: table.name, source: await count(from, table.name), target: await count(loose(target), table.name) });
  return { ok: result.every((row) => row.source === row.target), tables: result, onlyInSource, onlyInTarget, attachmentFiles, ms: Date.now() - started };
}
