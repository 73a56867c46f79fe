/**
 * What the content-revision tests share: a collection of Markdown files in a temp folder
 * (validation refuses a text containing "INVALID"), an author account, the file of a slug.
 * Names are unique per test file, so suites on one database never share a collection.
 */
import fs from 'node:fs';
import path from 'node:path';
import { postgresDatabase, type Database } from '../../../src/lib/server/platform/database/connect.ts';
import type { ContentCollection } from '../../../src/lib/server/platform/content-revisions.ts';
import { makeTempDir, removeDir } from '../helpers.ts';

let counter = 0;

/** A unique name with `prefix` (collections, users). */
export const uniqueName = (prefix: string): string => `${prefix}${counter++}`;

/** A collection of the files in `dir` (created); a unique name unless one is given (two instances' folders of one collection). */
export function collectionIn(dir: string, name = uniqueName('notes')): ContentCollection {
  fs.mkdirSync(dir, { recursive: true });
  return { name, dir, validate: (_slug, source) => (source.includes('INVALID') ? { ok: false, problems: [{ field: 'body', reason: 'bad' }] } : { ok: true }) };
}

/** An admin account named `name`; returns its id. */
export async function addAuthor(database: Database, name: string): Promise<number> {
  const row = await database.kysely
    .insertInto('users')
    .values({ email: `${name.toLowerCase()}.${Date.now()}.${counter++}@example.com`, name, role: 'admin', password_hash: 'x', created_at: Date.UTC(2026, 11, 6) })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/** The file of `slug` in a collection. */
export const fileOf = (collection: ContentCollection, slug: string): string => path.join(collection.dir, `${slug}.md`);

/** The text of `slug`'s file. */
export const read = (collection: ContentCollection, slug: string): string => fs.readFileSync(fileOf(collection, slug), 'utf8');

/** Two instances of one collection on one PostgreSQL database: A on `first`, B on a pool of its own. */
export interface CollectionPair {
  a: Database;
  b: Database;
  /** A's folder of the collection, and B's (the same folder when `shared`). */
  left: ContentCollection;
  right: ContentCollection;
  close(): Promise<void>;
}

/** A collection named with `prefix` in a folder per instance, or one checkout both share (`shared`); `close` ends B's pool and removes the folders. */
export function collectionPair(first: Database, url: string, prefix: string, shared = false): CollectionPair {
  const dirs = shared ? [makeTempDir('tierzero-shared-')] : [makeTempDir('tierzero-instance-a-'), makeTempDir('tierzero-instance-b-')];
  const name = uniqueName(prefix);
  const b = postgresDatabase(url, { max: 3 });
  return {
    a: first,
    b,
    left: collectionIn(dirs[0]!, name),
    right: collectionIn(dirs.at(-1)!, name),
    async close() {
      await b.close();
      for (const dir of dirs) removeDir(dir);
    },
  };
}
