/**
 * The call desk: what the agent who took a call recorded on the ticket (handling time, who
 * took it, with which role, and the call's outcome), and the call in progress per agent
 * (started when they open "New call"; the page without JavaScript times the call from it).
 * Every ticket already records its channel (web, phone, email) since migration 2.
 */
export default /* sql */ `
-- seconds the agent spent on the call (timer, paused time excluded); NULL for tickets not from a call
ALTER TABLE tickets ADD COLUMN handling_seconds INTEGER CHECK (handling_seconds IS NULL OR handling_seconds >= 0);
-- the agent who took the call, and their role at that time (measures group by it)
ALTER TABLE tickets ADD COLUMN call_agent_id INTEGER REFERENCES users (id);
ALTER TABLE tickets ADD COLUMN call_agent_role TEXT CHECK (call_agent_role IS NULL OR call_agent_role IN ('first_level', 'second_level', 'third_level', 'admin'));
-- solved: solved on the call (first-contact resolution); ticket: opened for the agent; escalated: straight to level 2
ALTER TABLE tickets ADD COLUMN call_outcome TEXT CHECK (call_outcome IS NULL OR call_outcome IN ('solved', 'ticket', 'escalated'));
CREATE INDEX tickets_calls ON tickets (channel, created_at);

-- one call in progress per agent: when it started (the timer without JavaScript)
CREATE TABLE call_drafts (
  user_id INTEGER PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
  started_at INTEGER NOT NULL
) STRICT;
`;

/** The same change on PostgreSQL (applied by ../database/migrate-postgres.ts). */
export const postgres = /* sql */ `
-- seconds the agent spent on the call (timer, paused time excluded); NULL for tickets not from a call
ALTER TABLE tickets ADD COLUMN handling_seconds BIGINT CHECK (handling_seconds IS NULL OR handling_seconds >= 0);
-- the agent who took the call, and their role at that time (measures group by it)
ALTER TABLE tickets ADD COLUMN call_agent_id BIGINT REFERENCES users (id);
ALTER TABLE tickets ADD COLUMN call_agent_role TEXT CHECK (call_agent_role IS NULL OR call_agent_role IN ('first_level', 'second_level', 'third_level', 'admin'));
-- solved: solved on the call (first-contact resolution); ticket: opened for the agent; escalated: straight to level 2
ALTER TABLE tickets ADD COLUMN call_outcome TEXT CHECK (call_outcome IS NULL OR call_outcome IN ('solved', 'ticket', 'escalated'));
CREATE INDEX tickets_calls ON tickets (channel, created_at);

-- one call in progress per agent: when it started (the timer without JavaScript)
CREATE TABLE call_drafts (
  user_id BIGINT PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
  started_at BIGINT NOT NULL
);
`;
