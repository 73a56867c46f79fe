/**
 * How the desk organises work around a ticket: consultations (second level asks a specialist
 * of a subject area for advice while keeping the ticket and the customer), merged tickets
 * (the merged one points to the ticket it went into) and related tickets (a link both ways,
 * stored once per pair with the lower id first).
 *
 * A consultation is `open` (asked, waiting for advice), `advised` (a specialist answered) or
 * `accepted` (second level took the advice; the consultation is over). At most one
 * consultation per ticket is not yet accepted. Times are Unix milliseconds.
 */
export default /* sql */ `
CREATE TABLE ticket_consultations (
  id INTEGER PRIMARY KEY,
  ticket_id INTEGER NOT NULL REFERENCES tickets (id) ON DELETE CASCADE,
  -- the subject area (a category key) whose specialists are asked
  area TEXT NOT NULL,
  question TEXT NOT NULL,
  asked_by INTEGER REFERENCES users (id) ON DELETE SET NULL,
  asked_at INTEGER NOT NULL,
  status TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'advised', 'accepted')),
  advised_by INTEGER REFERENCES users (id) ON DELETE SET NULL,
  advised_at INTEGER,
  accepted_by INTEGER REFERENCES users (id) ON DELETE SET NULL,
  accepted_at INTEGER
) STRICT;
CREATE UNIQUE INDEX ticket_consultations_current ON ticket_consultations (ticket_id) WHERE status <> 'accepted';
CREATE INDEX ticket_consultations_area ON ticket_consultations (area, status);

-- a merged ticket points to the ticket its messages moved to
ALTER TABLE tickets ADD COLUMN merged_into INTEGER REFERENCES tickets (id);

CREATE TABLE ticket_relations (
  low_id INTEGER NOT NULL REFERENCES tickets (id) ON DELETE CASCADE,
  high_id INTEGER NOT NULL REFERENCES tickets (id) ON DELETE CASCADE,
  created_by INTEGER REFERENCES users (id) ON DELETE SET NULL,
  created_at INTEGER NOT NULL,
  PRIMARY KEY (low_id, high_id),
  CHECK (low_id < high_id)
) STRICT;
CREATE INDEX ticket_relations_high ON ticket_relations (high_id);
`;
