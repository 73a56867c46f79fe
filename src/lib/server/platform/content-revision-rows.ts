/**
 * The rows of content revisions (content-revisions.ts has the save path, content-folder-sync.ts
 * keeps each folder in line with them) and what every path through them shares: the types, the
 * refusal (`ContentError`), the safe file of a slug, reading and adding revisions, the lock on
 * a file (in process, and its key inside a write transaction), and telling the other instances
 * ('content'). Rules that always hold: revision numbers count 1, 2, 3 … per file and are added
 * only inside a transaction that holds the file's key; proposals are never the current
 * revision; a file never leaves its collection's folder.
 */
import { DomainError } from '../errors.ts';
import fsp from 'node:fs/promises';
import path from 'node:path';
import { sql } from 'kysely';
import type { Database } from './database/connect.ts';
import type { Trx } from './database/write-transaction.ts';
import { notify } from './database/notify.ts';

/** How a revision came about (see the migrations 0005-content-revisions and 0027-content-deletions); a 'deleted' one has no text. */
export type RevisionKind = 'saved' | 'external' | 'proposed' | 'deleted';

/** One revision of one file. */
export interface Revision {
  id: number;
  collection: string;
  slug: string;
  /** 1, 2, 3 … per file. */
  number: number;
  kind: RevisionKind;
  /** The file's full text. */
  source: string;
  authorId: number | null;
  authorName: string | null;
  message: string;
  /** The revision a restore copied. */
  restoredFrom: number | null;
  createdAt: number;
}

/** A folder of editable Markdown files. */
export interface ContentCollection {
  /** Key in the revision table: 'articles', 'training'. */
  name: string;
  /** Absolute folder of the files: <slug>.md lives here. */
  dir: string;
  /** Checks a file's full text (front matter and body); problems by field. */
  validate(slug: string, source: string): { ok: true } | { ok: false; problems: { field: string; reason: string }[] };
}

/** Longest revision message, in characters. */
export const MAX_REVISION_MESSAGE = 500;

/** Why a save of a content file was refused, and the shared code each reason has. */
const CONTENT_ERROR_CODES = { unsafe_path: 'invalid', invalid: 'invalid', exists: 'exists', missing: 'not_found', deleted: 'not_found' } as const;

/**
 * An expected failure of a save. The editors turn it into their own error with their own
 * texts (`reason` says which); the key is the article editor's text for it.
 */
export class ContentError extends DomainError<'invalid' | 'exists' | 'not_found'> {
  readonly reason: keyof typeof CONTENT_ERROR_CODES;
  readonly problems: { field: string; reason: string }[];

  constructor(reason: ContentError['reason'], message: string, problems: { field: string; reason: string }[] = []) {
    const keys = { unsafe_path: 'editor.error.slugPath', invalid: 'editor.error.schema', exists: 'editor.error.slugTaken', missing: 'editor.error.notFound', deleted: 'editor.error.deleted' } as const;
    super(CONTENT_ERROR_CODES[reason], keys[reason], { message, values: { slug: '', reason: problems.map((p) => `${p.field}: ${p.reason}`).join('; ') } });
    this.reason = reason;
    this.problems = problems;
    this.name = 'ContentError';
  }
}

/**
 * The file of `slug` in the collection's folder. Refuses anything that would leave the folder
 * or is not a plain slug: absolute paths, "..", back-slashes, empty segments.
 */
export function contentFile(collection: Pick<ContentCollection, 'dir'>, slug: string): string {
  const root = path.resolve(collection.dir);
  if (
    !slug ||
    path.isAbsolute(slug) ||
    /^[a-zA-Z]:/.test(slug) ||
    slug.includes('\\') ||
    slug.includes('\0') ||
    slug.split('/').some((segment) => segment === '' || segment === '.' || segment === '..')
  ) {
    throw new ContentError('unsafe_path', `"${slug}" is not a path inside the content folder`);
  }
  const file = path.resolve(root, `${slug}.md`);
  if (!file.startsWith(root + path.sep)) throw new ContentError('unsafe_path', `"${slug}" is not a path inside the content folder`);
  return file;
}

/** The revisions with their author's name. */
function revisions(trx: Trx, collection: string, slug: string) {
  return trx
    .selectFrom('content_revisions as r')
    .leftJoin('users as u', 'u.id', 'r.author_id')
    .select([
      'r.id',
      'r.collection',
      'r.slug',
      'r.number',
      'r.kind',
      'r.source',
      'r.author_id as authorId',
      'u.name as authorName',
      'r.message',
      'r.restored_from as restoredFrom',
      'r.created_at as createdAt',
    ])
    .where('r.collection', '=', collection)
    .where('r.slug', '=', slug);
}

