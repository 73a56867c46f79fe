/**
 * The e-mail channel: every mail read from the support mailbox (once, keyed by its
 * Message-ID or, without one, by the hash of its raw text), the Message-IDs that belong to a
 * ticket (those Tierzero sent and those the customer sent) for threading replies, and the
 * Message-ID of each outgoing mail. Times are Unix milliseconds.
 */
export default /* sql */ `
CREATE TABLE mail_inbound (
  id INTEGER PRIMARY KEY,
  -- the Message-ID, or 'sha256:<hex>' of the raw mail when it has none: a mail is processed once
  dedupe_key TEXT NOT NULL UNIQUE,
  from_address TEXT NOT NULL,
  subject TEXT NOT NULL,
  -- ticket: opened a ticket; reply: added to one; ignored: auto-reply, bounce, own address
  -- (never a ticket, never a mail); unprocessed: moved to the unprocessed folder, shown to admins
  outcome TEXT NOT NULL CHECK (outcome IN ('ticket', 'reply', 'ignored', 'unprocessed')),
  reason TEXT,
  ticket_id INTEGER REFERENCES tickets (id) ON DELETE SET NULL,
  -- the original as received (for staff), and its HTML part after sanitising
  raw TEXT NOT NULL,
  html TEXT,
  received_at INTEGER NOT NULL,
  -- set once the mail was moved out of the inbox; a row without it is moved on the next run
  moved_at INTEGER
) STRICT;
CREATE INDEX mail_inbound_sender ON mail_inbound (from_address, received_at);
CREATE INDEX mail_inbound_outcome ON mail_inbound (outcome, received_at);

CREATE TABLE mail_thread_ids (
  message_id TEXT PRIMARY KEY,
  ticket_id INTEGER NOT NULL REFERENCES tickets (id) ON DELETE CASCADE,
  created_at INTEGER NOT NULL
) STRICT, WITHOUT ROWID;
CREATE INDEX mail_thread_ids_ticket ON mail_thread_ids (ticket_id, created_at);

ALTER TABLE outbox ADD COLUMN message_id TEXT;
-- the customer message that came in by mail: its original is in mail_inbound
ALTER TABLE ticket_messages ADD COLUMN inbound_id INTEGER REFERENCES mail_inbound (id);
`;
