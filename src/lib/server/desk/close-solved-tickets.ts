/**
 * `closeSolvedTickets`: auto-close. Tickets solved at least `autoCloseDays` ago are closed by
 * the system, each with a `status` event and its own version bump, all in one transaction.
 */
import type { Database } from '../platform/database/connect.ts';
import { forUpdate } from '../platform/database/row-locks.ts';
import { writeTransaction } from '../platform/database/write-transaction.ts';
import type { DeskConfig } from './desk-config.ts';
import { changeStatusInChange, finishChangeInChange } from './lifecycle.ts';
import type { TicketRow } from './ticket-row.ts';

const DAY_MS = 86_400_000;

/** Closes the tickets solved long enough ago; run it periodically. Returns how many were closed. */
export async function closeSolvedTickets(database: Database, config: DeskConfig, now = Date.now()): Promise<number> {
  return writeTransaction(database, async (trx): Promise<number> => {
    const due = trx
      .selectFrom('tickets')
      .selectAll()
      .where('status', '=', 'solved')
      .where('solved_at', '<=', now - config.autoCloseDays * DAY_MS)
      .orderBy('id');
    const rows = (await forUpdate(trx, due).execute()) as TicketRow[];
    for (const row of rows) {
      const version = row.version + 1;
      await changeStatusInChange(trx, row, 'closed', { actorId: null, version, at: now, detail: `closed automatically ${config.autoCloseDays} days after it was solved` });
      await finishChangeInChange(trx, row.id, version, now);
    }
    return rows.length;
  });
}
