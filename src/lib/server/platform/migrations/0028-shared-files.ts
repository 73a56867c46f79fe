/**
 * Files that several instances on PostgreSQL must share, in the database: each instance has
 * its own DATA_DIR and CONTENT_DIR, and any of them may be asked for a file that another one
 * received.
 * - `attachment_data`: the bytes of a ticket's attachment, written in the same transaction as
 *   its row (attachments/attachment-store.ts); gone with the attachment.
 * - `media_uploads`: images uploaded in the article editor (knowledge/shared-media.ts), named
 *   by their content hash; every instance writes them into its content/media folder.
 * On SQLite (one instance) the files stay the only copy and both tables stay empty.
 */
export default /* sql */ `
CREATE TABLE attachment_data (
  attachment_id INTEGER PRIMARY KEY REFERENCES attachments (id) ON DELETE CASCADE,
  data BLOB NOT NULL
) STRICT;
CREATE TABLE media_uploads (
  file_name TEXT PRIMARY KEY,
  data BLOB NOT NULL,
  created_at INTEGER NOT NULL
) STRICT;
`;

/** The same change on PostgreSQL (applied by ../database/migrate-postgres.ts). */
export const postgres = /* sql */ `
CREATE TABLE attachment_data (
  attachment_id BIGINT PRIMARY KEY REFERENCES attachments (id) ON DELETE CASCADE,
  data BYTEA NOT NULL
);
CREATE TABLE media_uploads (
  file_name TEXT PRIMARY KEY,
  data BYTEA NOT NULL,
  created_at BIGINT NOT NULL
);
`;
