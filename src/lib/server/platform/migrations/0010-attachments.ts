/**
 * Files attached to ticket messages (for now: those that came in with a customer's e-mail).
 * The files live under DATA_DIR/attachments with random names; the row keeps the name the
 * customer gave, the type detected from the content and the size. Times are Unix milliseconds.
 */
export default /* sql */ `
CREATE TABLE attachments (
  id INTEGER PRIMARY KEY,
  ticket_id INTEGER NOT NULL REFERENCES tickets (id) ON DELETE CASCADE,
  message_id INTEGER REFERENCES ticket_messages (id) ON DELETE SET NULL,
  file_name TEXT NOT NULL,
  -- detected from the content (file-type), never taken from the sender
  mime TEXT NOT NULL,
  size INTEGER NOT NULL,
  -- random file name under DATA_DIR/attachments
  storage_name TEXT NOT NULL UNIQUE,
  created_at INTEGER NOT NULL
) STRICT;
CREATE INDEX attachments_ticket ON attachments (ticket_id, id);
`;
