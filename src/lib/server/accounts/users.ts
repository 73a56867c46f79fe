/**
 * Staff accounts: first-level agents (optionally trainees), second-level agents, third-level
 * specialists with subject areas (article category keys) and admins. Passwords are stored as
 * argon2id hashes only; e-mail addresses are stored lower-case and compared case-insensitively.
 * Every function runs on both engines (issue 17): `Database` in, Kysely queries; a command's
 * reads and writes are one `writeTransaction`. A user is read with its areas in one query.
 */
import { DomainError, type MessageValues } from '../errors.ts';
import type { MessageKey } from '../../i18n.ts';
import { isRoleActive, roleHasAreas, roleNeedsAreas, type DeskLevels } from '../desk/desk-config.ts';
import { z } from 'zod';
import { lineText } from '../platform/clean-text.ts';
import { statement, type Db } from '../platform/db.ts';
import type { Database } from '../platform/database/connect.ts';
import { isUniqueViolation } from '../platform/database/errors.ts';
import { lockKey, writeTransaction, type Trx } from '../platform/database/write-transaction.ts';
import { checkPasswordPolicy, hashPassword, MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH, passwordProblem } from './passwords.ts';
import { hasRole, ROLES, type Role } from './roles.ts';
import { isLang, LANGS, type Lang } from '../../languages.ts';

/** A staff member as the application sees them (never with the password hash). */
export interface User {
  id: number;
  /** Lower-case e-mail address; unique. */
  email: string;
  name: string;
  role: Role;
  /** First-level trainee: sees the training pages first. Always false for other roles. */
  trainee: boolean;
  /** Present agents receive new tickets of their level. */
  present: boolean;
  /** Disabled accounts cannot log in; their sessions stop working. */
  disabled: boolean;
  /** Subject areas (article category keys) of a third-level specialist, sorted; else empty. */
  areas: string[];
  /** The languages the agent works in (at least one); tickets prefer an agent who speaks the customer's. */
  languages: Lang[];
}

/** What is needed to create an account. */
export interface NewUser {
  email: string;
  name: string;
  role: Role;
  /** Plain-text password; checked against the policy, then hashed. */
  password: string;
  /** Subject areas: required (at least one) for third_level, refused for other roles. */
  areas?: string[];
  /** Trainee flag: only for first_level. */
  trainee?: boolean;
  /** The languages the agent works in; default all (German and English). */
  languages?: Lang[];
}

/** Input that breaks a rule (bad e-mail, duplicate account, weak password …), with the field and the rule's interface text. */
export class UserInputError extends DomainError<'invalid'> {
  /** The input field the message is about. */
  declare readonly field: string;

  constructor(field: string, message: string, key: MessageKey = 'staff.error.account', values: MessageValues = { field }) {
    super('invalid', key, { field, values, message });
    this.name = 'UserInputError';
  }
}

/** The interface text of a field that failed the account schema. */
const FIELD_KEYS: Record<string, MessageKey> = {
  email: 'team.error.email',
  name: 'team.error.name',
  role: 'team.error.role',
  areas: 'team.error.areasUnknown',
  languages: 'team.error.languages',
  trainee: 'team.error.trainee',
};

/** A `UserInputError` from a failed account schema check, with the field's interface text. */
export function schemaError(issue: { path: PropertyKey[]; message: string }): UserInputError {
  const field = String(issue.path[0] ?? 'input');
  return new UserInputError(field, `${field}: ${issue.message}`, FIELD_KEYS[field]);
}

/** Refuses a password that breaks the policy, naming the rule. */
export function assertPasswordPolicy(password: string, email: string): void {
  const problem = passwordProblem(password, email);
  if (!problem) return;
  const key = problem === 'short' ? 'team.error.passwordShort' : problem === 'long' ? 'team.error.passwordLong' : 'team.error.passwordEmail';
  throw new UserInputError('password', checkPasswordPolicy(password, email)!, key, { min: MIN_PASSWORD_LENGTH, max: MAX_PASSWORD_LENGTH });
}

