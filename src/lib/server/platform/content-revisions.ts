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
 *
 * Deleted outside the editor (git rm + deploy): a file with revisions that is gone from the
 * folder gets a 'deleted' revision (no text, no author) at the next start or when the editor
 * touches it, and every instance removes it; its revisions stay. On SQLite a missing file is
 * always such a deletion; in scale-out only when this folder had the file (content-seen.ts
 * keeps the list in the folder) — one it never had was created in the browser elsewhere and is
 * written here. A save based on an older revision is refused (reason 'deleted'); creating the
 * file again (in the browser, or in git: 'external') brings it back. See `settle`.
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
import { listMarkdownFiles } from './content-folder.ts';
import { readSeen, updateSeen } from './content-seen.ts';

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
    .where('kind', 'in', ['saved', 'external'])
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

/** True when the folder had the file (content-seen.ts); without a list yet: when its history shows it came from a folder (an 'external' revision). */
async function hadFile(database: Database, collection: ContentCollection, slug: string, seen: Set<string> | null): Promise<boolean> {
  if (seen) return seen.has(slug);
  const row = await database.kysely
    .selectFrom('content_revisions')
    .select('id')
    .where('collection', '=', collection.name)
    .where('slug', '=', slug)
    .where('kind', '=', 'external')
    .limit(1)
    .executeTakeFirst();
  return row !== undefined;
}

/**
 * Records a change found in the folder: 'deleted' (the file is gone) or 'external' (its text),
 * under the file's key, unless another instance recorded the same meanwhile; then tells the
 * other instances, so they follow. Returns the revision the file is at.
 */
async function recordFolderChange(database: Database, collection: ContentCollection, slug: string, kind: 'deleted' | 'external', source: string, now: number): Promise<Revision> {
  let added = false;
  const revision = await writeTransaction(database, async (trx) => {
    await lockKey(trx, fileKey(collection.name, slug));
    const latest = await currentIn(trx, collection.name, slug);
    if (latest && (kind === 'deleted' ? latest.kind === 'deleted' : latest.kind !== 'deleted' && latest.source === source)) return latest;
    added = true;
    return insertRevisionIn(trx, { collection: collection.name, slug, kind, source, authorId: null, message: '', restoredFrom: null }, now);
  });
  if (added && kind === 'deleted') console.info(`content: ${collection.name}/${slug}.md was deleted outside the editor; recorded as revision ${revision.number}`);
  if (added) await tellOthers(database, { collection: collection.name, slug });
  return revision;
}

/** What `settle` found and did. */
interface Settled {
  /** The revision the file is at now (kind 'deleted' when it is gone), or null when it has none. */
  at: Revision | null;
  /** True when this instance's folder was changed (a file written or removed): its store should rescan. */
  changed: boolean;
}

/**
 * Brings one file of this instance's folder and the database in line. Runs under the file's
 * in-process lock. `seen`: the folder's list (undefined: read it now; scale-out only).
 * - Missing file, live revision: scale-out and the folder never had it → created on another
 *   instance, written here; otherwise it was deleted outside the editor → a 'deleted' revision
 *   (not when `folderEmpty`: an empty folder is taken as not mounted, and nothing is recorded).
 * - File present, the database says deleted: scale-out, the folder had it and its text is a
 *   revision → deleted on another instance, removed here; otherwise it is back (git revert, a
 *   new file of that name) → an 'external' revision.
 * - File present, live revision: the same text → nothing; scale-out and an earlier revision's
 *   text → brought forward; another text (changed outside) → recorded as 'external' when
 *   `recordChanges` (the editor opens or saves it), else left for the editor.
 */
async function settle(
  database: Database,
  collection: ContentCollection,
  slug: string,
  options: { now: number; recordChanges: boolean; seen?: Set<string> | null; folderEmpty?: boolean },
): Promise<Settled> {
  const file = contentFile(collection, slug);
  const scaleOut = isScaleOut(database);
  const disk = await readIfExists(file);
  const current = await currentRevision(database, collection.name, slug);
  const seen = scaleOut ? (options.seen !== undefined ? options.seen : await readSeen(collection.dir)) : null;
  const remember = (present: boolean): Promise<void> =>
    scaleOut && seen?.has(slug) !== present ? updateSeen(collection.dir, present ? [slug] : [], present ? [] : [slug]) : Promise.resolve();

  if (disk === null) {
    if (!current || current.kind === 'deleted') {
      if (seen?.has(slug)) await remember(false);
      return { at: current, changed: false };
    }
    if (scaleOut && !(await hadFile(database, collection, slug, seen))) {
      await writeFileAtomic(file, current.source);
      await remember(true);
      return { at: current, changed: true };
    }
    if (options.folderEmpty) return { at: current, changed: false };
    const deleted = await recordFolderChange(database, collection, slug, 'deleted', '', options.now);
    await remember(false);
    return { at: deleted, changed: false };
  }

  if (!current) {
    if (!options.recordChanges) return { at: null, changed: false };
    const first = await recordFolderChange(database, collection, slug, 'external', disk, options.now);
    await remember(true);
    return { at: first, changed: false };
  }
  if (current.kind === 'deleted') {
    if (scaleOut && seen?.has(slug) && (await isEarlierText(database, collection.name, slug, disk, current.number))) {
      await fsp.rm(file, { force: true });
      await remember(false);
      return { at: current, changed: true };
    }
    const back = await recordFolderChange(database, collection, slug, 'external', disk, options.now);
    await remember(true);
    return { at: back, changed: false };
  }
  await remember(true);
  if (current.source === disk) return { at: current, changed: false };
  if (scaleOut && (await isEarlierText(database, collection.name, slug, disk, current.number))) {
    await writeFileAtomic(file, current.source);
    return { at: current, changed: true };
  }
  if (!options.recordChanges) {
    if (scaleOut) console.warn(`content: ${collection.name}/${slug}.md was changed outside the editor here; revision ${current.number} is not written over it`);
    return { at: current, changed: false };
  }
  return { at: await recordFolderChange(database, collection, slug, 'external', disk, options.now), changed: false };
}

