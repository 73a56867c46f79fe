/**
 * Specialists hear of consultations: a new notification kind `consultation` for the
 * specialists of the area that second level asks for advice. SQLite cannot change a CHECK
 * constraint, so the table is rebuilt with the same columns, rows, ids and index (nothing
 * references it); PostgreSQL replaces the constraint.
 */
const KINDS = "'assigned', 'handed_back', 'advice', 'customer_reply', 'article_validated', 'article_flagged', 'consultation'";

export default /* sql */ `
CREATE TABLE staff_notifications_new (
  id INTEGER PRIMARY KEY,
  user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  kind TEXT NOT NULL CHECK (kind IN (${KINDS})),
  ticket_id INTEGER REFERENCES tickets (id) ON DELETE CASCADE,
  article_slug TEXT,
  -- who caused it (null: the system or the customer)
  actor_id INTEGER REFERENCES users (id) ON DELETE SET NULL,
  created_at INTEGER NOT NULL,
  read_at INTEGER
) STRICT;
INSERT INTO staff_notifications_new (id, user_id, kind, ticket_id, article_slug, actor_id, created_at, read_at)
  SELECT id, user_id, kind, ticket_id, article_slug, actor_id, created_at, read_at FROM staff_notifications;
DROP TABLE staff_notifications;
ALTER TABLE staff_notifications_new RENAME TO staff_notifications;
CREATE INDEX staff_notifications_user ON staff_notifications (user_id, read_at, id);
`;

/** The same change on PostgreSQL (applied by ../database/migrate-postgres.ts). */
export const postgres = /* sql */ `
ALTER TABLE staff_notifications DROP CONSTRAINT staff_notifications_kind_check;
ALTER TABLE staff_notifications ADD CONSTRAINT staff_notifications_kind_check CHECK (kind IN (${KINDS}));
`;
