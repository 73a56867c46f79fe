/**
 * Staff accounts: creation rules (e-mail, name, role, areas only for level 3, trainee only
 * for level 1, password policy, duplicates), look-ups, listing, and who may change the
 * trainee flag and subject areas.
 */
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Db } from '../../../src/lib/server/platform/db.ts';
import { verifyPassword } from '../../../src/lib/server/accounts/passwords.ts';
import { createUser, getUserByEmail, getUserById, getUserCredentials, listUsers, PermissionDeniedError, setAreas, setLanguages, setTrainee, UserInputError, type NewUser, type User } from '../../../src/lib/server/accounts/users.ts';
import { hasRole, isRole } from '../../../src/lib/server/accounts/roles.ts';
import { DEMO_ACCOUNTS, seedDemoAccounts } from '../../../src/lib/server/demo/demo-accounts.ts';
import { makeTempDir, removeDir } from '../helpers.ts';

const PASSWORD = 'a-long-password';
let dir: string;
let db: Db;
let trainee: User;
let second: User;
let specialist: User;
let admin: User;

beforeAll(async () => {
  dir = makeTempDir();
  db = openDatabase(path.join(dir, 'data'));
  trainee = await createUser(db, { email: ' Lena.Fischer@Example.COM ', name: ' Lena Fischer ', role: 'first_level', trainee: true, password: PASSWORD });
  second = await createUser(db, { email: 'mara@example.com', name: 'Mara Keller', role: 'second_level', password: PASSWORD });
  specialist = await createUser(db, { email: 'deniz@example.com', name: 'Deniz Aydin', role: 'third_level', areas: ['export', 'banking', 'export'], password: PASSWORD });
  admin = await createUser(db, { email: 'sophie@example.com', name: 'sophie Wagner', role: 'admin', password: PASSWORD });
});

afterAll(() => {
  db.close();
  removeDir(dir);
});

/** The UserInputError createUser throws for an input, or fails. */
async function refusal(input: Partial<NewUser>, knownAreas?: string[]): Promise<UserInputError> {
  const full = { email: 'new@example.com', name: 'New Person', role: 'first_level', password: PASSWORD, ...input } as NewUser;
  const error = await createUser(db, full, { knownAreas }).catch((caught: unknown) => caught);
  expect(error).toBeInstanceOf(UserInputError);
  return error as UserInputError;
}

describe('createUser', () => {
  it('stores a normalised account and returns it without the password', () => {
    expect(trainee).toEqual({
      id: expect.any(Number),
      email: 'lena.fischer@example.com',
      name: 'Lena Fischer',
      role: 'first_level',
      trainee: true,
      present: false,
      disabled: false,
      areas: [],
      languages: ['de', 'en'],
    });
    expect(JSON.stringify(trainee)).not.toContain(PASSWORD);
    expect(specialist.areas).toEqual(['banking', 'export']);
  });

  it('stores an argon2id hash, never the password', async () => {
    const credentials = getUserCredentials(db, 'lena.fischer@example.com')!;
    expect(credentials.passwordHash).toMatch(/^\$argon2id\$/);
    expect(await verifyPassword(credentials.passwordHash, PASSWORD)).toBe(true);
    const row = db.prepare('SELECT * FROM users WHERE id = ?').get(trainee.id);
    expect(JSON.stringify(row)).not.toContain(PASSWORD);
  });

  it('refuses invalid e-mail addresses, empty names and unknown roles, naming the field', async () => {
    expect((await refusal({ email: 'not-an-address' })).field).toBe('email');
    expect((await refusal({ email: '' })).message).toMatch(/^email: must be an e-mail address/);
    expect((await refusal({ name: '   ' })).message).toBe('name: must not be empty');
    expect((await refusal({ name: 'x'.repeat(101) })).field).toBe('name');
    const role = await refusal({ role: 'boss' as never });
    expect(role.field).toBe('role');
    expect(role.message).toContain('first_level, second_level, third_level, admin');
  });

  it('refuses a second account for the same e-mail address, in any case', async () => {
    const error = await refusal({ email: 'MARA@example.com' });
    expect(error.field).toBe('email');
    expect(error.message).toBe('an account with the e-mail address mara@example.com already exists');
  });

  it('gives subject areas to third-level specialists only, and requires them there', async () => {
    expect((await refusal({ role: 'second_level', areas: ['banking'] })).message).toBe('only third-level specialists have subject areas');
    expect((await refusal({ role: 'third_level' })).message).toBe('a third-level specialist needs at least one subject area');
    expect((await refusal({ role: 'third_level', areas: ['Not A Key'] })).field).toBe('areas');
    const unknown = await refusal({ role: 'third_level', areas: ['banking', 'astrology'] }, ['banking', 'export']);
    expect(unknown.message).toBe('unknown subject area "astrology"; known: banking, export');
  });

  it('gives the trainee flag to first-level agents only', async () => {
    expect((await refusal({ role: 'second_level', trainee: true })).message).toBe('only first-level agents can be trainees');
  });

  it('applies the password policy', async () => {
    expect((await refusal({ password: 'short' })).message).toMatch(/at least 10 characters/);
    const same = await refusal({ email: 'long.address@example.com', password: 'long.address@example.com' });
    expect(same.field).toBe('password');
  });
});

