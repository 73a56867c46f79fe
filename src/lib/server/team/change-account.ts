/**
 * What the team page's account forms do beyond the account itself: a colleague with a new
 * role, or a disabled account, is away, and their open tickets go back to the queue
 * (release-open-tickets.ts) — their old level can no longer be theirs, and a disabled
 * colleague works on nothing. The account rules are accounts/account-admin.ts's.
 */
import type { Database } from '../platform/database/connect.ts';
import { setAccountDisabled, updateAccount, type AccountChanges } from '../accounts/account-admin.ts';
import type { User } from '../accounts/users.ts';
import type { DeskConfig } from '../desk/desk-config.ts';
import { releaseOpenTickets } from './release-open-tickets.ts';

/** Changes a colleague's account; with a new role their open tickets go back to the queue. */
export async function changeColleagueAccount(
  database: Database,
  options: { userId: number; changes: AccountChanges; actor: User; config: DeskConfig; knownAreas: readonly string[] },
): Promise<{ user: User; roleChanged: boolean; released: number }> {
  const { userId, changes, actor, config, knownAreas } = options;
  const { user, roleChanged } = await updateAccount(database, userId, changes, actor, { knownAreas, levels: config.levels });
  const released = roleChanged ? await releaseOpenTickets(database, user.id, actor, config, 'role changed') : 0;
  return { user, roleChanged, released };
}

/** Disables a colleague's account (their open tickets go back to the queue) or enables it again. */
export async function setColleagueDisabled(
  database: Database,
  options: { userId: number; disabled: boolean; actor: User; config: DeskConfig },
): Promise<{ user: User; released: number }> {
  const { userId, disabled, actor, config } = options;
  const user = await setAccountDisabled(database, userId, disabled, actor);
  const released = user.disabled ? await releaseOpenTickets(database, user.id, actor, config, 'account disabled') : 0;
  return { user, released };
}
