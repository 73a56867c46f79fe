/**
 * npm run db:types — writes src/lib/server/platform/database/schema.ts, the Kysely table types
 * of the whole schema, from the migrations (applied to an in-memory SQLite database and read
 * back with PRAGMA table_info). Run it after adding a migration; the unit test
 * tests/unit/platform/database-schema.test.ts fails when the file is out of date.
 */
import fs from 'node:fs';
import path from 'node:path';
import { renderSchemaTypes } from '../src/lib/server/platform/database/schema-types.ts';

const target = path.resolve('src/lib/server/platform/database/schema.ts');
fs.writeFileSync(target, renderSchemaTypes());
console.log(`db:types: wrote ${path.relative(process.cwd(), target)}`);
