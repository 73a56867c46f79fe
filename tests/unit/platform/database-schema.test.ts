/**
 * Both engines from one set of migrations: every migration has its PostgreSQL SQL, both
 * schemas have the same tables and columns (name, integer/text, NOT NULL), the PostgreSQL
 * runner is idempotent and migrates once when two instances start together, and the Kysely
 * table types (database/schema.ts) are up to date with the migrations.
 */
import fs from 'node:fs';
import { describe, expect, inject, it } from 'vitest';
import pg from 'pg';
import { migrations } from '../../../src/lib/server/platform/migrations/index.ts';
import { migratePostgres, postgresSchemaVersion } from '../../../src/lib/server/platform/database/migrate-postgres.ts';
import { renderSchemaTypes, sqliteTables } from '../../../src/lib/server/platform/database/schema-types.ts';
import { createTestDatabase } from '../../support/postgres-server.ts';

type Shape = Record<string, Record<string, string>>;

function sqliteShape(): Shape {
  const shape: Shape = {};
  for (const [table, columns] of sqliteTables()) {
    shape[table] = Object.fromEntries(
      columns.map((c) => [c.name, `${c.type.toUpperCase() === 'INTEGER' ? 'integer' : 'text'} ${c.notnull === 1 || c.pk > 0 ? 'not null' : 'null'}`]),
    );
  }
  return shape;
}

async function postgresShape(url: string): Promise<Shape> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<{ table_name: string; column_name: string; data_type: string; is_nullable: string }>(
      `SELECT table_name, column_name, data_type, is_nullable FROM information_schema.columns
       WHERE table_schema = 'public' AND table_name <> 'schema_version' ORDER BY table_name, ordinal_position`,
    );
    const shape: Shape = {};
    for (const row of rows) {
      const type = ['bigint', 'integer', 'smallint'].includes(row.data_type) ? 'integer' : 'text';
      (shape[row.table_name] ??= {})[row.column_name] = `${type} ${row.is_nullable === 'NO' ? 'not null' : 'null'}`;
    }
    return shape;
  } finally {
    await client.end();
  }
}

describe('migrations on both engines', () => {
  it('gives every migration its PostgreSQL SQL', () => {
    expect(migrations.filter((m) => !m.postgres).map((m) => m.version)).toEqual([]);
  });

  it('builds the same tables and columns on SQLite and PostgreSQL', async () => {
    const url = await createTestDatabase(inject('postgresUrl'), 'schema');
    expect(await migratePostgres(url)).toBe(migrations.length);
    const sqlite = sqliteShape();
    const postgres = await postgresShape(url);
    expect(Object.keys(postgres).sort()).toEqual(Object.keys(sqlite).sort());
    expect(postgres).toEqual(sqlite);
    expect(await postgresSchemaVersion(url)).toBe(migrations.at(-1)!.version);
    // A second run finds nothing to do.
    expect(await migratePostgres(url)).toBe(0);
  });

  it('migrates once when two instances start together (advisory lock)', async () => {
    const url = await createTestDatabase(inject('postgresUrl'), 'race');
    const applied = await Promise.all([migratePostgres(url), migratePostgres(url), migratePostgres(url)]);
    expect(applied.sort()).toEqual([0, 0, migrations.length]);
    expect(await postgresSchemaVersion(url)).toBe(migrations.at(-1)!.version);
  });

  it('refuses a migration list with a migration that lacks PostgreSQL SQL, changing nothing', async () => {
    const url = await createTestDatabase(inject('postgresUrl'), 'missing');
    const list = [...migrations, { version: 999, name: 'sqlite-only', sql: 'SELECT 1;' }];
    await expect(migratePostgres(url, list)).rejects.toThrow(/999 \(sqlite-only\) has no PostgreSQL SQL/);
    expect(await postgresSchemaVersion(url)).toBe(0);
  });

  it('keeps the Kysely table types in database/schema.ts up to date (npm run db:types)', () => {
    const file = fs.readFileSync(new URL('../../../src/lib/server/platform/database/schema.ts', import.meta.url), 'utf8');
    expect(file).toBe(renderSchemaTypes());
  });
});
