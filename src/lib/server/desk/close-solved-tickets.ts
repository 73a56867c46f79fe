/**
 * `closeSolvedTickets`: auto-close. Tickets solved at least `autoCloseDays` ago are closed by
 * the system, each with a `status` event and its own version bump, all in one transaction.
 */
import { statement, type Db } from '../platform/db.ts';
import type { DeskConfig } from './desk-config.ts';
import { changeStatusInChange, finishChangeInChange } from './lifecycle.ts';
import type { TicketRow } from './ticket-row.ts';

const DAY_MS = 86_400_000;

/** Closes the tickets solved long enough ago; run it periodically. Returns how many were closed. */
export function closeSolvedTickets(db: Db, config: DeskConfig, now = Date.now()): number {
  return db
    .transaction((): number => {
      const rows = statement(db, "SELECT * FROM tickets WHERE status = 'solved' AND solved_at <= ?").all(now - config.autoCloseDays * DAY_MS) as TicketRow[];
      for (const row of rows) {
        const version = row.version + 1;
        changeStatusInChange(db, row, 'closed', { actorId: null, version, at: now, detail: `closed automatically ${config.autoCloseDays} days after it was solved` });
        finishChangeInChange(db, row.id, version, now);
      }
      return rows.length;
    })
    .immediate();
}
