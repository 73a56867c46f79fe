/**
 * Ticket insights over a year on both engines (issue 17: ≤ 300 ms for 365 days):
 * `insight_ticket_block` holds one version per UTC day ("block": time / 86,400,000) of the
 * ticket figures' raw material — the tickets opened that day (their priority, first response
 * and solution times, and through their escalations the highest level they reached) and the
 * escalations and solutions recorded that day. Database triggers raise a block's version in
 * the same transaction as every insert, update of those columns or delete of a ticket or of
 * an escalation/status event, whichever code writes them (the desk, the mail channel, db:copy,
 * tests). The insights (src/lib/server/insights/ticket-blocks.ts) remember each whole day's
 * material per process and read again only the days whose version changed, plus the partial
 * days at the range's edges: the figures stay exact (medians and 90th percentiles of every
 * ticket's times, not histograms).
 * Rules that always hold:
 * - on PostgreSQL a bump locks the day's row until commit (today's row is shared by every
 *   status change of the day); the event trigger locks the ticket's day before the event's;
 * - a block's version only grows (to at least the current time in ms, so that a version from
 *   before the table was emptied never comes back); a block without a row is version 0;
 * - TRUNCATE and restores fire no row triggers: restart the instances after replacing the
 *   data underneath them (db:copy --force, pg_restore), as for every other per-process cache;
 * - nothing to backfill: every existing day is version 0 until something changes in it, and a
 *   process remembers nothing across restarts.
 */
export default /* sql */ `
CREATE TABLE insight_ticket_block (
  block INTEGER PRIMARY KEY,
  version INTEGER NOT NULL
) STRICT;

CREATE TRIGGER insight_ticket_block_ticket_insert AFTER INSERT ON tickets BEGIN
  INSERT INTO insight_ticket_block (block, version) VALUES (NEW.created_at / 86400000, CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER))
  ON CONFLICT (block) DO UPDATE SET version = max(version + 1, excluded.version);
END;
CREATE TRIGGER insight_ticket_block_ticket_update AFTER UPDATE OF created_at, priority, first_response_at, solved_at ON tickets BEGIN
  INSERT INTO insight_ticket_block (block, version) VALUES (OLD.created_at / 86400000, CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER))
  ON CONFLICT (block) DO UPDATE SET version = max(version + 1, excluded.version);
  INSERT INTO insight_ticket_block (block, version) VALUES (NEW.created_at / 86400000, CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER))
  ON CONFLICT (block) DO UPDATE SET version = max(version + 1, excluded.version);
END;
CREATE TRIGGER insight_ticket_block_ticket_delete AFTER DELETE ON tickets BEGIN
  INSERT INTO insight_ticket_block (block, version) VALUES (OLD.created_at / 86400000, CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER))
  ON CONFLICT (block) DO UPDATE SET version = max(version + 1, excluded.version);
END;

CREATE TRIGGER insight_ticket_block_event_insert AFTER INSERT ON ticket_events WHEN NEW.type IN ('escalated', 'status') BEGIN
  INSERT INTO insight_ticket_block (block, version)
    SELECT created_at / 86400000, CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER) FROM tickets WHERE id = NEW.ticket_id AND NEW.type = 'escalated'
  ON CONFLICT (block) DO UPDATE SET version = max(version + 1, excluded.version);
  INSERT INTO insight_ticket_block (block, version) VALUES (NEW.created_at / 86400000, CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER))
  ON CONFLICT (block) DO UPDATE SET version = max(version + 1, excluded.version);
END;
CREATE TRIGGER insight_ticket_block_event_update AFTER UPDATE ON ticket_events WHEN OLD.type IN ('escalated', 'status') OR NEW.type IN ('escalated', 'status') BEGIN
  INSERT INTO insight_ticket_block (block, version) SELECT OLD.created_at / 86400000, CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER) WHERE true
  ON CONFLICT (block) DO UPDATE SET version = max(version + 1, excluded.version);
  INSERT INTO insight_ticket_block (block, version) SELECT NEW.created_at / 86400000, CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER) WHERE true
  ON CONFLICT (block) DO UPDATE SET version = max(version + 1, excluded.version);
  INSERT INTO insight_ticket_block (block, version) SELECT created_at / 86400000, CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER) FROM tickets WHERE id = OLD.ticket_id
  ON CONFLICT (block) DO UPDATE SET version = max(version + 1, excluded.version);
  INSERT INTO insight_ticket_block (block, version) SELECT created_at / 86400000, CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER) FROM tickets WHERE id = NEW.ticket_id
  ON CONFLICT (block) DO UPDATE SET version = max(version + 1, excluded.version);
END;
CREATE TRIGGER insight_ticket_block_event_delete AFTER DELETE ON ticket_events WHEN OLD.type IN ('escalated', 'status') BEGIN
  INSERT INTO insight_ticket_block (block, version) SELECT OLD.created_at / 86400000, CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER) WHERE true
  ON CONFLICT (block) DO UPDATE SET version = max(version + 1, excluded.version);
  INSERT INTO insight_ticket_block (block, version) SELECT created_at / 86400000, CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER) FROM tickets WHERE id = OLD.ticket_id
  ON CONFLICT (block) DO UPDATE SET version = max(version + 1, excluded.version);
END;
`;

