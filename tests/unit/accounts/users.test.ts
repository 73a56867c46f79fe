/**
 * Staff accounts: creation rules (e-mail, name, role, areas only for level 3, trainee only
 * for level 1, password policy, duplicates), look-ups, listing, and who may change the
 * trainee flag and subject areas — on both engines (issue 17).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { verifyPassword } from '../../../src/lib/server/accounts/passwords.ts';
import { createUser, getUserByEmail, getUserById, getUserCredentials, listUsers, PermissionDeniedError, setAreas, setLanguages, setTrainee, UserInputError, type NewUser, type User } from '../../../src/lib/server/accounts/users.ts';
import { hasRole, isRole } from '../../../src/lib/server/accounts/roles.ts';
import { DEMO_ACCOUNTS, seedDemoAccounts } from '../../../src/lib/server/demo/demo-accounts.ts';
import { ENGINES, useDatabase } from '../engines.ts';

const PASSWORD = 'a-long-password';

describe.each(ENGINES)('staff accounts on %s', (engine) => {
  const env = useDatabase(engine);
  let trainee: User;
  let second: User;
  let specialist: User;
  let admin: User;

  beforeAll(async () => {
    const { database } = env.current;
    trainee = await createUser(database, { email: ' Lena.Fischer@Example.COM ', name: ' Lena Fischer ', role: 'first_level', trainee: true, password: PASSWORD });
    second = await createUser(database, { email: 'mara@example.com', name: 'Mara Keller', role: 'second_level', password: PASSWORD });
    specialist = await createUser(database, { email: 'deniz@example.com', name: 'Deniz Aydin', role: 'third_level', areas: ['export', 'banking', 'export'], password: PASSWORD });
    admin = await createUser(database, { email: 'sophie@example.com', name: 'sophie Wagner', role: 'admin', password: PASSWORD });
  });

  /** The UserInputError createUser throws for an input, or fails. */
  async function refusal(input: Partial<NewUser>, knownAreas?: string[]): Promise<UserInputError> {
    const full = { email: 'new@example.com', name: 'New Person', role: 'first_level', password: PASSWORD, ...input } as NewUser;
    const error = await createUser(env.current.database, full, { knownAreas }).catch((caught: unknown) => caught);
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
      const credentials = (await getUserCredentials(env.current.database, 'lena.fischer@example.com'))!;
      expect(credentials.passwordHash).toMatch(/^\$argon2id\$/);
      expect(await verifyPassword(credentials.passwordHash, PASSWORD)).toBe(true);
      const row = await env.current.database.kysely.selectFrom('users').selectAll().where('id', '=', trainee.id).executeTakeFirst();
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

    it('creates one account when the same address is added twice at once (two connections on PostgreSQL)', async () => {
      const input = { email: 'twice@example.com', name: 'Twice', role: 'first_level', password: PASSWORD } as const;
      const results = await Promise.allSettled([createUser(env.current.database, input), createUser(env.current.database, { ...input, email: 'TWICE@example.com' })]);
      expect(results.filter((result) => result.status === 'fulfilled')).toHaveLength(1);
      const [refused] = results.filter((result) => result.status === 'rejected');
      expect(refused.reason).toBeInstanceOf(UserInputError);
      expect(refused.reason).toMatchObject({ field: 'email', message: 'an account with the e-mail address twice@example.com already exists' });
      const rows = await env.current.database.kysely.selectFrom('users').select('id').where('email', '=', 'twice@example.com').execute();
      expect(rows).toHaveLength(1);
      await env.current.database.kysely.deleteFrom('users').where('email', '=', 'twice@example.com').execute();
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
    it('finds users by id and by e-mail address in any case', async () => {
      expect(await getUserById(env.current.database, specialist.id)).toEqual(specialist);
      expect(await getUserById(env.current.database, 999_999)).toBeNull();
      expect((await getUserCredentials(env.current.database, 'DENIZ@example.com'))?.user).toEqual(specialist);
      expect(await getUserCredentials(env.current.database, 'nobody@example.com')).toBeNull();
    });

    it('finds users by e-mail address in any case', async () => {
      expect(await getUserByEmail(env.current.database, 'DENIZ@example.com')).toEqual(specialist);
      expect(await getUserByEmail(env.current.database, 'nobody@example.com')).toBeNull();
    });

    it('lists users by name, optionally by role, with their areas', async () => {
      expect((await listUsers(env.current.database)).map((user) => user.name)).toEqual(['Deniz Aydin', 'Lena Fischer', 'Mara Keller', 'sophie Wagner']);
      expect(await listUsers(env.current.database, { role: 'third_level' })).toEqual([specialist]);
      expect((await listUsers(env.current.database, { role: 'admin' })).map((user) => user.id)).toEqual([admin.id]);
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
    it('lets second-level agents and admins change a first-level agent’s flag', async () => {
      expect((await setTrainee(env.current.database, trainee.id, false, second)).trainee).toBe(false);
      expect((await getUserById(env.current.database, trainee.id))!.trainee).toBe(false);
      expect((await setTrainee(env.current.database, trainee.id, true, admin)).trainee).toBe(true);
      expect((await getUserById(env.current.database, trainee.id))!.trainee).toBe(true);
    });

    it('refuses first-level agents, specialists and non-first-level targets', async () => {
      await expect(setTrainee(env.current.database, trainee.id, false, trainee)).rejects.toThrow(PermissionDeniedError);
      await expect(setTrainee(env.current.database, trainee.id, false, specialist)).rejects.toThrow(PermissionDeniedError);
      await expect(setTrainee(env.current.database, second.id, true, admin)).rejects.toThrow('only first-level agents can be trainees');
      await expect(setTrainee(env.current.database, 999_999, true, admin)).rejects.toThrow(UserInputError);
      expect((await getUserById(env.current.database, trainee.id))!.trainee).toBe(true);
    });
  });

  describe('setAreas', () => {
    it('lets admins replace a specialist’s areas', async () => {
      expect((await setAreas(env.current.database, specialist.id, ['taxes', 'banking'], admin)).areas).toEqual(['banking', 'taxes']);
      expect((await getUserById(env.current.database, specialist.id))!.areas).toEqual(['banking', 'taxes']);
      await setAreas(env.current.database, specialist.id, ['banking', 'export'], admin);
    });

    it('refuses other actors, empty lists, other roles and unknown areas', async () => {
      await expect(setAreas(env.current.database, specialist.id, ['taxes'], second)).rejects.toThrow(PermissionDeniedError);
      await expect(setAreas(env.current.database, specialist.id, [], admin)).rejects.toThrow('at least one subject area');
      await expect(setAreas(env.current.database, second.id, ['banking'], admin)).rejects.toThrow('only third-level specialists have subject areas');
      await expect(setAreas(env.current.database, specialist.id, ['astrology'], admin, { knownAreas: ['banking'] })).rejects.toThrow(/unknown subject area/);
      expect((await getUserById(env.current.database, specialist.id))!.areas).toEqual(['banking', 'export']);
    });
  });

  describe('languages', () => {
    it('are German and English by default, can be chosen at creation, and set by the agent or an admin', async () => {
      expect(second.languages).toEqual(['de', 'en']);
      const english = await createUser(env.current.database, { email: 'eddie@example.com', name: 'Eddie', role: 'second_level', languages: ['en'], password: PASSWORD });
      expect((await getUserById(env.current.database, english.id))!.languages).toEqual(['en']);
      expect((await setLanguages(env.current.database, english.id, ['en', 'de', 'en'], english)).languages).toEqual(['de', 'en']);
      expect((await setLanguages(env.current.database, english.id, ['de'], admin)).languages).toEqual(['de']);
      expect((await getUserById(env.current.database, english.id))!.languages).toEqual(['de']);
    });

    it('refuses an empty list, unknown languages and colleagues who are not admins', async () => {
      expect((await refusal({ email: 'x@example.com', languages: [] as never })).field).toBe('languages');
      expect((await refusal({ email: 'y@example.com', languages: ['fr'] as never })).field).toBe('languages');
      await expect(setLanguages(env.current.database, second.id, [], second)).rejects.toThrow(UserInputError);
      await expect(setLanguages(env.current.database, second.id, ['fr'], second)).rejects.toThrow(UserInputError);
      await expect(setLanguages(env.current.database, second.id, ['de'], trainee)).rejects.toThrow(PermissionDeniedError);
      expect((await getUserById(env.current.database, second.id))!.languages).toEqual(['de', 'en']);
    });
  });

  describe('demo accounts', () => {
    const demo = useDatabase(engine);
    it('are valid accounts, one per role at least, with policy-conforming passwords', async () => {
      const created = await seedDemoAccounts(demo.current.database);
      expect(created).toHaveLength(DEMO_ACCOUNTS.length);
      expect(new Set(created.map((user) => user.role))).toEqual(new Set(['first_level', 'second_level', 'third_level', 'admin']));
      expect(created.some((user) => user.trainee)).toBe(true);
      expect(created.find((user) => user.role === 'third_level')!.areas).toEqual(['banking', 'export']);
    });
  });
});
