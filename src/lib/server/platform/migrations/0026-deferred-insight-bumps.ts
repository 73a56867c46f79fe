/**
 * Ticket creations on PostgreSQL overlap again: migration 24's triggers bumped the day's
 * version in `insight_ticket_block` as soon as a ticket or an escalation/status event was
 * written, so every creating (and every status-changing) transaction of the day held that
 * one row's lock from its first insert until its commit, and all of them ran one at a time.
 * On PostgreSQL the same triggers become constraint triggers, DEFERRABLE INITIALLY DEFERRED:
 * they run at the end of the transaction, just before its commit, so the day's row is held
 * only through the commit itself.
 * Rules that always hold (as in migration 24):
 * - the bump is still part of the changing transaction: it becomes visible together with the
 *   change, never before it and never without it; a reader that looked before the commit
 *   finds a higher version afterwards (bumps of a day wait for each other and only grow);
 * - deferred triggers fire in the order their rows were written, so a transaction still takes
 *   the ticket's day before the event's day as before;
 * - nobody may `SET CONSTRAINTS ... IMMEDIATE` (it would bring back the long hold, nothing worse).
 * SQLite has one writer at a time anyway: its triggers stay as they are.
 */
export default /* sql */ `
-- SQLite: nothing changes (one writer at a time; migration 24's triggers stay).
SELECT 1;
`;

/** The same change on PostgreSQL (applied by ../database/migrate-postgres.ts). */
export const postgres = /* sql */ `
DROP TRIGGER insight_ticket_block_ticket_insert ON tickets;
DROP TRIGGER insight_ticket_block_ticket_update ON tickets;
DROP TRIGGER insight_ticket_block_event ON ticket_events;

CREATE CONSTRAINT TRIGGER insight_ticket_block_ticket_insert AFTER INSERT OR DELETE ON tickets
  DEFERRABLE INITIALLY DEFERRED
  FOR EACH ROW EXECUTE FUNCTION insight_ticket_block_ticket();
CREATE CONSTRAINT TRIGGER insight_ticket_block_ticket_update AFTER UPDATE OF created_at, priority, first_response_at, solved_at ON tickets
  DEFERRABLE INITIALLY DEFERRED
  FOR EACH ROW EXECUTE FUNCTION insight_ticket_block_ticket();
CREATE CONSTRAINT TRIGGER insight_ticket_block_event AFTER INSERT OR UPDATE OR DELETE ON ticket_events
  DEFERRABLE INITIALLY DEFERRED
  FOR EACH ROW EXECUTE FUNCTION insight_ticket_block_event();
`;
