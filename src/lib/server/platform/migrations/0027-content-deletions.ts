/**
 * A file deleted outside the editor (git rm + deploy) is recorded as a revision of its own:
 * kind 'deleted' (empty text, no author), so the history says when it went and no instance
 * writes it back (platform/content-revisions.ts). A save or a file that appears again in the
 * folder adds the next revision as usual. SQLite cannot change a CHECK constraint, so the
 * table is rebuilt with the same columns, rows and ids (nothing references it); PostgreSQL
 * replaces the constraint.
 */
const KINDS = "'saved', 'external', 'proposed', 'deleted'";

export default /* sql */ `
CREATE TABLE content_revisions_new (
  id INTEGER PRIMARY KEY,
  collection TEXT NOT NULL CHECK (length(collection) BETWEEN 1 AND 40),
  slug TEXT NOT NULL CHECK (length(slug) BETWEEN 1 AND 300),
  number INTEGER NOT NULL CHECK (number >= 1),
  kind TEXT NOT NULL CHECK (kind IN (${KINDS})),
  source TEXT NOT NULL,
  author_id INTEGER REFERENCES users (id),
  message TEXT NOT NULL DEFAULT '' CHECK (length(message) <= 500),
  restored_from INTEGER,
  created_at INTEGER NOT NULL,
  UNIQUE (collection, slug, number)
) STRICT;
INSERT INTO content_revisions_new (id, collection, slug, number, kind, source, author_id, message, restored_from, created_at)
  SELECT id, collection, slug, number, kind, source, author_id, message, restored_from, created_at FROM content_revisions;
DROP TABLE content_revisions;
ALTER TABLE content_revisions_new RENAME TO content_revisions;
`;

/** The same change on PostgreSQL (applied by ../database/migrate-postgres.ts). */
export const postgres = /* sql */ `
ALTER TABLE content_revisions DROP CONSTRAINT content_revisions_kind_check;
ALTER TABLE content_revisions ADD CONSTRAINT content_revisions_kind_check CHECK (kind IN (${KINDS}));
`;
