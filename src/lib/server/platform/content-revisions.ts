/**
 * Revisions of editable content files, and the one save path for them. A collection is a
 * folder of Markdown files with its own front matter (articles now, training pages later):
 * `saveContent` takes the collection's descriptor (folder, validation), checks the revision
 * the editor was based on, writes the file atomically and adds a revision row with the
 * file's full text, author, time and message.
 *
 * One save at a time per file (an in-process lock): check, write and record never interleave
 * with another save of the same file. Changes made outside the editor (a git pull) are
 * recorded as an 'external' revision the next time the editor touches the file, so they
 * count as "theirs" in a conflict and are never silently overwritten.
 */
import { DomainError } from '../errors.ts';
import fsp from 'node:fs/promises';
import path from 'node:path';
import { diffLines } from 'diff';
import { statement, type Db } from './db.ts';
import { writeFileAtomic } from './atomic-write.ts';

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

const SELECT = `SELECT r.id, r.collection, r.slug, r.number, r.kind, r.source, r.author_id AS authorId, u.name AS authorName,
  r.message, r.restored_from AS restoredFrom, r.created_at AS createdAt
  FROM content_revisions r LEFT JOIN users u ON u.id = r.author_id`;

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

/** Every revision of a file, newest first. */
export function listRevisions(db: Db, collection: string, slug: string): Revision[] {
  return statement(db, `${SELECT} WHERE r.collection = ? AND r.slug = ? ORDER BY r.number DESC`).all(collection, slug) as Revision[];
}

/** One revision by number, or null. */
export function getRevision(db: Db, collection: string, slug: string, number: number): Revision | null {
  return (statement(db, `${SELECT} WHERE r.collection = ? AND r.slug = ? AND r.number = ?`).get(collection, slug, number) as Revision | undefined) ?? null;
}

/** The revision the file is at: the newest that is not a proposal, or null. */
export function currentRevision(db: Db, collection: string, slug: string): Revision | null {
  return (
    (statement(db, `${SELECT} WHERE r.collection = ? AND r.slug = ? AND r.kind != 'proposed' ORDER BY r.number DESC LIMIT 1`).get(collection, slug) as
      | Revision
      | undefined) ?? null
  );
}

function insertRevision(
  db: Db,
  row: { collection: string; slug: string; kind: RevisionKind; source: string; authorId: number | null; message: string; restoredFrom: number | null },
  now: number,
): Revision {
  return db.transaction(() => {
    const { next } = statement(db, 'SELECT COALESCE(MAX(number), 0) + 1 AS next FROM content_revisions WHERE collection = ? AND slug = ?').get(
      row.collection,
      row.slug,
    ) as { next: number };
    statement(
      db,
      'INSERT INTO content_revisions (collection, slug, number, kind, source, author_id, message, restored_from, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',
    ).run(row.collection, row.slug, next, row.kind, row.source, row.authorId, row.message.slice(0, MAX_REVISION_MESSAGE), row.restoredFrom, now);
    return getRevision(db, row.collection, row.slug, next)!;
  }).immediate();
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

/** Records the file's text as an 'external' revision when it differs from the current revision. */
async function recordExternal(db: Db, collection: ContentCollection, slug: string, now: number): Promise<Revision | null> {
  const disk = await readIfExists(contentFile(collection, slug));
  const current = currentRevision(db, collection.name, slug);
  if (disk === null || (current && current.source === disk)) return current;
  return insertRevision(db, { collection: collection.name, slug, kind: 'external', source: disk, authorId: null, message: '', restoredFrom: null }, now);
}

/**
 * The revision the file on disk is at, recording it first when the file was changed outside
 * the editor (or has no revision yet). Null when the file does not exist and never had one.
 * The editor calls this when it opens a file, so the form carries a revision number.
 */
export function syncRevision(db: Db, collection: ContentCollection, slug: string, now = Date.now()): Promise<Revision | null> {
  return withLock(`${collection.name}:${slug}`, () => recordExternal(db, collection, slug, now));
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
 * `baseRevision` (else returns the conflict and writes nothing), writes the file atomically
 * (temp file, fsync, rename) unless it is a proposal, and records the revision.
 * Throws ContentError for an unsafe slug, invalid text, an existing file on create, or a
 * file that no longer exists.
 */
export function saveContent(db: Db, collection: ContentCollection, input: SaveInput, now = Date.now()): Promise<SaveResult> {
  const file = contentFile(collection, input.slug);
  const checked = collection.validate(input.slug, input.source);
  if (!checked.ok) return Promise.reject(new ContentError('invalid', 'the file does not pass its schema', checked.problems));
  return withLock(`${collection.name}:${input.slug}`, async (): Promise<SaveResult> => {
    if (input.create) {
      if ((await readIfExists(file)) !== null) throw new ContentError('exists', `${input.slug} exists already`);
    } else {
      const current = await recordExternal(db, collection, input.slug, now);
      if (!current) throw new ContentError('missing', `${input.slug} does not exist`);
      if (current.number !== input.baseRevision) return { ok: false, conflict: current };
    }
    if (input.kind === 'saved') await writeFileAtomic(file, input.source);
    const revision = insertRevision(
      db,
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