const asRevision = (row: Omit<Revision, 'kind'> & { kind: string }): Revision => ({ ...row, kind: row.kind as RevisionKind });

/** Every revision of a file, newest first. */
export async function listRevisions(database: Database, collection: string, slug: string): Promise<Revision[]> {
  const rows = await revisions(database.kysely, collection, slug).orderBy('r.number', 'desc').execute();
  return rows.map(asRevision);
}

/** One revision by number, or null. */
export async function getRevision(database: Database, collection: string, slug: string, number: number): Promise<Revision | null> {
  const row = await revisions(database.kysely, collection, slug).where('r.number', '=', number).executeTakeFirst();
  return row ? asRevision(row) : null;
}

export async function currentIn(trx: Trx, collection: string, slug: string): Promise<Revision | null> {
  const row = await revisions(trx, collection, slug).where('r.kind', '!=', 'proposed').orderBy('r.number', 'desc').limit(1).executeTakeFirst();
  return row ? asRevision(row) : null;
}

/** The revision the file is at: the newest that is not a proposal, or null. */
export function currentRevision(database: Database, collection: string, slug: string): Promise<Revision | null> {
  return currentIn(database.kysely, collection, slug);
}

type NewRevision = { collection: string; slug: string; kind: RevisionKind; source: string; authorId: number | null; message: string; restoredFrom: number | null };

/** Adds the next revision of the file inside the caller's transaction (which holds the file's key). */
export async function insertRevisionIn(trx: Trx, row: NewRevision, now: number): Promise<Revision> {
  const { next } = await trx
    .selectFrom('content_revisions')
    .select(sql<number>`COALESCE(MAX(number), 0) + 1`.as('next'))
    .where('collection', '=', row.collection)
    .where('slug', '=', row.slug)
    .executeTakeFirstOrThrow();
  await trx
    .insertInto('content_revisions')
    .values({
      collection: row.collection,
      slug: row.slug,
      number: next,
      kind: row.kind,
      source: row.source,
      author_id: row.authorId,
      message: row.message.slice(0, MAX_REVISION_MESSAGE),
      restored_from: row.restoredFrom,
      created_at: now,
    })
    .execute();
  const revision = await revisions(trx, row.collection, row.slug).where('r.number', '=', next).executeTakeFirstOrThrow();
  return asRevision(revision);
}

/** The key that serialises saves of one file on every instance. */
export const fileKey = (collection: string, slug: string): string => `content-revision ${collection}/${slug}`;

/** True when the database is shared by several instances, each with its own content folder (module comment). */
export const isScaleOut = (database: Database): boolean => database.engine === 'postgres';

/** True when `text` is the text of an earlier revision of the file than `before` (the folder is behind the database). */
export async function isEarlierText(database: Database, collection: string, slug: string, text: string, before: number): Promise<boolean> {
  const row = await database.kysely
    .selectFrom('content_revisions')
    .select('id')
    .where('collection', '=', collection)
    .where('slug', '=', slug)
    .where('number', '<', before)
    .where('kind', 'in', ['saved', 'external'])
    .where('source', '=', text)
    .limit(1)
    .executeTakeFirst();
  return row !== undefined;
}

const locks = new Map<string, Promise<unknown>>();

/** Runs `task` after every earlier task with the same key has finished. */
export async function withLock<T>(key: string, task: () => Promise<T>): Promise<T> {
  const previous = locks.get(key) ?? Promise.resolve();
  const run = previous.then(task, task);
  const tail = run.catch(() => undefined);
  locks.set(key, tail);
  try {
    return await run;
  } finally {
    if (locks.get(key) === tail) locks.delete(key);
  }
}

export async function readIfExists(file: string): Promise<string | null> {
  try {
    return await fsp.readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
}

/** What the 'content' notification carries. */
export interface ContentChange {
  collection: string;
  slug: string;
}

/** Tells the other instances that a file changed ('content'); a failure is logged (they catch up at their next start). */
export async function tellOthers(database: Database, change: ContentChange): Promise<void> {
  await notify(database, 'content', JSON.stringify(change)).catch((error: unknown) =>
    console.warn(`content: could not tell the other instances about ${change.collection}/${change.slug}: ${error instanceof Error ? error.message : String(error)}`),
  );
}
