/**
 * The team page's list: every staff account with its open tickets, by name. Disabled
 * accounts are listed too (they can be enabled again).
 */
import type { Database } from '../platform/database/connect.ts';
import { listUsers, type User } from '../accounts/users.ts';
import { OPEN_STATUSES } from '../desk/vocabulary.ts';

/** A staff account and how many open tickets it holds. */
export interface TeamMember extends User {
  openTickets: number;
}

export async function listTeam(database: Database): Promise<TeamMember[]> {
  const [users, counts] = await Promise.all([
    listUsers(database),
    database.kysely
      .selectFrom('tickets')
      .select(['assignee_id', database.kysely.fn.countAll<number>().as('n')])
      .where('assignee_id', 'is not', null)
      .where('status', 'in', OPEN_STATUSES)
      .groupBy('assignee_id')
      .execute(),
  ]);
  const open = new Map(counts.map((row) => [row.assignee_id, Number(row.n)]));
  return users.map((user) => ({ ...user, openTickets: open.get(user.id) ?? 0 }));
}
