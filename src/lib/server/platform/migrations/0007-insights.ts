/**
 * Support analytics (/staff/insights): a random visit id (from the browser's session storage,
 * nothing personal) on searches, result clicks, deflections and tickets; a `clicked` flag
 * on searches that the same visit followed with a click on a result; one row per visit;
 * the ticket's level on every ticket event (so that "solved per level" needs no replay of
 * the history); daily summary tables that the page reads instead of the logs (a year of a
 * busy desk is millions of rows), filled from the existing rows here and kept up to date by
 * the code that writes the logs; and the indexes the page reads by. Times are Unix milliseconds.
 */
export default /* sql */ `
ALTER TABLE search_log ADD COLUMN visit_id TEXT;
-- 1 when the same visit opened a result for this query shortly after (see analytics.ts)
ALTER TABLE search_log ADD COLUMN clicked INTEGER NOT NULL DEFAULT 0 CHECK (clicked IN (0, 1));
ALTER TABLE search_click ADD COLUMN visit_id TEXT;
ALTER TABLE deflections ADD COLUMN visit_id TEXT;
ALTER TABLE tickets ADD COLUMN visit_id TEXT;
-- the ticket's level right after the event (escalated: the new level)
ALTER TABLE ticket_events ADD COLUMN level INTEGER CHECK (level IS NULL OR level IN (1, 2, 3));

-- Existing events: replay the level moves recorded so far.
UPDATE ticket_events AS e SET level = COALESCE((
  SELECT CAST(m.to_value AS INTEGER) FROM ticket_events m
  WHERE m.ticket_id = e.ticket_id AND m.type IN ('escalated', 'handed_back')
    AND (m.version < e.version OR (m.version = e.version AND m.id <= e.id))
  ORDER BY m.version DESC, m.id DESC LIMIT 1), 1);

-- One row per visit: when it started and what it did (counts), kept up to date on every event.
CREATE TABLE visits (
  id TEXT PRIMARY KEY,
  started_at INTEGER NOT NULL,
  searches INTEGER NOT NULL DEFAULT 0,
  answered INTEGER NOT NULL DEFAULT 0,
  tickets INTEGER NOT NULL DEFAULT 0
) STRICT, WITHOUT ROWID;

-- Daily summaries, written with every event (see visits.ts and analytics.ts), so that the
-- insights page reads a few rows per day instead of scanning the logs. day = days since the
-- Unix epoch (UTC).
CREATE TABLE insight_search_day (
  day INTEGER PRIMARY KEY,
  searches INTEGER NOT NULL DEFAULT 0,
  no_result INTEGER NOT NULL DEFAULT 0,
  with_visit INTEGER NOT NULL DEFAULT 0,
  clicked INTEGER NOT NULL DEFAULT 0
) STRICT;
-- visits by the day they started: self-served (searched or answered, no ticket) or with a ticket
CREATE TABLE insight_visit_day (
  day INTEGER PRIMARY KEY,
  self_served INTEGER NOT NULL DEFAULT 0,
  ticketed INTEGER NOT NULL DEFAULT 0
) STRICT;
-- per day and query: searches without a result, and tickets opened after searching for it
CREATE TABLE insight_query_day (
  day INTEGER NOT NULL,
  query TEXT NOT NULL,
  lang TEXT NOT NULL CHECK (lang IN ('de', 'en')),
  no_result INTEGER NOT NULL DEFAULT 0,
  tickets INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (day, query, lang)
) STRICT, WITHOUT ROWID;

-- The searches so far (they have no visit id, so nothing was followed by a click).
INSERT INTO insight_search_day (day, searches, no_result)
  SELECT created_at / 86400000, COUNT(*), SUM(result_count = 0) FROM search_log GROUP BY 1;
INSERT INTO insight_query_day (day, query, lang, no_result)
  SELECT created_at / 86400000, query, lang, COUNT(*) FROM search_log WHERE result_count = 0 GROUP BY 1, 2, 3;
-- Tickets so far: the search the form was opened from (normalised as well as SQL can).
INSERT INTO insight_query_day (day, query, lang, tickets)
  SELECT created_at / 86400000, lower(trim(source_query)), lang, COUNT(*) FROM tickets
  WHERE channel = 'web' AND source_query IS NOT NULL AND trim(source_query) <> '' GROUP BY 1, 2, 3
  ON CONFLICT (day, query, lang) DO UPDATE SET tickets = tickets + excluded.tickets;

CREATE INDEX search_log_visit ON search_log (visit_id, created_at, query, lang) WHERE visit_id IS NOT NULL;
CREATE INDEX search_click_visit ON search_click (visit_id, query, created_at) WHERE visit_id IS NOT NULL;
CREATE INDEX deflections_day ON deflections (created_at, visit_id);
CREATE INDEX tickets_insights ON tickets (created_at, channel, visit_id, priority, first_response_at, solved_at);
CREATE INDEX tickets_overdue ON tickets (first_response_due) WHERE first_response_at IS NULL AND status IN ('new', 'open', 'waiting');
CREATE INDEX ticket_events_day ON ticket_events (type, to_value, created_at, level, ticket_id);
CREATE INDEX ticket_articles_created ON ticket_articles (created_at, article_slug);
CREATE INDEX article_feedback_created ON article_feedback (created_at, article_slug, helpful);
`;

