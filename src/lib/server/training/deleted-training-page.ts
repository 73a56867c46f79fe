/**
 * A training page deleted outside the editor (git rm + deploy; a 'deleted' revision, see
 * platform/content-revisions.ts) as its editor and history pages still show it: the page as its
 * last live revision had it, and when it was deleted. Opening it records the deletion first if
 * nobody has yet (`syncRevision`). Rules that always hold: only a slug whose current revision is
 * 'deleted' gets one; a slug that never existed stays "not found".
 */
import type { Database } from '../platform/database/connect.ts';
import { deletedDocument } from '../platform/content-revisions.ts';
import { trainingCollection } from './training-editor.ts';
import { parseTrainingFile, type TrainingPage, type TrainingStore } from './training.ts';

/** A deleted training page: its last live text parsed, and the deletion's revision number and time. */
export interface DeletedTrainingPage {
  page: TrainingPage;
  /** The last live revision's full text. */
  source: string;
  deletedRevision: number;
  deletedAt: number;
}

/** The deleted training page of `slug`, or null when it is not deleted (or its last text does not parse). */
export async function deletedTrainingPage(database: Database, store: TrainingStore, slug: string, now = Date.now()): Promise<DeletedTrainingPage | null> {
  if (store.get(slug)) return null;
  const found = await deletedDocument(database, trainingCollection(store), slug, now);
  const parsed = found ? parseTrainingFile(slug, found.lastLive.source) : null;
  if (!found || !parsed?.ok) return null;
  return { page: parsed.page, source: found.lastLive.source, deletedRevision: found.deletion.number, deletedAt: found.deletion.createdAt };
}
