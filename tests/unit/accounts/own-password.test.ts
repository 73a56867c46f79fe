/**
 * Changing one's own password (own-password.ts), on both engines: the current password
 * first (a wrong one names the rule and counts against the log-in throttle, which then
 * refuses), the policy and "not the same one", and on success every other session ends
 * while the one in use stays.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { LoginThrottle, LOGIN_THROTTLE_DEFAULTS } from '../../../src/lib/server/accounts/login-throttle.ts';
import { changeOwnPassword } from '../../../src/lib/server/accounts/own-password.ts';
import { verifyPassword } from '../../../src/lib/server/accounts/passwords.ts';
import { createSession } from '../../../src/lib/server/accounts/session.ts';
import { createUser, UserInputError, type User } from '../../../src/lib/server/accounts/users.ts';
import { ENGINES, useDatabase } from '../engines.ts';

const PASSWORD = 'a-long-password';

describe.each(ENGINES)('changing one’s own password on %s', (engine) => {
  const env = useDatabase(engine, { each: true });
  let user: User;
  let throttle: LoginThrottle;

  beforeEach(async () => {
    user = await createUser(env.current.database, { email: 'lena@example.com', name: 'Lena Fischer', role: 'first_level', password: PASSWORD });
    throttle = new LoginThrottle(env.current.database, { ...LOGIN_THROTTLE_DEFAULTS, pair: { limit: 2, windowMs: 60_000, maxKeys: 100 } });
  });

  const change = (current: string, next: string, keepSessionId: string | null = null) =>
    changeOwnPassword(env.current.database, { user, current, next, keepSessionId, client: '192.0.2.1' }, throttle);

  async function refusal(run: Promise<unknown>): Promise<UserInputError> {
    const error = await run.catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(UserInputError);
    return error as UserInputError;
  }

  it('ends the other sessions and keeps the one in use', async () => {
    const { database } = env.current;
    const here = await createSession(database, 'session-in-use-000000000000000000', user.id);
    await createSession(database, 'session-elsewhere-0000000000000000', user.id);
    expect(await change(PASSWORD, 'a-new-long-password', here.id)).toBe(1);
    const { password_hash } = await database.kysely.selectFrom('users').select('password_hash').where('id', '=', user.id).executeTakeFirstOrThrow();
    expect(await verifyPassword(password_hash, 'a-new-long-password')).toBe(true);
    expect((await database.kysely.selectFrom('sessions').select('id').where('user_id', '=', user.id).execute()).map((row) => row.id)).toEqual([here.id]);
  });

  it('names each rule: wrong current password, the policy, the same password; wrong guesses are throttled', async () => {
    expect((await refusal(change(PASSWORD, 'short'))).key).toBe('team.error.passwordShort');
    expect((await refusal(change(PASSWORD, PASSWORD))).key).toBe('staff.password.error.same');
    expect((await refusal(change('wrong-one', 'a-new-long-password'))).key).toBe('staff.password.error.current');
    expect((await refusal(change('wrong-two', 'a-new-long-password'))).key).toBe('staff.password.error.current');
    // Two failures from this address: even the right password is refused now.
    expect((await refusal(change(PASSWORD, 'a-new-long-password'))).key).toBe('staff.password.error.throttled');
  });
});
