/**
 * Keeps one instance's content folder and the revisions in the database in line (`settle`):
 * when the editor opens a file (`syncRevision`), after another instance's change
 * (`materialiseContent`, the 'content' notification) and at start-up (`materialiseCollection`).
 * Changes made outside the editor are recorded ('external'); a file with revisions that is
 * gone from the folder was deleted outside the editor and gets a 'deleted' revision — on
 * SQLite always, in scale-out only when this folder had it (content-seen.ts), since one it
 * never had was created in the browser on another instance and is written here; every other
 * instance then removes it. Rules that always hold: nothing is recorded twice when two
 * instances notice the same change (checked again under the file's key); an empty folder is
 * taken as not mounted and records no deletion; revisions are never removed.
 */
import fsp from 'node:fs/promises';
import path from 'node:path';
import { writeFileAtomic } from './atomic-write.ts';
import type { Database } from './database/connect.ts';
import { lockKey, writeTransaction } from './database/write-transaction.ts';
import { listMarkdownFiles } from './content-folder.ts';
import { readSeen, updateSeen } from './content-seen.ts';
import {
  contentFile,
  currentIn,
  currentRevision,
  fileKey,
  insertRevisionIn,
  isEarlierText,
  isScaleOut,
  listRevisions,
  readIfExists,
  tellOthers,
  withLock,
  type ContentCollection,
  type Revision,
} from './content-revision-rows.ts';

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
export async function settle(
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
 * A document deleted outside the editor, as the editor and history pages still show it: the
 * deletion's revision and the last live one (saved or external) before it. Looking records the
 * deletion first if nobody has yet (`syncRevision`). Null when the document is not deleted, or
 * never had a live revision.
 */
export async function deletedDocument(database: Database, collection: ContentCollection, slug: string, now = Date.now()): Promise<{ deletion: Revision; lastLive: Revision } | null> {
  const deletion = await syncRevision(database, collection, slug, now).catch(() => null);
  if (deletion?.kind !== 'deleted') return null;
  const lastLive = (await listRevisions(database, collection.name, slug)).find((revision) => revision.kind === 'saved' || revision.kind === 'external');
  return lastLive ? { deletion, lastLive } : null;
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
  const failed = new Set<string>();
  for (const { slug } of slugs) {
    try {
      const settled = await withLock(`${collection.name}:${slug}`, () => settle(database, collection, slug, { now, recordChanges: false, seen, folderEmpty }));
      if (settled.changed) changed++;
    } catch (error) {
      failed.add(slug);
      console.warn(`content: cannot bring ${collection.name}/${slug}.md up to date: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  if (isScaleOut(database)) {
    // The folder has every file it holds now (a file with a 'deleted' revision was settled
    // above: removed, or recorded as back); the list starts here if it did not exist.
    const present = (await listMarkdownFiles(collection.dir))
      .map((file) => path.relative(collection.dir, file).split(path.sep).join('/').replace(/\.md$/, ''))
      .filter((slug) => !failed.has(slug));
    await updateSeen(collection.dir, present);
  }
  return changed;
}
