/**
 * When an admin disables a colleague's account or gives them a new role, the colleague's open
 * tickets go back to their level's queue, and from there at once to a present colleague with
 * room (the desk's `releaseTicket`, one version-checked change per ticket, with the reason in
 * the timeline). A ticket that changed meanwhile (a conflict) stays where it is: it can be
 * released from its page like any away colleague's ticket.
 */
import type { Database } from '../platform/database/connect.ts';
import type { DeskConfig } from '../desk/desk-config.ts';
import { DeskError } from '../desk/errors.ts';
import { releaseTicket } from '../desk/reassign-ticket.ts';
import type { Actor } from '../desk/types.ts';
import { OPEN_STATUSES } from '../desk/vocabulary.ts';

/** Why the tickets go back; recorded as the assignment event's detail (translated in the timeline). */
export type ReleaseCause = 'account disabled' | 'role changed';

/** Releases every open ticket assigned to `userId`; returns how many went back to the queue. */
export async function releaseOpenTickets(database: Database, userId: number, actor: Actor, config: DeskConfig, cause: ReleaseCause): Promise<number> {
  const tickets = await database.kysely
    .selectFrom('tickets')
    .select(['id', 'version'])
    .where('assignee_id', '=', userId)
    .where('status', 'in', OPEN_STATUSES)
    .orderBy('id')
    .execute();
  let released = 0;
  for (const ticket of tickets) {
    try {
      await releaseTicket(database, { ticketId: ticket.id, actor, expectedVersion: ticket.version, config, reason: cause });
      released++;
    } catch (error) {
      if (!(error instanceof DeskError)) throw error;
    }
  }
  return released;
}
