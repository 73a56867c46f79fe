/**
 * The bytes of attachments in the database, for several instances on PostgreSQL: each
 * instance has its own DATA_DIR, and any of them may be asked for a file (download, outgoing
 * mail) that another one received. Written in the same transaction as the attachment's row
 * (attachments/attachment-store.ts); on SQLite (one instance) the file stays the only copy and
 * the table stays empty. Gone with its attachment.
 */
export default /* sql */ `
CREATE TABLE attachment_data (
  attachment_id INTEGER PRIMARY KEY REFERENCES attachments (id) ON DELETE CASCADE,
  data BLOB NOT NULL
) STRICT;
`;

/** The same change on PostgreSQL (applied by ../database/migrate-postgres.ts). */
export const postgres = /* sql */ `
CREATE TABLE attachment_data (
  attachment_id BIGINT PRIMARY KEY REFERENCES attachments (id) ON DELETE CASCADE,
  data BYTEA NOT NULL
);
`;