/** An acting staff member may not make this change (e.g. a first-level agent clearing trainees). */
export class PermissionDeniedError extends DomainError<'forbidden'> {
  constructor(message: string) {
    super('forbidden', 'staff.error.forbidden', { message });
    this.name = 'PermissionDeniedError';
  }
}

/** Area keys have the same form as article category keys ("banking", "vat-rules"). */
const AREA_PATTERN = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

export const areaSchema = z.string().trim().toLowerCase().regex(AREA_PATTERN, 'an area must be a category key like "banking"').max(60);

/** Validation of a new account; role-dependent rules are checked in `createUser`. */
export const newUserSchema = z.object({
  /** Log-in name; stored lower-case. */
  email: z.string().trim().toLowerCase().max(254, 'must have at most 254 characters').pipe(z.email('must be an e-mail address like name@example.com')),
  /** Shown to colleagues in the desk and in ticket events. */
  name: lineText().pipe(z.string().min(1, 'must not be empty').max(100, 'must have at most 100 characters')),
  /** One of first_level, second_level, third_level, admin. */
  role: z.enum(ROLES, `must be one of ${ROLES.join(', ')}`),
  /** Checked against the password policy separately, so that the message can name the rule. */
  password: z.string(),
  /** Subject areas of a specialist (category keys). */
  areas: z.array(areaSchema).max(50).optional(),
  /** First-level trainee flag. */
  trainee: z.boolean().optional(),
  /** The languages the agent works in. */
  languages: z.array(z.enum(LANGS, `must be one of ${LANGS.join(', ')}`)).min(1, 'must name at least one language').optional(),
});

/** The stored columns of a `User`. */
export interface UserRow {
  id: number;
  email: string;
  name: string;
  role: string;
  trainee: number;
  present: number;
  disabled: number;
  languages: string;
}

/** The columns of a `User` (never the password hash). */
export const USER_COLUMNS = ['users.id', 'users.email', 'users.name', 'users.role', 'users.trainee', 'users.present', 'users.disabled', 'users.languages'] as const;

/** The stored form of a language list: the known languages in their fixed order, comma-separated. */
export function languagesText(languages: readonly string[]): string {
  return LANGS.filter((lang) => languages.includes(lang)).join(',');
}


/** A user from its row and its areas. */
export function toUser(row: UserRow, areas: string[]): User {
  return {
    id: row.id,
    email: row.email,
    name: row.name,
    role: row.role as Role,
    trainee: row.trainee === 1,
    present: row.present === 1,
    disabled: row.disabled === 1,
    areas,
    languages: row.languages.split(',').filter(isLang),
  };
}

/**
 * Users from rows of `users LEFT JOIN user_areas` (one row per area, `category` null when
 * none), in the order of their first row; the areas sorted.
 */
export function usersFromJoinedRows<R extends UserRow & { category: string | null }>(rows: readonly R[]): { user: User; row: R }[] {
  const byId = new Map<number, { user: User; row: R }>();
  for (const row of rows) {
    let entry = byId.get(row.id);
    if (!entry) byId.set(row.id, (entry = { user: toUser(row, []), row }));
    if (row.category !== null) entry.user.areas.push(row.category);
  }
  for (const entry of byId.values()) entry.user.areas.sort();
  return [...byId.values()];
}

/** One user with the password hash, by id or e-mail address: one indexed query (users ⟕ user_areas). */
async function loadUser(trx: Trx, by: { id: number } | { email: string }): Promise<{ user: User; passwordHash: string } | null> {
  let query = trx
    .selectFrom('users')
    .leftJoin('user_areas', 'user_areas.user_id', 'users.id')
    .select([...USER_COLUMNS, 'users.password_hash', 'user_areas.category']);
  query = 'id' in by ? query.where('users.id', '=', by.id) : query.where('users.email', '=', by.email.trim().toLowerCase());
  const [entry] = usersFromJoinedRows(await query.execute());
  return entry ? { user: entry.user, passwordHash: entry.row.password_hash } : null;
}

/**
 * Checks areas against the role and, when given, against the known category keys. Subject
 * areas belong to the specialists' level (desk-config `roleHasAreas`): third level, required;
 * in two-level mode second level, optional (third-level accounts are refused there).
 */
