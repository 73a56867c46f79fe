/**
 * Staff accounts: first-level agents (optionally trainees), second-level agents, third-level
 * specialists with subject areas (article category keys) and admins. Passwords are stored as
 * argon2id hashes only; e-mail addresses are stored lower-case and compared case-insensitively.
 */
import { DomainError } from '../errors.ts';
import { isRoleActive, roleHasAreas, roleNeedsAreas, type DeskLevels } from '../desk/desk-config.ts';
import { z } from 'zod';
import { lineText } from '../platform/clean-text.ts';
import { statement, type Db } from '../platform/db.ts';
import { checkPasswordPolicy, hashPassword } from './passwords.ts';
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

/** Input that breaks a rule (bad e-mail, duplicate account, weak password …), with the field. */
export class UserInputError extends DomainError<'invalid'> {
  /** The input field the message is about. */
  declare readonly field: string;

  constructor(field: string, message: string) {
    super('invalid', 'staff.error.account', { field, values: { field }, message });
    this.name = 'UserInputError';
  }
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

const areaSchema = z.string().trim().toLowerCase().regex(AREA_PATTERN, 'an area must be a category key like "banking"').max(60);

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

interface UserRow {
  id: number;
  email: string;
  name: string;
  role: Role;
  trainee: number;
  present: number;
  disabled: number;
  languages: string;
}

const USER_COLUMNS = 'id, email, name, role, trainee, present, disabled, languages';

/** The stored form of a language list: the known languages in their fixed order, comma-separated. */
function languagesText(languages: readonly string[]): string {
  return LANGS.filter((lang) => languages.includes(lang)).join(',');
}

function areasOf(db: Db, userId: number): string[] {
  return (statement(db, 'SELECT category FROM user_areas WHERE user_id = ? ORDER BY category').all(userId) as { category: string }[]).map(
    (row) => row.category,
  );
}

function toUser(row: UserRow, areas: string[]): User {
  return {
    id: row.id,
    email: row.email,
    name: row.name,
    role: row.role,
    trainee: row.trainee === 1,
    present: row.present === 1,
    disabled: row.disabled === 1,
    areas,
    languages: row.languages.split(',').filter(isLang),
  };
}

/**
 * Checks areas against the role and, when given, against the known category keys. Subject
 * areas belong to the specialists' level (desk-config `roleHasAreas`): third level, required;
 * in two-level mode second level, optional (third-level accounts are refused there).
 */
function checkAreas(role: Role, areas: string[], knownAreas: readonly string[] | undefined, levels: DeskLevels = 3): void {
  if (!isRoleActive(role, levels)) throw new UserInputError('role', 'this desk runs with two levels (DESK_LEVELS=2): there is no third level; use second_level with --areas');
  if (!roleHasAreas(role, levels)) {
    if (areas.length > 0) throw new UserInputError('areas', levels === 2 ? 'only second-level agents have subject areas on a two-level desk' : 'only third-level specialists have subject areas');
    return;
  }
  if (areas.length === 0 && roleNeedsAreas(role, levels)) throw new UserInputError('areas', 'a third-level specialist needs at least one subject area');
  if (knownAreas) {
    const unknown = areas.filter((area) => !knownAreas.includes(area));
    if (unknown.length > 0) {
      throw new UserInputError(
        'areas',
        `unknown subject area${unknown.length === 1 ? '' : 's'} ${unknown.map((area) => `"${area}"`).join(', ')}; known: ${knownAreas.join(', ')}`,
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
  db: Db,
  input: NewUser,
  options: { knownAreas?: readonly string[]; now?: number; levels?: DeskLevels } = {},
): Promise<User> {
  const parsed = newUserSchema.safeParse(input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const field = String(issue.path[0] ?? 'input');
    throw new UserInputError(field, `${field}: ${issue.message}`);
  }
  const { email, name, role, password } = parsed.data;
  const areas = [...new Set(parsed.data.areas ?? [])].sort();
  const trainee = parsed.data.trainee ?? false;
  checkAreas(role, areas, options.knownAreas, options.levels);
  if (trainee && role !== 'first_level') throw new UserInputError('trainee', 'only first-level agents can be trainees');
  const weakness = checkPasswordPolicy(password, email);
  if (weakness) throw new UserInputError('password', weakness);
  if (getUserByEmail(db, email)) throw new UserInputError('email', `an account with the e-mail address ${email} already exists`);

  // Hash before the transaction: better-sqlite3 transactions must not span an await.
  const passwordHash = await hashPassword(password);
  const now = options.now ?? Date.now();
  try {
    const id = db.transaction(() => {
      const result = statement(
        db,
        'INSERT INTO users (email, name, role, trainee, password_hash, created_at, languages) VALUES (?, ?, ?, ?, ?, ?, ?)',
      ).run(email, name, role, trainee ? 1 : 0, passwordHash, now, languagesText(parsed.data.languages ?? LANGS));
      const userId = Number(result.lastInsertRowid);
      const insertArea = statement(db, 'INSERT INTO user_areas (user_id, category) VALUES (?, ?)');
      for (const area of areas) insertArea.run(userId, area);
      return userId;
    }).immediate();
    return getUserById(db, id)!;
  } catch (error) {
    // Another process created the same address between the check and the insert.
    if ((error as { code?: string }).code === 'SQLITE_CONSTRAINT_UNIQUE') {
      throw new UserInputError('email', `an account with the e-mail address ${email} already exists`);
    }
    throw error;
  }
}

/** A staff member by id, or null. */
export function getUserById(db: Db, id: number): User | null {
  const row = statement(db, `SELECT ${USER_COLUMNS} FROM users WHERE id = ?`).get(id) as UserRow | undefined;
  return row ? toUser(row, areasOf(db, row.id)) : null;
}

/** A staff member by e-mail address (case-insensitive), or null. */
export function getUserByEmail(db: Db, email: string): User | null {
  const row = statement(db, `SELECT ${USER_COLUMNS} FROM users WHERE email = ?`).get(email.trim()) as UserRow | undefined;
  return row ? toUser(row, areasOf(db, row.id)) : null;
}

/** A staff member with the password hash, for the log-in only; null when there is no such account. */
export function getUserCredentials(db: Db, email: string): { user: User; passwordHash: string } | null {
  const row = statement(db, `SELECT ${USER_COLUMNS}, password_hash FROM users WHERE email = ?`).get(email.trim()) as
    | (UserRow & { password_hash: string })
    | undefined;
  return row ? { user: toUser(row, areasOf(db, row.id)), passwordHash: row.password_hash } : null;
}

/** All staff members, optionally of one role, by name. */
export function listUsers(db: Db, filter: { role?: Role } = {}): User[] {
  const rows = (
    filter.role
      ? statement(db, `SELECT ${USER_COLUMNS} FROM users WHERE role = ? ORDER BY name COLLATE NOCASE, id`).all(filter.role)
      : statement(db, `SELECT ${USER_COLUMNS} FROM users ORDER BY name COLLATE NOCASE, id`).all()
  ) as UserRow[];
  const areas = new Map<number, string[]>();
  for (const row of statement(db, 'SELECT user_id, category FROM user_areas ORDER BY category').all() as { user_id: number; category: string }[]) {
    let list = areas.get(row.user_id);
    if (!list) areas.set(row.user_id, (list = []));
    list.push(row.category);
  }
  return rows.map((row) => toUser(row, areas.get(row.id) ?? []));
}

function requireTarget(db: Db, userId: number): User {
  const user = getUserById(db, userId);
  if (!user) throw new UserInputError('userId', `there is no staff member with id ${userId}`);
  return user;
}

/**
 * Sets the languages an agent works in (at least one of German and English). Agents set
 * their own; admins anyone's.
 */
export function setLanguages(db: Db, userId: number, languages: readonly string[], actor: User): User {
  if (actor.id !== userId && !hasRole(actor, ['admin'])) throw new PermissionDeniedError('only admins can change a colleague’s languages');
  const target = requireTarget(db, userId);
  const parsed = newUserSchema.shape.languages.unwrap().safeParse([...new Set(languages)]);
  if (!parsed.success) throw new UserInputError('languages', `languages: ${parsed.error.issues[0].message}`);
  const text = languagesText(parsed.data);
  statement(db, 'UPDATE users SET languages = ? WHERE id = ?').run(text, userId);
  return { ...target, languages: text.split(',').filter(isLang) };
}

/**
 * Sets or clears a first-level agent's trainee flag. Only second-level agents (who train
 * first level) and admins may do this; the target must be a first-level agent.
 */
export function setTrainee(db: Db, userId: number, trainee: boolean, actor: User): User {
  if (!hasRole(actor, ['second_level', 'admin'])) {
    throw new PermissionDeniedError('only second-level agents and admins can change the trainee flag');
  }
  const target = requireTarget(db, userId);
  if (target.role !== 'first_level') throw new UserInputError('trainee', 'only first-level agents can be trainees');
  statement(db, 'UPDATE users SET trainee = ? WHERE id = ?').run(trainee ? 1 : 0, userId);
  return { ...target, trainee };
}

/**
 * Replaces a third-level specialist's subject areas (at least one). Only admins may do this.
 * `knownAreas` (the article category keys) restricts the areas when given.
 */
export function setAreas(
  db: Db,
  userId: number,
  areas: readonly string[],
  actor: User,
  options: { knownAreas?: readonly string[]; levels?: DeskLevels } = {},
): User {
  if (!hasRole(actor, ['admin'])) throw new PermissionDeniedError('only admins can change subject areas');
  const target = requireTarget(db, userId);
  const parsed = z.array(areaSchema).max(50).safeParse(areas);
  if (!parsed.success) throw new UserInputError('areas', `areas: ${parsed.error.issues[0].message}`);
  const unique = [...new Set(parsed.data)].sort();
  checkAreas(target.role, unique, options.knownAreas, options.levels);
  db.transaction(() => {
    statement(db, 'DELETE FROM user_areas WHERE user_id = ?').run(userId);
    const insert = statement(db, 'INSERT INTO user_areas (user_id, category) VALUES (?, ?)');
    for (const area of unique) insert.run(userId, area);
  }).immediate();
  return { ...target, areas: unique };
}
