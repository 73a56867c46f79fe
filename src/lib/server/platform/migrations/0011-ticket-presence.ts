/**
 * Who has a ticket open right now (the collision warning): one row per agent and ticket,
 * "viewing" or "replying", kept alive by the agent's page with a heartbeat and gone when it
 * expires (`expires_at`, Unix milliseconds) or the page says goodbye. In the database, not in
 * process memory, so that several server processes see the same agents.
 */
export default /* sql */ `
CREATE TABLE ticket_presence (
  user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  ticket_id INTEGER NOT NULL REFERENCES tickets (id) ON DELETE CASCADE,
  state TEXT NOT NULL CHECK (state IN ('viewing', 'replying')),
  expires_at INTEGER NOT NULL,
  -- the page (tab and load) that sent the last heartbeat: a late goodbye of a page that was
  -- replaced by a reload never removes the new one
  page TEXT NOT NULL DEFAULT '',
  PRIMARY KEY (user_id, ticket_id)
) STRICT;
CREATE INDEX ticket_presence_ticket ON ticket_presence (ticket_id, expires_at);
`;

/** The same change on PostgreSQL (applied by ../database/migrate-postgres.ts). */
export const postgres = /* sql */ `
CREATE TABLE ticket_presence (
  user_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  ticket_id BIGINT NOT NULL REFERENCES tickets (id) ON DELETE CASCADE,
  state TEXT NOT NULL CHECK (state IN ('viewing', 'replying')),
  expires_at BIGINT NOT NULL,
  -- the page (tab and load) that sent the last heartbeat: a late goodbye of a page that was
  -- replaced by a reload never removes the new one
  page TEXT NOT NULL DEFAULT '',
  PRIMARY KEY (user_id, ticket_id)
);
CREATE INDEX ticket_presence_ticket ON ticket_presence (ticket_id, expires_at);
`;
