/**
 * Support analytics (/staff/insights): a random visit id (from the browser's session storage,
 * nothing personal) on searches, result clicks, deflections and tickets; a `clicked` flag
 * on searches that the same visit followed with a click on a result; one summary row per
 * visit for the deflection rate; the ticket's level on every ticket event (so that "solved
 * per level" needs no replay of the history); and the indexes the insights page reads by.
 * Times are Unix milliseconds.
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
CREATE INDEX visits_started ON visits (started_at, searches, answered, tickets);

-- Covering indexes for the per-day figures (read by range of created_at).
DROP INDEX search_log_created;
CREATE INDEX search_log_day ON search_log (created_at, result_count, clicked, visit_id);
CREATE INDEX search_log_no_result ON search_log (created_at, query, lang) WHERE result_count = 0;
CREATE INDEX search_log_visit ON search_log (visit_id, created_at) WHERE visit_id IS NOT NULL;
CREATE INDEX search_click_visit ON search_click (visit_id, query, created_at) WHERE visit_id IS NOT NULL;
CREATE INDEX deflections_day ON deflections (created_at, visit_id);
CREATE INDEX tickets_visit ON tickets (visit_id) WHERE visit_id IS NOT NULL;
CREATE INDEX ticket_events_day ON ticket_events (type, created_at, from_value, to_value, level);
CREATE INDEX ticket_articles_created ON ticket_articles (created_at, article_slug);
CREATE INDEX article_feedback_created ON article_feedback (created_at, article_slug, helpful);
`;
