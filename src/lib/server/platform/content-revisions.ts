/**
 * Revisions of editable content files, and the one save path for them. A collection is a
 * folder of Markdown files with its own front matter (articles now, training pages later):
 * `saveContent` takes the collection's descriptor (folder, validation), checks the revision
 * the editor was based on, records a revision row with the file's full text, author, time
 * and message, and writes the file atomically. Both engines (Kysely).
 *
 * One save at a time per file: an in-process lock, and inside the write transaction a lock
 * on the file's key (PostgreSQL; SQLite's BEGIN IMMEDIATE serialises anyway), so check and
 * record never interleave with another save of the same file on any instance. Changes made
 * outside the editor (a git pull) are recorded as an 'external' revision the next time the
 * editor touches the file, so they count as "theirs" in a conflict and are never silently
 * overwritten.
 *
 * Scale-out (PostgreSQL, several instances with their own CONTENT_DIR): the revisions in the
 * database are the source of truth for edits made in the browser. A save notifies the other
 * instances ('content'), which write the new text into their folder (`materialiseContent`);
 * a file whose text is an OLDER revision of itself (or missing) is behind the database and is
 * brought forward before any check, so two editors on two instances get the same conflict as
 * on one. A text that is no revision at all was changed outside the editor (git): recorded as
 * 'external', as on one instance. SQLite (one instance) keeps the file as the truth, as before.
 */
import { DomainError } from '../errors.ts';
import fsp from 'node:fs/promises';
import path from 'node:path';
import { diffLines } from 'diff';
import { sql } from 'kysely';
import { writeFileAtomic } from './atomic-write.ts';
import type { Database } from './database/connect.ts';
import { lockKey, writeTransaction, type Trx } from './database/write-transaction.ts';
import { notify } from './database/notify.ts';

/** How a revision came about (see the migration 0005-content-revisions). */
export type RevisionKind = 'saved' | 'external' | 'proposed';

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
const CONTENT_ERROR_CODES = { unsafe_path: 'invalid', invalid: 'invalid', exists: 'exists', missing: 'not_found' } as const;

/**
 * An expected failure of a save. The editors turn it into their own error with their own
 * texts (`reason` says which); the key is the article editor's text for it.
 */
export class ContentError extends DomainError<'invalid' | 'exists' | 'not_found'> {
  readonly reason: keyof typeof CONTENT_ERROR_CODES;
  readonly problems: { field: string; reason: string }[];

