/**
 * Staff notifications: one row per thing a staff member should know about ("assigned to
 * you", "handed back to you", "advice from level 3 arrived", "customer replied", "your
 * article was validated / flagged"), written in the same transaction as the change that
 * causes it, unread until `read_at` is set. Times are Unix milliseconds.
 */
export default /* sql */ `
CREATE TABLE staff_notifications (
  id INTEGER PRIMARY KEY,
  user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  kind TEXT NOT NULL CHECK (kind IN ('assigned', 'handed_back', 'advice', 'customer_reply', 'article_validated', 'article_flagged')),
  ticket_id INTEGER REFERENCES tickets (id) ON DELETE CASCADE,
  article_slug TEXT,
  -- who caused it (null: the system or the customer)
  actor_id INTEGER REFERENCES users (id) ON DELETE SET NULL,
  created_at INTEGER NOT NULL,
  read_at INTEGER
) STRICT;
CREATE INDEX staff_notifications_user ON staff_notifications (user_id, read_at, id);
`;