export function checkAreas(role: Role, areas: string[], knownAreas: readonly string[] | undefined, levels: DeskLevels = 3): void {
  if (!isRoleActive(role, levels)) throw new UserInputError('role', 'this desk runs with two levels (DESK_LEVELS=2): there is no third level; use second_level with --areas', 'team.error.role');
  if (!roleHasAreas(role, levels)) {
    if (areas.length > 0) throw new UserInputError('areas', levels === 2 ? 'only second-level agents have subject areas on a two-level desk' : 'only third-level specialists have subject areas', 'team.error.areasRole');
    return;
  }
  if (areas.length === 0 && roleNeedsAreas(role, levels)) throw new UserInputError('areas', 'a third-level specialist needs at least one subject area', 'team.error.areasNeeded');
  if (knownAreas) {
    const unknown = areas.filter((area) => !knownAreas.includes(area));
    if (unknown.length > 0) {
      throw new UserInputError(
        'areas',
        `unknown subject area${unknown.length === 1 ? '' : 's'} ${unknown.map((area) => `"${area}"`).join(', ')}; known: ${knownAreas.join(', ')}`,
        'team.error.areasUnknown',
      );
    }
  }
}

/**
 * Creates a staff account. Throws `UserInputError` (with the field) for invalid input, a
 * password that breaks the policy, areas for a role other than third_level, the trainee flag
 * for a role other than first_level, or an e-mail address that already has an account.
 * `knownAreas` (the article category keys) restricts the subject areas when given.
 */
export async function createUser(
  database: Database,
  input: NewUser,
  options: { knownAreas?: readonly string[]; now?: number; levels?: DeskLevels } = {},
): Promise<User> {
  const parsed = newUserSchema.safeParse(input);
  if (!parsed.success) throw schemaError(parsed.error.issues[0]!);
  const { email, name, role, password } = parsed.data;
  const areas = [...new Set(parsed.data.areas ?? [])].sort();
  const trainee = parsed.data.trainee ?? false;
  checkAreas(role, areas, options.knownAreas, options.levels);
  if (trainee && role !== 'first_level') throw new UserInputError('trainee', 'only first-level agents can be trainees', 'team.error.trainee');
  assertPasswordPolicy(password, email);
  if (await loadUser(database.kysely, { email })) throw emailTaken(email);

  // Hash before the transaction: nothing but its own queries may be awaited inside it.
  const passwordHash = await hashPassword(password);
  const now = options.now ?? Date.now();
  try {
    const id = await writeTransaction(database, async (trx) => {
      const { id: userId } = await trx
        .insertInto('users')
        .values({ email, name, role, trainee: trainee ? 1 : 0, password_hash: passwordHash, created_at: now, languages: languagesText(parsed.data.languages ?? LANGS) })
        .returning('id')
        .executeTakeFirstOrThrow();
      if (areas.length > 0) await trx.insertInto('user_areas').values(areas.map((category) => ({ user_id: userId, category }))).execute();
      return userId;
    });
    return (await getUserById(database, id))!;
  } catch (error) {
    // Another process created the same address between the check and the insert.
    if (isUniqueViolation(error)) throw emailTaken(email);
    throw error;
  }
}

function emailTaken(email: string): UserInputError {
  return new UserInputError('email', `an account with the e-mail address ${email} already exists`, 'team.error.emailTaken', { email });
}

/** A staff member by id, or null. */
export async function getUserById(database: Database, id: number): Promise<User | null> {
  return (await loadUser(database.kysely, { id }))?.user ?? null;
}

/** A staff member by e-mail address (case-insensitive), or null. */
export async function getUserByEmail(database: Database, email: string): Promise<User | null> {
  return (await loadUser(database.kysely, { email }))?.user ?? null;
}

/** A staff member with the password hash, for the log-in only; null when there is no such account. */
export async function getUserCredentials(database: Database, email: string): Promise<{ user: User; passwordHash: string } | null> {
  return loadUser(database.kysely, { email });
}

/** Sorts users by name (case-insensitive, as SQLite's NOCASE: ASCII letters folded), then id; the same on both engines. */
function byName(a: User, b: User): number {
  const x = a.name.toLowerCase();
  const y = b.name.toLowerCase();
  return x < y ? -1 : x > y ? 1 : a.id - b.id;
}

