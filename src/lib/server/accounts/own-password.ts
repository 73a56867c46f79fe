/**
 * A staff member changes their own password on the account page: the current password
 * first (a borrowed, unlocked screen must not be enough), then the new one under the policy.
 * Checking the current password counts against the log-in throttle like a log-in (a stolen
 * session cannot guess faster than the log-in form allows). Every other session of the
 * account ends; the one in use stays.
 */
import type { Database } from '../platform/database/connect.ts';
import { writeTransaction } from '../platform/database/write-transaction.ts';
import { minutesToWait } from '../platform/rate-limit.ts';
import type { LoginThrottle } from './login-throttle.ts';
import { hashPassword, verifyPassword } from './passwords.ts';
import { endSessionsInChange } from './session.ts';
import { assertPasswordPolicy, getUserCredentials, UserInputError, type User } from './users.ts';

/** Changes the user's password; `keepSessionId` is the session in use, `client` the address for the throttle. Returns how many other sessions ended. */
export async function changeOwnPassword(
  database: Database,
  request: { user: User; current: string; next: string; keepSessionId: string | null; client: string },
  throttle: LoginThrottle,
): Promise<number> {
  const { user, current, next, keepSessionId } = request;
  const counted = await throttle.begin(user.email, request.client);
  if (!counted.allowed) {
    throw new UserInputError('current', 'too many wrong passwords', 'staff.password.error.throttled', { count: minutesToWait(counted.retryAfterMs) });
  }
  const credentials = await getUserCredentials(database, user.email);
  if (!credentials || !(await verifyPassword(credentials.passwordHash, current))) {
    throw new UserInputError('current', 'the current password is not right', 'staff.password.error.current');
  }
  await throttle.succeeded(counted);
  assertPasswordPolicy(next, user.email);
  if (next === current) throw new UserInputError('password', 'the new password is the current one', 'staff.password.error.same');
  const passwordHash = await hashPassword(next);
  return writeTransaction(database, async (trx) => {
    await trx.updateTable('users').set({ password_hash: passwordHash }).where('id', '=', user.id).execute();
    return endSessionsInChange(trx, user.id, keepSessionId);
  });
}