/** The same change on PostgreSQL (applied by ../database/migrate-postgres.ts). */
export const postgres = /* sql */ `
CREATE TABLE insight_ticket_block (
  block BIGINT PRIMARY KEY,
  version BIGINT NOT NULL
);

CREATE FUNCTION insight_ticket_block_bump(day BIGINT) RETURNS void LANGUAGE sql AS $$
  INSERT INTO insight_ticket_block (block, version) VALUES (day, (extract(epoch FROM clock_timestamp()) * 1000)::bigint)
  ON CONFLICT (block) DO UPDATE SET version = greatest(insight_ticket_block.version + 1, excluded.version);
$$;

CREATE FUNCTION insight_ticket_block_ticket() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP IN ('UPDATE', 'DELETE') THEN
    PERFORM insight_ticket_block_bump(OLD.created_at / 86400000);
  END IF;
  IF TG_OP IN ('INSERT', 'UPDATE') THEN
    PERFORM insight_ticket_block_bump(NEW.created_at / 86400000);
  END IF;
  RETURN NULL;
END
$$;
CREATE TRIGGER insight_ticket_block_ticket_insert AFTER INSERT OR DELETE ON tickets
  FOR EACH ROW EXECUTE FUNCTION insight_ticket_block_ticket();
CREATE TRIGGER insight_ticket_block_ticket_update AFTER UPDATE OF created_at, priority, first_response_at, solved_at ON tickets
  FOR EACH ROW EXECUTE FUNCTION insight_ticket_block_ticket();

CREATE FUNCTION insight_ticket_block_event() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  -- The ticket's day first, then the event's (not older): every transaction takes the days' row
  -- locks in ascending order as long as its events come after its tickets, so two of them
  -- cannot wait for each other.
  IF TG_OP IN ('UPDATE', 'DELETE') AND OLD.type IN ('escalated', 'status') THEN
    PERFORM insight_ticket_block_bump(created_at / 86400000) FROM tickets WHERE id = OLD.ticket_id;
    PERFORM insight_ticket_block_bump(OLD.created_at / 86400000);
  END IF;
  IF TG_OP IN ('INSERT', 'UPDATE') AND NEW.type IN ('escalated', 'status') THEN
    IF NEW.type = 'escalated' OR TG_OP = 'UPDATE' THEN
      PERFORM insight_ticket_block_bump(created_at / 86400000) FROM tickets WHERE id = NEW.ticket_id;
    END IF;
    PERFORM insight_ticket_block_bump(NEW.created_at / 86400000);
  END IF;
  RETURN NULL;
END
$$;
CREATE TRIGGER insight_ticket_block_event AFTER INSERT OR UPDATE OR DELETE ON ticket_events
  FOR EACH ROW EXECUTE FUNCTION insight_ticket_block_event();
`;
