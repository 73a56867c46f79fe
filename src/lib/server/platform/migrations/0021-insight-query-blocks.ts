/**
 * Insights over a year on both engines (issue 17: ≤ 300 ms for 365 days):
 * - `insight_query_block`: the content gaps' per-query counts summed over blocks of 32 days
 *   (block = day / 32), kept equal to `insight_query_day` by triggers on every insert,
 *   update and delete of it — whichever code writes the day rows (search log, ticket
 *   creation, the summaries' rebuild). A year's range then reads about ten block rows per
 *   query plus the days at its edges instead of every day's rows.
 * - covering indexes for the other figures of a year: solutions in time (satisfaction), form
 *   tickets without a visit (self-service), article views per day and votes (articles); they
 *   replace the narrower indexes they extend.
 */
export default /* sql */ `
CREATE TABLE insight_query_block (
  block INTEGER NOT NULL,
  query TEXT NOT NULL,
  lang TEXT NOT NULL CHECK (lang IN ('de', 'en')),
  no_result INTEGER NOT NULL DEFAULT 0,
  tickets INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (block, query, lang)
) STRICT, WITHOUT ROWID;

INSERT INTO insight_query_block (block, query, lang, no_result, tickets)
  SELECT day / 32, query, lang, SUM(no_result), SUM(tickets) FROM insight_query_day GROUP BY day / 32, query, lang;

CREATE TRIGGER insight_query_day_insert AFTER INSERT ON insight_query_day BEGIN
  INSERT INTO insight_query_block (block, query, lang, no_result, tickets) VALUES (NEW.day / 32, NEW.query, NEW.lang, NEW.no_result, NEW.tickets)
  ON CONFLICT (block, query, lang) DO UPDATE SET no_result = no_result + excluded.no_result, tickets = tickets + excluded.tickets;
END;
CREATE TRIGGER insight_query_day_update AFTER UPDATE ON insight_query_day BEGIN
  UPDATE insight_query_block SET no_result = no_result - OLD.no_result, tickets = tickets - OLD.tickets
    WHERE block = OLD.day / 32 AND query = OLD.query AND lang = OLD.lang;
  INSERT INTO insight_query_block (block, query, lang, no_result, tickets) VALUES (NEW.day / 32, NEW.query, NEW.lang, NEW.no_result, NEW.tickets)
  ON CONFLICT (block, query, lang) DO UPDATE SET no_result = no_result + excluded.no_result, tickets = tickets + excluded.tickets;
END;
CREATE TRIGGER insight_query_day_delete AFTER DELETE ON insight_query_day BEGIN
  UPDATE insight_query_block SET no_result = no_result - OLD.no_result, tickets = tickets - OLD.tickets
    WHERE block = OLD.day / 32 AND query = OLD.query AND lang = OLD.lang;
END;

CREATE INDEX tickets_solved_due ON tickets (solved_at, status, resolution_due) WHERE resolution_due IS NOT NULL;
CREATE INDEX tickets_web_without_visit ON tickets (channel, created_at) WHERE visit_id IS NULL;
DROP INDEX article_view_day;
CREATE INDEX article_view_day ON article_view (day, article_slug, views);
DROP INDEX article_feedback_created;
CREATE INDEX article_feedback_created ON article_feedback (created_at, article_slug, helpful, comment);
`;

/** The same change on PostgreSQL (applied by ../database/migrate-postgres.ts). */
export const postgres = /* sql */ `
CREATE TABLE insight_query_block (
  block BIGINT NOT NULL,
  query TEXT NOT NULL,
  lang TEXT NOT NULL CHECK (lang IN ('de', 'en')),
  no_result BIGINT NOT NULL DEFAULT 0,
  tickets BIGINT NOT NULL DEFAULT 0,
  PRIMARY KEY (block, query, lang)
);

INSERT INTO insight_query_block (block, query, lang, no_result, tickets)
  SELECT day / 32, query, lang, SUM(no_result), SUM(tickets) FROM insight_query_day GROUP BY day / 32, query, lang;

CREATE FUNCTION insight_query_block_keep() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP IN ('UPDATE', 'DELETE') THEN
    UPDATE insight_query_block SET no_result = no_result - OLD.no_result, tickets = tickets - OLD.tickets
      WHERE block = OLD.day / 32 AND query = OLD.query AND lang = OLD.lang;
  END IF;
  IF TG_OP IN ('INSERT', 'UPDATE') THEN
    INSERT INTO insight_query_block (block, query, lang, no_result, tickets) VALUES (NEW.day / 32, NEW.query, NEW.lang, NEW.no_result, NEW.tickets)
    ON CONFLICT (block, query, lang) DO UPDATE SET no_result = insight_query_block.no_result + excluded.no_result,
      tickets = insight_query_block.tickets + excluded.tickets;
  END IF;
  RETURN NULL;
END
$$;
CREATE TRIGGER insight_query_day_block AFTER INSERT OR UPDATE OR DELETE ON insight_query_day
  FOR EACH ROW EXECUTE FUNCTION insight_query_block_keep();

CREATE INDEX tickets_solved_due ON tickets (solved_at, status, resolution_due) WHERE resolution_due IS NOT NULL;
CREATE INDEX tickets_web_without_visit ON tickets (channel, created_at) WHERE visit_id IS NULL;
DROP INDEX article_view_day;
CREATE INDEX article_view_day ON article_view (day, article_slug, views);
DROP INDEX article_feedback_created;
CREATE INDEX article_feedback_created ON article_feedback (created_at, article_slug, helpful, comment);
`;