/** All staff members, optionally of one role, by name. */
export async function listUsers(database: Database, filter: { role?: Role } = {}): Promise<User[]> {
  let query = database.kysely
    .selectFrom('users')
    .leftJoin('user_areas', 'user_areas.user_id', 'users.id')
    .select([...USER_COLUMNS, 'user_areas.category']);
  if (filter.role) query = query.where('users.role', '=', filter.role);
  return usersFromJoinedRows(await query.execute())
    .map((entry) => entry.user)
    .sort(byName);
}

/** The staff member with this id inside a change; refuses an unknown id. */
export async function requireTarget(trx: Trx, userId: number): Promise<User> {
  const found = await loadUser(trx, { id: userId });
  if (!found) throw new UserInputError('userId', `there is no staff member with id ${userId}`);
  return found.user;
}

/**
 * Sets the languages an agent works in (at least one of German and English). Agents set
 * their own; admins anyone's.
 */
export async function setLanguages(database: Database, userId: number, languages: readonly string[], actor: User): Promise<User> {
  if (actor.id !== userId && !hasRole(actor, ['admin'])) throw new PermissionDeniedError('only admins can change a colleague’s languages');
  const parsed = newUserSchema.shape.languages.unwrap().safeParse([...new Set(languages)]);
  return writeTransaction(database, async (trx) => {
    const target = await requireTarget(trx, userId);
    if (!parsed.success) throw new UserInputError('languages', `languages: ${parsed.error.issues[0].message}`, 'team.error.languages');
    const text = languagesText(parsed.data);
    await trx.updateTable('users').set({ languages: text }).where('id', '=', userId).execute();
    return { ...target, languages: text.split(',').filter(isLang) };
  });
}

/**
 * Sets or clears a first-level agent's trainee flag. Only second-level agents (who train
 * first level) and admins may do this; the target must be a first-level agent.
 */
export async function setTrainee(database: Database, userId: number, trainee: boolean, actor: User): Promise<User> {
  if (!hasRole(actor, ['second_level', 'admin'])) {
    throw new PermissionDeniedError('only second-level agents and admins can change the trainee flag');
  }
  return writeTransaction(database, async (trx) => {
    const target = await requireTarget(trx, userId);
    if (target.role !== 'first_level') throw new UserInputError('trainee', 'only first-level agents can be trainees', 'team.error.trainee');
    await trx.updateTable('users').set({ trainee: trainee ? 1 : 0 }).where('id', '=', userId).execute();
    return { ...target, trainee };
  });
}

/**
 * Replaces a third-level specialist's subject areas (at least one). Only admins may do this.
 * `knownAreas` (the article category keys) restricts the areas when given.
 */
export async function setAreas(
  database: Database,
  userId: number,
  areas: readonly string[],
  actor: User,
  options: { knownAreas?: readonly string[]; levels?: DeskLevels } = {},
): Promise<User> {
  if (!hasRole(actor, ['admin'])) throw new PermissionDeniedError('only admins can change subject areas');
  return writeTransaction(database, async (trx) => {
    // Two instances replacing one user's areas at once must not interleave their delete and insert.
    await lockKey(trx, `user-areas ${userId}`);
    const target = await requireTarget(trx, userId);
    const parsed = z.array(areaSchema).max(50).safeParse(areas);
    if (!parsed.success) throw new UserInputError('areas', `areas: ${parsed.error.issues[0].message}`, 'team.error.areasUnknown');
    const unique = [...new Set(parsed.data)].sort();
    checkAreas(target.role, unique, options.knownAreas, options.levels);
    await replaceAreasInChange(trx, userId, unique);
    return { ...target, areas: unique };
  });
}

/** Replaces a user's subject areas inside the caller's change (the caller holds the `user-areas` lock). */
export async function replaceAreasInChange(trx: Trx, userId: number, areas: readonly string[]): Promise<void> {
  await trx.deleteFrom('user_areas').where('user_id', '=', userId).execute();
  if (areas.length > 0) await trx.insertInto('user_areas').values(areas.map((category) => ({ user_id: userId, category }))).execute();
}
