/**
 * Revisions of editable content files (articles now, training pages later), keyed by
 * collection and slug. Each row holds the file's full text as it was saved, so any two
 * revisions can be compared and any one restored (as a new revision).
 *
 * - `number` counts 1, 2, 3 … per (collection, slug); the editor posts the number it was
 *   based on, and a save over a newer one is a conflict.
 * - `kind`: 'saved' (written to the file by the editor), 'external' (the file changed
 *   outside the editor — a git pull, an import — recorded when the editor next touches it),
 *   'proposed' (a specialist's change to a validated article: kept here, not written to the
 *   file, until second level applies it). Proposals never count as the current revision.
 * - `restored_from`: the revision number a restore copied.
 * Times are Unix milliseconds.
 */
export default /* sql */ `
CREATE TABLE content_revisions (
  id INTEGER PRIMARY KEY,
  collection TEXT NOT NULL CHECK (length(collection) BETWEEN 1 AND 40),
  slug TEXT NOT NULL CHECK (length(slug) BETWEEN 1 AND 300),
  number INTEGER NOT NULL CHECK (number >= 1),
  kind TEXT NOT NULL CHECK (kind IN ('saved', 'external', 'proposed')),
  source TEXT NOT NULL,
  author_id INTEGER REFERENCES users (id),
  message TEXT NOT NULL DEFAULT '' CHECK (length(message) <= 500),
  restored_from INTEGER,
  created_at INTEGER NOT NULL,
  UNIQUE (collection, slug, number)
) STRICT;
`;
