/**
 * The ticket lifecycle: a resolution due time beside the first response (both in business
 * hours, paused while the ticket waits on the customer), the secret of the links in the
 * solution e-mail (confirm solved, still need help, rating), and the customer's rating.
 * Tickets from before have no resolution due time (never overdue for it).
 */
export default /* sql */ `
ALTER TABLE tickets ADD COLUMN resolution_due INTEGER;
-- since when the ticket waits on the customer (due times pause), null when it does not
ALTER TABLE tickets ADD COLUMN waiting_since INTEGER;
-- business time (ms) the ticket has waited on the customer, added to both due times
ALTER TABLE tickets ADD COLUMN waited_ms INTEGER NOT NULL DEFAULT 0 CHECK (waited_ms >= 0);
-- SHA-256 of the secret in the solution e-mail's links; they answer, never show the thread
ALTER TABLE tickets ADD COLUMN feedback_token_hash TEXT;
CREATE UNIQUE INDEX tickets_feedback_token ON tickets (feedback_token_hash) WHERE feedback_token_hash IS NOT NULL;
UPDATE tickets SET waiting_since = updated_at WHERE status = 'waiting';

-- The customer's rating after solving: one per ticket (a second click changes it), with the
-- level and the agent who owned the ticket when it was rated, for the insights.
CREATE TABLE ticket_ratings (
  ticket_id INTEGER PRIMARY KEY REFERENCES tickets (id) ON DELETE CASCADE,
  rating TEXT NOT NULL CHECK (rating IN ('good', 'bad')),
  comment TEXT,
  level INTEGER NOT NULL CHECK (level IN (1, 2, 3)),
  agent_id INTEGER REFERENCES users (id) ON DELETE SET NULL,
  rated_at INTEGER NOT NULL
);
CREATE INDEX ticket_ratings_time ON ticket_ratings (rated_at);
`;

/** The same change on PostgreSQL (applied by ../database/migrate-postgres.ts). */
export const postgres = /* sql */ `
ALTER TABLE tickets ADD COLUMN resolution_due BIGINT;
ALTER TABLE tickets ADD COLUMN waiting_since BIGINT;
ALTER TABLE tickets ADD COLUMN waited_ms BIGINT NOT NULL DEFAULT 0 CHECK (waited_ms >= 0);
ALTER TABLE tickets ADD COLUMN feedback_token_hash TEXT;
CREATE UNIQUE INDEX tickets_feedback_token ON tickets (feedback_token_hash) WHERE feedback_token_hash IS NOT NULL;
UPDATE tickets SET waiting_since = updated_at WHERE status = 'waiting';

CREATE TABLE ticket_ratings (
  ticket_id BIGINT PRIMARY KEY REFERENCES tickets (id) ON DELETE CASCADE,
  rating TEXT NOT NULL CHECK (rating IN ('good', 'bad')),
  comment TEXT,
  level BIGINT NOT NULL CHECK (level IN (1, 2, 3)),
  agent_id BIGINT REFERENCES users (id) ON DELETE SET NULL,
  rated_at BIGINT NOT NULL
);
CREATE INDEX ticket_ratings_time ON ticket_ratings (rated_at);
`;
