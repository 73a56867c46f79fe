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
 * folder gets a 'deleted' revision (no text, no author) as soon as an instance notices (its
 * store loses the file, a start, the editor touching it), and every instance removes it; its
 * revisions stay. On SQLite a missing file is
 * always such a deletion; in scale-out only when this folder had the file (content-seen.ts
 * keeps the list in the folder) — one it never had was created in the browser elsewhere and is
 * written here. A save of a deleted file is refused (reason 'deleted'); creating the
 * file again (in the browser, or in git: 'external') brings it back. See `settle`.
 *
 * The rows and shared helpers are content-revision-rows.ts, keeping a folder in line with the
 * database (`syncRevision`, `materialiseContent`, `materialiseCollection`) is
 * content-folder-sync.ts; this module re-exports what the editors use.
 */
import { diffLines } from 'diff';
import { writeFileAtomic } from './atomic-write.ts';
import type { Database } from './database/connect.ts';
import { lockKey, writeTransaction } from './database/write-transaction.ts';
import { updateSeen } from './content-seen.ts';
import { settle } from './content-folder-sync.ts';
import {
  ContentError,
  contentFile,
  currentIn,
  fileKey,
  insertRevisionIn,
  isScaleOut,
  readIfExists,
  tellOthers,
  withLock,
  type ContentCollection,
  type Revision,
} from './content-revision-rows.ts';

// What the editors and the instance sync use, from one place.
export {
  ContentError,
  contentFile,
  currentRevision,
  getRevision,
  listRevisions,
  MAX_REVISION_MESSAGE,
  type ContentChange,
  type ContentCollection,
  type Revision,
  type RevisionKind,
} from './content-revision-rows.ts';
export { deletedDocument, materialiseCollection, materialiseContent, syncRevision } from './content-folder-sync.ts';

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
