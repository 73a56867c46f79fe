/**
 * What admins change on a colleague's account (the team page): name, role, subject areas,
 * trainee flag and languages in one go; a new password; disabling and enabling. Each is one
 * transaction on both engines. Rules beside the account rules of users.ts: only admins;
 * nobody disables themselves or takes their own admin role; the last enabled admin stays one.
 * A new role or a disabled account makes the colleague away (they receive no new tickets);
 * a new password or a disabled account ends every session. What happens to their open
 * tickets is the desk's business (team/).
 */
import { z } from 'zod';
import type { Database } from '../platform/database/connect.ts';
import { lockKey, writeTransaction, type Trx } from '../platform/database/write-transaction.ts';
import type { DeskLevels } from '../desk/desk-config.ts';
import { hashPassword } from './passwords.ts';
import { endSessionsInChange } from './session.ts';
import { hasRole, type Role } from './roles.ts';
import {
  areaSchema,
  assertPasswordPolicy,
  checkAreas,
  getUserById,
  languagesText,
  newUserSchema,
  PermissionDeniedError,
  replaceAreasInChange,
  requireTarget,
  schemaError,
  UserInputError,
  type User,
} from './users.ts';

/** The account form of the team page. */
export interface AccountChanges {
  name: string;
  role: Role;
  areas: readonly string[];
  trainee: boolean;
  languages: readonly string[];
}

const changesSchema = newUserSchema.pick({ name: true, role: true }).extend({
  areas: z.array(areaSchema).max(50),
  languages: newUserSchema.shape.languages.unwrap(),
});

function assertAdmin(actor: User): void {
  if (!hasRole(actor, ['admin'])) throw new PermissionDeniedError('only admins can change colleagues’ accounts');
}

/** Refuses to leave the desk without an enabled admin (`userId` is about to stop being one). */
async function assertAnotherAdmin(trx: Trx, userId: number): Promise<void> {
  const other = await trx.selectFrom('users').select('id').where('role', '=', 'admin').where('disabled', '=', 0).where('id', '!=', userId).executeTakeFirst();
  if (!other) throw new UserInputError('role', 'the desk must keep at least one enabled admin', 'team.error.lastAdmin');
}

/**
 * Changes name, role, subject areas, trainee flag and languages of an account. Returns the
 * account and whether its role changed (then the colleague is away now).
 */
export async function updateAccount(
  database: Database,
  userId: number,
  changes: AccountChanges,
  actor: User,
  options: { knownAreas?: readonly string[]; levels?: DeskLevels } = {},
): Promise<{ user: User; roleChanged: boolean }> {
  assertAdmin(actor);
  const parsed = changesSchema.safeParse({ ...changes, areas: [...new Set(changes.areas)], languages: [...new Set(changes.languages)] });
  if (!parsed.success) throw schemaError(parsed.error.issues[0]!);
  const { name, role, languages } = parsed.data;
  const areas = [...parsed.data.areas].sort();
  checkAreas(role, areas, options.knownAreas, options.levels);
  if (changes.trainee && role !== 'first_level') throw new UserInputError('trainee', 'only first-level agents can be trainees', 'team.error.trainee');
  if (userId === actor.id && role !== 'admin') throw new UserInputError('role', 'an admin cannot take their own admin role', 'team.error.self');
  const result = await writeTransaction(database, async (trx) => {
    await lockKey(trx, `user-areas ${userId}`);
    const target = await requireTarget(trx, userId);
    const roleChanged = target.role !== role;
    if (target.role === 'admin' && roleChanged && !target.disabled) await assertAnotherAdmin(trx, userId);
    await trx
      .updateTable('users')
      .set({ name, role, trainee: changes.trainee ? 1 : 0, languages: languagesText(languages), ...(roleChanged ? { present: 0 } : {}) })
      .where('id', '=', userId)
      .execute();
    await replaceAreasInChange(trx, userId, areas);
    return { roleChanged };
  });
  return { user: (await getUserById(database, userId))!, roleChanged: result.roleChanged };
}

/** Disables an account (it cannot log in, is away, its sessions end) or enables it again (away until it says otherwise). */
export async function setAccountDisabled(database: Database, userId: number, disabled: boolean, actor: User): Promise<User> {
  assertAdmin(actor);
  if (disabled && userId === actor.id) throw new UserInputError('userId', 'an admin cannot disable their own account', 'team.error.self');
  await writeTransaction(database, async (trx) => {
    const target = await requireTarget(trx, userId);
    if (disabled && target.role === 'admin') await assertAnotherAdmin(trx, userId);
    await trx.updateTable('users').set({ disabled: disabled ? 1 : 0, present: 0 }).where('id', '=', userId).execute();
    if (disabled) await endSessionsInChange(trx, userId);
  });
  return (await getUserById(database, userId))!;
}

/** Sets a new password for an account (the policy applies) and ends all its sessions. */
export async function setAccountPassword(database: Database, userId: number, password: string, actor: User): Promise<User> {
  assertAdmin(actor);
  const target = await getUserById(database, userId);
  if (!target) throw new UserInputError('userId', `there is no staff member with id ${userId}`);
  assertPasswordPolicy(password, target.email);
  // Hash before the transaction: nothing but its own queries may be awaited inside it.
  const passwordHash = await hashPassword(password);
  await writeTransaction(database, async (trx) => {
    await requireTarget(trx, userId);
    await trx.updateTable('users').set({ password_hash: passwordHash }).where('id', '=', userId).execute();
    await endSessionsInChange(trx, userId);
  });
  return target;
}