/** The same change on PostgreSQL (applied by ../database/migrate-postgres.ts). */
export const postgres = /* sql */ `
ALTER TABLE search_log ADD COLUMN visit_id TEXT;
-- 1 when the same visit opened a result for this query shortly after (see analytics.ts)
ALTER TABLE search_log ADD COLUMN clicked BIGINT NOT NULL DEFAULT 0 CHECK (clicked IN (0, 1));
ALTER TABLE search_click ADD COLUMN visit_id TEXT;
ALTER TABLE deflections ADD COLUMN visit_id TEXT;
ALTER TABLE tickets ADD COLUMN visit_id TEXT;
-- the ticket's level right after the event (escalated: the new level)
ALTER TABLE ticket_events ADD COLUMN level BIGINT CHECK (level IS NULL OR level IN (1, 2, 3));

-- Existing events: replay the level moves recorded so far.
UPDATE ticket_events AS e SET level = COALESCE((
  SELECT CAST(m.to_value AS BIGINT) FROM ticket_events m
  WHERE m.ticket_id = e.ticket_id AND m.type IN ('escalated', 'handed_back')
    AND (m.version < e.version OR (m.version = e.version AND m.id <= e.id))
  ORDER BY m.version DESC, m.id DESC LIMIT 1), 1);

-- One row per visit: when it started and what it did (counts), kept up to date on every event.
CREATE TABLE visits (
  id TEXT PRIMARY KEY,
  started_at BIGINT NOT NULL,
  searches BIGINT NOT NULL DEFAULT 0,
  answered BIGINT NOT NULL DEFAULT 0,
  tickets BIGINT NOT NULL DEFAULT 0
);

-- Daily summaries, written with every event (see visits.ts and analytics.ts), so that the
-- insights page reads a few rows per day instead of scanning the logs. day = days since the
-- Unix epoch (UTC).
CREATE TABLE insight_search_day (
  day BIGINT PRIMARY KEY,
  searches BIGINT NOT NULL DEFAULT 0,
  no_result BIGINT NOT NULL DEFAULT 0,
  with_visit BIGINT NOT NULL DEFAULT 0,
  clicked BIGINT NOT NULL DEFAULT 0
);
-- visits by the day they started: self-served (searched or answered, no ticket) or with a ticket
CREATE TABLE insight_visit_day (
  day BIGINT PRIMARY KEY,
  self_served BIGINT NOT NULL DEFAULT 0,
  ticketed BIGINT NOT NULL DEFAULT 0
);
-- per day and query: searches without a result, and tickets opened after searching for it
CREATE TABLE insight_query_day (
  day BIGINT NOT NULL,
  query TEXT NOT NULL,
  lang TEXT NOT NULL CHECK (lang IN ('de', 'en')),
  no_result BIGINT NOT NULL DEFAULT 0,
  tickets BIGINT NOT NULL DEFAULT 0,
  PRIMARY KEY (day, query, lang)
);

-- The searches so far (they have no visit id, so nothing was followed by a click).
INSERT INTO insight_search_day (day, searches, no_result)
  SELECT created_at / 86400000, COUNT(*), COUNT(*) FILTER (WHERE result_count = 0) FROM search_log GROUP BY 1;
INSERT INTO insight_query_day (day, query, lang, no_result)
  SELECT created_at / 86400000, query, lang, COUNT(*) FROM search_log WHERE result_count = 0 GROUP BY 1, 2, 3;
-- Tickets so far: the search the form was opened from (normalised as well as SQL can).
INSERT INTO insight_query_day (day, query, lang, tickets)
  SELECT created_at / 86400000, lower(trim(source_query)), lang, COUNT(*) FROM tickets
  WHERE channel = 'web' AND source_query IS NOT NULL AND trim(source_query) <> '' GROUP BY 1, 2, 3
  ON CONFLICT (day, query, lang) DO UPDATE SET tickets = insight_query_day.tickets + excluded.tickets;

CREATE INDEX search_log_visit ON search_log (visit_id, created_at, query, lang) WHERE visit_id IS NOT NULL;
CREATE INDEX search_click_visit ON search_click (visit_id, query, created_at) WHERE visit_id IS NOT NULL;
CREATE INDEX deflections_day ON deflections (created_at, visit_id);
CREATE INDEX tickets_insights ON tickets (created_at, channel, visit_id, priority, first_response_at, solved_at);
CREATE INDEX tickets_overdue ON tickets (first_response_due) WHERE first_response_at IS NULL AND status IN ('new', 'open', 'waiting');
CREATE INDEX ticket_events_day ON ticket_events (type, to_value, created_at, level, ticket_id);
CREATE INDEX ticket_articles_created ON ticket_articles (created_at, article_slug);
CREATE INDEX article_feedback_created ON article_feedback (created_at, article_slug, helpful);
`;