/**
 * The revision the file on disk is at, recording it first when the file was changed or
 * deleted outside the editor (or has no revision yet); in scale-out mode a file behind the
 * database is brought forward first (`settle`). Null when the file does not exist and never
 * had one; a revision of kind 'deleted' when it was deleted.
 * The editor calls this when it opens a file, so the form carries a revision number.
 */
export async function syncRevision(database: Database, collection: ContentCollection, slug: string, now = Date.now()): Promise<Revision | null> {
  return (await withLock(`${collection.name}:${slug}`, () => settle(database, collection, slug, { now, recordChanges: true }))).at;
}

/**
 * After another instance's change (the 'content' notification) or at start-up: brings one
 * file of this instance's folder in line with the database (`settle`, without recording
 * unrecorded text changes, which wait for the editor). True when the folder was changed.
 */
export async function materialiseContent(database: Database, collection: ContentCollection, slug: string, now = Date.now()): Promise<boolean> {
  return (await withLock(`${collection.name}:${slug}`, () => settle(database, collection, slug, { now, recordChanges: false }))).changed;
}

/**
 * At start-up (and after the listening connection came back): `materialiseContent` for every
 * file of the collection that has revisions, so files deleted outside the editor get their
 * 'deleted' revision and, in scale-out, files saved on other instances are written here.
 * Both engines. Returns how many files of the folder were written or removed.
 */
export async function materialiseCollection(database: Database, collection: ContentCollection, now = Date.now()): Promise<number> {
  const slugs = await database.kysely.selectFrom('content_revisions').select('slug').distinct().where('collection', '=', collection.name).execute();
  const seen = isScaleOut(database) ? await readSeen(collection.dir) : null;
  const folderEmpty = (await listMarkdownFiles(collection.dir)).length === 0;
  if (folderEmpty && slugs.length > 0) console.warn(`content: ${collection.dir} holds no files; taken as not mounted, no file is recorded as deleted`);
  let changed = 0;
  for (const { slug } of slugs) {
    try {
      const settled = await withLock(`${collection.name}:${slug}`, () => settle(database, collection, slug, { now, recordChanges: false, seen, folderEmpty }));
      if (settled.changed) changed++;
    } catch (error) {
      console.warn(`content: cannot bring ${collection.name}/${slug}.md up to date: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  // From now on the folder keeps its list (content-seen.ts), also when nothing was in it.
  if (isScaleOut(database) && seen === null) await updateSeen(collection.dir, []);
  return changed;
}

/** What the 'content' notification carries. */
export interface ContentChange {
  collection: string;
  slug: string;
}

/** Tells the other instances that a file changed ('content'); a failure is logged (they catch up at their next start). */
async function tellOthers(database: Database, change: ContentChange): Promise<void> {
  await notify(database, 'content', JSON.stringify(change)).catch((error: unknown) =>
    console.warn(`content: could not tell the other instances about ${change.collection}/${change.slug}: ${error instanceof Error ? error.message : String(error)}`),
  );
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
    // The folder and the database in line first: a file deleted outside gets its 'deleted'
    // revision, one another instance created is written here (and then exists).
    const settled = await settle(database, collection, input.slug, { now, recordChanges: !input.create });
    if (input.create) {
      if ((await readIfExists(file)) !== null) throw new ContentError('exists', `${input.slug} exists already`);
    } else {
      const current = settled.at;
      if (!current) throw new ContentError('missing', `${input.slug} does not exist`);
      if (current.kind === 'deleted') throw new ContentError('deleted', `${input.slug} was deleted outside the editor`);
      if (current.number !== input.baseRevision) return { ok: false, conflict: current };
    }
    // The decision, on every instance at once: the base is checked again under the file's key.
    const decided = await writeTransaction(database, async (trx): Promise<SaveResult | 'exists' | 'deleted'> => {
      await lockKey(trx, fileKey(collection.name, input.slug));
      const current = await currentIn(trx, collection.name, input.slug);
      if (input.create) {
        // Another instance created it and this folder has not caught up yet; a deleted one may be created again.
        if (current && current.kind !== 'deleted') return 'exists';
      } else if (!current || current.kind === 'deleted') {
        return 'deleted'; // another instance recorded the deletion meanwhile
      } else if (current.number !== input.baseRevision) {
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
    if (decided === 'deleted') throw new ContentError('deleted', `${input.slug} was deleted outside the editor`);
    if (!decided.ok) return decided;
    if (input.kind === 'saved') {
      try {
        await writeFileAtomic(file, input.source);
      } catch (error) {
        await database.kysely.deleteFrom('content_revisions').where('id', '=', decided.revision.id).execute();
        throw error;
      }
      if (isScaleOut(database)) await updateSeen(collection.dir, [input.slug]);
      await tellOthers(database, { collection: collection.name, slug: input.slug });
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