describe('look-ups', () => {
  it('finds users by id and by e-mail address in any case', () => {
    expect(getUserById(db, specialist.id)).toEqual(specialist);
    expect(getUserById(db, 999_999)).toBeNull();
    expect(getUserByEmail(db, 'DENIZ@example.com')).toEqual(specialist);
    expect(getUserByEmail(db, 'nobody@example.com')).toBeNull();
    expect(getUserCredentials(db, 'nobody@example.com')).toBeNull();
  });

  it('lists users by name, optionally by role, with their areas', () => {
    expect(listUsers(db).map((user) => user.name)).toEqual(['Deniz Aydin', 'Lena Fischer', 'Mara Keller', 'sophie Wagner']);
    expect(listUsers(db, { role: 'third_level' })).toEqual([specialist]);
    expect(listUsers(db, { role: 'admin' }).map((user) => user.id)).toEqual([admin.id]);
  });

  it('checks roles exactly', () => {
    expect(isRole('admin')).toBe(true);
    expect(isRole('root')).toBe(false);
    expect(hasRole(admin)).toBe(true);
    expect(hasRole(admin, ['second_level'])).toBe(false);
    expect(hasRole(second, ['second_level', 'admin'])).toBe(true);
  });
});

describe('setTrainee', () => {
  it('lets second-level agents and admins change a first-level agent’s flag', () => {
    expect(setTrainee(db, trainee.id, false, second).trainee).toBe(false);
    expect(getUserById(db, trainee.id)!.trainee).toBe(false);
    expect(setTrainee(db, trainee.id, true, admin).trainee).toBe(true);
    expect(getUserById(db, trainee.id)!.trainee).toBe(true);
  });

  it('refuses first-level agents, specialists and non-first-level targets', () => {
    expect(() => setTrainee(db, trainee.id, false, trainee)).toThrow(PermissionDeniedError);
    expect(() => setTrainee(db, trainee.id, false, specialist)).toThrow(PermissionDeniedError);
    expect(() => setTrainee(db, second.id, true, admin)).toThrow('only first-level agents can be trainees');
    expect(() => setTrainee(db, 999_999, true, admin)).toThrow(UserInputError);
    expect(getUserById(db, trainee.id)!.trainee).toBe(true);
  });
});

describe('setAreas', () => {
  it('lets admins replace a specialist’s areas', () => {
    expect(setAreas(db, specialist.id, ['taxes', 'banking'], admin).areas).toEqual(['banking', 'taxes']);
    expect(getUserById(db, specialist.id)!.areas).toEqual(['banking', 'taxes']);
    setAreas(db, specialist.id, ['banking', 'export'], admin);
  });

  it('refuses other actors, empty lists, other roles and unknown areas', () => {
    expect(() => setAreas(db, specialist.id, ['taxes'], second)).toThrow(PermissionDeniedError);
    expect(() => setAreas(db, specialist.id, [], admin)).toThrow('at least one subject area');
    expect(() => setAreas(db, second.id, ['banking'], admin)).toThrow('only third-level specialists have subject areas');
    expect(() => setAreas(db, specialist.id, ['astrology'], admin, { knownAreas: ['banking'] })).toThrow(/unknown subject area/);
    expect(getUserById(db, specialist.id)!.areas).toEqual(['banking', 'export']);
  });
});

describe('languages', () => {
  it('are German and English by default, can be chosen at creation, and set by the agent or an admin', async () => {
    expect(second.languages).toEqual(['de', 'en']);
    const english = await createUser(db, { email: 'eddie@example.com', name: 'Eddie', role: 'second_level', languages: ['en'], password: PASSWORD });
    expect(getUserById(db, english.id)!.languages).toEqual(['en']);
    expect(setLanguages(db, english.id, ['en', 'de', 'en'], english).languages).toEqual(['de', 'en']);
    expect(setLanguages(db, english.id, ['de'], admin).languages).toEqual(['de']);
    expect(getUserById(db, english.id)!.languages).toEqual(['de']);
  });

  it('refuses an empty list, unknown languages and colleagues who are not admins', async () => {
    expect((await refusal({ email: 'x@example.com', languages: [] as never })).field).toBe('languages');
    expect((await refusal({ email: 'y@example.com', languages: ['fr'] as never })).field).toBe('languages');
    expect(() => setLanguages(db, second.id, [], second)).toThrow(UserInputError);
    expect(() => setLanguages(db, second.id, ['fr'], second)).toThrow(UserInputError);
    expect(() => setLanguages(db, second.id, ['de'], trainee)).toThrow(PermissionDeniedError);
    expect(getUserById(db, second.id)!.languages).toEqual(['de', 'en']);
  });
});

describe('demo accounts', () => {
  it('are valid accounts, one per role at least, with policy-conforming passwords', async () => {
    const demoDir = makeTempDir();
    const demoDb = openDatabase(path.join(demoDir, 'data'));
    try {
      const created = await seedDemoAccounts(demoDb);
      expect(created).toHaveLength(DEMO_ACCOUNTS.length);
      expect(new Set(created.map((user) => user.role))).toEqual(new Set(['first_level', 'second_level', 'third_level', 'admin']));
      expect(created.some((user) => user.trainee)).toBe(true);
      expect(created.find((user) => user.role === 'third_level')!.areas).toEqual(['banking', 'export']);
    } finally {
      demoDb.close();
      removeDir(demoDir);
    }
  });
});
