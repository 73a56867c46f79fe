/**
 * The collision warning's data: which other agents have a ticket open right now, and whether
 * they are only viewing or writing a reply or note. Each open ticket page sends a heartbeat
 * (`markPresence`); a row lives `PRESENCE_TTL_MS` past its last heartbeat and is removed when
 * the page is left (`leavePresence`). Rules that always hold: an agent never sees themself;
 * an expired row never counts (expired rows are swept on every heartbeat); everything is in
 * the database, so several server processes agree. `now` is injectable.
 */
import type { Database } from '../platform/database/connect.ts';
import { writeTransaction } from '../platform/database/write-transaction.ts';

/** What another agent is doing on the ticket. */
export type PresenceState = 'viewing' | 'replying';

/** How long a heartbeat keeps an agent present (the page beats every few seconds). */
export const PRESENCE_TTL_MS = 10_000;

/** One other agent on the ticket. */
export interface Presence {
  userId: number;
  name: string;
  state: PresenceState;
}

/** True for a valid presence state. */
export function isPresenceState(value: unknown): value is PresenceState {
  return value === 'viewing' || value === 'replying';
}

/**
 * Records (or renews) that `userId` has the ticket open, until `now + ttl`; sweeps expired
 * rows. `page` names the page load that beats (see `leavePresence`).
 */
export async function markPresence(database: Database, input: { userId: number; ticketId: number; state: PresenceState; now: number; ttl?: number; page?: string }): Promise<void> {
  const expires = input.now + (input.ttl ?? PRESENCE_TTL_MS);
  // Bookkeeping a power cut may forget (SQLite skips the commit's fsync): presence lasts seconds.
  await writeTransaction(
    database,
    async (trx) => {
      await trx.deleteFrom('ticket_presence').where('expires_at', '<=', input.now).execute();
      await trx
        .insertInto('ticket_presence')
        .values({ user_id: input.userId, ticket_id: input.ticketId, state: input.state, expires_at: expires, page: input.page ?? '' })
        .onConflict((oc) =>
          oc.columns(['user_id', 'ticket_id']).doUpdateSet((eb) => ({ state: eb.ref('excluded.state'), expires_at: eb.ref('excluded.expires_at'), page: eb.ref('excluded.page') })),
        )
        .execute();
    },
    { durable: false },
  );
}
/**
 * Removes `userId` from the ticket at once (the page was closed or left) — unless another page
 * load of theirs has beaten since (a reload's goodbye can arrive after the new page's hello).
 */
export async function leavePresence(database: Database, userId: number, ticketId: number, page = ''): Promise<void> {
  await database.kysely.deleteFrom('ticket_presence').where('user_id', '=', userId).where('ticket_id', '=', ticketId).where('page', '=', page).execute();
}

/** The other agents on the ticket at `now`, by name (replying first). */
export async function othersOnTicket(database: Database, ticketId: number, userId: number, now: number): Promise<Presence[]> {
  const rows = await database.kysely
    .selectFrom('ticket_presence as p')
    .innerJoin('users as u', 'u.id', 'p.user_id')
    .select(['p.user_id as userId', 'u.name as name', 'p.state as state'])
    .where('p.ticket_id', '=', ticketId)
    .where('p.user_id', '<>', userId)
    .where('p.expires_at', '>', now)
    .where('u.disabled', '=', 0)
    .execute();
  const rank = (state: string): number => (state === 'replying' ? 0 : 1);
  return (rows as Presence[]).sort((a, b) => rank(a.state) - rank(b.state) || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}