  constructor(reason: ContentError['reason'], message: string, problems: { field: string; reason: string }[] = []) {
    const keys = { unsafe_path: 'editor.error.slugPath', invalid: 'editor.error.schema', exists: 'editor.error.slugTaken', missing: 'editor.error.notFound' } as const;
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

async function currentIn(trx: Trx, collection: string, slug: string): Promise<Revision | null> {
  const row = await revisions(trx, collection, slug).where('r.kind', '!=', 'proposed').orderBy('r.number', 'desc').limit(1).executeTakeFirst();
  return row ? asRevision(row) : null;
}

/** The revision the file is at: the newest that is not a proposal, or null. */
export function currentRevision(database: Database, collection: string, slug: string): Promise<Revision | null> {
  return currentIn(database.kysely, collection, slug);
}

type NewRevision = { collection: string; slug: string; kind: RevisionKind; source: string; authorId: number | null; message: string; restoredFrom: number | null };

/** Adds the next revision of the file inside the caller's transaction (which holds the file's key). */
async function insertRevisionIn(trx: Trx, row: NewRevision, now: number): Promise<Revision> {
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
const fileKey = (collection: string, slug: string): string => `content-revision ${collection}/${slug}`;

/** True when the database is shared by several instances, each with its own content folder (module comment). */
const isScaleOut = (database: Database): boolean => database.engine === 'postgres';

/** True when `text` is the text of an earlier revision of the file than `before` (the folder is behind the database). */
async function isEarlierText(database: Database, collection: string, slug: string, text: string, before: number): Promise<boolean> {
  const row = await database.kysely
    .selectFrom('content_revisions')
    .select('id')
    .where('collection', '=', collection)
    .where('slug', '=', slug)
    .where('number', '<', before)
    .where('kind', '!=', 'proposed')
    .where('source', '=', text)
    .limit(1)
    .executeTakeFirst();
  return row !== undefined;
}

const locks = new Map<string, Promise<unknown>>();

/** Runs `task` after every earlier task with the same key has finished. */
async function withLock<T>(key: string, task: () => Promise<T>): Promise<T> {
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

async function readIfExists(file: string): Promise<string | null> {
  try {
    return await fsp.readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
}

/**
 * Brings the file in line with the database and returns the revision it is at:
 * - its text is the current revision's: nothing to do;
 * - scale-out, and the file is missing or holds an earlier revision's text: it is behind
 *   (another instance saved): the current revision is written into the folder;
 * - otherwise a text that differs (changed outside the editor) is recorded as 'external'.
 * Runs under the file's in-process lock.
 */
async function reconcile(database: Database, collection: ContentCollection, slug: string, now: number): Promise<Revision | null> {
  const file = contentFile(collection, slug);
  const disk = await readIfExists(file);
  const current = await currentRevision(database, collection.name, slug);
  if (current && current.source === disk) return current;
  if (isScaleOut(database) && current && (disk === null || (await isEarlierText(database, collection.name, slug, disk, current.number)))) {
    await writeFileAtomic(file, current.source);
    return current;
  }
  if (disk === null) return current;
  return writeTransaction(database, async (trx) => {
    await lockKey(trx, fileKey(collection.name, slug));
    const now2 = await currentIn(trx, collection.name, slug);
    // Another instance recorded the same change (the same git pull) meanwhile.
    if (now2 && now2.source === disk) return now2;
    return insertRevisionIn(trx, { collection: collection.name, slug, kind: 'external', source: disk, authorId: null, message: '', restoredFrom: null }, now);
  });
}

/**
 * The revision the file on disk is at, recording it first when the file was changed outside
 * the editor (or has no revision yet); in scale-out mode a file behind the database is brought
 * forward first. Null when the file does not exist and never had one.
 * The editor calls this when it opens a file, so the form carries a revision number.
 */
export function syncRevision(database: Database, collection: ContentCollection, slug: string, now = Date.now()): Promise<Revision | null> {
  return withLock(`${collection.name}:${slug}`, () => reconcile(database, collection, slug, now));
}

/**
 * Scale-out: writes the current revision of a file into this instance's folder when the file
 * there is missing or holds an earlier revision's text (another instance saved it); a text
 * that is no revision (an unrecorded change from git) is left alone for the editor to record.
 * True when the file was written. On SQLite (one instance) nothing is ever behind: false.
 */
export function materialiseContent(database: Database, collection: ContentCollection, slug: string): Promise<boolean> {
  if (!isScaleOut(database)) return Promise.resolve(false);
  const file = contentFile(collection, slug);
  return withLock(`${collection.name}:${slug}`, async () => {
    const current = await currentRevision(database, collection.name, slug);
    if (!current) return false;
    const disk = await readIfExists(file);
    if (disk === current.source) return false;
    if (disk !== null && !(await isEarlierText(database, collection.name, slug, disk, current.number))) {
      console.warn(`content: ${collection.name}/${slug}.md was changed outside the editor here; revision ${current.number} from another instance is not written over it`);
      return false;
    }
    await writeFileAtomic(file, current.source);
    return true;
  });
}

/** Scale-out, at start-up: `materialiseContent` for every file of the collection that has revisions. Returns how many were written. */
export async function materialiseCollection(database: Database, collection: ContentCollection): Promise<number> {
  if (!isScaleOut(database)) return 0;
  const slugs = await database.kysely.selectFrom('content_revisions').select('slug').distinct().where('collection', '=', collection.name).execute();
  let written = 0;
  for (const { slug } of slugs) {
    try {
      if (await materialiseContent(database, collection, slug)) written++;
    } catch (error) {
      console.warn(`content: cannot bring ${collection.name}/${slug}.md up to date: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  return written;
}

/** What the 'content' notification carries. */
export interface ContentChange {
  collection: string;
  slug: string;
}

/** What to save. */
export interface SaveInput {
  slug: string;
  /** The revision the edit started from; 0 for a new file. */
  baseRevision: number;
  /** The file's new full text. */
  source: string;
  authorId: number;
  message: string;
  /** 'saved' writes the file; 'proposed' only records the revision. */
  kind: 'saved' | 'proposed';
  /** True for a new file: refused when the file exists. */
  create: boolean;
  restoredFrom?: number | null;
}

/** A save's outcome: the new revision, or a conflict with the revision that got there first. */
export type SaveResult = { ok: true; revision: Revision } | { ok: false; conflict: Revision };

/**
 * Saves a file of a collection: validates the text, checks that nobody saved since
 * `baseRevision` (else returns the conflict and writes nothing), records the revision and
 * writes the file atomically (temp file, fsync, rename) unless it is a proposal; then tells
 * the other instances. If the file cannot be written, the revision is taken back.
 * Throws ContentError for an unsafe slug, invalid text, an existing file on create, or a
 * file that no longer exists.
 */
export function saveContent(database: Database, collection: ContentCollection, input: SaveInput, now = Date.now()): Promise<SaveResult> {
  const file = contentFile(collection, input.slug);
  const checked = collection.validate(input.slug, input.source);
  if (!checked.ok) return Promise.reject(new ContentError('invalid', 'the file does not pass its schema', checked.problems));
  return withLock(`${collection.name}:${input.slug}`, async (): Promise<SaveResult> => {
    if (input.create) {
      if ((await readIfExists(file)) !== null) throw new ContentError('exists', `${input.slug} exists already`);
    } else {
      const current = await reconcile(database, collection, input.slug, now);
      if (!current) throw new ContentError('missing', `${input.slug} does not exist`);
      if (current.number !== input.baseRevision) return { ok: false, conflict: current };
    }
    // The decision, on every instance at once: the base is checked again under the file's key.
    const decided = await writeTransaction(database, async (trx): Promise<SaveResult | 'exists'> => {
      await lockKey(trx, fileKey(collection.name, input.slug));
      const current = await currentIn(trx, collection.name, input.slug);
      if (input.create) {
        // Scale-out: another instance created it and this folder has not caught up yet.
        if (isScaleOut(database) && current) return 'exists';
      } else if (!current || current.number !== input.baseRevision) {
        if (!current) return 'exists'; // cannot happen: reconcile found one, and revisions are never deleted
        return { ok: false, conflict: current };
      }
      const revision = await insertRevisionIn(
        trx,
        {
          collection: collection.name,
          slug: input.slug,
          kind: input.kind,
          source: input.source,
          authorId: input.authorId,
          message: input.message.trim(),
          restoredFrom: input.restoredFrom ?? null,
        },
        now,
      );
      return { ok: true, revision };
    });
    if (decided === 'exists') throw new ContentError('exists', `${input.slug} exists already`);
    if (!decided.ok) return decided;
    if (input.kind === 'saved') {
      try {
        await writeFileAtomic(file, input.source);
      } catch (error) {
        await database.kysely.deleteFrom('content_revisions').where('id', '=', decided.revision.id).execute();
        throw error;
      }
      const change: ContentChange = { collection: collection.name, slug: input.slug };
      await notify(database, 'content', JSON.stringify(change)).catch((error: unknown) =>
        console.warn(`content: could not tell the other instances about ${collection.name}/${input.slug}: ${error instanceof Error ? error.message : String(error)}`),
      );
    }
    return decided;
  });
}

/** One part of a line diff: unchanged, added or removed lines. */
export interface DiffPart {
  type: 'same' | 'added' | 'removed';
  lines: string[];
}

/** A line-by-line diff from `before` to `after` (jsdiff). */
export function diffTexts(before: string, after: string): DiffPart[] {
  return diffLines(before, after).map((change) => {
    const lines = change.value.replace(/\n$/, '').split('\n');
    return { type: change.added ? 'added' : change.removed ? 'removed' : 'same', lines };
  });
}
